//! "N new runs since you left page 1", while the user is on a later page
//! and auto-refresh finds newer runs.

use crate::api::query::LogQuery;
use crate::components::context::use_widget;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// The notice, with a button back to page 1.
#[component]
pub fn NewRunsNotice() -> impl IntoView {
    let w = use_widget();
    let logs = w.logs;
    // The total when the user last saw page 1 of this query.
    let baseline = RwSignal::new(None::<(LogQuery, u64)>);
    Effect::new(move |_| {
        let (Some(total), Some(key)) = (
            logs.shown.with(|p| p.as_ref().map(|p| p.total)),
            logs.settled.get(),
        ) else {
            return;
        };
        let on_first = key.0.page == 1;
        let q = LogQuery { page: 1, ..key.0 };
        if on_first || baseline.with_untracked(|b| b.as_ref().is_none_or(|(bq, _)| *bq != q)) {
            baseline.set(Some((q, total)));
        }
    });
    let new_runs = move || {
        let total = logs.shown.with(|p| p.as_ref().map(|p| p.total))?;
        let base = baseline.with(|b| b.as_ref().map(|(_, n)| *n))?;
        (w.state.page.get() > 1 && total > base).then(|| total - base)
    };
    move || {
        new_runs().map(|n| {
            view! {
                <p class="dify-logs__new-runs" role="status">
                    {w.with_fmt(|f| {
                        let count = f.count(n);
                        if n == 1 {
                            td_string!(w.locale, new_runs_one, n = count)
                        } else {
                            td_string!(w.locale, new_runs, n = count)
                        }
                    })}
                    " "
                    <button type="button" class="dify-logs__button" on:click=move |_| w.state.page.set(1)>
                        {td_string!(w.locale, go_first_page)}
                    </button>
                </p>
            }
        })
    }
}
