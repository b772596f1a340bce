//! Component tests: the whole widget mounted in headless Chromium, fed by a
//! canned [`Transport`] (real Dify bodies from `tests/fixtures/dify/`),
//! asserting on the DOM and on the requests the widget sends.
//!
//! Run with `scripts/browser-tests` (or `CHROMEDRIVER=/usr/bin/chromedriver
//! cargo test -p dify-logs --target wasm32-unknown-unknown --test browser components::`).
#![cfg(target_arch = "wasm32")]

use dify_logs::domain::options::parse_options_json;
use dify_logs::{mount, mount_with};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

use crate::support::*;

// ==================================================================== tests

// ---- 1. first load

#[wasm_bindgen_test]
async fn first_load_renders_capture_and_sends_key_only_in_header() {
    let w = Widget::mount(json!({"apiBase": "/v1", "apiKey": "app-test"}), capture_01);
    w.wait_rows(20).await;
    assert_eq!(w.page_label(), "Page 1 of 4");
    assert_eq!(w.total_label(), "63 runs");

    let sent = w.sent();
    assert_eq!(sent.len(), 1, "one request on load: {:?}", w.urls());
    assert_eq!(sent[0].url, "/v1/workflows/logs?page=1&limit=20");
    assert_eq!(sent[0].authorization.as_deref(), Some("Bearer app-test"));
    assert!(sent[0].signal.is_some(), "the request is abortable");

    let headers: Vec<String> = w
        .qa("table.dify-logs__table th")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        headers,
        ["Started", "Status", "Run time", "Tokens", "Steps", "User", "Source", "Error"]
    );
    // The first capture row: a stopped run by user-carol through the API.
    let first = &w.rows()[0];
    assert_eq!(first[1], "Stopped");
    assert_eq!(first[2], "45.16 sec");
    assert_eq!(first[4], "4");
    assert_eq!(first[5], "user-carol");
    assert_eq!(first[6], "service-api");
    assert_eq!(first[7], "Aborted: User requested stop");
    // Local time in the browser's zone: 26 Nov in UTC, 25 or 26 elsewhere.
    assert!(
        first[0].starts_with("Nov 2") && first[0].contains(", 2026, "),
        "started: {}",
        first[0]
    );
    let started_title = w.q("tr.dify-logs__row .dify-logs__started").unwrap();
    assert_eq!(
        started_title.get_attribute("title").as_deref(),
        Some("2026-11-26T09:55:45Z")
    );

    assert!(
        !w.root.outer_html().contains("app-test"),
        "the API key must never reach the DOM"
    );
    assert!(w.alert().is_none());
    assert!(w.q(".dify-logs__placeholder").is_none());

    // Without apiKey no Authorization header is sent.
    let anon = Widget::with(capture_01);
    anon.wait_rows(20).await;
    assert_eq!(anon.sent()[0].authorization, None);
    assert_eq!(anon.sent()[0].url, "/v1/workflows/logs?page=1&limit=20");
}

#[wasm_bindgen_test]
async fn loading_shows_placeholder_then_busy_table_keeps_rows() {
    let w = Widget::with(|url| {
        if url.contains("status=failed") {
            ok(paged(url, 7, "failed")).after(300)
        } else {
            ok(capture(captures::LOGS_PAGE1)).after(200)
        }
    });
    wait_until("first-load placeholder", || {
        w.q(".dify-logs__placeholder")
            .is_some_and(|p| text_of(&p) == "Loading runs…")
    })
    .await;
    assert!(w.q("table").is_none(), "no table before the first answer");
    w.wait_rows(20).await;
    assert!(w.q(".dify-logs__placeholder").is_none());
    let table = w.q("table.dify-logs__table").unwrap();
    assert_eq!(table.get_attribute("aria-busy").as_deref(), Some("false"));

    choose(&w.select("Status"), "failed");
    wait_until("busy table while the next page loads", || {
        w.q(".dify-logs__table-wrap--busy").is_some()
            && w.q("table.dify-logs__table")
                .and_then(|t| t.get_attribute("aria-busy"))
                .as_deref()
                == Some("true")
    })
    .await;
    assert_eq!(w.rows().len(), 20, "old rows stay while loading");
    assert!(w.q(".dify-logs__placeholder").is_none());

    w.wait_rows(7).await;
    wait_until("busy state cleared", || {
        w.q(".dify-logs__table-wrap--busy").is_none()
    })
    .await;
    assert_eq!(
        w.q("table.dify-logs__table")
            .unwrap()
            .get_attribute("aria-busy")
            .as_deref(),
        Some("false")
    );
    assert_eq!(w.total_label(), "7 runs");
}

// ---- 2. filters -> query

#[wasm_bindgen_test]
async fn status_select_sets_the_status_parameter() {
    let w = Widget::with(capture_01);
    w.request(1).await;
    let status = w.select("Status");
    let options: Vec<(String, String)> = w
        .qa("select[aria-label=\"Status\"] option")
        .iter()
        .map(|o| (o.get_attribute("value").unwrap_or_default(), text_of(o)))
        .collect();
    assert_eq!(
        options,
        [
            ("".to_string(), "All".to_string()),
            ("succeeded".into(), "Succeeded".into()),
            ("failed".into(), "Failed".into()),
            ("stopped".into(), "Stopped".into())
        ]
    );

    choose(&status, "failed");
    assert_eq!(
        w.request(2).await,
        "/v1/workflows/logs?status=failed&page=1&limit=20"
    );
    choose(&status, "stopped");
    assert_eq!(
        w.request(3).await,
        "/v1/workflows/logs?status=stopped&page=1&limit=20"
    );
    choose(&status, "");
    assert_eq!(w.request(4).await, "/v1/workflows/logs?page=1&limit=20");
}

#[wasm_bindgen_test]
async fn keyword_applies_at_once_on_enter() {
    let w = Widget::with(capture_01);
    w.request(1).await;
    let keyword = w.input("Keyword");
    type_into(&keyword, "alpha");
    press_enter(&keyword);
    // Well before the 400 ms debounce would fire.
    wait_within(350, "the keyword request right after Enter", || {
        w.count() == 2
    })
    .await;
    assert_eq!(
        w.last_url(),
        "/v1/workflows/logs?keyword=alpha&page=1&limit=20"
    );
    // Enter cancelled the pending debounce: no second request for it.
    sleep(600).await;
    assert_eq!(
        w.count(),
        2,
        "one request per applied keyword: {:?}",
        w.urls()
    );
    assert_eq!(keyword.value(), "alpha");
}

