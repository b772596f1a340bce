//! Paging through every run that matches a query by time, for "Export all"
//! and for each app of the merged "All apps" view.
//!
//! Page numbers shift while runs keep arriving, and Dify orders only by the
//! log's `created_at`, which it stores in whole seconds (the `created_at__*`
//! filters compare it, both ends inclusive), so the order within one second
//! can change between requests. The cursor pages by time instead: after
//! each page, the next request asks for runs created at or before the
//! oldest second seen, and drops log ids it already has at that second.
//! When a whole page falls in the cursor's second, it moves on by page
//! number under the same cursor.

use crate::api::model::{LogEntry, LogPage};
use crate::api::query::LogQuery;
use crate::domain::time::{format_utc, parse_instant};
use std::collections::HashMap;

/// Runs asked for per request: Dify's maximum.
pub const CURSOR_LIMIT: u32 = 100;

/// Where an export's paging stands.
#[derive(Clone, Debug)]
pub struct ExportCursor {
    base: LogQuery,
    /// The user's own upper bound, in Unix seconds.
    user_before: Option<i64>,
    /// The cursor in Unix seconds; `None` keeps the user's `before`.
    before: Option<i64>,
    page: u32,
    /// Log ids already taken, with their second. Only those at the cursor's
    /// second can come back, so older entries are dropped as it moves: the
    /// set stays as small as one second's runs.
    seen: HashMap<String, i64>,
    done: bool,
}

/// The second a log entry sorts by: the log's own time, else its run's.
pub fn entry_time(e: &LogEntry) -> Option<i64> {
    e.created_at.or(e.workflow_run.as_ref()?.created_at)
}

impl ExportCursor {
    /// Starts at the newest run matching `query` (its page is ignored),
    /// [`CURSOR_LIMIT`] runs a request.
    pub fn new(query: &LogQuery) -> Self {
        Self::with_limit(query, CURSOR_LIMIT)
    }

    /// As [`Self::new`], `limit` (1..=100) runs a request.
    pub fn with_limit(query: &LogQuery, limit: u32) -> Self {
        Self {
            user_before: query.before.as_deref().and_then(parse_instant),
            base: LogQuery {
                page: 1,
                limit: limit.clamp(1, CURSOR_LIMIT),
                ..query.clone()
            },
            before: None,
            page: 1,
            seen: HashMap::new(),
            done: false,
        }
    }

    /// True once every matching run has been taken.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The next request, or `None` when every matching run has been seen.
    pub fn next_query(&self) -> Option<LogQuery> {
        if self.done {
            return None;
        }
        let mut q = LogQuery {
            page: self.page,
            ..self.base.clone()
        };
        if let Some(b) = self.before {
            q.before = Some(format_utc(b));
        }
        Some(q)
    }

