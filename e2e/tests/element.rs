//! `<dify-logs>` in plain HTML against the demo, from the release build:
//! defined by `init()`, its attributes on the request, a live attribute
//! change in place, the events reaching the host page, `preventDefault()`
//! on select, and removal freeing the widget.

use dify_logs_e2e::*;
use serde_json::Value;

async fn events(t: &Harness, kind: &str) -> Vec<Value> {
    let v = t
        .js(
            "return window.__events.filter(e => e.type === arguments[0]);",
            vec![Value::from(kind)],
        )
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_element_in_plain_html_with_live_attributes_and_events() {
    let t = Harness::start().await;
    t.open("element.html").await;
    let w = t.w();
    w.wait_rows(10).await;
    let r = t
        .demo
        .wait_logs_request(&logs_params(&[("status", "failed"), ("limit", "10")]))
        .await;
    assert_eq!(r.authorization.as_deref(), Some("Bearer app-demo"));
    let loads = events(&t, "dify-logs:load").await;
    assert_eq!(loads[0]["target"], "w");
    assert_eq!(loads[0]["detail"]["pageSize"], 10);
    assert_eq!(loads[0]["detail"]["query"]["status"], "failed");

    // A live attribute change: one request, the same filter bar.
    t.js(
        "window.__bar = document.querySelector('#w .dify-logs__filters'); return true;",
        vec![],
    )
    .await;
    t.demo.clear_log();
    t.js(
        "document.getElementById('w').setAttribute('status', 'succeeded'); return true;",
        vec![],
    )
    .await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "succeeded"), ("limit", "10")]))
        .await;
    w.wait("succeeded rows", |s| {
        s.settled() && s.badges.iter().all(|b| b == "Succeeded")
    })
    .await;
    let same = t
        .js(
            "return window.__bar === document.querySelector('#w .dify-logs__filters');",
            vec![],
        )
        .await;
    assert_eq!(same, Value::Bool(true), "not remounted");
    let filters = events(&t, "dify-logs:filters").await;
    assert_eq!(filters.last().unwrap()["detail"]["status"], "succeeded");

    // Opening a run: the host hears it; the widget's panel opens.
    t.click_css("#w tr.dify-logs__row").await;
    t.wait_present("the panel", "#w [role=dialog]").await;
    let select = events(&t, "dify-logs:select").await;
    assert!(select[0]["detail"]["runId"].as_str().is_some());
    assert!(
        !serde_json::to_string(&select).unwrap().contains("app-demo"),
        "no key in events"
    );

    // Removed: unmounted, nothing more is asked.
    t.js(
        "document.getElementById('w').remove(); return true;",
        vec![],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    t.demo.clear_log();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(t.demo.logs_requests().is_empty());
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prevent_default_on_select_keeps_the_panel_closed() {
    let t = Harness::start().await;
    t.open("element.html?prevent").await;
    let w = t.w();
    w.wait_rows(10).await;
    t.demo.clear_log();
    t.click_css("#w tr.dify-logs__row").await;
    let host = wait_for("the host's own view", || async {
        let v = t
            .js(
                "return document.getElementById('host-view').textContent;",
                vec![],
            )
            .await;
        v.as_str().filter(|s| !s.is_empty()).map(str::to_string)
    })
    .await;
    assert!(host.starts_with("host view of "), "{host}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let panel = t
        .js(
            "return !!document.querySelector('#w [role=dialog]');",
            vec![],
        )
        .await;
    assert_eq!(panel, Value::Bool(false));
    assert!(
        t.demo
            .request_log()
            .iter()
            .all(|r| !r.path.contains("/workflows/run/")),
        "the run is not asked"
    );
    t.assert_no_panic().await;
}
