//! The fault matrix (every fault the demo can inject, after a good first
//! load), a slow answer, out-of-order answers, and the screenshots.

use dify_logs_e2e::*;
use serde_json::json;
use std::time::{Duration, Instant};

/// Loads, injects `kind` until cleared, changes Status, and checks the
/// alert, the kept filters and rows, that the widget still responds, and
/// that Retry recovers once the fault is gone.
async fn fault_case(kind: &str, expect: &[&str]) {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    let before = w.wait_rows(20).await;

    t.demo.set_fault(json!({ "kind": kind }));
    w.select("Status", "Failed").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "failed")]))
        .await;
    let s = w
        .wait(&format!("the {kind} alert"), |s| s.alert.is_some())
        .await;
    let alert = s.alert.clone().unwrap_or_default();
    for e in expect {
        assert!(
            alert.to_lowercase().contains(&e.to_lowercase()),
            "{kind}: the alert should mention {e:?}: {alert:?}"
        );
    }
    assert!(alert.contains("Retry"), "{kind}: a Retry button: {alert:?}");
    assert_eq!(s.status.as_deref(), Some("failed"), "{kind}: Status kept");
    assert_eq!(s.row_texts, before.row_texts, "{kind}: the last rows stay");
    assert_ne!(s.busy.as_deref(), Some("true"), "{kind}: not stuck loading");

    // Still responsive: another change sends another request (still failing).
    w.select("Rows per page", "50").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "failed"), ("limit", "50")]))
        .await;
    let s = w
        .wait(&format!("{kind} again"), |s| {
            s.settled() && s.alert.is_some() && s.limit.as_deref() == Some("50")
        })
        .await;
    assert_eq!(s.row_texts, before.row_texts, "{kind}: the last rows stay");
    t.assert_no_panic().await;

    // The fault goes away; Retry brings fresh rows and removes the alert.
    t.demo.clear_fault();
    t.demo.clear_log();
    w.click("Retry").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "failed"), ("limit", "50")]))
        .await;
    let s = w
        .wait(&format!("recovery from {kind}"), |s| {
            s.settled()
                && s.alert.is_none()
                && s.rows == 50
                && s.badges.iter().all(|b| b == "Failed")
        })
        .await;
    assert_eq!(s.status.as_deref(), Some("failed"));
    t.assert_no_panic().await;
}

macro_rules! fault_tests {
    ($($name:ident: $kind:literal => [$($e:literal),*];)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            fault_case($kind, &[$($e),*]).await;
        }
    )*};
}

fault_tests! {
    fault_invalid_param_400: "invalid_param" => ["rejected a filter", "invalid_param", "HTTP 400"];
    fault_unauthorized_401: "unauthorized" => ["API key was rejected", "HTTP 401"];
    fault_forbidden_403: "forbidden" => ["disabled", "HTTP 403"];
    fault_not_found_html_404: "not_found_html" => ["/v1", "HTTP 404"];
    fault_rate_limited_429: "rate_limited" => ["Too many requests", "HTTP 429"];
    fault_server_error_500: "server_error" => ["server error", "HTTP 500"];
    fault_bad_gateway_html_502: "bad_gateway_html" => ["could not reach", "HTTP 502"];
    fault_not_json: "not_json" => ["could not be read"];
    fault_wrong_shape: "wrong_shape" => ["could not be read"];
    fault_drop_connection: "drop" => ["network"];
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_delay_only_slows_down() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    let before = w.wait_rows(20).await;
    t.demo
        .set_fault(json!({"kind": "delay", "delay_ms": 2500, "times": 1}));
    let t0 = Instant::now();
    w.select("Status", "Failed").await;
    let s = w
        .wait("the busy table", |s| s.busy.as_deref() == Some("true"))
        .await;
    assert_eq!(s.row_texts, before.row_texts, "old rows stay while loading");
    assert!(s.alert.is_none());
    let s = w
        .wait("failed rows", |s| {
            s.settled() && s.rows == 20 && s.badges.iter().all(|b| b == "Failed")
        })
        .await;
    assert!(t0.elapsed() >= Duration::from_millis(2400), "it did wait");
    assert!(
        s.alert.is_none(),
        "a slow answer is not an error: {:?}",
        s.alert
    );
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_answer_never_replaces_a_newer_one() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;

    // A (Failed) is slow; B (Stopped), sent right after, is fast.
    t.start_slow_failed_query(1500).await;
    w.select("Status", "Stopped").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "stopped")]))
        .await;
    w.wait("B's rows", |s| {
        s.settled() && s.rows > 0 && s.badges.iter().all(|b| b == "Stopped")
    })
    .await;
    // Past A's delay: the screen still shows B.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let s = w.snapshot().await;
    assert!(
        s.rows > 0 && s.badges.iter().all(|b| b == "Stopped"),
        "A's late answer replaced B's: {:?}",
        s.badges
    );
    assert_eq!(s.status.as_deref(), Some("stopped"));
    assert!(
        s.alert.is_none(),
        "an aborted request is no error: {:?}",
        s.alert
    );

    // A's answer was ignored, and its signal is aborted by now.
    let fetches = t.fetch_log().await;
    let a = fetches
        .iter()
        .find(|f| f.url.contains("status=failed"))
        .expect("A's fetch");
    assert!(
        a.has_signal && a.aborted,
        "A carries an aborted signal: {a:?}"
    );
    t.assert_no_panic().await;
}

