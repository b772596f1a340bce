//! One page of the "All apps" view: every app asked at once (one request
//! each per round, one abort for all), merged by time (`domain::merge`).
//! The pages seen so far stay in a session, so Previous shows them again
//! as they were; a new query, a retry or an auto-refresh starts a new one.
//! An app that fails is left out and named; the others still show. The
//! code is in a chunk of its own ([`merged_job`]).

use crate::api::client::LocalFuture;
use crate::api::error::ApiError;
use crate::api::model::LogPage;
use crate::api::query::LogQuery;
use crate::components::apps::AppList;
use crate::components::split::split_fn;
use crate::domain::merge::{AppIndex, MergedPages, PageStep};
use futures_util::future::join_all;
use leptos::prelude::*;

/// What the rows of a merged page need beyond the page itself.
#[derive(Clone, Debug, Default)]
pub struct MergedMeta {
    /// The app of each row, in the page's order.
    pub apps: Vec<AppIndex>,
    /// True when Next leads somewhere.
    pub has_next: bool,
    /// How many apps answered (the "in N apps" of the pager).
    pub answered: usize,
    /// The apps left out, with their error.
    pub failures: Vec<(AppIndex, ApiError)>,
}

/// The filters (page 1), the retry counter and the auto-refresh tick a
/// session was made for.
type SessionKey = (LogQuery, u32, u32);

/// The pages of one merged listing and the apps that failed in it.
#[derive(Clone)]
pub struct Session {
    key: SessionKey,
    pages: MergedPages,
    failures: Vec<(AppIndex, ApiError)>,
}

/// Where a widget keeps its merged session.
pub type SessionSlot = StoredValue<Option<Session>, LocalStorage>;

/// A new, empty slot.
pub fn session_slot() -> SessionSlot {
    StoredValue::new_local(None)
}

/// Rounds of requests one page may take: paging forward one page takes
/// one, a deep link to page N about N.
const MAX_ROUNDS: u32 = 2_000;

split_fn!(
    merged,
    preload_merged,
    /// [`merged_page`], from the chunk of the "All apps" view: a widget of
    /// one app never fetches it.
    pub fn merged_job(
        apps: AppList,
        slot: SessionSlot,
        query: LogQuery,
        retry: u32,
        tick: u32,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<(LogPage, MergedMeta), ApiError>> {
        Box::pin(merged_page(apps, slot, query, retry, tick, abort))
    }
);

/// Sends `wanted` (from [`crate::domain::merge::Merge::wanted`]) to its
/// apps at once, one abort for all; each app's answer, in order.
pub async fn ask(
    apps: &AppList,
    wanted: &[(AppIndex, LogQuery)],
    abort: Option<web_sys::AbortSignal>,
) -> Vec<Result<LogPage, ApiError>> {
    join_all(
        wanted
            .iter()
            .filter_map(|(app, q)| apps.get(*app).map(|a| a.client.logs(q, abort.clone()))),
    )
    .await
}

/// Page `query.page` of the merged view of `apps`.
async fn merged_page(
    apps: AppList,
    slot: SessionSlot,
    query: LogQuery,
    retry: u32,
    tick: u32,
    abort: Option<web_sys::AbortSignal>,
) -> Result<(LogPage, MergedMeta), ApiError> {
    let key: SessionKey = (
        LogQuery {
            page: 1,
            ..query.clone()
        },
        retry,
        tick,
    );
    let fresh = |key: SessionKey| Session {
        pages: MergedPages::new(&key.0, apps.len(), query.limit),
        key,
        failures: Vec::new(),
    };
    // Taken out, not cloned (its buffers hold whole entries), and put back
    // when the page is there; a request aborted on the way drops it, and
    // the next one starts the listing again.
    let mut session = slot
        .try_update_value(|s| s.take().filter(|s| s.key == key))
        .flatten()
        .unwrap_or_else(|| fresh(key));
    let aborted = || abort.as_ref().is_some_and(|a| a.aborted());
    let mut rounds = 0;
    let rows = loop {
        let wanted = match session.pages.page(query.page) {
            PageStep::Ready(rows) => break rows,
            PageStep::Ask(wanted) => wanted,
            PageStep::Evicted => {
                session = fresh(session.key.clone());
                continue;
            }
        };
        rounds += 1;
        if rounds > MAX_ROUNDS {
            return Err(ApiError::Decode(
                "the apps' pages did not move on in time".into(),
            ));
        }
        let answers = ask(&apps, &wanted, abort.clone()).await;
        if aborted() {
            // A newer request took over; this one's failures are not the apps'.
            return Err(ApiError::Network("aborted".into()));
        }
        for ((app, _), answer) in wanted.into_iter().zip(answers) {
            match answer {
                Ok(page) => session.pages.merge().feed(app, page),
                Err(e) => {
                    session.pages.merge().fail(app);
                    session.failures.push((app, e));
                }
            }
        }
        if session.failures.len() >= apps.len() {
            let (_, first) = session.failures.swap_remove(0);
            return Err(first);
        }
    };
    let merge = session.pages.merge_ref();
    let meta = MergedMeta {
        apps: rows.iter().map(|r| r.app).collect(),
        has_next: session.pages.has_next(query.page),
        answered: merge.answered(),
        failures: session.failures.clone(),
    };
    let page = LogPage {
        page: u64::from(query.page),
        limit: u64::from(query.limit),
        total: merge.total(),
        has_more: meta.has_next,
        data: rows.iter().map(|r| r.entry.clone()).collect(),
    };
    let _ = slot.try_set_value(Some(session));
    Ok((page, meta))
}
