//! The whole widget: filters -> query -> fetch -> table, with loading,
//! empty and error states. Only the newest request may change the screen.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::LogPage;
use crate::api::query::LogQuery;
use crate::components::alert::ErrorAlert;
use crate::components::detail::{RunDetailPanel, Selection};
use crate::components::filters::Filters;
use crate::components::pagination::Pagination;
use crate::components::table::{RowView, RunsTable};
use crate::options::MountOptions;
use crate::paging::Paging;
use crate::state::FilterState;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// Escapes a value for a CSS attribute selector in double quotes.
fn css_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A request is identified by its query and a retry counter, so Retry
/// re-sends the same query.
type RequestKey = (LogQuery, u32);
type LogsOutcome = Option<(RequestKey, Result<Arc<LogPage>, ApiError>)>;

/// The root component mounted by `mount()`.
#[component]
pub fn LogsWidget(options: MountOptions, client: Client) -> impl IntoView {
    let theme_class = format!("dify-logs dify-logs--{}", options.theme.class());
    let state = FilterState::new(options.filters.clone());
    let client = StoredValue::new_local(client);
    // The request in flight and the key it was sent for.
    let inflight: StoredValue<Option<(RequestKey, AbortController)>, LocalStorage> =
        StoredValue::new_local(None);

    let query = Memo::new(move |_| state.query());
    let retries = RwSignal::new(0u32);
    let request_key: Memo<Option<RequestKey>> =
        Memo::new(move |_| query.get().ok().map(|q| (q, retries.get())));

    // Abort the request in flight as soon as the query changes. This cannot
    // wait for the resource below: it runs one fetch at a time, so the new
    // fetch only starts once the old one has ended.
    Effect::new(move |_| {
        let current = request_key.get();
        let stale = inflight
            .try_update_value(|slot| {
                if slot
                    .as_ref()
                    .is_some_and(|(k, _)| Some(k) != current.as_ref())
                {
                    slot.take()
                } else {
                    None
                }
            })
            .flatten();
        if let Some((_, c)) = stale {
            c.abort();
        }
    });
    let logs: LocalResource<LogsOutcome> = LocalResource::new(move || {
        let key = request_key.get();
        async move {
            let key = key?;
            let ctrl = AbortController::new().ok();
            let signal = ctrl.as_ref().map(|c| c.signal());
            if let Some(c) = ctrl {
                let _ = inflight.try_set_value(Some((key.clone(), c)));
            }
            let fut = client.try_with_value(|c| c.logs(&key.0, signal))?;
            let res = fut.await;
            inflight.try_update_value(|slot| {
                if slot.as_ref().is_some_and(|(k, _)| *k == key) {
                    *slot = None;
                }
            });
            Some((key, res.map(Arc::new)))
        }
    });
    on_cleanup(move || {
        if let Some((_, c)) = inflight.try_update_value(|slot| slot.take()).flatten() {
            c.abort();
        }
    });

    let (shown, set_shown) = signal(None::<Arc<LogPage>>);
    let (error, set_error) = signal(None::<ApiError>);
    let settled = RwSignal::new(None::<RequestKey>);
    Effect::new(move |_| {
        let Some(Some((key, res))) = logs.get() else {
            return;
        };
        if request_key.get_untracked().as_ref() != Some(&key) {
            return; // an older request: never replaces a newer one
        }
        match res {
            Ok(page) => {
                set_shown.set(Some(page));
                set_error.set(None);
            }
            Err(e) => set_error.set(Some(e)),
        }
        settled.set(Some(key));
    });
    let loading = Signal::derive(move || {
        let k = request_key.get();
        k.is_some() && settled.get() != k
    });

    let paging = Memo::new(move |_| {
        shown.get().map(|p| Paging {
            page: state.page.get(),
            limit: state.limit.get(),
            total: p.total,
        })
    });
    // The data shrank below the page the user is on: go to the last page.
    Effect::new(move |_| {
        if !loading.get() {
            if let Some(target) = paging.get().and_then(|p| p.clamp_target()) {
                state.page.set(target);
            }
        }
    });

    let rows = Memo::new(move |_| {
        shown
            .get()
            .map(|p| {
                p.data
                    .iter()
                    .map(|e| RowView::from_entry(e, crate::browser::offset_at_unix))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let first_load = move || shown.get().is_none() && error.get().is_none();
    let empty = move || {
        !loading.get() && error.get().is_none() && shown.get().is_some_and(|p| p.data.is_empty())
    };
    let retry = Callback::new(move |()| retries.update(|n| *n += 1));

    // The run detail panel, and the row to give focus back to.
    let selection = RwSignal::new(None::<Selection>);
    let root = NodeRef::<leptos::html::Div>::new();
    let open = Callback::new(move |row: RowView| {
        selection.set(Some(Selection {
            run_id: row.run_id,
            log_id: row.log_id,
        }))
    });
    let close = Callback::new(move |()| {
        let log_id = selection.get_untracked().map(|s| s.log_id);
        selection.set(None);
        if let (Some(id), Some(root)) = (log_id, root.get_untracked()) {
            let sel = format!("tr[data-log-id=\"{}\"]", css_escape(&id));
            if let Ok(Some(el)) = root.query_selector(&sel) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    });
    let selected_log = Signal::derive(move || selection.get().map(|s| s.log_id));

    view! {
        <div class=theme_class node_ref=root>
            <Filters state=state />
            {move || {
                query
                    .get()
                    .err()
                    .map(|m| view! { <p class="dify-logs__invalid" aria-live="polite">{m}</p> })
            }}
            {move || {
                query
                    .get()
                    .ok()
                    .map(|q| {
                        q.hints()
                            .into_iter()
                            .map(|h| view! { <p class="dify-logs__hint" role="note">{h}</p> })
                            .collect_view()
                    })
            }}
            <ErrorAlert error=error on_retry=retry />
            <Show
                when=move || !first_load()
                fallback=move || {
                    view! {
                        <div class="dify-logs__placeholder" aria-busy="true">
                            {move || if request_key.get().is_some() { "Loading runs…" } else { "" }}
                        </div>
                    }
                }
            >
                <Show when=move || !empty() fallback=move || view! {
                    <div class="dify-logs__empty">
                        <p>"No runs match these filters"</p>
                        <button type="button" class="dify-logs__button" on:click=move |_| state.reset()>
                            "Reset filters"
                        </button>
                    </div>
                }>
                    <RunsTable rows=rows busy=loading selected=selected_log on_open=open />
                </Show>
                <Pagination paging=paging page=state.page />
            </Show>
            {move || {
                selection
                    .get()
                    .map(|sel| view! { <RunDetailPanel selection=sel client=client on_close=close /> })
            }}
        </div>
    }
}