/// A changed query aborts the request in flight and goes out at once.
/// Proven from the browser: the page's `fetch` wrapper records each
/// request's AbortSignal and when it started and settled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_query_aborts_the_request_in_flight() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    t.start_slow_failed_query(3000).await;
    w.select("Status", "Stopped").await;
    w.wait("B's rows", |s| {
        s.settled() && s.rows > 0 && s.badges.iter().all(|b| b == "Stopped")
    })
    .await;
    let fetches = t.fetch_log().await;
    let a = fetches
        .iter()
        .find(|f| f.url.contains("status=failed"))
        .expect("A's fetch");
    let b = fetches
        .iter()
        .find(|f| f.url.contains("status=stopped"))
        .expect("B's fetch");
    // A is cut off as soon as the query changes, long before its 3 s delay
    // ends, and B goes out right after: nobody waits for the stale answer.
    let a_end = a.t1.expect("A settled");
    assert!(
        a_end - a.t0 < 2_000.0,
        "A must be aborted in flight, not run to its delayed end: A {a:?}"
    );
    assert!(
        b.t0 - a_end < 500.0,
        "B must go out at once after A is cut off: A {a:?}, B {b:?}"
    );
    assert_eq!(a.outcome, "rejected", "A was cut off in flight: {a:?}");
    assert!(
        a.error
            .as_deref()
            .unwrap_or_default()
            .contains("AbortError"),
        "{a:?}"
    );
    assert!(b.outcome == "resolved" && b.status == Some(200), "{b:?}");
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    t.screenshot("loaded").await;

    t.demo
        .set_fault(json!({"kind": "delay", "delay_ms": 3000, "times": 1}));
    w.select("Status", "Succeeded").await;
    w.wait("the busy table", |s| s.busy.as_deref() == Some("true"))
        .await;
    t.screenshot("loading").await;
    w.wait("succeeded rows", |s| {
        s.settled() && s.badges.iter().all(|b| b == "Succeeded")
    })
    .await;

    // An error over the last rows.
    t.demo.set_fault(json!({"kind": "server_error"}));
    w.select("Status", "Failed").await;
    let s = w
        .wait("the error", |s| s.settled() && s.alert.is_some())
        .await;
    assert!(s.rows > 0, "the last rows stay under the alert");
    t.screenshot("error").await;
    t.demo.clear_fault();
    w.click("Retry").await;
    w.wait("failed rows", |s| {
        s.settled() && s.alert.is_none() && s.badges.iter().all(|b| b == "Failed")
    })
    .await;

    w.type_enter("Keyword", "no-such-run-anywhere").await;
    let s = w.wait("the empty state", |s| s.settled() && s.empty).await;
    assert_eq!(s.rows, 0);
    let empty = t
        .client()
        .find(Locator::Css("#w .dify-logs__empty"))
        .await
        .expect("empty state")
        .text()
        .await
        .expect("text");
    assert!(empty.contains("No runs match these filters"), "{empty:?}");
    t.screenshot("empty").await;

    for name in ["loaded", "loading", "empty", "error"] {
        let p = screenshot_dir().join(format!("{name}.png"));
        let bytes = std::fs::read(&p).expect("screenshot written");
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 5_000,
            "{}",
            p.display()
        );
    }
    t.assert_no_panic().await;
}
