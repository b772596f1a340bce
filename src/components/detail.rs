//! The run detail side panel: `GET /workflows/run/{id}`, Escape to close.

use crate::api::error::{ApiError, ErrorKind};
use crate::api::model::RunDetail;
use crate::components::context::{use_widget, Selection};
use crate::components::detail_body::DetailBody;
use crate::components::split::split_fn;
use crate::text::i18n::td_string;
use leptos::html;
use leptos::prelude::*;
use web_sys::AbortController;

split_fn!(
    detail,
    preload_detail,
    /// The panel for `selection`, from the detail chunk.
    pub fn detail_panel(selection: Selection) -> AnyView {
        view! { <RunDetailPanel selection /> }.into_any()
    }
);

/// The side panel for one run; the request is aborted when it closes.
#[component]
pub fn RunDetailPanel(selection: Selection) -> impl IntoView {
    let w = use_widget();
    let l = w.locale;
    let inflight: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);
    let run_id = selection.run_id;
    // The row's own app, when the widget shows several.
    let client = selection
        .app
        .and_then(|a| w.apps.client(a))
        .or_else(|| w.client.try_get_value());
    let detail: LocalResource<Option<Result<RunDetail, ApiError>>> =
        LocalResource::new(move || {
            let run_id = run_id.clone();
            let client = client.clone();
            async move {
                let id = run_id?;
                let ctrl = AbortController::new().ok();
                inflight.try_set_value(ctrl.clone());
                let signal = ctrl.as_ref().map(|c| c.signal());
                Some(client?.run(&id, signal).await)
            }
        });
    on_cleanup(move || {
        if let Some(c) = inflight.try_update_value(|s| s.take()).flatten() {
            c.abort();
        }
    });
    let panel = NodeRef::<html::Aside>::new();
    // Focus after the frame: the panel may be built before it is attached,
    // and a detached element cannot take focus.
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    view! {
        <aside class="dify-logs__detail" role="dialog" aria-label=td_string!(l, run_details) tabindex="-1" node_ref=panel
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    ev.stop_propagation();
                    w.close();
                }
            }
        >
            <header class="dify-logs__detail-head">
                <h3 class="dify-logs__detail-title">{td_string!(l, run_details)}</h3>
                <button type="button" class="dify-logs__button" aria-label=td_string!(l, close_details)
                    on:click=move |_| w.close()>"✕"</button>
            </header>
            {move || match detail.get() {
                // No run behind this log entry: nothing was asked for.
                Some(None) => view! {
                    <div class="dify-logs__alert" role="alert">
                        <strong class="dify-logs__alert-title">{td_string!(l, no_run)}</strong>
                    </div>
                }
                .into_any(),
                None => view! { <p class="dify-logs__detail-loading" aria-busy="true">{td_string!(l, loading_run)}</p> }.into_any(),
                Some(Some(Err(e))) => {
                    let title = if e.kind() == ErrorKind::NotFound { td_string!(l, run_not_found) } else { e.title(l) };
                    view! {
                        <div class="dify-logs__alert" role="alert">
                            <div class="dify-logs__alert-text">
                                <strong class="dify-logs__alert-title">{title}</strong>
                                <span class="dify-logs__alert-detail">{e.detail(l)}</span>
                            </div>
                        </div>
                    }
                    .into_any()
                }
                Some(Some(Ok(d))) => view! { <DetailBody detail=d /> }.into_any(),
            }}
        </aside>
    }
}
