//! The banner of the "All apps" view when some apps failed: each app by
//! its label, with its error and a Retry. The other apps' rows stay.

use crate::components::context::use_widget;
use crate::components::split::split_fn;
use crate::text::i18n::td_string;
use leptos::prelude::*;

split_fn!(
    merged,
    preload_failures,
    /// The banner, from the chunk of the "All apps" view.
    pub fn app_failures_view() -> AnyView {
        view! { <AppFailures /> }.into_any()
    }
);

/// Shown while the merged page on screen left apps out.
#[component]
pub fn AppFailures() -> impl IntoView {
    let w = use_widget();
    let (logs, l, apps) = (w.logs, w.locale, w.apps);
    move || {
        let failures = logs.origin.with(|o| {
            o.merged
                .as_ref()
                .map(|m| m.failures.clone())
                .unwrap_or_default()
        });
        (!failures.is_empty()).then(|| {
            let items = failures
                .into_iter()
                .map(|(app, e)| {
                    let label = apps.label(app);
                    let text = td_string!(l, app_failed, app = label.clone(), error = e.title(l));
                    let detail = format!("{} {}", e.detail(l), e.advice(l));
                    // A retry asks every app again from page 1 up to this page,
                    // so the failed app's runs fall in their place.
                    view! {
                        <li class="dify-logs__app-failure" data-app=apps.app_id(app)>
                            <span class="dify-logs__alert-title">{text}</span>
                            " "
                            <span class="dify-logs__alert-detail">{detail}</span>
                            " "
                            <button type="button" class="dify-logs__button" on:click=move |_| logs.retry()>
                                {td_string!(l, retry_app, app = label.clone())}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="dify-logs__alert dify-logs__app-failures" role="alert">
                    <strong class="dify-logs__alert-title">{td_string!(l, apps_failed)}</strong>
                    <ul class="dify-logs__app-failure-list">{items}</ul>
                </div>
            }
        })
    }
}
