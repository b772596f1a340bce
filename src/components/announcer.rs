//! The polite live region: after each load the user asked for (not after
//! an auto-refresh), "N runs, page X of Y", or the error on failure.

use crate::api::query::LogQuery;
use crate::components::context::use_widget;
use crate::text::announce::load_announcement;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// Visually hidden; screen readers read it when its text changes.
#[component]
pub fn LoadAnnouncer() -> impl IntoView {
    let w = use_widget();
    let logs = w.logs;
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
            Some(e) => td_string!(w.locale, load_failed, title = e.title(w.locale)),
            None => match logs.paging.get_untracked() {
                Some(p) => w.with_fmt(|f| load_announcement(&p, f)),
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
