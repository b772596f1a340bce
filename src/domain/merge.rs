//! The "All apps" view: each app's runs paged by time with its own
//! [`ExportCursor`], merged newest first.
//!
//! Each app is a stream: the runs fetched and not yet shown (its buffer),
//! newest first, and a cursor for the rest, all of which are at or before
//! the buffer's oldest second. So the newest head among the buffers is the
//! newest run not yet shown anywhere, as long as no app that may have more
//! has an empty buffer. When one has, the merge stops and asks for one
//! request per such app ([`Merge::wanted`]), then goes on. Runs of the same
//! second may come in any order, as they do from Dify itself.
//!
//! [`Merge`] is plain data: the widget drives it with real requests, the
//! property tests with simulated stores.

use crate::api::model::{LogEntry, LogPage};
use crate::api::query::LogQuery;
use crate::domain::cursor::{entry_time, ExportCursor};
use std::collections::VecDeque;
use std::sync::Arc;

/// An app's position in the widget's list of apps.
pub type AppIndex = usize;

/// One run of the merged list and the app it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedRun {
    pub app: AppIndex,
    pub entry: LogEntry,
}

#[derive(Clone, Debug)]
struct Stream {
    cursor: ExportCursor,
    buffer: VecDeque<LogEntry>,
    /// The number of runs matching the filters, from the app's first answer.
    total: Option<u64>,
    failed: bool,
}

impl Stream {
    /// Out of the merge: failed, or nothing left to show.
    fn finished(&self) -> bool {
        self.failed || (self.buffer.is_empty() && self.cursor.is_done())
    }

    fn head_time(&self) -> Option<i64> {
        self.buffer.front().and_then(entry_time)
    }
}

/// Where a merged listing stands.
#[derive(Clone, Debug)]
pub struct Merge {
    streams: Vec<Stream>,
    limit: usize,
    /// Runs of the page being taken, kept while more requests are needed.
    pending: Vec<MergedRun>,
}

impl Merge {
    /// A merge of `apps` apps' runs matching `query` (its page is ignored),
    /// `limit` (1..=100) runs a page; each app is asked `limit` at a time.
    pub fn new(query: &LogQuery, apps: usize, limit: u32) -> Self {
        let cursor = ExportCursor::with_limit(query, limit);
        Self {
            streams: (0..apps)
                .map(|_| Stream {
                    cursor: cursor.clone(),
                    buffer: VecDeque::new(),
                    total: None,
                    failed: false,
                })
                .collect(),
            limit: limit.clamp(1, 100) as usize,
            pending: Vec::new(),
        }
    }

    /// The requests to send before the next page can be taken: one for each
    /// app that may have more runs and holds fewer than a page of them.
    pub fn wanted(&self) -> Vec<(AppIndex, LogQuery)> {
        self.streams
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.failed && s.buffer.len() < self.limit)
            .filter_map(|(i, s)| Some((i, s.cursor.next_query()?)))
            .collect()
    }

    /// Takes an app's answer to its [`Self::wanted`] request.
    pub fn feed(&mut self, app: AppIndex, page: LogPage) {
        let Some(s) = self.streams.get_mut(app) else {
            return;
        };
        s.total.get_or_insert(page.total);
        s.buffer.extend(s.cursor.take(page));
    }

    /// Leaves an app out of the merge: its request failed. The other apps
    /// go on.
    pub fn fail(&mut self, app: AppIndex) {
        if let Some(s) = self.streams.get_mut(app) {
            s.failed = true;
            s.buffer.clear();
        }
    }

    /// The apps left out after a failure.
    pub fn failed(&self) -> impl Iterator<Item = AppIndex> + '_ {
        (0..self.streams.len()).filter(|&i| self.streams[i].failed)
    }

    /// The next page, newest first; `None` when [`Self::wanted`] must be
    /// answered first. The last page may be short, and an empty page means
    /// the listing is over.
    pub fn take_page(&mut self) -> Option<Vec<MergedRun>> {
        while self.pending.len() < self.limit {
            // An app that may hold something newer than every head, but has
            // no head to compare: ask it first.
            if self
                .streams
                .iter()
                .any(|s| !s.finished() && s.buffer.is_empty())
            {
                return None;
            }
            let newest = self
                .streams
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.finished())
                .max_by_key(|(i, s)| (s.head_time(), std::cmp::Reverse(*i)))
                .map(|(i, _)| i);
            let Some(app) = newest else { break };
            let Some(entry) = self.streams[app].buffer.pop_front() else {
                break;
            };
            self.pending.push(MergedRun { app, entry });
        }
        Some(std::mem::take(&mut self.pending))
    }

    /// True while some app may have runs not yet taken.
    pub fn has_more(&self) -> bool {
        !self.pending.is_empty() || self.streams.iter().any(|s| !s.finished())
    }

    /// The runs matching the filters in the apps that answered.
    pub fn total(&self) -> u64 {
        self.streams
            .iter()
            .filter(|s| !s.failed)
            .filter_map(|s| s.total)
            .sum()
    }

    /// How many apps answered (the "in N apps" of the pager).
    pub fn answered(&self) -> usize {
        self.streams
            .iter()
            .filter(|s| !s.failed && s.total.is_some())
            .count()
    }
}

