//! The error banner: Dify's message, code and HTTP status in plain words,
//! with Retry. The rows and filters above and below it stay.

use crate::components::context::use_widget;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// Shown while the last request failed.
#[component]
pub fn ErrorAlert() -> impl IntoView {
    let w = use_widget();
    let (logs, l) = (w.logs, w.locale);
    move || {
        logs.error.get().map(|e| {
            view! {
                <div class="dify-logs__alert" role="alert">
                    <div class="dify-logs__alert-text">
                        <strong class="dify-logs__alert-title">{e.title(l)}</strong>
                        <span class="dify-logs__alert-detail">{e.detail(l)}</span>
                        <span class="dify-logs__alert-advice">{e.advice(l)}</span>
                    </div>
                    <button type="button" class="dify-logs__button" on:click=move |_| logs.retry()>
                        {td_string!(l, retry)}
                    </button>
                </div>
            }
        })
    }
}
