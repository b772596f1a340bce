//! The whole widget: filters -> query -> fetch -> table, with loading,
//! empty and error states. Only the newest request may change the screen.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::LogPage;
use crate::api::query::LogQuery;
use crate::components::alert::ErrorAlert;
use crate::components::chart::RunsChart;
use crate::components::columns::ColumnsMenu;
use crate::components::detail::{RunDetailPanel, Selection};
use crate::components::export::ExportControls;
use crate::components::filters::Filters;
use crate::components::pagination::Pagination;
use crate::components::table::{RowView, RunsTable};
use crate::components::timers::use_interval;
use crate::options::MountOptions;
use crate::paging::Paging;
use crate::prefs::Prefs;
use crate::refresh::AutoRefresh;
use crate::state::FilterState;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// Escapes a value for a CSS attribute selector in double quotes.
fn css_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A request is identified by its query, a retry counter (Retry re-sends
/// the same query) and an auto-refresh tick (a background re-query, which
/// does not dim the table).
type RequestKey = (LogQuery, u32, u32);
type LogsOutcome = Option<(RequestKey, Result<Arc<LogPage>, ApiError>)>;

/// The root component mounted by `mount()`.
#[component]
pub fn LogsWidget(options: MountOptions, client: Client) -> impl IntoView {
    let theme = options.theme.class();
    // View preferences, saved per widget (never the key or the filters).
    let prefs_key = crate::prefs::storage_key(options.id.as_deref().unwrap_or("default"));
    let prefs = RwSignal::new(
        crate::browser::load_local(&prefs_key)
            .map(|s| Prefs::from_storage(&s))
            .unwrap_or_default(),
    );
    Effect::new(move |prev: Option<()>| {
        let p = prefs.get();
        if prev.is_some() {
            crate::browser::save_local(&prefs_key, &p.to_storage());
        }
    });
    let root_class = move || format!("dify-logs dify-logs--{theme}{}", prefs.get().root_classes());
    // "Now" for relative times, refreshed every 30 s while they are shown.
    let now = RwSignal::new(crate::browser::now_secs());
    use_interval(
        move || {
            let on = prefs.get().relative_time;
            if on {
                now.set(crate::browser::now_secs());
            }
            on.then(|| Duration::from_secs(30))
        },
        move || {
            let _ = now.try_set(crate::browser::now_secs());
        },
    );
    let relative_now = Signal::derive(move || prefs.get().relative_time.then(|| now.get()));
    let state = FilterState::new(options.filters.clone());
    let client = StoredValue::new_local(client);
    // The request in flight and the key it was sent for.
    let inflight: StoredValue<Option<(RequestKey, AbortController)>, LocalStorage> =
        StoredValue::new_local(None);

    if let Some(prefix) = options.sync_url.clone() {
        if let Some(link) = crate::deeplink::read(&crate::browser::location_search(), &prefix) {
            state.apply_link(&link);
        }
        Effect::new(move |_| {
            if let Ok(query) = state.query() {
                let link = crate::deeplink::LinkState {
                    query,
                    period: state.period.get(),
                };
                let search = crate::browser::location_search();
                crate::browser::replace_search(&crate::deeplink::write(&search, &prefix, &link));
            }
        });
    }
    let query = Memo::new(move |_| state.query());
    let retries = RwSignal::new(0u32);
    let ticks = RwSignal::new(0u32);
    let request_key: Memo<Option<RequestKey>> =
        Memo::new(move |_| query.get().ok().map(|q| (q, retries.get(), ticks.get())));

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
    let generation = RwSignal::new(0u64);
    Effect::new(move |_| {
        let Some(Some((key, res))) = logs.get() else {
            return;
        };
        if request_key.get_untracked().as_ref() != Some(&key) {
            return; // an older request: never replaces a newer one
        }
        match res {
            Ok(page) => {
                // A different query (not an auto-refresh tick): a fresh list.
                let same_query = settled
                    .get_untracked()
                    .is_some_and(|s| s.0 == key.0 && s.1 == key.1);
                if !same_query {
                    generation.update(|g| *g = g.wrapping_add(1));
                }
                set_shown.set(Some(page));
                set_error.set(None);
            }
            Err(e) => set_error.set(Some(e)),
        }
        settled.set(Some(key));
    });
    // Busy (dimmed) while a different query or a retry is on its way; an
    // auto-refresh of the same query updates the rows in place instead.
    let loading = Signal::derive(move || {
        let k = request_key.get();
        let user_part = |k: &Option<RequestKey>| k.as_ref().map(|k| (k.0.clone(), k.1));
        k.is_some() && user_part(&settled.get()) != user_part(&k)
    });
    // Runs that arrived since the user reached this query, for the notice
    // shown while they are not on page 1.
    let baseline = RwSignal::new(None::<(LogQuery, u64)>);
    Effect::new(move |_| {
        let (Some(page), Some(key)) = (shown.get(), settled.get()) else {
            return;
        };
        // On page 1 the user sees the newest runs: nothing is new to them.
        let on_first = key.0.page == 1;
        let q = LogQuery { page: 1, ..key.0 };
        if on_first || baseline.get_untracked().is_none_or(|(bq, _)| bq != q) {
            baseline.set(Some((q, page.total)));
        }
    });
    let new_runs = Signal::derive(move || {
        let total = shown.get().map(|p| p.total)?;
        let (_, base) = baseline.get()?;
        (state.page.get() > 1 && total > base).then(|| total - base)
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
    // Auto-refresh bumps the tick while the page is visible; a hidden tab
    // sends nothing.
    let refresh_every = RwSignal::new(AutoRefresh::Off);
    use_interval(
        move || refresh_every.get().seconds().map(Duration::from_secs),
        move || {
            if !crate::browser::page_hidden() {
                let _ = ticks.try_update(|t| *t = t.wrapping_add(1));
            }
        },
    );

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
        <div class=root_class node_ref=root>
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
            <div class="dify-logs__toolbar">
                <label class="dify-logs__field dify-logs__field--inline">
                    <span class="dify-logs__label">"Auto-refresh"</span>
                    <select
                        aria-label="Auto-refresh"
                        on:change=move |ev| refresh_every.set(AutoRefresh::parse(&event_target_value(&ev)))
                    >
                        {AutoRefresh::ALL
                            .into_iter()
                            .map(|a| view! {
                                <option value=a.value() prop:selected=move || refresh_every.get() == a>{a.label()}</option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <ColumnsMenu prefs=prefs />
                <ExportControls query=query page=shown client=client />
                {move || new_runs.get().map(|n| view! {
                    <p class="dify-logs__new-runs" role="status">
                        {crate::paging::format_count(n, "new run", "new runs")}
                        " since you left page 1 "
                        <button type="button" class="dify-logs__button" on:click=move |_| state.page.set(1)>
                            "Go to first page"
                        </button>
                    </p>
                })}
            </div>
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
                <RunsChart page=shown state=state />
                <Show when=move || !empty() fallback=move || view! {
                    <div class="dify-logs__empty">
                        <p>"No runs match these filters"</p>
                        <button type="button" class="dify-logs__button" on:click=move |_| state.reset()>
                            "Reset filters"
                        </button>
                    </div>
                }>
                    <RunsTable
                        rows=rows
                        busy=loading
                        selected=selected_log
                        on_open=open
                        relative_now=relative_now
                        generation=generation.into()
                        on_toggle_time=Callback::new(move |()| prefs.update(|p| p.relative_time = !p.relative_time))
                    />
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