/// Pages a merged listing keeps for Previous: the first, and this many of
/// the newest taken. Bounds memory however far a user pages; going back
/// further starts the listing again.
pub const KEEP_PAGES: usize = 30;

/// What [`MergedPages::page`] needs next.
#[derive(Clone, Debug, PartialEq)]
pub enum PageStep {
    /// The page, newest first (empty past the end).
    Ready(Arc<Vec<MergedRun>>),
    /// Send these requests, feed the answers, ask again.
    Ask(Vec<(AppIndex, LogQuery)>),
    /// The page was seen but no longer kept: start the listing again.
    Evicted,
}

/// The pages of one merged listing seen so far, and the merge that gives
/// the next: Previous shows a page again as it was.
#[derive(Clone, Debug)]
pub struct MergedPages {
    pages: Vec<Option<Arc<Vec<MergedRun>>>>,
    merge: Merge,
    keep: usize,
}

impl MergedPages {
    /// A listing of `apps` apps, as [`Merge::new`], keeping [`KEEP_PAGES`].
    pub fn new(query: &LogQuery, apps: usize, limit: u32) -> Self {
        Self::keeping(query, apps, limit, KEEP_PAGES)
    }

    /// As [`Self::new`], keeping `keep` (at least 1) pages besides the first.
    pub fn keeping(query: &LogQuery, apps: usize, limit: u32, keep: usize) -> Self {
        Self {
            pages: Vec::new(),
            merge: Merge::new(query, apps, limit),
            keep: keep.max(1),
        }
    }

    /// Page `page` (from 1), or what it takes to get there.
    pub fn page(&mut self, page: u32) -> PageStep {
        let want = page.max(1) as usize;
        while self.pages.len() < want {
            if self
                .pages
                .last()
                .is_some_and(|p| p.as_ref().is_some_and(|p| p.is_empty()))
            {
                break; // past the end: the empty last page stands for it
            }
            match self.merge.take_page() {
                Some(rows) => {
                    self.pages.push(Some(Arc::new(rows)));
                    let old = self.pages.len().saturating_sub(self.keep + 1);
                    if old > 0 {
                        self.pages[old] = None;
                    }
                }
                None => return PageStep::Ask(self.merge.wanted()),
            }
        }
        match self.pages.get(want - 1).or(self.pages.last()) {
            Some(Some(rows)) => PageStep::Ready(rows.clone()),
            Some(None) => PageStep::Evicted,
            None => PageStep::Ready(Arc::default()),
        }
    }

    /// How many pages were taken (an empty last page counts).
    pub fn seen(&self) -> usize {
        self.pages.len()
    }

    /// True when there is a page after `page`.
    pub fn has_next(&self, page: u32) -> bool {
        let p = page.max(1) as usize;
        match self.pages.get(p) {
            Some(Some(rows)) => !rows.is_empty(),
            Some(None) => true,
            None => self.merge.has_more(),
        }
    }

    /// The merge behind the pages, to feed answers to.
    pub fn merge(&mut self) -> &mut Merge {
        &mut self.merge
    }

    /// The same, to read.
    pub fn merge_ref(&self) -> &Merge {
        &self.merge
    }
}
