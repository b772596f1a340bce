//! Several apps against `demo --apps 3` (support, sales, ops, each with its
//! own key and data): All apps merged by time, the App select, the deep
//! link, the detail panel from two apps, one app failing, and the export of
//! every app's runs.

use dify_logs_e2e::*;
use serde_json::{json, Value};
use std::collections::HashSet;

/// Every app's runs `[id, created_at, slug]`, newest first, and each app's
/// total, read from the demo with each app's key.
const ALL_RUNS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const apps = await (await fetch("/apps")).json();
  const runs = [];
  const totals = {};
  for (const a of apps) {
    for (let page = 1; ; page++) {
      const r = await fetch(`/apps/${a.slug}/v1/workflows/logs?page=${page}&limit=100`,
        { headers: { Authorization: `Bearer app-demo-${a.slug}` } });
      const body = await r.json();
      totals[a.slug] = body.total;
      for (const e of body.data) runs.push([e.id, e.created_at, a.slug]);
      if (!body.has_more) break;
    }
  }
  runs.sort((x, y) => y[1] - x[1]);
  done({ runs, totals });
})();
"#;

async fn all_runs(t: &Harness) -> (Vec<(String, i64, String)>, u64) {
    let v: Value = t
        .client()
        .execute_async(ALL_RUNS, vec![])
        .await
        .expect("read the demo's apps");
    let runs = serde_json::from_value(v["runs"].clone()).expect("runs");
    let total = v["totals"]
        .as_object()
        .expect("totals")
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    (runs, total)
}

/// The logs requests the demo received, as (app slug, authorization).
fn logs_requests_by_app(t: &Harness) -> Vec<(String, Option<String>, Recorded)> {
    t.demo
        .request_log()
        .into_iter()
        .filter(|r| r.path.ends_with("/workflows/logs"))
        .map(|r| {
            let slug = r
                .path
                .strip_prefix("/apps/")
                .and_then(|p| p.split('/').next())
                .unwrap_or("")
                .to_string();
            (slug, r.authorization.clone(), r)
        })
        .collect()
}

