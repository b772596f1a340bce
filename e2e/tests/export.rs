//! Export of all matching runs while runs keep arriving and the demo
//! shuffles same-second runs between requests, as a busy real Dify does:
//! every run that matched when the export started is in the file exactly
//! once, and the runs that arrived meanwhile are not.

use dify_logs_e2e::*;
use serde_json::{json, Value};
use std::collections::HashSet;

/// Every log id of the demo, read page by page before anything changes.
const ALL_IDS: &str = r#"
const [api, key] = arguments;
const ids = [];
for (let page = 1; page <= 10; page++) {
  const r = await fetch(`${api}/workflows/logs?page=${page}&limit=100`, { headers: { Authorization: `Bearer ${key}` } });
  for (const e of (await r.json()).data) ids.push(e.id);
}
return ids;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_all_gets_each_run_once_while_runs_arrive() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    let before: Vec<String> = serde_json::from_value(
        t.js(
            &format!("return (async () => {{ {ALL_IDS} }})(...arguments);"),
            vec![json!(t.demo.api_base()), json!(KEY)],
        )
        .await,
    )
    .expect("ids");
    let expected: HashSet<&String> = before.iter().collect();
    assert_eq!(expected.len(), 1_000, "the demo's runs, each once");

    t.spy_downloads().await;
    t.demo
        .hook("POST", "/__test/shuffle", Some(&json!({"enabled": true})));
    // Five runs arrive right after the export's first page.
    t.demo.hook(
        "POST",
        "/__test/insert_runs",
        Some(&json!({"count": 5, "after_requests": 1})),
    );
    t.demo.clear_log();
    w.click("Export JSON").await;
    let status = t.export_done().await;
    assert_eq!(status, "Exported 1,000 runs.");

    let inserted = t.demo.hook("GET", "/__test/insert_runs", None);
    let new_ids: Vec<&str> = inserted["inserted"]
        .as_array()
        .expect("inserted runs")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        new_ids.len(),
        5,
        "the runs arrived during the export: {inserted}"
    );

    let text = t.download_text(0).await;
    let runs: Vec<Value> = serde_json::from_str(&text).unwrap();
    let ids: Vec<&str> = runs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no run twice");
    for id in &expected {
        assert!(
            unique.contains(id.as_str()),
            "{id} is missing from the export"
        );
    }
    for id in &new_ids {
        assert!(
            !unique.contains(id),
            "{id} arrived after the export started"
        );
    }
    // Paged by time: every request after the first goes back from the oldest run seen.
    let reqs = t.demo.logs_requests();
    assert!(reqs.len() >= 10, "{} requests", reqs.len());
    assert!(reqs[0].param("created_at__before").is_none());
    assert!(reqs[1..]
        .iter()
        .all(|r| r.param("created_at__before").is_some()));
    t.assert_no_panic().await;
}
