//! Period presets and the Custom range in a browser whose zone is
//! Asia/Shanghai (UTC+8, chromedriver started with `TZ=Asia/Shanghai`).

use dify_logs_e2e::*;
use serde_json::json;
use std::time::Duration;

const ZONE: Setup = Setup {
    tz: Some("Asia/Shanghai"),
    second_origin: false,
};

/// The browser's local date `days_back` days before today, `YYYY-MM-DD`,
/// after checking that the browser really is at UTC+8.
async fn browser_date(t: &Harness, days_back: i64) -> String {
    let v = t
        .js(
            "const n = new Date();
             const d = new Date(n.getFullYear(), n.getMonth(), n.getDate() - arguments[0]);
             return [d.getFullYear(), d.getMonth() + 1, d.getDate(), n.getTimezoneOffset(),
                     Intl.DateTimeFormat().resolvedOptions().timeZone];",
            vec![json!(days_back)],
        )
        .await;
    assert_eq!(v[3], json!(-480), "the browser runs at UTC+8: {v}");
    assert_eq!(v[4], json!("Asia/Shanghai"), "the browser's zone: {v}");
    format!(
        "{:04}-{:02}-{:02}",
        v[0].as_i64().unwrap(),
        v[1].as_i64().unwrap(),
        v[2].as_i64().unwrap()
    )
}

fn assert_encoded_offset(r: &Recorded) {
    assert!(
        r.raw_query.contains("%2B08%3A00"),
        "the +08:00 offset goes out percent-encoded: {}",
        r.raw_query
    );
    assert!(
        !r.raw_query.contains('+'),
        "never a raw '+' (a server would read it as a space): {}",
        r.raw_query
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presets_use_local_midnight_with_an_encoded_offset() {
    let t = Harness::start_with(ZONE).await;
    t.open("mount.html").await;
    let w = t.w();
    w.wait_rows(20).await;

    for (option, days_back) in [("Today", 0), ("Last 7 days", 7), ("Last 4 weeks", 28)] {
        let today = browser_date(&t, 0).await;
        let start = browser_date(&t, days_back).await;
        t.demo.clear_log();
        w.select("Period", option).await;
        let after = format!("{start}T00:00:00+08:00");
        let before = format!("{today}T23:59:59+08:00");
        let r = t
            .demo
            .wait_logs_request(&logs_params(&[
                ("created_at__after", &after),
                ("created_at__before", &before),
            ]))
            .await;
        assert_encoded_offset(&r);
        let s = w.wait_settled().await;
        assert!(s.alert.is_none(), "{option}: {:?}", s.alert);
        assert_eq!(t.demo.logs_requests().len(), 1, "{option}: one request");
    }
    w.select("Period", "All time").await;
    t.demo.wait_logs_request(&logs_params(&[])).await;
    w.wait("all runs", |s| {
        s.settled() && s.total.as_deref() == Some("1,000 runs")
    })
    .await;
    t.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_range_sends_the_instants_and_rejects_from_after_to() {
    let t = Harness::start_with(ZONE).await;
    t.open("mount.html").await;
    let w = t.w();
    let all = w.wait_rows(20).await;

    w.select("Period", "Custom").await;
    w.wait("From and To", |s| s.from.is_some() && s.to.is_some())
        .await;
    w.set_datetime("From", "2026-11-20T08:00").await;
    let r = t
        .demo
        .wait_logs_request(&logs_params(&[(
            "created_at__after",
            "2026-11-20T08:00:00+08:00",
        )]))
        .await;
    assert_encoded_offset(&r);
    w.set_datetime("To", "2026-11-25T18:30").await;
    let r = t
        .demo
        .wait_logs_request(&logs_params(&[
            ("created_at__after", "2026-11-20T08:00:00+08:00"),
            // To includes its whole minute.
            ("created_at__before", "2026-11-25T18:30:59+08:00"),
        ]))
        .await;
    assert_encoded_offset(&r);
    let s = w
        .wait("the custom range's runs", |s| {
            s.settled() && s.rows == 20 && s.total != all.total
        })
        .await;
    assert!(s.invalid.is_none());
    // Every row started inside the range: 08:00 to 18:30:59 at +08:00.
    for (row, started) in s.row_texts.iter().zip(&s.started_utc) {
        assert!(
            ("2026-11-20T00:00:00Z"..="2026-11-25T10:30:59Z").contains(&started.as_str()),
            "row outside the range: {started} {row}"
        );
    }
    t.screenshot("custom-period").await;

    // From later than To: an inline message and no request.
    t.demo.clear_log();
    w.set_datetime("From", "2026-11-26T08:00").await;
    let s = w.wait("the inline message", |s| s.invalid.is_some()).await;
    assert_eq!(s.invalid.as_deref(), Some("From is later than To."));
    tokio::time::sleep(Duration::from_millis(800)).await;
    let reqs = t.demo.logs_requests();
    assert!(
        reqs.is_empty(),
        "no request for an invalid range: {reqs:#?}"
    );
    let s = w.snapshot().await;
    assert_eq!(s.rows, 20, "the last rows stay");

    // Fixing To sends the corrected range.
    w.set_datetime("To", "2026-11-26T09:00").await;
    t.demo
        .wait_logs_request(&logs_params(&[
            ("created_at__after", "2026-11-26T08:00:00+08:00"),
            ("created_at__before", "2026-11-26T09:00:59+08:00"),
        ]))
        .await;
    let s = w.wait_settled().await;
    assert!(s.invalid.is_none(), "message gone: {:?}", s.invalid);
    t.assert_no_panic().await;
}