/// The App column and the log ids of the rows on screen.
async fn app_cells(t: &Harness) -> (Vec<String>, Vec<String>) {
    let v = t
        .js(
            "const rows = [...document.querySelectorAll('#w tr[data-log-id]')];
             return [rows.map(r => (r.querySelector('td.dify-logs__app') || {}).textContent || ''),
                     rows.map(r => r.getAttribute('data-log-id'))];",
            vec![],
        )
        .await;
    serde_json::from_value(v).expect("cells")
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_apps_merge_by_time_and_the_select_narrows_to_one() {
    let t = Harness::start().await;
    t.open("apps.html").await;
    let w = t.w();
    let s = w.wait_rows(20).await;
    let first: Vec<(String, Option<String>)> = logs_requests_by_app(&t)
        .into_iter()
        .map(|(a, k, _)| (a, k))
        .collect();
    let (runs, total) = all_runs(&t).await;
    assert_eq!(
        s.total.as_deref(),
        Some(format!("{} runs in 3 apps", thousands(total)).as_str())
    );
    assert_eq!(s.label.as_deref(), Some("Page 1"));
    let mut apps: Vec<&str> = first.iter().map(|(a, _)| a.as_str()).collect();
    apps.sort_unstable();
    assert_eq!(apps, ["ops", "sales", "support"], "one request per app");
    for (app, key) in &first {
        assert_eq!(
            key.as_deref(),
            Some(format!("Bearer app-demo-{app}").as_str())
        );
    }
    // Newest first across apps: the rows' times are the 20 newest.
    let (labels, ids) = app_cells(&t).await;
    let newest: HashSet<i64> = runs.iter().take(20).map(|r| r.1).collect();
    for id in &ids {
        let t_run = runs.iter().find(|r| &r.0 == id).expect("a known run").1;
        assert!(newest.contains(&t_run), "{id} is not among the newest");
    }
    let distinct: HashSet<&String> = labels.iter().collect();
    assert!(distinct.len() >= 2, "rows from several apps: {labels:?}");

    t.demo.clear_log();
    w.select("App", "Sales research").await;
    let s = w
        .wait("sales alone", |s| {
            s.settled() && s.label.as_deref().is_some_and(|l| l.contains(" of "))
        })
        .await;
    let reqs = logs_requests_by_app(&t);
    assert_eq!(reqs.len(), 1, "one request, to sales");
    assert_eq!(reqs[0].0, "sales");
    assert_eq!(reqs[0].2.param("page"), Some("1"));
    assert!(s.rows > 0);
    assert!(
        app_cells(&t).await.0.iter().all(String::is_empty),
        "no App column"
    );
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deep_link_opens_one_app_and_the_detail_asks_the_rows_app() {
    let t = Harness::start().await;
    t.open("apps.html?dl_app=ops").await;
    let w = t.w();
    w.wait_rows(20).await;
    let reqs = logs_requests_by_app(&t);
    assert!(
        reqs.iter().all(|(a, _, _)| a == "ops"),
        "only ops: {reqs:?}"
    );

    // Back to all apps, then open a row of two different apps.
    w.select("App", "All apps").await;
    w.wait("merged", |s| {
        s.settled() && s.label.as_deref() == Some("Page 1")
    })
    .await;
    let (labels, ids) = app_cells(&t).await;
    let mut opened = HashSet::new();
    for (label, id) in labels.iter().zip(&ids) {
        if !opened.insert(label.clone()) || opened.len() > 2 {
            continue;
        }
        t.demo.clear_log();
        t.click_css(&format!("#w tr[data-log-id=\"{id}\"]")).await;
        t.wait_present("the detail panel", "#w [role=dialog]").await;
        let run = wait_for("the run request", || async {
            t.demo
                .request_log()
                .into_iter()
                .find(|r| r.path.contains("/workflows/run/"))
        })
        .await;
        let slug = match label.as_str() {
            "Support assistant" => "support",
            "Sales research" => "sales",
            _ => "ops",
        };
        assert!(
            run.path
                .starts_with(&format!("/apps/{slug}/v1/workflows/run/")),
            "{}",
            run.path
        );
        assert_eq!(run.authorization, Some(format!("Bearer app-demo-{slug}")));
        w.click("Close run details").await;
    }
    assert_eq!(opened.len().min(2), 2, "rows of two apps were opened");
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_app_is_named_and_retry_brings_it_back() {
    let t = Harness::start().await;
    t.demo
        .set_fault(json!({"kind": "server_error", "path_contains": "/apps/sales/"}));
    t.open("apps.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    t.wait_present("the failure banner", "#w .dify-logs__app-failures")
        .await;
    let banner: Value = t
        .js(
            "return document.querySelector('#w .dify-logs__app-failures').textContent;",
            vec![],
        )
        .await;
    let banner = banner.as_str().unwrap();
    assert!(banner.contains("Sales research"), "{banner}");
    assert!(banner.contains("Retry Sales research"), "{banner}");
    let (labels, _) = app_cells(&t).await;
    assert!(!labels.iter().any(|l| l == "Sales research"));
    let s = w.snapshot().await;
    assert!(
        s.total.as_deref().unwrap().ends_with("in 2 apps"),
        "{:?}",
        s.total
    );

    t.demo.clear_fault();
    w.click("Retry Sales research").await;
    w.wait("three apps again", |s| {
        s.settled() && s.total.as_deref().is_some_and(|t| t.ends_with("in 3 apps"))
    })
    .await;
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exporting_all_apps_holds_every_run_once_in_time_order() {
    let t = Harness::start().await;
    t.open("apps.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    // 1,550 runs in all: below the export cap (5,000).
    let (runs, total) = all_runs(&t).await;
    t.spy_downloads().await;
    w.click("Export CSV").await;
    let status = t.export_done().await;
    assert_eq!(status, format!("Exported {} runs.", thousands(total)));
    let text = t.download_text(0).await;
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert!(lines
        .next()
        .unwrap()
        .starts_with("app,log_id,run_id,started_utc,"));
    let rows: Vec<(String, String)> = lines
        .map(|l| {
            let mut c = l.split(',');
            (c.next().unwrap().to_string(), c.next().unwrap().to_string())
        })
        .collect();
    assert_eq!(rows.len() as u64, total);
    let unique: HashSet<&String> = rows.iter().map(|r| &r.1).collect();
    assert_eq!(unique.len(), rows.len(), "no run twice");
    // In time order, each with its own app.
    let when = |id: &str| runs.iter().find(|r| r.0 == id).map(|r| (r.1, r.2.clone()));
    let mut last = i64::MAX;
    for (label, id) in &rows {
        let (t_run, slug) = when(id).unwrap_or_else(|| panic!("{id} is not a demo run"));
        assert!(t_run <= last, "{id} out of time order");
        last = t_run;
        let expected = match slug.as_str() {
            "support" => "Support assistant",
            "sales" => "Sales research",
            _ => "Ops incident triage",
        };
        assert_eq!(label, expected, "{id}");
    }
    t.assert_no_panic().await;
}
