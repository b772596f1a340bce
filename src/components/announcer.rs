//! The polite live region: after each load the user asked for (not after
//! an auto-refresh), "N runs, page X of Y", or the error on failure.

use crate::announce::load_announcement;
use crate::api::query::LogQuery;
use crate::components::context::use_widget;
use leptos::prelude::*;

/// Visually hidden; screen readers read it when its text changes.
#[component]
pub fn LoadAnnouncer() -> impl IntoView {
    let logs = use_widget().logs;
    let (said, set_said) = signal(String::new());
    // The query and retry count last announced: an auto-refresh tick
    // changes neither, so it stays silent.
    let announced = StoredValue::new(None::<(LogQuery, u32)>);
    Effect::new(move |_| {
        let Some(key) = logs.settled.get() else {
            return;
        };
        let asked = Some((key.0, key.1));
        if announced.with_value(|a| *a == asked) {
            return;
        }
        announced.set_value(asked);
        let text = match logs.error.get_untracked() {
            Some(e) => format!("Runs could not be loaded: {}", e.title()),
            None => match logs.paging.get_untracked() {
                Some(p) => load_announcement(&p),
                None => return,
            },
        };
        // The same words again (a Retry, a filter and back) are still news:
        // a trailing no-break space makes them a change to announce.
        let text = if said.with_untracked(|s| *s == text) {
            format!("{text}\u{a0}")
        } else {
            text
        };
        set_said.set(text);
    });
    view! {
        <div class="dify-logs__sr-only dify-logs__announce" role="status" aria-live="polite" aria-atomic="true"
            >{move || said.get()}</div>
    }
}
