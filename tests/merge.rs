//! Property tests of the "All apps" merge (`domain::merge`) against
//! simulated Dify apps: whole-second log times, `before` inclusive, a
//! same-second order that changes from one query to another, runs that
//! arrive between pages. Paging forward then back never loses, repeats or
//! reorders a run, and an export holds each run exactly once.
#![cfg(not(target_arch = "wasm32"))]

use dify_logs::api::model::{LogEntry, LogPage, WorkflowRun};
use dify_logs::api::query::LogQuery;
use dify_logs::domain::merge::{Merge, MergedPages, MergedRun, PageStep};
use dify_logs::domain::time::parse_instant;
use proptest::prelude::*;
use std::collections::HashSet;

/// One simulated app: `(log id, whole second)`.
#[derive(Clone, Debug)]
struct App {
    runs: Vec<(String, i64)>,
}

impl App {
    fn answer(&self, q: &LogQuery) -> LogPage {
        let before = q.before.as_deref().and_then(parse_instant);
        let mut hits: Vec<&(String, i64)> = self
            .runs
            .iter()
            .filter(|(_, t)| before.is_none_or(|b| *t <= b))
            .collect();
        // Same-second order depends on the query (as Dify's does on
        // `limit`), but not on the page: one query pages consistently.
        let salt = u64::from(q.limit) ^ before.unwrap_or(0) as u64;
        hits.sort_by_key(|(id, t)| {
            let shuffle = id
                .bytes()
                .fold(salt, |h, b| h.wrapping_mul(31) ^ u64::from(b));
            (std::cmp::Reverse(*t), shuffle)
        });
        let (page, limit) = (q.page as usize, q.limit as usize);
        LogPage {
            page: page as u64,
            limit: limit as u64,
            total: hits.len() as u64,
            has_more: page * limit < hits.len(),
            data: hits
                .iter()
                .skip((page - 1) * limit)
                .take(limit)
                .map(|(id, t)| LogEntry {
                    id: id.clone(),
                    created_at: Some(*t),
                    workflow_run: Some(WorkflowRun::default()),
                    ..Default::default()
                })
                .collect(),
        }
    }
}

/// Apps of 0..120 runs each, 0..4 runs a second with long gaps and bursts,
/// seconds shared across apps.
fn apps() -> impl Strategy<Value = Vec<App>> {
    prop::collection::vec(prop::collection::vec((0i64..60, 1usize..6), 0..40), 1..5).prop_map(
        |apps| {
            apps.into_iter()
                .enumerate()
                .map(|(a, secs)| {
                    let mut runs = Vec::new();
                    for (i, (t, n)) in secs.into_iter().enumerate() {
                        for k in 0..n {
                            runs.push((format!("a{a}-{i}-{k}"), 1_800_000_000 + t));
                        }
                    }
                    App { runs }
                })
                .collect()
        },
    )
}

/// Answers every wanted request; `arrive` may add runs before each round.
fn answer_all(merge: &mut Merge, apps: &[App]) {
    for (app, q) in merge.wanted() {
        merge.feed(app, apps[app].answer(&q));
    }
}

/// Every run `merge` gives, page by page, answering what it asks.
fn drain(merge: &mut Merge, apps: &[App]) -> Vec<MergedRun> {
    let mut out = Vec::new();
    for _ in 0..10_000 {
        match merge.take_page() {
            Some(rows) if rows.is_empty() => break,
            Some(rows) => out.extend(rows),
            None => answer_all(merge, apps),
        }
    }
    out
}

fn key(r: &MergedRun) -> (usize, String) {
    (r.app, r.entry.id.clone())
}

fn time(r: &MergedRun) -> i64 {
    r.entry.created_at.unwrap_or_default()
}