#[wasm_bindgen_test]
async fn session_and_account_filters_are_encoded() {
    let w = Widget::with(capture_01);
    w.request(1).await;
    let session = w.input("Session ID");
    type_into(&session, "user-alice");
    fire(&session, "change");
    assert_eq!(
        w.request(2).await,
        "/v1/workflows/logs?created_by_end_user_session_id=user-alice&page=1&limit=20"
    );
    let account = w.input("Account email");
    type_into(&account, "admin@example.com");
    press_enter(&account);
    let url = w.request(3).await;
    assert_eq!(
        url,
        "/v1/workflows/logs?created_by_end_user_session_id=user-alice\
         &created_by_account=admin%40example.com&page=1&limit=20"
    );
    assert!(!url.contains('@'));
    // Text filters are trimmed; a value with spaces and & is encoded.
    let keyword = w.input("Keyword");
    type_into(&keyword, "  a&b c  ");
    press_enter(&keyword);
    let url = w.request(4).await;
    assert_eq!(param(&url, "keyword").as_deref(), Some("a&b c"));
    assert!(
        url.starts_with("/v1/workflows/logs?keyword=a%26b%20c&"),
        "{url}"
    );
    sleep(500).await;
    assert_eq!(w.count(), 4, "{:?}", w.urls());
}

#[wasm_bindgen_test]
async fn rows_per_page_sets_the_limit() {
    let w = Widget::with(|url| ok(paged(url, 63, "rows")));
    w.wait_rows(20).await;
    let sizes: Vec<String> = w
        .qa("select[aria-label=\"Rows per page\"] option")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(sizes, ["10", "20", "50", "100"]);
    assert_eq!(w.select("Rows per page").value(), "20");
    choose(&w.select("Rows per page"), "50");
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=1&limit=50");
    w.wait_rows(50).await;
    assert_eq!(w.page_label(), "Page 1 of 2");
    choose(&w.select("Rows per page"), "100");
    assert_eq!(w.request(3).await, "/v1/workflows/logs?page=1&limit=100");
    w.wait_rows(63).await;
    assert_eq!(w.page_label(), "Page 1 of 1");
}

/// Pages forward to page 3 with Next and waits for its rows.
async fn go_to_page_3(w: &Widget) {
    w.wait_rows(20).await;
    for page in [2, 3] {
        w.button("Next page").click();
        w.wait_first_user(&format!("p-p{page}-0")).await;
    }
    assert!(
        w.last_url().ends_with("page=3&limit=20"),
        "{}",
        w.last_url()
    );
    assert_eq!(w.page_label(), "Page 3 of 4");
}

#[wasm_bindgen_test]
async fn any_filter_change_returns_to_page_one() {
    let w = Widget::with(|url| ok(paged(url, 63, "p")));
    go_to_page_3(&w).await;
    let n = w.count() + 1;
    choose(&w.select("Status"), "failed");
    assert_eq!(
        w.request(n).await,
        "/v1/workflows/logs?status=failed&page=1&limit=20"
    );
    w.wait_first_user("p-p1-0").await;
    assert_eq!(w.page_label(), "Page 1 of 4");

    go_to_page_3(&w).await;
    let n = w.count() + 1;
    let keyword = w.input("Keyword");
    type_into(&keyword, "alpha");
    press_enter(&keyword);
    assert_eq!(
        w.request(n).await,
        "/v1/workflows/logs?keyword=alpha&status=failed&page=1&limit=20"
    );
    w.wait_first_user("p-p1-0").await;

    go_to_page_3(&w).await;
    let n = w.count() + 1;
    choose(&w.select("Rows per page"), "10");
    assert_eq!(
        w.request(n).await,
        "/v1/workflows/logs?keyword=alpha&status=failed&page=1&limit=10"
    );

    // No request ever carries a page other than the one shown.
    assert!(w.urls().iter().all(|u| !u.contains("page=0")));
}

#[wasm_bindgen_test]
async fn reset_filters_returns_to_the_defaults() {
    let w = Widget::with(|url| ok(paged(url, 63, "r")));
    w.wait_rows(20).await;
    choose(&w.select("Status"), "failed");
    let keyword = w.input("Keyword");
    type_into(&keyword, "alpha");
    press_enter(&keyword);
    choose(&w.select("Rows per page"), "50");
    choose(&w.select("Period"), "7d");
    wait_until("a request with every filter", || {
        let u = w.last_url();
        u.contains("keyword=alpha")
            && u.contains("status=failed")
            && u.contains("limit=50")
            && u.contains("created_at__after=")
    })
    .await;
    let before = w.count();
    w.button_with_text(".dify-logs__filters", "Reset filters")
        .click();
    wait_until("a request after Reset", || w.count() > before).await;
    sleep(50).await;
    assert_eq!(w.last_url(), "/v1/workflows/logs?page=1&limit=20");
    wait_until("controls back to their defaults", || {
        w.input("Keyword").value().is_empty()
            && w.select("Status").value().is_empty()
            && w.select("Period").value() == "all"
            && w.select("Rows per page").value() == "20"
    })
    .await;
    assert!(w.input("Session ID").value().is_empty());
    assert!(w.input("Account email").value().is_empty());
}

#[wasm_bindgen_test]
async fn reset_filters_returns_to_the_mount_options() {
    let w = Widget::mount(
        json!({"apiBase": "/v1/", "pageSize": 10, "filters": {"status": "failed", "keyword": "beta"}}),
        |url| ok(paged(url, 7, "o")),
    );
    assert_eq!(
        w.request(1).await,
        "/v1/workflows/logs?keyword=beta&status=failed&page=1&limit=10"
    );
    wait_until("options shown in the controls", || {
        w.input("Keyword").value() == "beta" && w.select("Status").value() == "failed"
    })
    .await;
    assert_eq!(w.select("Rows per page").value(), "10");
    choose(&w.select("Status"), "stopped");
    w.request(2).await;
    w.button_with_text(".dify-logs__filters", "Reset filters")
        .click();
    assert_eq!(
        w.request(3).await,
        "/v1/workflows/logs?keyword=beta&status=failed&page=1&limit=10"
    );
    wait_until("status select back to the option", || {
        w.select("Status").value() == "failed"
    })
    .await;
}

