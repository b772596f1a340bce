//! The message in place of a part of the widget whose code could not be
//! fetched, with a Retry.

use crate::components::context::use_widget;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// The message in place of a part whose code could not be fetched.
#[component]
pub fn PartFailed(retry: impl Fn() + 'static) -> impl IntoView {
    let l = use_widget().locale;
    view! {
        <div class="dify-logs__alert dify-logs__part-failed" role="alert">
            <div class="dify-logs__alert-text">
                <strong class="dify-logs__alert-title">{td_string!(l, part_failed)}</strong>
                <span class="dify-logs__alert-advice">{td_string!(l, part_failed_hint)}</span>
            </div>
            <button type="button" class="dify-logs__button" on:click=move |_| retry()>
                {td_string!(l, retry)}
            </button>
        </div>
    }
}
