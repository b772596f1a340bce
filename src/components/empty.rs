//! The empty state: nothing matches the filters.

use crate::components::context::use_widget;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// "No runs match these filters", with a way out.
#[component]
pub fn EmptyState() -> impl IntoView {
    let w = use_widget();
    let (state, l) = (w.state, w.locale);
    view! {
        <div class="dify-logs__empty">
            <p>{td_string!(l, no_runs)}</p>
            <button type="button" class="dify-logs__button" on:click=move |_| state.reset()>
                {td_string!(l, reset_filters)}
            </button>
        </div>
    }
}