#[wasm_bindgen_test]
async fn quick_typing_sends_one_request_after_the_pause() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    let keyword = w.input("Keyword");
    let mut typed = String::new();
    let mut last_input = now_ms();
    let mut longest_gap = 0.0_f64;
    for c in "abcdef".chars() {
        typed.push(c);
        let t = now_ms();
        if typed.len() > 1 {
            longest_gap = longest_gap.max(t - last_input);
        }
        type_into(&keyword, &typed);
        last_input = t;
        sleep(50).await;
    }
    // On a starved machine a 50 ms sleep can outlast the debounce; only then
    // may a request have left mid-typing.
    if longest_gap < 350.0 {
        assert_eq!(w.count(), 1, "nothing sent while typing: {:?}", w.urls());
    }
    wait_within(1_500, "the debounced keyword request", || {
        w.urls().iter().any(|u| u.contains("keyword=abcdef"))
    })
    .await;
    let waited = now_ms() - last_input;
    assert!(
        waited >= 350.0,
        "sent {waited} ms after the last key, before the pause"
    );
    assert_eq!(
        w.last_url(),
        "/v1/workflows/logs?keyword=abcdef&page=1&limit=20"
    );
    sleep(600).await;
    if longest_gap < 350.0 {
        assert_eq!(w.count(), 2, "exactly one request: {:?}", w.urls());
    }
}

// ---- 3. period

fn local_unix(y: i32, mon0: i32, d: i32, h: i32, min: i32, s: i32) -> i64 {
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(y as u32, mon0, d, h, min, s);
    (date.get_time() / 1000.0) as i64
}

fn instant(url: &str, key: &str) -> i64 {
    let v = param(url, key).unwrap_or_else(|| panic!("{key} in {url}"));
    assert!(
        v.len() >= 20 && (v.ends_with('Z') || matches!(v.as_bytes()[v.len() - 6], b'+' | b'-')),
        "{key}={v:?} is not an instant with a zone"
    );
    let ms = js_sys::Date::parse(&v);
    assert!(ms.is_finite(), "{key}={v:?} does not parse as a date");
    (ms / 1000.0) as i64
}

#[wasm_bindgen_test]
async fn custom_period_validates_and_sends_encoded_instants() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    let periods: Vec<String> = w
        .qa("select[aria-label=\"Period\"] option")
        .iter()
        .map(|o| o.get_attribute("value").unwrap_or_default())
        .collect();
    assert_eq!(periods, ["all", "today", "7d", "4w", "3m", "12m", "custom"]);
    assert!(w.q("[aria-label=\"From\"]").is_none());

    choose(&w.select("Period"), "custom");
    wait_until("From and To inputs", || {
        w.q("input[aria-label=\"From\"]").is_some() && w.q("input[aria-label=\"To\"]").is_some()
    })
    .await;
    assert_eq!(w.input("From").type_(), "datetime-local");

    change_to(&w.input("From"), "2026-11-26T10:00");
    wait_until("a request with the From instant", || {
        w.last_url().contains("created_at__after=")
    })
    .await;
    let url = w.last_url();
    assert_eq!(
        instant(&url, "created_at__after"),
        local_unix(2026, 10, 26, 10, 0, 0)
    );
    assert!(!url.contains("created_at__before"), "{url}");

    let before = w.count();
    change_to(&w.input("To"), "2026-11-26T09:00");
    wait_until("the inline From > To message", || {
        w.q(".dify-logs__invalid")
            .is_some_and(|e| text_of(&e) == "From is later than To.")
    })
    .await;
    sleep(300).await;
    assert_eq!(
        w.count(),
        before,
        "no request for an invalid range: {:?}",
        w.urls()
    );

    change_to(&w.input("To"), "2026-11-26T12:30");
    wait_until("a request with both instants", || w.count() == before + 1).await;
    let url = w.last_url();
    assert!(
        url.starts_with("/v1/workflows/logs?created_at__after="),
        "{url}"
    );
    assert!(url.ends_with("&page=1&limit=20"), "{url}");
    assert!(!url.contains('+'), "a raw + in {url} is a 400 from Dify");
    assert!(!url.contains(':'), "colons are encoded too: {url}");
    for key in ["created_at__after", "created_at__before"] {
        let v = param(&url, key).unwrap();
        assert!(
            v.ends_with('Z') || v.contains('+') || v[11..].contains('-'),
            "{key}={v} carries its zone"
        );
    }
    assert_eq!(
        instant(&url, "created_at__after"),
        local_unix(2026, 10, 26, 10, 0, 0)
    );
    // The offset is the browser's for that wall time, `+` sent as %2B.
    let offset = -js_sys::Date::new_with_year_month_day_hr_min(2026, 10, 26, 10, 0)
        .get_timezone_offset() as i32;
    let after = param(&url, "created_at__after").unwrap();
    match offset {
        0 => assert!(after.ends_with('Z') || after.ends_with("+00:00"), "{after}"),
        o if o > 0 => assert!(url.contains("%2B"), "{url}"),
        _ => assert!(after[19..].starts_with('-'), "{after}"),
    }
    // To includes its whole minute.
    assert_eq!(
        instant(&url, "created_at__before"),
        local_unix(2026, 10, 26, 12, 30, 59)
    );
    wait_until("the inline message is gone", || {
        w.q(".dify-logs__invalid").is_none()
    })
    .await;

    // Back to All time: the inputs go, so do the dates.
    choose(&w.select("Period"), "all");
    wait_until("request without dates", || {
        w.last_url() == "/v1/workflows/logs?page=1&limit=20"
    })
    .await;
    assert!(w.q("[aria-label=\"From\"]").is_none());
}

#[wasm_bindgen_test]
async fn preset_period_sends_a_range_around_now() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    choose(&w.select("Period"), "7d");
    let url = w.request(2).await;
    assert!(!url.contains('+'), "{url}");
    let after = instant(&url, "created_at__after");
    let before = instant(&url, "created_at__before");
    let now = (now_ms() / 1000.0) as i64;
    assert!(after < now && now <= before, "{after} < {now} <= {before}");
    let days = (before - after) as f64 / 86_400.0;
    assert!(
        (7.0..=8.1).contains(&days),
        "7 days back to today's end: {days}"
    );
    assert!(url.ends_with("&page=1&limit=20"));
    assert!(w.q("[aria-label=\"From\"]").is_none());
}

