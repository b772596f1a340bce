//! The page of runs on screen: the query memo keys a `LocalResource` whose
//! future asks the client (gloo-net) with an `AbortSignal`. A newer query
//! aborts the request in flight at once, and only the newest answer may
//! change the screen. Not a component: the widget calls [`use_logs`] and
//! shares the result through context.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::LogPage;
use crate::api::query::LogQuery;
use crate::components::apps::{target, Apps, Target};
use crate::components::merged::{merged_job, session_slot, MergedMeta};
use crate::components::state::FilterState;
use crate::domain::merge::AppIndex;
use crate::domain::paging::{OpenEnded, Paging};
use crate::text::intl::Fmt;
use crate::text::rows::RowView;
use leptos::prelude::*;
use leptos_use_timeout_fn::{use_timeout_fn, UseTimeoutFnReturn};
use std::sync::Arc;
use web_sys::AbortController;

/// How long a load may take before the table dims: a quick answer repaints
/// once, with no flash of the busy state.
pub const BUSY_DELAY_MS: f64 = 200.0;

/// A request: its query, a retry counter (Retry re-sends the same query)
/// and an auto-refresh tick (a background re-query that does not dim).
pub type RequestKey = (LogQuery, u32, u32);
type Outcome = Option<(RequestKey, Result<(Arc<LogPage>, Origin), ApiError>)>;

/// Where the rows on screen came from: one app of several, or all of them
/// merged (then each row names its app).
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The app asked, when one of several was.
    pub app: Option<AppIndex>,
    /// The merged view's rows' apps, its pager and its failed apps.
    pub merged: Option<Arc<MergedMeta>>,
}

/// What the widget's views read about the runs. `Copy`: signals are handles.
#[derive(Clone, Copy)]
pub struct Logs {
    /// The query the filters describe, or the message that stops it.
    pub query: Memo<Result<LogQuery, String>>,
    /// The request that should be on screen, if the query is valid.
    pub request: Memo<Option<RequestKey>>,
    /// The page on screen (kept while a newer one loads or after an error).
    pub shown: ReadSignal<Option<Arc<LogPage>>>,
    /// Where the page on screen came from.
    pub origin: ReadSignal<Origin>,
    /// The last request's error, if it failed.
    pub error: ReadSignal<Option<ApiError>>,
    /// The request whose answer is on screen.
    pub settled: ReadSignal<Option<RequestKey>>,
    /// A different query or a retry is on its way.
    pub loading: Signal<bool>,
    /// `loading` for longer than [`BUSY_DELAY_MS`]: the table dims.
    pub busy: ReadSignal<bool>,
    /// Changes when a different query's rows arrive (not on auto-refresh).
    pub generation: ReadSignal<u64>,
    /// The pager for the rows on screen.
    pub paging: Memo<Option<Paging>>,
    /// The rows on screen.
    pub rows: Memo<Vec<RowView>>,
    retries: RwSignal<u32>,
    ticks: RwSignal<u32>,
}

impl Logs {
    /// Sends the current query again (the Retry button).
    pub fn retry(&self) {
        self.retries.update(|n| *n = n.wrapping_add(1));
    }

    /// Re-queries the current page in place (auto-refresh).
    pub fn refresh(&self) {
        let _ = self.ticks.try_update(|t| *t = t.wrapping_add(1));
    }
}

