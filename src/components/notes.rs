//! Under the filters: why the query cannot be sent (e.g. From after To),
//! or hints where Dify would surprise the user.

use crate::components::context::use_widget;
use leptos::prelude::*;

/// The invalid-query message, or the query's hints.
#[component]
pub fn QueryNotes() -> impl IntoView {
    let w = use_widget();
    let (query, l) = (w.logs.query, w.locale);
    move || match query.get() {
        Err(m) => view! { <p class="dify-logs__invalid" aria-live="polite">{m}</p> }.into_any(),
        Ok(q) => q
            .hints(l)
            .into_iter()
            .map(|h| view! { <p class="dify-logs__hint" role="note">{h}</p> })
            .collect_view()
            .into_any(),
    }
}