/// Meaningful when the browser's zone has DST (scripts/browser-tests runs the
/// suite in America/New_York too): each end carries its own offset.
#[wasm_bindgen_test]
async fn custom_range_across_a_dst_change_keeps_each_ends_offset() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    choose(&w.select("Period"), "custom");
    wait_until("From and To inputs", || {
        w.q("input[aria-label=\"From\"]").is_some() && w.q("input[aria-label=\"To\"]").is_some()
    })
    .await;
    change_to(&w.input("From"), "2026-10-31T12:00");
    w.request(2).await;
    change_to(&w.input("To"), "2026-11-02T12:00");
    let url = w.request(3).await;
    assert!(!url.contains('+'), "{url}");
    assert_eq!(
        instant(&url, "created_at__after"),
        local_unix(2026, 9, 31, 12, 0, 0),
        "{url}"
    );
    assert_eq!(
        instant(&url, "created_at__before"),
        local_unix(2026, 10, 2, 12, 0, 59),
        "{url}"
    );
}

#[wasm_bindgen_test]
async fn to_alone_sends_only_before() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    choose(&w.select("Period"), "custom");
    wait_until("the To input", || w.q("input[aria-label=\"To\"]").is_some()).await;
    change_to(&w.input("To"), "2026-11-26T18:05");
    let url = w.request(2).await;
    assert!(
        url.starts_with("/v1/workflows/logs?created_at__before="),
        "{url}"
    );
    assert!(!url.contains("created_at__after"), "{url}");
    assert_eq!(
        instant(&url, "created_at__before"),
        local_unix(2026, 10, 26, 18, 5, 59)
    );
}

// Instants from `filters.after/before` are sent exactly, not squeezed
// through the minute-precision `datetime-local` value.
#[wasm_bindgen_test]
async fn instants_from_the_options_are_sent_exactly() {
    // 09:53:21Z splits the captured app's runs 30/33 (tests/fixtures/dify/README.md).
    let w = Widget::mount(
        json!({"apiBase": "/v1", "filters": {
            "after": "2026-11-26T09:53:21Z", "before": "2026-11-26T10:00:00Z"}}),
        capture_01,
    );
    let url = w.request(1).await;
    assert!(!url.contains('+'), "{url}");
    wait_until("Custom period with From and To", || {
        w.select("Period").value() == "custom" && w.q("input[aria-label=\"From\"]").is_some()
    })
    .await;
    assert_eq!(
        instant(&url, "created_at__after"),
        1_795_686_801,
        "after must be 2026-11-26T09:53:21Z, not the minute: {url}"
    );
    assert_eq!(
        instant(&url, "created_at__before"),
        1_795_687_200,
        "before must be 2026-11-26T10:00:00Z: {url}"
    );
}