/// Wires filters to requests; see the module doc.
pub fn use_logs(
    state: FilterState,
    client: StoredValue<Client, LocalStorage>,
    apps: Apps,
    fmt: StoredValue<Fmt, LocalStorage>,
) -> Logs {
    let session = session_slot();
    let query = Memo::new(move |_| state.query());
    let retries = RwSignal::new(0u32);
    let ticks = RwSignal::new(0u32);
    let request: Memo<Option<RequestKey>> =
        Memo::new(move |_| query.get().ok().map(|q| (q, retries.get(), ticks.get())));

    // The request in flight and the key it was sent for. Aborted as soon as
    // the key changes: the resource runs one future at a time, so waiting
    // for it would hold the new request back until the old one ends.
    let inflight: StoredValue<Option<(RequestKey, AbortController)>, LocalStorage> =
        StoredValue::new_local(None);
    let abort_unless = move |keep: Option<&RequestKey>| {
        let stale = inflight
            .try_update_value(|slot| {
                if slot.as_ref().is_some_and(|(k, _)| Some(k) != keep) {
                    slot.take()
                } else {
                    None
                }
            })
            .flatten();
        if let Some((_, c)) = stale {
            c.abort();
        }
    };
    Effect::new(move |_| abort_unless(request.get().as_ref()));
    on_cleanup(move || abort_unless(None));

    let answers: LocalResource<Outcome> = LocalResource::new(move || {
        let key = request.get();
        async move {
            let key = key?;
            let ctrl = AbortController::new().ok();
            let signal = ctrl.as_ref().map(|c| c.signal());
            if let Some(c) = ctrl {
                inflight.try_set_value(Some((key.clone(), c)));
            }
            let base = client.try_get_value()?;
            let res = fetch(base, apps, session, &key, signal).await;
            inflight.try_update_value(|slot| {
                if slot.as_ref().is_some_and(|(k, _)| *k == key) {
                    *slot = None;
                }
            });
            Some((key, res.map(|(page, origin)| (Arc::new(page), origin))))
        }
    });

    let (shown, set_shown) = signal(None::<Arc<LogPage>>);
    let (origin, set_origin) = signal(Origin::default());
    let (error, set_error) = signal(None::<ApiError>);
    let (settled, set_settled) = signal(None::<RequestKey>);
    let (generation, set_generation) = signal(0u64);
    Effect::new(move |_| {
        let Some(Some((key, res))) = answers.get() else {
            return;
        };
        if request.get_untracked().as_ref() != Some(&key) {
            return; // an older request never replaces a newer one
        }
        match res {
            Ok((page, from)) => {
                // A different query (not an auto-refresh tick): a fresh list.
                let same_query = settled
                    .get_untracked()
                    .is_some_and(|s| s.0 == key.0 && s.1 == key.1);
                if !same_query {
                    set_generation.update(|g| *g = g.wrapping_add(1));
                }
                set_origin.set(from);
                set_shown.set(Some(page));
                set_error.set(None);
            }
            Err(e) => set_error.set(Some(e)),
        }
        set_settled.set(Some(key));
    });

    let loading = Signal::derive(move || {
        let user_part = |k: Option<RequestKey>| k.map(|k| (k.0, k.1));
        let k = request.get();
        k.is_some() && user_part(settled.get()) != user_part(k)
    });
    let (busy, set_busy) = signal(false);
    let UseTimeoutFnReturn { start, stop, .. } = use_timeout_fn(
        move |()| set_busy.set(loading.get_untracked()),
        BUSY_DELAY_MS,
    );
    Effect::new(move |_| {
        if loading.get() {
            start(());
        } else {
            stop();
            set_busy.set(false);
        }
    });

    // The pager describes the rows on screen, so it changes with them.
    let paging = Memo::new(move |_| {
        let total = shown.with(|p| p.as_ref().map(|p| p.total))?;
        let open = origin.with(|o| {
            o.merged.as_ref().map(|m| OpenEnded {
                has_next: m.has_next,
                apps: m.answered as u32,
            })
        });
        settled.with(|k| {
            k.as_ref().map(|k| Paging {
                page: k.0.page,
                limit: k.0.limit,
                total,
                open,
            })
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
    let zone = state.zone;
    let rows = Memo::new(move |_| {
        let from = origin.get();
        shown.with(|p| {
            p.as_ref()
                .and_then(|p| {
                    fmt.try_with_value(|f| {
                        p.data
                            .iter()
                            .enumerate()
                            .map(|(i, e)| {
                                let row =
                                    RowView::from_entry(e, move |t| zone.offset_at_unix(t), f);
                                match (from.merged.as_ref().and_then(|m| m.apps.get(i)), from.app) {
                                    (Some(&a), _) => row.in_app(a, Some(apps.label(a))),
                                    (None, Some(a)) => row.in_app(a, None),
                                    (None, None) => row,
                                }
                            })
                            .collect()
                    })
                })
                .unwrap_or_default()
        })
    });
    Logs {
        query,
        request,
        shown,
        origin,
        error,
        settled,
        loading,
        busy,
        generation,
        paging,
        rows,
        retries,
        ticks,
    }
}

/// Asks for the page a request describes: the single app, the app chosen,
/// or all apps merged.
async fn fetch(
    base: Client,
    apps: Apps,
    session: crate::components::merged::SessionSlot,
    key: &RequestKey,
    abort: Option<web_sys::AbortSignal>,
) -> Result<(LogPage, Origin), ApiError> {
    let list = apps.ensure(base.clone(), abort.clone()).await?;
    let (query, retry, tick) = key;
    match target(&list, &query.app, &base) {
        Target::One(client, app) => {
            let page = client.logs(query, abort).await?;
            Ok((page, Origin { app, merged: None }))
        }
        Target::All(list) => {
            let job = merged_job(list, session, query.clone(), *retry, *tick, abort)
                .await
                .map_err(|_| {
                    ApiError::Network("the code of the All apps view could not be fetched".into())
                })?;
            let (page, meta) = job.await?;
            let merged = Some(Arc::new(meta));
            Ok((page, Origin { app: None, merged }))
        }
    }
}