/// Every run of `apps` once, in non-increasing time: the check for a
/// merged sequence.
fn exactly_once_in_order(out: &[MergedRun], apps: &[App]) -> Result<(), TestCaseError> {
    let seen: HashSet<(usize, String)> = out.iter().map(key).collect();
    prop_assert_eq!(seen.len(), out.len(), "a run appears twice");
    let all: usize = apps.iter().map(|a| a.runs.len()).sum();
    prop_assert_eq!(out.len(), all, "a run is missing");
    for w in out.windows(2) {
        prop_assert!(time(&w[0]) >= time(&w[1]), "out of time order");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn paging_forward_then_back_keeps_every_run_once_in_order(
        apps in apps(),
        limit in 1u32..25,
        arrivals in prop::collection::vec(0usize..4, 0..6),
        keep in 1usize..40,
    ) {
        let mut apps = apps;
        let original = apps.clone();
        let mut pages = MergedPages::keeping(&LogQuery::default(), apps.len(), limit, keep);
        let mut forward: Vec<std::sync::Arc<Vec<MergedRun>>> = Vec::new();
        let mut p = 1u32;
        let mut rounds = 0;
        loop {
            match pages.page(p) {
                PageStep::Evicted => prop_assert!(false, "paging forward never evicts"),
                PageStep::Ready(rows) => {
                    prop_assert!(rows.len() <= limit as usize);
                    if rows.is_empty() {
                        break;
                    }
                    forward.push(rows);
                    if !pages.has_next(p) {
                        break;
                    }
                    // Runs arrive between pages, newer than any before.
                    if let Some(&a) = arrivals.get(p as usize - 1) {
                        if let Some(app) = apps.get_mut(a) {
                            let id = format!("new-{p}");
                            app.runs.push((id, 1_900_000_000 + i64::from(p)));
                        }
                    }
                    p += 1;
                }
                PageStep::Ask(wanted) => {
                    prop_assert!(!wanted.is_empty(), "asked for nothing");
                    prop_assert!(wanted.len() <= apps.len(), "one request per app per round");
                    for (app, q) in wanted {
                        let answer = apps[app].answer(&q);
                        pages.merge().feed(app, answer);
                    }
                    rounds += 1;
                    prop_assert!(rounds < 10_000, "the merge must end");
                }
            }
        }
        let all: Vec<MergedRun> = forward.iter().flat_map(|p| p.iter().cloned()).collect();
        exactly_once_in_order(&all, &original)?;
        // Every page but the last is full.
        for page in forward.iter().rev().skip(1) {
            prop_assert_eq!(page.len(), limit as usize);
        }
        // Back again: the same pages as they were, without a request, for
        // the first page and the `keep` newest; older ones ask for a restart.
        let taken = pages.seen();
        for (i, seen) in forward.iter().enumerate().rev() {
            match pages.page(i as u32 + 1) {
                PageStep::Ready(again) => prop_assert_eq!(&again, seen),
                PageStep::Evicted => {
                    prop_assert!(i > 0 && i + keep < taken, "page {} evicted", i + 1)
                }
                PageStep::Ask(_) => prop_assert!(false, "a page seen is asked again"),
            }
        }
    }

    #[test]
    fn an_export_holds_each_run_exactly_once(apps in apps()) {
        let mut merge = Merge::new(&LogQuery::default(), apps.len(), 100);
        let out = drain(&mut merge, &apps);
        exactly_once_in_order(&out, &apps)?;
        prop_assert!(!merge.has_more());
        let total: usize = apps.iter().map(|a| a.runs.len()).sum();
        prop_assert_eq!(merge.total(), total as u64);
    }
}

#[test]
fn a_failed_app_is_left_out_and_the_others_go_on() {
    let apps: Vec<App> = (0..3)
        .map(|a| App {
            runs: (0..30)
                .map(|i| (format!("a{a}-{i}"), 1_800_000_000 + i * 3 + a as i64))
                .collect(),
        })
        .collect();
    let mut merge = Merge::new(&LogQuery::default(), 3, 20);
    assert!(merge.take_page().is_none());
    for (app, q) in merge.wanted() {
        if app == 1 {
            merge.fail(1);
        } else {
            merge.feed(app, apps[app].answer(&q));
        }
    }
    let page = merge.take_page().expect("two apps answered");
    assert_eq!(page.len(), 20);
    assert!(page.iter().all(|r| r.app != 1));
    assert_eq!(merge.failed().collect::<Vec<_>>(), [1]);
    assert_eq!(merge.total(), 60);
    assert_eq!(merge.answered(), 2);
}

#[test]
fn same_second_runs_across_apps_all_appear() {
    // 250 runs in one second in one app, 3 in another: more than a request.
    let apps = vec![
        App {
            runs: (0..250)
                .map(|i| (format!("burst{i}"), 1_800_000_000))
                .collect(),
        },
        App {
            runs: (0..3)
                .map(|i| (format!("calm{i}"), 1_800_000_000))
                .collect(),
        },
    ];
    let mut merge = Merge::new(&LogQuery::default(), 2, 20);
    let out = drain(&mut merge, &apps);
    exactly_once_in_order(&out, &apps).unwrap();
}
