//! The embedding contract: cross-origin mount, the declarative form, two
//! widgets, unmount, a bad mount, and where the API key may appear.

use dify_logs_e2e::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mount_from_another_origin_uses_cors() {
    let t = Harness::start_with(Setup {
        second_origin: true,
        ..Setup::default()
    })
    .await;
    let host = t.host.as_ref().expect("host server");
    assert_ne!(host.origin, t.demo.origin, "two origins");
    // The host page and the widget's files come from the host's origin;
    // only the API is on the demo's.
    t.open_url(&host.url(&format!("mount.html?api={}", t.demo.api_base())))
        .await;
    let s = t.w().wait_rows(20).await;
    assert_eq!(s.total.as_deref(), Some("1,000 runs"));
    assert!(s.alert.is_none(), "{:?}", s.alert);

    let log = t.demo.request_log();
    let preflight = log
        .iter()
        .find(|r| r.method == "OPTIONS" && r.path == "/v1/workflows/logs")
        .unwrap_or_else(|| {
            panic!("a CORS preflight (Authorization is not a simple header): {log:#?}")
        });
    assert_eq!(preflight.origin.as_deref(), Some(host.origin.as_str()));
    assert_eq!(preflight.authorization, None, "preflights carry no key");
    let get = log
        .iter()
        .find(|r| r.is_logs_get())
        .expect("the GET after the preflight");
    assert_eq!(get.origin.as_deref(), Some(host.origin.as_str()));
    assert_eq!(get.authorization.as_deref(), Some("Bearer app-demo"));
    assert_eq!(get.sorted_params(), logs_params(&[]));
    assert!(
        host.request_log().is_empty(),
        "the host origin got no API calls"
    );

    // Filters work cross-origin too.
    t.w().select("Status", "Stopped").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "stopped")]))
        .await;
    t.w()
        .wait("stopped rows", |s| {
            s.settled() && s.rows > 0 && s.badges.iter().all(|b| b == "Stopped")
        })
        .await;
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declarative_element_is_mounted_by_init() {
    let t = Harness::start().await;
    t.open("declarative.html").await;
    let w = t.w();
    let s = w
        .wait("10 failed rows", |s| {
            s.settled() && s.rows == 10 && s.badges.iter().all(|b| b == "Failed")
        })
        .await;
    assert_eq!(s.status.as_deref(), Some("failed"), "data-status shows");
    assert_eq!(s.limit.as_deref(), Some("10"), "data-page-size shows");
    let reqs = t.demo.logs_requests();
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    assert_eq!(
        reqs[0].sorted_params(),
        logs_params(&[("status", "failed"), ("limit", "10")])
    );
    assert_eq!(reqs[0].authorization.as_deref(), Some("Bearer app-demo"));
    let mounted = t
        .js(
            "return document.getElementById('w').hasAttribute('data-dify-logs-mounted');",
            vec![],
        )
        .await;
    assert_eq!(mounted, json!(true));
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_widgets_are_independent() {
    let t = Harness::start().await;
    t.open("two.html").await;
    let w1 = t.widget("#w1");
    let w2 = t.widget("#w2");
    w1.wait_rows(20).await;
    let before2 = w2.wait_rows(10).await;

    t.demo.clear_log();
    w1.select("Status", "Failed").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "failed")]))
        .await;
    w1.wait("w1 shows failed runs", |s| {
        s.settled() && s.rows == 20 && s.badges.iter().all(|b| b == "Failed")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let reqs = t.demo.logs_requests();
    assert_eq!(
        reqs.len(),
        1,
        "only the changed widget requests: {:#?}",
        reqs.iter().map(|r| &r.raw_query).collect::<Vec<_>>()
    );
    let after2 = w2.snapshot().await;
    assert_eq!(
        after2.status.as_deref(),
        Some(""),
        "w2's Status is untouched"
    );
    assert_eq!(
        after2.row_texts, before2.row_texts,
        "w2's rows are untouched"
    );

    // And the other way round: paging w2 leaves w1 alone.
    t.demo.clear_log();
    w2.click("Next page").await;
    t.demo
        .wait_logs_request(&logs_params(&[("page", "2"), ("limit", "10")]))
        .await;
    w2.wait("w2 page 2", |s| {
        s.settled() && s.label.as_deref() == Some("Page 2 of 100")
    })
    .await;
    let s1 = w1.snapshot().await;
    assert_eq!(s1.status.as_deref(), Some("failed"));
    assert!(s1
        .label
        .as_deref()
        .is_some_and(|l| l.starts_with("Page 1 of")));
    assert_eq!(t.demo.logs_requests().len(), 1);
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unmount_removes_the_widget_and_stops_requests() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;

    // Unmount while a (slow) request is in flight.
    t.start_slow_failed_query(1500).await;
    t.js("window.__handle.unmount();", vec![]).await;
    let html = t
        .js(
            "const e = document.getElementById('w');
             return [e.innerHTML, e.hasAttribute('data-dify-logs-mounted'),
                     document.querySelectorAll('.dify-logs').length];",
            vec![],
        )
        .await;
    assert_eq!(html, json!(["", false, 0]), "the widget's DOM is gone");
    let fetches = t.fetch_log().await;
    let pending = fetches
        .iter()
        .find(|f| f.url.contains("status=failed"))
        .expect("the in-flight fetch");
    assert!(pending.aborted, "unmount aborts it: {pending:?}");

    t.demo.clear_log();
    tokio::time::sleep(Duration::from_millis(2000)).await; // past the delay
    assert!(
        t.demo.request_log().is_empty(),
        "no request after unmount: {:#?}",
        t.demo.request_log()
    );
    let s = w.snapshot().await;
    assert!(!s.mounted && s.rows == 0, "nothing came back: {s:#?}");
    let fetches = t.fetch_log().await;
    let aborted = fetches
        .iter()
        .find(|f| f.url.contains("status=failed"))
        .expect("the in-flight fetch");
    assert_eq!(
        aborted.outcome, "rejected",
        "cut off in flight: {aborted:?}"
    );
    assert!(
        aborted
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("AbortError"),
        "{aborted:?}"
    );
    // A second unmount is harmless.
    t.js("window.__handle.unmount();", vec![]).await;
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mount_without_api_base_throws_and_mounts_nothing() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    t.w().wait_rows(20).await;
    t.demo.clear_log();
    let r = t.js("return window.__mountNoBase();", vec![]).await;
    assert_eq!(r["threw"], json!(true), "{r}");
    assert_eq!(r["is_error"], json!(true), "a JS Error: {r}");
    let msg = r["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains("apiBase"),
        "the message names apiBase: {msg:?}"
    );
    assert!(
        !msg.contains("app-demo"),
        "the message hides the key: {msg:?}"
    );
    let w2 = t
        .js(
            "const e = document.getElementById('w2');
             return [e.innerHTML, e.hasAttribute('data-dify-logs-mounted')];",
            vec![],
        )
        .await;
    assert_eq!(w2, json!(["", false]), "nothing mounted");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(t.demo.request_log().is_empty(), "and nothing requested");
    // The page's first widget is unaffected.
    assert_eq!(t.w().snapshot().await.rows, 20);
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_appears_only_in_the_authorization_header() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    // Exercise the widget: filters, paging, an error and a retry.
    w.select("Status", "Failed").await;
    w.type_enter("Keyword", "alpha").await;
    w.wait_settled().await;
    w.click("Next page").await;
    t.demo
        .set_fault(json!({"kind": "unauthorized", "times": 1}));
    w.select("Rows per page", "10").await;
    w.wait("the 401 alert", |s| s.alert.is_some()).await;
    w.click("Retry").await;
    w.wait("recovered", |s| s.settled() && s.alert.is_none())
        .await;

    let log = t.demo.request_log();
    assert!(log.len() >= 5, "{log:#?}");
    for r in &log {
        assert!(
            !r.raw_query.contains(KEY) && !r.path.contains(KEY),
            "the key in a URL: {r:?}"
        );
        if r.method == "GET" {
            assert_eq!(r.authorization.as_deref(), Some("Bearer app-demo"));
        }
    }
    for f in t.fetch_log().await {
        assert!(!f.url.contains(KEY), "the key in a fetched URL: {f:?}");
    }
    let resources = t
        .js(
            "return performance.getEntriesByType('resource').map(e => e.name).join('\\n');",
            vec![],
        )
        .await;
    assert!(!resources.as_str().unwrap_or_default().contains(KEY));
    let widget_html = w.outer_html().await;
    assert!(widget_html.contains("dify-logs__row"));
    assert!(!widget_html.contains(KEY), "the key in the widget's DOM");
    // The host page holds the key in a <head> script; the body has none.
    let body = t.js("return document.body.outerHTML;", vec![]).await;
    assert!(
        !body.as_str().unwrap_or_default().contains(KEY),
        "the key in the body"
    );
    let storage = t
        .js(
            "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie]);",
            vec![],
        )
        .await;
    assert!(
        !storage.as_str().unwrap_or_default().contains(KEY),
        "the key in storage: {storage}"
    );
    let console = t.console().await;
    for l in &console {
        assert!(!l.text.contains(KEY), "the key in the console: {l:?}");
    }
    // And nothing is stored at all.
    assert_eq!(storage, json!("[[],[],\"\"]"));
    t.assert_no_panic().await;
}
