//! Browsing the demo data: first load, paging, every filter alone and
//! combined, debounce, Reset, and what each status looks like.

use dify_logs_e2e::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_load_and_paging() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    let s = w.wait_rows(20).await;
    assert_eq!(s.total.as_deref(), Some("1,000 runs"));
    assert_eq!(s.label.as_deref(), Some("Page 1 of 50"));
    assert!(s.alert.is_none(), "unexpected alert: {:?}", s.alert);

    let reqs = t.demo.logs_requests();
    assert_eq!(reqs.len(), 1, "one request on first load: {reqs:#?}");
    let r = &reqs[0];
    assert_eq!(r.sorted_params(), logs_params(&[]));
    assert_eq!(r.raw_query, "page=1&limit=20");
    assert_eq!(r.authorization.as_deref(), Some("Bearer app-demo"));
    let first_page = s.row_texts.clone();

    for (button, page, label) in [
        ("Next page", "2", "Page 2 of 50"),
        ("Last page", "50", "Page 50 of 50"),
        ("Previous page", "49", "Page 49 of 50"),
        ("First page", "1", "Page 1 of 50"),
    ] {
        t.demo.clear_log();
        w.click(button).await;
        t.demo
            .wait_logs_request(&logs_params(&[("page", page)]))
            .await;
        let s = w
            .wait(label, |s| s.settled() && s.label.as_deref() == Some(label))
            .await;
        assert_eq!(s.rows, 20, "{button}: rows");
        let reqs = t.demo.logs_requests();
        assert_eq!(reqs.len(), 1, "{button}: exactly one request: {reqs:#?}");
        if page == "1" {
            assert_eq!(s.row_texts, first_page, "page 1 again shows the same rows");
        } else {
            assert_ne!(s.row_texts, first_page, "{button}: other rows than page 1");
        }
    }
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_filter_alone_sends_its_param() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;

    // Status
    t.demo.clear_log();
    w.select("Status", "Failed").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "failed")]))
        .await;
    let s = w
        .wait("only Failed rows", |s| {
            s.settled() && s.rows > 0 && s.badges.iter().all(|b| b == "Failed")
        })
        .await;
    assert_eq!(s.status.as_deref(), Some("failed"));
    let failed_total = s.total.clone();
    assert_ne!(failed_total.as_deref(), Some("1,000 runs"));
    w.select("Status", "All").await;
    t.demo.wait_logs_request(&logs_params(&[])).await;
    w.wait("all runs again", |s| {
        s.settled() && s.total.as_deref() == Some("1,000 runs")
    })
    .await;

    // Keyword, applied at once by Enter
    t.demo.clear_log();
    w.type_enter("Keyword", "user-alice").await;
    t.demo
        .wait_logs_request(&logs_params(&[("keyword", "user-alice")]))
        .await;
    let s = w
        .wait("keyword results", |s| {
            s.settled() && s.total.as_deref() != Some("1,000 runs")
        })
        .await;
    assert!(s.rows > 0, "user-alice matches runs: {s:#?}");
    assert!(
        s.row_texts.iter().all(|r| r.contains("user-alice")),
        "every row is user-alice's: {:#?}",
        s.row_texts
    );
    assert_eq!(
        t.demo.logs_requests().len(),
        1,
        "Enter then the debounce must not send twice: {:#?}",
        t.demo.logs_requests()
    );
    w.clear_text("Keyword").await;
    w.type_enter("Keyword", "").await;
    t.demo.wait_logs_request(&logs_params(&[])).await;

    // Session ID
    t.demo.clear_log();
    w.type_enter("Session ID", "user-bob").await;
    t.demo
        .wait_logs_request(&logs_params(&[(
            "created_by_end_user_session_id",
            "user-bob",
        )]))
        .await;
    let s = w
        .wait("user-bob's runs", |s| {
            s.settled() && s.total.as_deref() != Some("1,000 runs")
        })
        .await;
    assert!(s.rows > 0);
    assert!(
        s.row_texts.iter().all(|r| r.contains("user-bob")),
        "{:#?}",
        s.row_texts
    );
    w.clear_text("Session ID").await;
    w.type_enter("Session ID", "").await;
    t.demo.wait_logs_request(&logs_params(&[])).await;

    // Account email (a console account of the demo data)
    t.demo.clear_log();
    w.type_enter("Account email", "admin@example.com").await;
    t.demo
        .wait_logs_request(&logs_params(&[("created_by_account", "admin@example.com")]))
        .await;
    let s = w
        .wait("the admin's runs", |s| {
            s.settled() && s.total.as_deref() != Some("1,000 runs")
        })
        .await;
    assert!(s.rows > 0);
    assert!(
        s.row_texts.iter().all(|r| r.contains("Local Admin")),
        "account rows show the account's name: {:#?}",
        s.row_texts
    );
    w.clear_text("Account email").await;
    w.type_enter("Account email", "").await;
    t.demo.wait_logs_request(&logs_params(&[])).await;

    // Rows per page
    t.demo.clear_log();
    w.select("Rows per page", "50").await;
    t.demo
        .wait_logs_request(&logs_params(&[("limit", "50")]))
        .await;
    let s = w.wait_rows(50).await;
    assert_eq!(s.label.as_deref(), Some("Page 1 of 20"));
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn combined_filters_page_reset_and_reset_button() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;

    // From page 3, a filter change goes back to page 1.
    w.click("Next page").await;
    w.wait("page 2", |s| {
        s.settled() && s.label.as_deref() == Some("Page 2 of 50")
    })
    .await;
    w.click("Next page").await;
    w.wait("page 3", |s| {
        s.settled() && s.label.as_deref() == Some("Page 3 of 50")
    })
    .await;
    t.demo
        .wait_logs_request(&logs_params(&[("page", "3")]))
        .await;
    t.demo.clear_log();
    w.select("Status", "Succeeded").await;
    t.demo
        .wait_logs_request(&logs_params(&[("status", "succeeded")]))
        .await;
    let s = w
        .wait("succeeded, page 1", |s| {
            s.settled()
                && s.rows == 20
                && s.badges.iter().all(|b| b == "Succeeded")
                && s.label
                    .as_deref()
                    .is_some_and(|l| l.starts_with("Page 1 of"))
        })
        .await;
    assert!(
        t.demo
            .logs_requests()
            .iter()
            .all(|r| r.param("page") == Some("1")),
        "no request for page 3 with the new filter: {:#?}",
        t.demo.logs_requests()
    );
    drop(s);

    // Combined: status + keyword + account + limit.
    w.select("Rows per page", "10").await;
    w.type_enter("Keyword", "alpha").await;
    w.type_enter("Account email", "ops@example.com").await;
    let combined = logs_params(&[
        ("status", "succeeded"),
        ("keyword", "alpha"),
        ("created_by_account", "ops@example.com"),
        ("limit", "10"),
    ]);
    let r = t.demo.wait_logs_request(&combined).await;
    assert_eq!(r.authorization.as_deref(), Some("Bearer app-demo"));
    let s = w.wait_settled().await;
    assert!(s.hints.is_empty(), "no hint yet: {:?}", s.hints);

    // + Session ID: all five go out; the widget warns that Dify answers
    // Keyword with Session ID by a 500, and the demo does just that.
    w.type_enter("Session ID", "user-carol").await;
    let all_five = logs_params(&[
        ("status", "succeeded"),
        ("keyword", "alpha"),
        ("created_by_end_user_session_id", "user-carol"),
        ("created_by_account", "ops@example.com"),
        ("limit", "10"),
    ]);
    t.demo.wait_logs_request(&all_five).await;
    let s = w
        .wait("the Keyword + Session ID hint and error", |s| {
            s.settled() && s.alert.is_some()
        })
        .await;
    assert!(
        s.hints.iter().any(|h| h.contains("Keyword and Session ID")),
        "hint: {:?}",
        s.hints
    );
    assert!(
        s.alert.as_deref().unwrap_or("").contains("server error"),
        "alert: {:?}",
        s.alert
    );

    // Reset filters restores every default.
    t.demo.clear_log();
    // The filter bar's Reset (the empty state has one too).
    let reset = t
        .client()
        .find(Locator::Css("#w .dify-logs__reset"))
        .await
        .expect("Reset filters button");
    assert_eq!(reset.text().await.expect("text"), "Reset filters");
    reset.click().await.expect("click reset");
    t.demo.wait_logs_request(&logs_params(&[])).await;
    let s = w
        .wait("defaults", |s| {
            s.settled() && s.rows == 20 && s.total.as_deref() == Some("1,000 runs")
        })
        .await;
    assert_eq!(s.status.as_deref(), Some(""));
    assert_eq!(s.keyword.as_deref(), Some(""));
    assert_eq!(s.session.as_deref(), Some(""));
    assert_eq!(s.account.as_deref(), Some(""));
    assert_eq!(s.limit.as_deref(), Some("20"));
    assert_eq!(s.period.as_deref(), Some("all"));
    assert_eq!(s.label.as_deref(), Some("Page 1 of 50"));
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_quickly_sends_one_request() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    t.demo.clear_log();
    let keyword = "zzqqxxyywwvv"; // 12 characters, matches nothing
    let input = w.control("Keyword").await;
    for ch in keyword.chars() {
        input.send_keys(&ch.to_string()).await.expect("type");
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    t.demo
        .wait_logs_request(&logs_params(&[("keyword", keyword)]))
        .await;
    let s = w.wait("the empty state", |s| s.settled() && s.empty).await;
    assert_eq!(s.rows, 0);
    // Well past another debounce period: still exactly one request.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let reqs = t.demo.logs_requests();
    assert_eq!(
        reqs.len(),
        1,
        "typing 12 characters sends one request: {:#?}",
        reqs.iter().map(|r| &r.raw_query).collect::<Vec<_>>()
    );
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_status_has_its_badge() {
    let t = Harness::start().await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;
    // The three Dify filters: every row carries the chosen badge.
    for (option, value) in [
        ("Succeeded", "succeeded"),
        ("Failed", "failed"),
        ("Stopped", "stopped"),
    ] {
        w.select("Status", option).await;
        t.demo
            .wait_logs_request(&logs_params(&[("status", value)]))
            .await;
        w.wait(&format!("only {option} rows"), |s| {
            s.settled() && s.rows > 0 && s.badges.iter().all(|b| b == option)
        })
        .await;
    }
    // The others (running, partial success, paused) only show unfiltered:
    // walk the pages of 100.
    w.select("Status", "All").await;
    w.select("Rows per page", "100").await;
    w.wait("100 rows", |s| {
        s.settled() && s.rows == 100 && s.label.as_deref() == Some("Page 1 of 10")
    })
    .await;
    let wanted = [
        "Succeeded",
        "Failed",
        "Stopped",
        "Running",
        "Partial success",
        "Paused",
    ];
    let mut seen = std::collections::BTreeSet::new();
    for page in 1..=10 {
        let label = format!("Page {page} of 10");
        let s = w
            .wait(&label, |s| {
                s.settled() && s.label.as_deref() == Some(label.as_str())
            })
            .await;
        for b in &s.badges {
            assert!(
                wanted.contains(&b.as_str()),
                "unexpected badge label {b:?} on {label}"
            );
            seen.insert(b.clone());
        }
        if seen.len() == wanted.len() || page == 10 {
            break;
        }
        w.click("Next page").await;
    }
    assert_eq!(
        seen.len(),
        wanted.len(),
        "every status appears with its label; saw {seen:?}"
    );
    // A running run shows "running…" as its run time.
    t.assert_no_panic().await;
}

/// Bodies the demo never produces (null run, null finish, unknown fields
/// and status) come from a stub API over the real network.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_rows_from_a_stub_api() {
    let body = serde_json::json!({
        "page": 1, "limit": 20, "total": 3, "has_more": false,
        "surprise": {"nested": [1, 2, 3]},
        "data": [
            {"id": "log-null-run", "workflow_run": null, "created_from": "service-api",
             "created_by_role": "end_user", "created_by_end_user": {"session_id": "user-x"},
             "created_at": 1795686000, "new_field": true},
            {"id": "log-running", "workflow_run": {"id": "r1", "status": "running",
             "elapsed_time": 0.0, "total_tokens": 0, "total_steps": 1,
             "created_at": 1795686100, "finished_at": null, "mystery": "x"},
             "created_from": "web-app", "created_at": 1795686100},
            {"id": "log-new-status", "workflow_run": {"id": "r2", "status": "hibernating",
             "elapsed_time": "soon", "total_tokens": "lots", "total_steps": 2,
             "created_at": 1795686200, "finished_at": 1795686300,
             "error": "<b>not html</b>"},
             "created_from": "service-api", "created_at": 1795686200,
             "created_by_account": {"name": "Ops Bot", "email": "ops@example.com"}}
        ]
    });
    let stub = StubApi::start(body);
    let t = Harness::start().await;
    t.open(&format!("mount.html?api={}/v1", stub.origin)).await;
    let w = t.w();
    let s = w.wait_rows(3).await;
    assert!(s.alert.is_none(), "no alert: {:?}", s.alert);
    assert_eq!(s.total.as_deref(), Some("3 runs"));
    assert_eq!(s.badges, vec!["Unknown", "Running", "hibernating"]);
    let null_run: Vec<&str> = s.row_texts[0].split('|').collect();
    assert_eq!(null_run[2], "—", "run time of a null run: {null_run:?}");
    assert_eq!(null_run[3], "—", "tokens of a null run: {null_run:?}");
    assert_eq!(null_run[5], "user-x");
    let running: Vec<&str> = s.row_texts[1].split('|').collect();
    assert_eq!(running[2], "running…", "{running:?}");
    let odd: Vec<&str> = s.row_texts[2].split('|').collect();
    assert_eq!(odd[2], "—", "a string elapsed_time shows a dash: {odd:?}");
    assert_eq!(odd[3], "—", "a string total_tokens shows a dash: {odd:?}");
    assert_eq!(odd[7], "<b>not html</b>", "errors render as text");
    let html = w.outer_html().await;
    assert!(!html.contains("<b>not html</b>"), "never rendered as HTML");
    t.assert_no_panic().await;
}
