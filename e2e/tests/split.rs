//! The split release build: the first rows come from the main wasm alone;
//! the detail panel, the chart, export and the Columns menu come from
//! chunks fetched when first used, under a strict Content-Security-Policy
//! too; a chunk that cannot be fetched leaves the rows and filters as they
//! are and offers a Retry.

use dify_logs_e2e::*;
use serde_json::json;

/// The wasm files the page fetched, by file name, in order.
async fn wasm_fetched(t: &Harness) -> Vec<String> {
    let v = t
        .js(
            "return performance.getEntriesByType('resource')
               .map(e => new URL(e.name).pathname.split('/').pop())
               .filter(n => n.endsWith('.wasm'));",
            vec![],
        )
        .await;
    serde_json::from_value(v).expect("names")
}

async fn open_first_run(t: &Harness) {
    t.click_css("#w tbody tr[data-log-id]").await;
    t.wait_present("the run's facts", "#w .dify-logs__detail .dify-logs__facts")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_rows_need_no_chunk_and_each_feature_fetches_its_own() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    t.w().wait_rows(20).await;
    let first = wasm_fetched(&t).await;
    assert!(
        !first.iter().any(|n| n.starts_with("split_detail")
            || n.starts_with("split_export")
            || n.starts_with("split_columns")),
        "only the main wasm (and the chart after the paint) before any click: {first:?}"
    );
    assert!(
        first.contains(&"dify-logs_bg.wasm".to_string()),
        "{first:?}"
    );
    t.wait_present("the chart", "#w .dify-logs__chart .dify-logs__legend *")
        .await;
    open_first_run(&t).await;
    t.click_css("#w .dify-logs__menu summary").await;
    t.wait_present(
        "the column checkboxes",
        "#w .dify-logs__menu-body input[type=checkbox]",
    )
    .await;
    let after = wasm_fetched(&t).await;
    for chunk in [
        "split_chart.wasm",
        "split_detail.wasm",
        "split_columns.wasm",
    ] {
        assert_eq!(
            after.iter().filter(|n| *n == chunk).count(),
            1,
            "{chunk} fetched once: {after:?}"
        );
    }
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strict_content_security_policy_is_never_violated() {
    let t = Harness::start().await;
    t.open("csp.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    t.wait_present("the chart", "#w .dify-logs__chart .dify-logs__legend *")
        .await;
    open_first_run(&t).await;
    t.js(
        "document.querySelector('#w .dify-logs__detail button').click(); return true;",
        vec![],
    )
    .await;
    t.click_css("#w .dify-logs__menu summary").await;
    t.wait_present(
        "the column checkboxes",
        "#w .dify-logs__menu-body input[type=checkbox]",
    )
    .await;
    // Export this page: the export chunk runs and hands over a download
    // (recorded, not saved).
    t.js(
        "window.__downloads = [];
         HTMLAnchorElement.prototype.click = function () { window.__downloads.push(this.download); };
         return true;",
        vec![],
    )
    .await;
    w.select("Export scope", "This page").await;
    w.click("Export CSV").await;
    let c = t.client();
    wait_for("the CSV download", || async move {
        let v = c
            .execute("return window.__downloads.length;", vec![])
            .await
            .ok()?;
        (v == json!(1)).then_some(())
    })
    .await;
    let fetched = wasm_fetched(&t).await;
    assert!(
        fetched.contains(&"split_export.wasm".to_string()),
        "{fetched:?}"
    );
    let violations = t.js("return window.__cspViolations;", vec![]).await;
    assert_eq!(violations, json!([]), "no CSP violation");
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunk_that_fails_to_load_offers_retry_and_keeps_the_rows() {
    let t = Harness::start().await;
    let chunk = t.site().join("split_detail.wasm");
    let kept = t.site().join("split_detail.wasm.kept");
    std::fs::rename(&chunk, &kept).expect("hide the chunk");
    t.open("mount.html").await;
    let w = t.w();
    w.select("Status", "Failed").await;
    let before = w
        .wait("failed rows", |s| {
            s.settled() && s.rows > 0 && s.status.as_deref() == Some("failed")
        })
        .await;
    t.click_css("#w tbody tr[data-log-id]").await;
    t.wait_present(
        "the failed part",
        "#w .dify-logs__detail .dify-logs__part-failed, #w .dify-logs__part-failed",
    )
    .await;
    let alert = t
        .js(
            "return document.querySelector('#w .dify-logs__part-failed').textContent;",
            vec![],
        )
        .await;
    assert!(
        alert.as_str().unwrap_or("").contains("could not be loaded"),
        "{alert}"
    );
    let after = w.snapshot().await;
    assert_eq!(after.rows, before.rows, "the rows stay");
    assert_eq!(after.status.as_deref(), Some("failed"), "the filter stays");

    // The chunk is back (the network recovered): Retry shows the panel.
    std::fs::rename(&kept, &chunk).expect("restore the chunk");
    t.click_css("#w .dify-logs__part-failed button").await;
    t.wait_present("the run's facts", "#w .dify-logs__detail .dify-logs__facts")
        .await;
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_widgets_and_a_remount_fetch_each_chunk_once() {
    let t = Harness::start().await;
    t.open("two.html").await;
    t.wait_present("rows in both", "#w2 tbody tr[data-log-id]")
        .await;
    t.wait_present("rows in both", "#w1 tbody tr[data-log-id]")
        .await;
    for root in ["#w1", "#w2"] {
        t.click_css(&format!("{root} tbody tr[data-log-id]")).await;
        t.wait_present(
            "the run's facts",
            &format!("{root} .dify-logs__detail .dify-logs__facts"),
        )
        .await;
    }
    // Unmount the first and mount it again: the panel opens from the chunk
    // already there.
    t.js(
        "return (async () => {
           window.__h1.unmount();
           const m = await import('./dify-logs.js');
           window.__h1 = m.mount(document.getElementById('w1'), { apiBase: '/v1', apiKey: 'app-demo' });
           return true;
         })();",
        vec![],
    )
    .await;
    t.wait_present("rows again", "#w1 tbody tr[data-log-id]")
        .await;
    t.click_css("#w1 tbody tr[data-log-id]").await;
    t.wait_present(
        "the run's facts",
        "#w1 .dify-logs__detail .dify-logs__facts",
    )
    .await;
    let fetched = wasm_fetched(&t).await;
    for name in ["dify-logs_bg.wasm", "split_detail.wasm"] {
        assert_eq!(
            fetched.iter().filter(|n| *n == name).count(),
            1,
            "{name} once: {fetched:?}"
        );
    }
    t.assert_no_panic().await;
}