#[wasm_bindgen_test]
async fn keyword_hints_explain_dify_limits() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    assert!(w.q(".dify-logs__hint").is_none());
    let keyword = w.input("Keyword");
    type_into(&keyword, &"k".repeat(31));
    press_enter(&keyword);
    wait_until("the 30-character hint", || {
        w.qa(".dify-logs__hint")
            .iter()
            .any(|h| text_of(h).contains("first 30 characters"))
    })
    .await;
    let session = w.input("Session ID");
    type_into(&session, "user-alice");
    press_enter(&session);
    wait_until("the keyword + session hint", || {
        w.qa(".dify-logs__hint")
            .iter()
            .any(|h| text_of(h).contains("Keyword and Session ID"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_configured_page_size_outside_the_choices_is_offered() {
    let w = Widget::mount(json!({"apiBase": "/v1", "pageSize": 25}), |url| {
        ok(paged(url, 63, "sz"))
    });
    assert_eq!(w.request(1).await, "/v1/workflows/logs?page=1&limit=25");
    w.wait_rows(25).await;
    let sizes = || -> Vec<String> {
        w.qa("select[aria-label=\"Rows per page\"] option")
            .iter()
            .map(text_of)
            .collect()
    };
    assert_eq!(sizes(), ["10", "20", "25", "50", "100"]);
    assert_eq!(w.select("Rows per page").value(), "25");
    assert_eq!(w.page_label(), "Page 1 of 3");
    choose(&w.select("Rows per page"), "50");
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=1&limit=50");
    w.wait_rows(50).await;
    assert_eq!(w.select("Rows per page").value(), "50");
    w.button_with_text(".dify-logs__filters", "Reset filters")
        .click();
    assert_eq!(w.request(3).await, "/v1/workflows/logs?page=1&limit=25");
    wait_until("25 selected again", || {
        w.select("Rows per page").value() == "25"
    })
    .await;
}

// ---- 4. statuses and odd rows

#[wasm_bindgen_test]
async fn every_status_gets_its_badge_and_odd_rows_render() {
    let mut data: Vec<Value> = [
        "running",
        "succeeded",
        "failed",
        "stopped",
        "partial-succeeded",
        "paused",
        "exploded",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| entry(&format!("s{i}"), s, &format!("user-{i}")))
    .collect();
    // No run at all.
    data.push(
        json!({"id": "null-run", "workflow_run": null, "created_from": "web-app",
        "created_by_end_user": null, "created_by_account": null}),
    );
    // A run still going, and fields a newer Dify may add.
    let mut going = entry("going", "running", "user-going");
    going["workflow_run"]["finished_at"] = Value::Null;
    going["workflow_run"]["elapsed_time"] = json!(0.0);
    going["workflow_run"]["brand_new"] = json!({"nested": [1, 2]});
    going["also_new"] = json!("x");
    data.push(going);
    let body = json!({"page": 1, "limit": 20, "total": 9, "has_more": false,
        "future_field": true, "data": data});
    let w = Widget::with(move |_| ok(json_response(&body)));
    w.wait_rows(9).await;
    assert_eq!(
        w.badges(),
        [
            "Running",
            "Succeeded",
            "Failed",
            "Stopped",
            "Partial success",
            "Paused",
            "exploded",
            "Unknown",
            "Running"
        ]
    );
    let rows = w.rows();
    // null workflow_run: dashes, but the row is there.
    assert_eq!(rows[7][0], "—");
    assert_eq!(rows[7][2..6], ["—", "—", "—", "—"]);
    assert_eq!(rows[7][6], "web-app");
    // finished_at null on a running run.
    assert_eq!(rows[8][2], "running…");
    assert_eq!(rows[8][5], "user-going");
    assert_eq!(rows[1][2], "1.50 sec");
    assert_eq!(rows[1][3], "1,234");
    assert_eq!(w.total_label(), "9 runs");
    assert_eq!(w.page_label(), "Page 1 of 1");
    let classes: Vec<String> = w
        .qa("span.dify-logs__badge")
        .iter()
        .map(|b| b.class_name())
        .collect();
    assert!(
        classes[6].contains("dify-logs__badge--other"),
        "{classes:?}"
    );
    assert!(
        classes[4].contains("dify-logs__badge--partial"),
        "{classes:?}"
    );
}

// ---- 5. user column

#[wasm_bindgen_test]
async fn user_column_falls_back_session_account_email_dash() {
    let account = |name: Value, email: Value| json!({"id": "acc", "name": name, "email": email});
    let mut both = entry("a", "succeeded", "user-alice");
    both["created_by_account"] = account(json!("Local Admin"), json!("admin@example.com"));
    let mut named = entry("b", "succeeded", "");
    named["created_by_end_user"] = Value::Null;
    named["created_by_account"] = account(json!("Local Admin"), json!("admin@example.com"));
    let mut email_only = entry("c", "succeeded", "");
    email_only["created_by_end_user"]["session_id"] = Value::Null;
    email_only["created_by_account"] = account(json!(""), json!("admin@example.com"));
    let mut nobody = entry("d", "succeeded", "");
    nobody["created_by_end_user"] = Value::Null;
    let body = json!({"page": 1, "limit": 20, "total": 4, "has_more": false,
        "data": [both, named, email_only, nobody]});
    let w = Widget::with(move |_| ok(json_response(&body)));
    w.wait_rows(4).await;
    assert_eq!(
        w.users(),
        ["user-alice", "Local Admin", "admin@example.com", "—"]
    );
    let titles: Vec<String> = w
        .qa("tr.dify-logs__row .dify-logs__user")
        .iter()
        .map(|e| e.get_attribute("title").unwrap_or_default())
        .collect();
    assert_eq!(titles[0], "End user session: user-alice");
    assert_eq!(titles[1], "Account: Local Admin <admin@example.com>");
    assert_eq!(titles[2], "Account: admin@example.com");
}

// ---- 6. pagination

fn enabled(w: &Widget) -> [bool; 4] {
    ["First page", "Previous page", "Next page", "Last page"].map(|l| !w.button(l).disabled())
}

#[wasm_bindgen_test]
async fn pagination_buttons_request_the_right_pages() {
    let w = Widget::with(|url| ok(paged(url, 63, "pg")));
    w.wait_rows(20).await;
    assert_eq!(w.page_label(), "Page 1 of 4");
    assert_eq!(w.total_label(), "63 runs");
    assert_eq!(enabled(&w), [false, false, true, true]);

    w.button("Next page").click();
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=2&limit=20");
    w.wait_first_user("pg-p2-0").await;
    assert_eq!(w.page_label(), "Page 2 of 4");
    assert_eq!(enabled(&w), [true, true, true, true]);

    w.button("Last page").click();
    assert_eq!(w.request(3).await, "/v1/workflows/logs?page=4&limit=20");
    w.wait_first_user("pg-p4-0").await;
    assert_eq!(w.rows().len(), 3);
    assert_eq!(w.page_label(), "Page 4 of 4");
    assert_eq!(enabled(&w), [true, true, false, false]);

    w.button("Previous page").click();
    assert_eq!(w.request(4).await, "/v1/workflows/logs?page=3&limit=20");
    w.wait_first_user("pg-p3-0").await;
    assert_eq!(w.page_label(), "Page 3 of 4");

    w.button("First page").click();
    assert_eq!(w.request(5).await, "/v1/workflows/logs?page=1&limit=20");
    w.wait_first_user("pg-p1-0").await;
    assert_eq!(w.page_label(), "Page 1 of 4");
    assert_eq!(enabled(&w), [false, false, true, true]);

    // Disabled buttons send nothing.
    w.button("Previous page").click();
    w.button("First page").click();
    sleep(150).await;
    assert_eq!(w.count(), 5, "{:?}", w.urls());
}

/// A page change repaints once, when the rows arrive: the pager keeps
/// describing the rows on screen until then, and a quick answer never dims
/// the table. Two quick clicks still go two pages.
#[wasm_bindgen_test]
async fn a_page_change_updates_rows_and_pager_together() {
    let w = Widget::with(|url| {
        let delay = if url.contains("page=2&") { 150 } else { 20 };
        ok(paged(url, 63, "pc")).after(delay)
    });
    w.wait_rows(20).await;
    let busy = || w.q(".dify-logs__table-wrap--busy").is_some();

    w.button("Next page").click();
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=2&limit=20");
    sleep(60).await;
    assert_eq!(
        w.page_label(),
        "Page 1 of 4",
        "the pager waits for the rows"
    );
    assert_eq!(w.users()[0], "pc-p1-0");
    assert!(!busy(), "no dimming before BUSY_DELAY");
    w.wait_first_user("pc-p2-0").await;
    assert_eq!(w.page_label(), "Page 2 of 4");
    assert!(!busy());

    // Next twice before the first answer: pages 3 and 4 are asked for.
    w.button("Next page").click();
    w.button("Next page").click();
    w.wait_first_user("pc-p4-0").await;
    assert_eq!(w.page_label(), "Page 4 of 4");
    assert!(
        w.last_url().ends_with("page=4&limit=20"),
        "{}",
        w.last_url()
    );
    assert!(!busy());
}

#[wasm_bindgen_test]
async fn single_page_disables_every_page_button() {
    let w = Widget::with(|url| ok(paged(url, 5, "one")));
    w.wait_rows(5).await;
    assert_eq!(w.page_label(), "Page 1 of 1");
    assert_eq!(w.total_label(), "5 runs");
    assert_eq!(enabled(&w), [false, false, false, false]);
}

#[wasm_bindgen_test]
async fn data_shrinking_below_the_page_goes_to_the_last_page() {
    let total = Rc::new(std::cell::Cell::new(63u64));
    let t = total.clone();
    let w = Widget::with(move |url| {
        if param(url, "page").as_deref() == Some("4") {
            t.set(30); // runs were deleted since the user paged here
        }
        ok(paged(url, t.get(), "shrink"))
    });
    w.wait_rows(20).await;
    w.button("Last page").click();
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=4&limit=20");
    assert_eq!(w.request(3).await, "/v1/workflows/logs?page=2&limit=20");
    w.wait_first_user("shrink-p2-0").await;
    assert_eq!(w.page_label(), "Page 2 of 2");
    assert_eq!(w.total_label(), "30 runs");
    assert_eq!(enabled(&w), [true, true, false, false]);
    sleep(200).await;
    assert_eq!(w.count(), 3, "{:?}", w.urls());
}

// When every run is gone while the user is on page 4, the pager goes back to
// "Page 1 of 1" rather than claiming "Page 4 of 1".
#[wasm_bindgen_test]
async fn emptied_data_on_a_later_page_does_not_claim_page_4_of_1() {
    let emptied = Rc::new(std::cell::Cell::new(false));
    let e = emptied.clone();
    let w = Widget::with(move |url| {
        if param(url, "page").as_deref() == Some("4") {
            e.set(true); // every run was deleted since the user paged here
        }
        ok(paged(url, if e.get() { 0 } else { 63 }, "gone"))
    });
    w.wait_rows(20).await;
    w.button("Last page").click();
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=4&limit=20");
    wait_until("the empty state", || w.q(".dify-logs__empty").is_some()).await;
    sleep(200).await;
    assert_eq!(w.total_label(), "0 runs");
    assert_eq!(
        w.page_label(),
        "Page 1 of 1",
        "the pager should not point past the last page; requests: {:?}",
        w.urls()
    );
    assert_eq!(enabled(&w), [false, false, false, false]);
}

// ---- 7. empty state

#[wasm_bindgen_test]
async fn empty_result_offers_reset() {
    let w = Widget::with(|url| {
        if url.contains("keyword=") {
            ok(capture(captures::EMPTY_CJK))
        } else {
            ok(capture(captures::LOGS_PAGE1))
        }
    });
    w.wait_rows(20).await;
    let keyword = w.input("Keyword");
    type_into(&keyword, "你好");
    press_enter(&keyword);
    assert_eq!(
        w.request(2).await,
        "/v1/workflows/logs?keyword=%E4%BD%A0%E5%A5%BD&page=1&limit=20"
    );
    wait_until("the empty state", || {
        w.q(".dify-logs__empty")
            .is_some_and(|e| text_of(&e).contains("No runs match these filters"))
    })
    .await;
    assert!(w.rows().is_empty());
    assert!(w.alert().is_none());
    assert_eq!(w.total_label(), "0 runs");

    w.button_with_text(".dify-logs__empty", "Reset filters")
        .click();
    assert_eq!(w.request(3).await, "/v1/workflows/logs?page=1&limit=20");
    w.wait_rows(20).await;
    assert!(w.q(".dify-logs__empty").is_none());
    wait_until("keyword input cleared", || {
        w.input("Keyword").value().is_empty()
    })
    .await;
}

// ---- 8. errors

/// Loads capture 01, then makes the next request (Status = Failed) fail with
/// `fault`; checks the alert, that rows and filters stay, and that Retry with
/// the fault gone recovers.
async fn error_case(fault: Answer, title: &str, detail: &str) {
    let failing = Rc::new(RefCell::new(None::<Answer>));
    let current = failing.clone();
    let w = Widget::with(move |url| {
        if let Some(f) = current.borrow().clone() {
            return f;
        }
        if url.contains("status=failed") {
            ok(paged(url, 7, "recovered"))
        } else {
            ok(capture(captures::LOGS_PAGE1))
        }
    });
    w.wait_rows(20).await;
    *failing.borrow_mut() = Some(fault);
    choose(&w.select("Status"), "failed");
    wait_until(&format!("an alert for {title:?}"), || w.alert().is_some()).await;
    let alert = w.alert().unwrap();
    let title_el = alert
        .query_selector(".dify-logs__alert-title")
        .unwrap()
        .unwrap();
    assert!(
        text_of(&title_el).contains(title),
        "title {:?} should contain {title:?}",
        text_of(&title_el)
    );
    let detail_el = alert
        .query_selector(".dify-logs__alert-detail")
        .unwrap()
        .unwrap();
    assert!(
        text_of(&detail_el).contains(detail),
        "detail {:?} should contain {detail:?}",
        text_of(&detail_el)
    );
    let advice = alert
        .query_selector(".dify-logs__alert-advice")
        .unwrap()
        .unwrap();
    assert!(!text_of(&advice).is_empty(), "advice is shown");
    // The previous rows and the chosen filter stay.
    assert_eq!(w.rows().len(), 20, "previous rows are kept");
    assert_eq!(w.users()[0], "user-carol");
    assert_eq!(w.select("Status").value(), "failed");
    assert_eq!(w.page_label(), "Page 1 of 4");
    assert!(w.q(".dify-logs__empty").is_none());
    wait_until("the busy state ends with the error", || {
        w.q(".dify-logs__table-wrap--busy").is_none()
    })
    .await;

    // Retry with the fault gone sends the same query again and recovers.
    *failing.borrow_mut() = None;
    let failed_url = w.last_url();
    assert_eq!(
        failed_url,
        "/v1/workflows/logs?status=failed&page=1&limit=20"
    );
    let n = w.count();
    w.button_with_text("[role=\"alert\"]", "Retry").click();
    assert_eq!(w.request(n + 1).await, failed_url);
    w.wait_rows(7).await;
    wait_until("the alert is gone", || w.alert().is_none()).await;
    assert_eq!(w.users()[0], "recovered-p1-0");
    assert_eq!(w.total_label(), "7 runs");
}

#[wasm_bindgen_test]
async fn error_401_wrong_key() {
    error_case(
        ok(capture(captures::WRONG_KEY_401)),
        "The API key was rejected",
        "Access token is invalid · code unauthorized · HTTP 401",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_403_forbidden() {
    error_case(
        ok(raw(
            403,
            "application/json",
            r#"{"code":"forbidden","message":"Service API is disabled.","status":403}"#,
        )),
        "This app or its API access is disabled",
        "Service API is disabled. · code forbidden · HTTP 403",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_400_invalid_param() {
    error_case(
        ok(capture(captures::ACCOUNT_UNKNOWN_400)),
        "Dify rejected a filter",
        "Account not found: nobody@example.com · code invalid_param · HTTP 400",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_404_html_means_wrong_base() {
    error_case(ok(capture(captures::ROOT_404_HTML)), "/v1", "HTTP 404").await;
}

#[wasm_bindgen_test]
async fn error_429_rate_limited() {
    error_case(
        ok(raw(
            429,
            "application/json",
            r#"{"code":"too_many_requests","message":"Rate limit exceeded","status":429}"#,
        )),
        "Too many requests",
        "HTTP 429",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_500_server_error() {
    error_case(
        ok(capture(captures::SERVER_ERROR_500)),
        "Dify had a server error",
        "Internal Server Error · code unknown · HTTP 500",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_502_html_gateway() {
    error_case(
        ok(raw(
            502,
            "text/html",
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        )),
        "could not reach it",
        "HTTP 502",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_network() {
    error_case(
        network_error("The request could not be sent (Failed to fetch)."),
        "Could not reach the server",
        "Failed to fetch",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_200_not_json() {
    error_case(
        ok(raw(
            200,
            "text/html",
            "<!doctype html><html><body>login</body></html>",
        )),
        "The response could not be read",
        "not JSON",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_200_wrong_shape() {
    error_case(
        ok(raw(
            200,
            "application/json",
            r#"{"items":[{"id":"x"}],"total":1}"#,
        )),
        "The response could not be read",
        "no \"data\" list",
    )
    .await;
}

#[wasm_bindgen_test]
async fn error_on_first_load_then_retry() {
    let fail = Rc::new(RefCell::new(true));
    let current = fail.clone();
    let w = Widget::with(move |url| {
        if *current.borrow() {
            ok(capture(captures::WRONG_KEY_401))
        } else {
            ok(paged(url, 3, "first"))
        }
    });
    wait_until("an alert on first load", || w.alert().is_some()).await;
    assert!(w.alert_text().contains("The API key was rejected"));
    assert!(w.rows().is_empty());
    assert!(
        w.q(".dify-logs__empty").is_none(),
        "an error is not an empty result"
    );
    *fail.borrow_mut() = false;
    w.button_with_text("[role=\"alert\"]", "Retry").click();
    assert_eq!(w.request(2).await, "/v1/workflows/logs?page=1&limit=20");
    w.wait_rows(3).await;
    wait_until("the alert is gone", || w.alert().is_none()).await;
}

// ---- 9. XSS

const XSS: &str = "<img src=x onerror=window.__xss=1>";

fn xss_flag() -> JsValue {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str("__xss")).unwrap()
}

#[wasm_bindgen_test]
async fn hostile_strings_stay_text() {
    let mut by_session = entry("x1", XSS, XSS);
    by_session["workflow_run"]["error"] = json!(XSS);
    by_session["created_from"] = json!(XSS);
    let mut by_account = entry("x2", "failed", "");
    by_account["created_by_end_user"] = Value::Null;
    by_account["created_by_account"] = json!({"id": "a", "name": XSS, "email": XSS});
    by_account["workflow_run"]["error"] = json!(format!("{XSS}<script>window.__xss=2</script>"));
    let body = json!({"page": 1, "limit": 20, "total": 2, "has_more": false,
        "data": [by_session, by_account]});
    let error_body = json!({"code": XSS, "message": XSS, "status": 400}).to_string();
    let w = Widget::with(move |url| {
        if url.contains("status=failed") {
            ok(raw(400, "application/json", &error_body))
        } else {
            ok(json_response(&body))
        }
    });
    w.wait_rows(2).await;
    choose(&w.select("Status"), "failed");
    wait_until("the error alert", || w.alert().is_some()).await;
    sleep(200).await; // time for an injected image to fail and fire onerror

    assert!(
        w.qa("img").is_empty(),
        "no <img> was created: {}",
        w.root.inner_html()
    );
    assert!(w.qa("script").is_empty());
    assert!(xss_flag().is_undefined(), "window.__xss was set");
    let rows = w.rows();
    assert_eq!(rows[0][1], XSS, "status verbatim as text");
    assert_eq!(rows[0][5], XSS, "session as text");
    assert_eq!(rows[0][6], XSS, "source as text");
    assert_eq!(rows[0][7], XSS, "error as text");
    assert_eq!(rows[1][5], XSS, "account name as text");
    assert!(
        w.alert_text().contains(XSS),
        "Dify's message as text: {}",
        w.alert_text()
    );
    assert!(w.text().contains(XSS));
}

// ---- 10. out-of-order answers

#[wasm_bindgen_test]
async fn a_stale_slow_answer_never_replaces_a_newer_one() {
    let w = Widget::with(|url| {
        if url.contains("status=failed") {
            ok(paged(url, 2, "fast"))
        } else {
            ok(paged(url, 20, "slow")).after(400)
        }
    });
    w.request(1).await;
    choose(&w.select("Status"), "failed");
    assert_eq!(
        w.request(2).await,
        "/v1/workflows/logs?status=failed&page=1&limit=20"
    );
    w.wait_first_user("fast-p1-0").await;
    // Let the slow first answer arrive; it must not replace the rows.
    sleep(600).await;
    assert_eq!(w.rows().len(), 2, "users now {:?}", w.users());
    assert_eq!(w.users()[0], "fast-p1-0");
    assert_eq!(w.total_label(), "2 runs");
    assert!(w.q(".dify-logs__table-wrap--busy").is_none());
    let sent = w.sent();
    assert_eq!(sent.len(), 2, "{:?}", w.urls());
    assert!(
        sent[0].signal.as_ref().unwrap().aborted(),
        "the stale request was aborted"
    );
    assert!(!sent[1].signal.as_ref().unwrap().aborted());
}

#[wasm_bindgen_test]
async fn rapid_status_changes_show_only_the_last() {
    let w = Widget::with(|url| {
        let delay = match param(url, "status").as_deref() {
            Some("succeeded") => 300,
            Some("failed") => 150,
            _ => 0,
        };
        let tag = param(url, "status").unwrap_or_else(|| "all".into());
        ok(paged(url, 3, &tag)).after(delay)
    });
    w.wait_rows(3).await;
    choose(&w.select("Status"), "succeeded");
    w.request(2).await;
    choose(&w.select("Status"), "failed");
    w.request(3).await;
    choose(&w.select("Status"), "stopped");
    w.request(4).await;
    w.wait_first_user("stopped-p1-0").await;
    sleep(450).await;
    assert_eq!(w.users()[0], "stopped-p1-0");
    let sent = w.sent();
    assert!(sent[1].signal.as_ref().unwrap().aborted());
    assert!(sent[2].signal.as_ref().unwrap().aborted());
    assert!(!sent[3].signal.as_ref().unwrap().aborted());
}

// ---- 11. mounting

fn js_options(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn mount_error(el: &HtmlElement, options: &Value) -> String {
    match mount(el.clone().into(), js_options(options)) {
        Ok(_) => panic!("mount accepted {options}"),
        Err(e) => {
            let v: JsValue = e.into();
            let err: js_sys::Error = v.dyn_into().expect("a JS Error");
            String::from(err.message())
        }
    }
}

#[wasm_bindgen_test]
fn mount_refuses_invalid_options_and_mounts_nothing() {
    let el = new_container();
    let cases = [
        (json!({}), "apiBase is required"),
        (json!({"apiKey": "app-x"}), "apiBase is required"),
        (json!({"apiBase": "/v1", "pageSize": 0}), "1 to 100"),
        (json!({"apiBase": "/v1", "pageSize": 101}), "1 to 100"),
        (
            json!({"apiBase": "/v1", "filters": {"status": "running"}}),
            "filters.status",
        ),
        (
            json!({"apiBase": "/v1", "filters": {"status": "bogus"}}),
            "filters.status",
        ),
        (json!({"apiBase": "ftp://example.com/v1"}), "http(s)"),
        (json!("https://api.dify.ai/v1"), "options must be an object"),
    ];
    for (options, expected) in cases {
        let msg = mount_error(&el, &options);
        assert!(msg.starts_with("dify-logs: "), "{msg}");
        assert!(
            msg.contains(expected),
            "{options}: {msg:?} should mention {expected:?}"
        );
        assert_eq!(el.child_element_count(), 0, "nothing mounted for {options}");
        assert_eq!(el.inner_html(), "");
        assert!(!el.has_attribute("data-dify-logs-mounted"));
    }
    match mount(
        JsValue::from_str("#logs"),
        js_options(&json!({"apiBase": "/v1"})),
    ) {
        Ok(_) => panic!("mount accepted a string as element"),
        Err(e) => {
            let err: js_sys::Error = JsValue::from(e).dyn_into().unwrap();
            assert!(String::from(err.message()).contains("needs a DOM element"));
        }
    }
    el.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_are_independent() {
    let a = Widget::mount(json!({"apiBase": "/v1", "apiKey": "app-a"}), capture_01);
    let b = Widget::mount(
        json!({"apiBase": "https://other.example/v1", "apiKey": "app-b"}),
        |url| ok(paged(url, 5, "b")),
    );
    a.wait_rows(20).await;
    b.wait_rows(5).await;
    choose(&a.select("Status"), "failed");
    assert_eq!(
        a.request(2).await,
        "/v1/workflows/logs?status=failed&page=1&limit=20"
    );
    sleep(200).await;
    assert_eq!(b.count(), 1, "b sent nothing: {:?}", b.urls());
    assert_eq!(
        b.urls()[0],
        "https://other.example/v1/workflows/logs?page=1&limit=20"
    );
    assert_eq!(b.sent()[0].authorization.as_deref(), Some("Bearer app-b"));
    assert_eq!(a.sent()[1].authorization.as_deref(), Some("Bearer app-a"));
    assert_eq!(b.select("Status").value(), "");
    assert_eq!(b.rows().len(), 5);

    let kw = b.input("Keyword");
    type_into(&kw, "only-b");
    press_enter(&kw);
    assert!(b.request(2).await.contains("keyword=only-b"));
    sleep(100).await;
    assert_eq!(a.count(), 2);
    assert!(a.input("Keyword").value().is_empty());
}

#[wasm_bindgen_test]
async fn unmount_cancels_a_pending_debounce() {
    let mut w = Widget::with(capture_01);
    w.wait_rows(20).await;
    type_into(&w.input("Keyword"), "late");
    sleep(100).await;
    w.unmount();
    sleep(600).await;
    assert_eq!(w.count(), 1, "nothing sent after unmount: {:?}", w.urls());
    assert_eq!(w.root.inner_html(), "");
}

#[wasm_bindgen_test]
async fn unmount_removes_the_widget_and_aborts_its_request() {
    let mut w = Widget::with(capture_01);
    w.wait_rows(20).await;
    assert!(w.root.has_attribute("data-dify-logs-mounted"));

    // A second widget on the same element is refused.
    let again = mount_with(
        w.root.clone(),
        parse_options_json(&json!({"apiBase": "/v1"}).to_string()).unwrap(),
        w.api.clone(),
    );
    assert!(again.is_err());

    // Unmount while a request is in flight.
    w.respond_with(|url| ok(paged(url, 2, "late")).after(300));
    choose(&w.select("Status"), "failed");
    w.request(2).await;
    w.unmount();
    assert_eq!(w.root.child_element_count(), 0, "{}", w.root.inner_html());
    assert_eq!(w.root.inner_html(), "");
    assert!(!w.root.has_attribute("data-dify-logs-mounted"));
    assert!(
        w.sent()[1].signal.as_ref().unwrap().aborted(),
        "unmount aborts the in-flight request"
    );
    sleep(400).await;
    assert_eq!(w.root.inner_html(), "", "a late answer renders nothing");
    // Calling it twice is harmless.
    w.unmount();

    // The element can hold a new widget afterwards.
    let api = Rc::new(FakeApi {
        sent: RefCell::new(Vec::new()),
        responder: RefCell::new(Rc::new(capture_01)),
    });
    w.api = api.clone();
    w.handle = Some(
        mount_with(
            w.root.clone(),
            parse_options_json(&json!({"apiBase": "/v1"}).to_string()).unwrap(),
            api,
        )
        .expect("remounts after unmount"),
    );
    w.wait_rows(20).await;
}
