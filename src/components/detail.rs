//! The run detail side panel: `GET /workflows/run/{id}` with status, times,
//! inputs (sys.* folded apart) and outputs, copy buttons, Escape to close.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::RunDetail;
use crate::components::status::StatusBadge;
use crate::paging::group_digits;
use crate::time::{format_duration, format_local, format_utc};
use leptos::html;
use leptos::prelude::*;
use web_sys::AbortController;

/// Which run the panel shows: the run id, and the log id of the row to give
/// focus back to on close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub run_id: Option<String>,
    pub log_id: String,
}

/// The side panel for one run; `on_close` runs on Escape or the close button.
#[component]
pub fn RunDetailPanel(
    selection: Selection,
    client: StoredValue<Client, LocalStorage>,
    on_close: Callback<()>,
) -> impl IntoView {
    let inflight: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);
    let run_id = selection.run_id.clone();
    let detail: LocalResource<Option<Result<RunDetail, ApiError>>> =
        LocalResource::new(move || {
            let run_id = run_id.clone();
            async move {
                let Some(id) = run_id else {
                    return Some(Err(ApiError::Decode(
                        "This log entry has no workflow run to show.".into(),
                    )));
                };
                let ctrl = AbortController::new().ok();
                let _ = inflight.try_set_value(ctrl.clone());
                let fut =
                    client.try_with_value(|c| c.run(&id, ctrl.as_ref().map(|c| c.signal())))?;
                Some(fut.await)
            }
        });
    on_cleanup(move || {
        if let Some(c) = inflight.try_update_value(|s| s.take()).flatten() {
            c.abort();
        }
    });

    let panel = NodeRef::<html::Aside>::new();
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            let _ = el.focus();
        }
    });

    view! {
        <aside
            class="dify-logs__detail"
            role="dialog"
            aria-label="Run details"
            tabindex="-1"
            node_ref=panel
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    ev.stop_propagation();
                    on_close.run(());
                }
            }
        >
            <header class="dify-logs__detail-head">
                <h3 class="dify-logs__detail-title">"Run details"</h3>
                <button
                    type="button"
                    class="dify-logs__button"
                    aria-label="Close run details"
                    on:click=move |_| on_close.run(())
                >
                    "✕"
                </button>
            </header>
            {move || match detail.get().flatten() {
                None => view! { <p class="dify-logs__detail-loading" aria-busy="true">"Loading run…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="dify-logs__alert" role="alert">
                        <div class="dify-logs__alert-text">
                            <strong class="dify-logs__alert-title">
                                {if e.kind() == crate::api::error::ErrorKind::NotFound { "This run was not found" } else { e.title() }}
                            </strong>
                            <span class="dify-logs__alert-detail">{e.detail()}</span>
                        </div>
                    </div>
                }
                .into_any(),
                Some(Ok(d)) => view! { <DetailBody detail=d /> }.into_any(),
            }}
        </aside>
    }
}

#[component]
fn DetailBody(detail: RunDetail) -> impl IntoView {
    let inputs = detail.inputs_view();
    let outputs = detail.outputs_text();
    let time = |t: Option<i64>| {
        t.map(|t| {
            (
                format_local(t, crate::browser::offset_at_unix(t)),
                format_utc(t),
            )
        })
        .unwrap_or_else(|| ("—".into(), String::new()))
    };
    let (started, started_utc) = time(detail.created_at);
    let (finished, finished_utc) = match detail.finished_at {
        Some(_) => time(detail.finished_at),
        None => ("not finished".into(), String::new()),
    };
    let num = |v: Option<i64>| v.map(group_digits).unwrap_or_else(|| "—".into());
    let run_id = detail.id.clone();
    let user_inputs = inputs.user.clone();
    let outputs_copy = outputs.clone();
    view! {
        <dl class="dify-logs__facts">
            <dt>"Status"</dt>
            <dd><StatusBadge status=detail.status.clone() /></dd>
            <dt>"Run ID"</dt>
            <dd class="dify-logs__mono">{detail.id.clone()} <CopyButton label="Copy run ID" text=run_id /></dd>
            <dt>"Run time"</dt>
            <dd>{detail.elapsed_time.map(format_duration).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Tokens"</dt>
            <dd>{num(detail.total_tokens)}</dd>
            <dt>"Steps"</dt>
            <dd>{num(detail.total_steps)}</dd>
            <dt>"Started"</dt>
            <dd title=started_utc>{started}</dd>
            <dt>"Finished"</dt>
            <dd title=finished_utc>{finished}</dd>
        </dl>
        {detail.error.clone().filter(|e| !e.is_empty()).map(|e| view! {
            <section class="dify-logs__detail-section">
                <h4>"Error"</h4>
                <pre class="dify-logs__code dify-logs__code--error">{e}</pre>
            </section>
        })}
        <section class="dify-logs__detail-section">
            <h4>"Inputs" <CopyButton label="Copy inputs" text=user_inputs /></h4>
            <pre class="dify-logs__code">{inputs.user}</pre>
            {(inputs.system_count > 0).then(|| view! {
                <details class="dify-logs__sys">
                    <summary>{format!("System inputs (sys.*, {})", inputs.system_count)}</summary>
                    <pre class="dify-logs__code">{inputs.system}</pre>
                </details>
            })}
        </section>
        <section class="dify-logs__detail-section">
            <h4>"Outputs" <CopyButton label="Copy outputs" text=outputs_copy /></h4>
            <pre class="dify-logs__code">{outputs}</pre>
        </section>
    }
}

/// Copies `text` to the clipboard and says so for a moment.
#[component]
fn CopyButton(label: &'static str, text: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = StoredValue::new(text);
    view! {
        <button
            type="button"
            class="dify-logs__button dify-logs__copy"
            aria-label=label
            title=label
            on:click=move |_| {
                let ok = web_sys::window()
                    .map(|w| w.navigator().clipboard())
                    .map(|c| {
                        let _ = c.write_text(&text.get_value());
                    })
                    .is_some();
                copied.set(ok);
                set_timeout(move || { let _ = copied.try_set(false); }, std::time::Duration::from_millis(1500));
            }
        >
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