    /// Takes the answer to [`Self::next_query`] and returns its runs that
    /// were not in an earlier page, newest first.
    pub fn take(&mut self, page: LogPage) -> Vec<LogEntry> {
        let oldest = page.data.iter().filter_map(entry_time).min();
        if page.data.is_empty() || !page.has_more {
            self.done = true;
        } else {
            // Never past the user's own bound, which may be finer than a second.
            let next = oldest.filter(|t| self.user_before.is_none_or(|u| *t <= u));
            match next {
                Some(t) if Some(t) != self.before => {
                    self.before = Some(t);
                    self.page = 1;
                }
                // No time to move back by: the next page of the same cursor.
                _ => self.page = self.page.saturating_add(1),
            }
        }
        let mut fresh: Vec<LogEntry> = page
            .data
            .into_iter()
            .filter(|e| {
                self.seen
                    .insert(e.id.clone(), entry_time(e).unwrap_or(i64::MIN))
                    .is_none()
            })
            .collect();
        if let Some(b) = self.before {
            self.seen.retain(|_, t| *t >= b);
        }
        fresh.sort_by_key(|e| std::cmp::Reverse(entry_time(e)));
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::WorkflowRun;
    use std::collections::HashSet;

    /// A Dify-like store: runs at whole seconds (fractions given here are
    /// floored on insert, as `CURRENT_TIMESTAMP(0)` does), ordered by second
    /// only, with same-second order that changes from one query to another
    /// (real Dify's changes with `limit`) but not when the same query is
    /// asked again, and `before` inclusive.
    struct Store {
        runs: Vec<(String, f64)>,
    }

    impl Store {
        fn answer(&mut self, q: &LogQuery) -> LogPage {
            let before = q.before.as_deref().and_then(parse_instant);
            let mut hits: Vec<&(String, f64)> = self
                .runs
                .iter()
                .filter(|(_, t)| before.is_none_or(|b| t.floor() <= b as f64))
                .collect();
            let salt = q.limit as u64 ^ before.unwrap_or(0) as u64;
            hits.sort_by_key(|(id, t)| {
                let shuffle = id.bytes().fold(salt, |h, b| h.wrapping_mul(31) ^ b as u64);
                (std::cmp::Reverse(*t as i64), shuffle)
            });
            let (page, limit) = (q.page as usize, q.limit as usize);
            let data: Vec<LogEntry> = hits
                .iter()
                .skip((page - 1) * limit)
                .take(limit)
                .map(|(id, t)| LogEntry {
                    id: id.clone(),
                    created_at: Some(*t as i64),
                    workflow_run: Some(WorkflowRun::default()),
                    ..Default::default()
                })
                .collect();
            LogPage {
                page: page as u64,
                limit: limit as u64,
                total: hits.len() as u64,
                has_more: page * limit < hits.len(),
                data,
            }
        }

        fn add(&mut self, prefix: &str, n: usize, start: f64, step: f64) {
            for i in 0..n {
                self.runs
                    .push((format!("{prefix}{i}"), (start + step * i as f64).floor()));
            }
        }
    }

    /// Exports everything, letting `between` change the store after each page.
    fn export(
        store: &mut Store,
        q: &LogQuery,
        mut between: impl FnMut(&mut Store, usize),
    ) -> Vec<String> {
        let mut c = ExportCursor::new(q);
        let mut out = Vec::new();
        let mut pages = 0;
        while let Some(next) = c.next_query() {
            let page = store.answer(&next);
            out.extend(c.take(page).into_iter().map(|e| e.id));
            pages += 1;
            between(store, pages);
            assert!(pages < 1_000, "the cursor must end");
        }
        out
    }

    fn exactly_once(out: &[String], expected: &[String]) {
        let set: HashSet<&String> = out.iter().collect();
        assert_eq!(set.len(), out.len(), "no run twice");
        for id in expected {
            assert!(set.contains(id), "{id} missing");
        }
    }

    #[test]
    fn runs_arriving_during_an_export_are_neither_lost_nor_repeated() {
        let mut s = Store { runs: vec![] };
        // 450 runs, three to five per second.
        s.add("old", 450, 1_700_000_000.0, 0.27);
        let before: Vec<String> = s.runs.iter().map(|r| r.0.clone()).collect();
        let out = export(&mut s, &LogQuery::default(), |s, pages| {
            if pages <= 3 {
                s.add(
                    &format!("new{pages}-"),
                    5,
                    1_800_000_000.0 + pages as f64,
                    0.1,
                );
            }
        });
        exactly_once(&out, &before);
        assert_eq!(out.len(), 450, "runs that came later are not in the file");
    }

    #[test]
    fn a_page_within_one_second_moves_on_by_page_number() {
        let mut s = Store { runs: vec![] };
        s.add("burst", 250, 1_700_000_100.0, 0.001); // 250 runs in one second
        s.add("early", 30, 1_700_000_000.0, 1.5);
        let all: Vec<String> = s.runs.iter().map(|r| r.0.clone()).collect();
        let out = export(&mut s, &LogQuery::default(), |_, _| {});
        exactly_once(&out, &all);
        assert_eq!(out.len(), 280);
    }

    #[test]
    fn the_users_own_bound_is_kept() {
        let mut s = Store { runs: vec![] };
        s.add("r", 300, 1_700_000_000.0, 0.5);
        let q = LogQuery {
            before: Some(format_utc(1_700_000_100)),
            ..LogQuery::default()
        };
        let out = export(&mut s, &q, |_, _| {});
        // Runs at or before second 100, both halves of it: Dify stores whole
        // seconds and its bound is inclusive.
        assert_eq!(out.len(), 202);
        let q = ExportCursor::new(&q).next_query().unwrap();
        assert_eq!(q.before.as_deref(), Some("2023-11-14T22:15:00Z"));
        assert_eq!((q.page, q.limit), (1, 100));
    }

    #[test]
    fn an_empty_or_single_page_ends_at_once() {
        let mut c = ExportCursor::new(&LogQuery::default());
        assert!(c.take(LogPage::default()).is_empty());
        assert!(c.next_query().is_none());
    }
}
