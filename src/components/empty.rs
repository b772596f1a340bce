//! The empty state: nothing matches the filters.

use crate::components::context::use_widget;
use leptos::prelude::*;

/// "No runs match these filters", with a way out.
#[component]
pub fn EmptyState() -> impl IntoView {
    let state = use_widget().state;
    view! {
        <div class="dify-logs__empty">
            <p>"No runs match these filters"</p>
            <button type="button" class="dify-logs__button" on:click=move |_| state.reset()>
                "Reset filters"
            </button>
        </div>
    }
}
