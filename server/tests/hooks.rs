//! The `/__test/*` hooks: request log, fault injection, runs arriving while
//! a client pages, and the same-second shuffle.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request};
use common::{demo, demo_with_hooks, get_auth, raw_http, send, send_empty, spawn_demo_server};
use serde_json::json;

async fn post_fault(router: &axum::Router, spec: serde_json::Value) -> common::Answer {
    let req = Request::post("/__test/fault")
        .header("content-type", "application/json")
        .body(Body::from(spec.to_string()))
        .unwrap();
    send(router, req).await
}

#[tokio::test]
async fn hooks_are_off_by_default() {
    let d = demo();
    assert!(d.hooks.is_none());
    let a = send_empty(&d.router, Method::GET, "/__test/requests").await;
    assert_eq!(a.status, 404);
    let a = send(
        &d.router,
        Request::post("/__test/fault")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, 404);
    for path in ["/__test/insert_runs", "/__test/shuffle"] {
        assert_eq!(send_empty(&d.router, Method::GET, path).await.status, 404);
    }
}

#[tokio::test]
async fn request_log_records_decoded_params_and_auth() {
    let d = demo_with_hooks();
    let req = Request::get("/v1/workflows/logs?keyword=a+b%2Bc&page=2&keyword=%E4%BD%A0")
        .header("authorization", "Bearer app-demo")
        .header("origin", "http://127.0.0.1:8080")
        .body(Body::empty())
        .unwrap();
    send(&d.router, req).await;
    send_empty(&d.router, Method::GET, "/v1/info").await;
    // Hook routes themselves are not logged.
    let a = send_empty(&d.router, Method::GET, "/__test/requests").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    let log = a.json();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], "/v1/workflows/logs");
    assert_eq!(
        log[0]["raw_query"],
        "keyword=a+b%2Bc&page=2&keyword=%E4%BD%A0"
    );
    assert_eq!(
        log[0]["params"],
        json!([["keyword", "a b+c"], ["page", "2"], ["keyword", "\u{4f60}"]])
    );
    assert_eq!(log[0]["authorization"], "Bearer app-demo");
    assert_eq!(log[0]["origin"], "http://127.0.0.1:8080");
    assert!(log[0]["ts_ms"].as_u64().unwrap() > 1_600_000_000_000);
    assert_eq!(log[1]["authorization"], serde_json::Value::Null);
    assert_eq!(log[1]["raw_query"], "");
    let a = send_empty(&d.router, Method::DELETE, "/__test/requests").await;
    assert_eq!(a.status, 200);
    let a = send_empty(&d.router, Method::GET, "/__test/requests").await;
    assert_eq!(a.json(), json!([]));
}

#[tokio::test]
async fn each_fault_kind() {
    let d = demo_with_hooks();
    let cases: &[(&str, u16, Option<&str>, &str)] = &[
        (
            "invalid_param",
            400,
            Some("invalid_param"),
            "application/json",
        ),
        (
            "unauthorized",
            401,
            Some("unauthorized"),
            "application/json",
        ),
        ("forbidden", 403, Some("forbidden"), "application/json"),
        ("not_found_html", 404, None, "text/html; charset=utf-8"),
        (
            "rate_limited",
            429,
            Some("too_many_requests"),
            "application/json",
        ),
        ("server_error", 500, Some("unknown"), "application/json"),
        ("bad_gateway_html", 502, None, "text/html"),
        ("not_json", 200, None, "text/html; charset=utf-8"),
        ("wrong_shape", 200, None, "application/json"),
        ("delay", 200, None, "application/json"),
    ];
    for (kind, status, code, ctype) in cases {
        let a = post_fault(&d.router, json!({"kind": kind, "times": 1})).await;
        assert_eq!(a.status, 200, "{kind}: {}", a.body);
        let a = get_auth(&d.router, "/v1/workflows/logs").await;
        assert_eq!(a.status.as_u16(), *status, "{kind}");
        assert_eq!(a.header("content-type"), Some(*ctype), "{kind}");
        assert_eq!(a.header("access-control-allow-origin"), Some("*"), "{kind}");
        if let Some(code) = code {
            let v = a.json();
            assert_eq!(v["code"], *code, "{kind}");
            assert_eq!(v["status"], *status, "{kind}");
            assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        match *kind {
            "unauthorized" => {
                assert_eq!(a.header("www-authenticate"), Some("Bearer realm=\"api\""))
            }
            "not_json" => assert!(serde_json::from_str::<serde_json::Value>(&a.body).is_err()),
            "wrong_shape" => assert_eq!(a.json(), json!({"items": [1, 2]})),
            "delay" => assert_eq!(a.json()["total"], 1000),
            "not_found_html" => assert_eq!(a.body, dify_logs_server::dify::NOT_FOUND_HTML),
            "bad_gateway_html" => assert!(a.body.contains("502 Bad Gateway")),
            _ => {}
        }
        // times: 1 -> the next request is normal again.
        assert_eq!(
            get_auth(&d.router, "/v1/workflows/logs").await.status,
            200,
            "{kind}"
        );
    }
    // drop in-process: the marker that makes `serve` close the connection.
    post_fault(&d.router, json!({"kind": "drop", "times": 1})).await;
    let resp = tower::ServiceExt::oneshot(
        d.router.clone(),
        Request::get("/v1/info").body(Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    assert!(resp
        .extensions()
        .get::<dify_logs_server::demo::hooks::DropConnection>()
        .is_some());
}

#[tokio::test]
async fn times_counts_down_and_filters_apply() {
    let d = demo_with_hooks();
    post_fault(
        &d.router,
        json!({"kind": "server_error", "times": 2, "path_contains": "/run/"}),
    )
    .await;
    // Not matching the filter: untouched, and the count is not used up.
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 200);
    // Preflights never take a fault.
    let pre = Request::options("/v1/workflows/run/x")
        .header("origin", "http://a")
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&d.router, pre).await.status, 200);
    let id = d.data.runs[0].run_id.clone();
    let uri = format!("/v1/workflows/run/{id}");
    assert_eq!(get_auth(&d.router, &uri).await.status, 500);
    assert_eq!(get_auth(&d.router, &uri).await.status, 500);
    assert_eq!(get_auth(&d.router, &uri).await.status, 200);
    // Without times: until cleared.
    post_fault(&d.router, json!({"kind": "rate_limited"})).await;
    for _ in 0..3 {
        assert_eq!(get_auth(&d.router, "/v1/info").await.status, 429);
    }
    let a = send_empty(&d.router, Method::DELETE, "/__test/fault").await;
    assert_eq!(a.status, 200);
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 200);
    // A queue: the first matching fault answers first.
    post_fault(&d.router, json!({"kind": "forbidden", "times": 1})).await;
    post_fault(&d.router, json!({"kind": "unauthorized", "times": 1})).await;
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 403);
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 401);
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 200);
    // Bad specs are refused.
    for spec in [
        json!({"kind": "nope"}),
        json!({"kind": "drop", "times": 0}),
        json!({"kind": "drop", "oops": 1}),
    ] {
        let a = post_fault(&d.router, spec.clone()).await;
        assert_eq!(a.status, 400, "{spec}");
    }
}

#[tokio::test]
async fn delay_applies_to_the_next_request_only() {
    let d = demo_with_hooks();
    post_fault(
        &d.router,
        json!({"kind": "delay", "delay_ms": 300, "times": 1}),
    )
    .await;
    let t = Instant::now();
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    get_auth(&d.router, "/v1/info").await;
    assert!(t.elapsed() < Duration::from_millis(250));
    // delay_ms with another kind: late, then the fault.
    post_fault(
        &d.router,
        json!({"kind": "server_error", "delay_ms": 200, "times": 1}),
    )
    .await;
    let t = Instant::now();
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 500);
    assert!(t.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let d = demo_with_hooks();
    let (addr, server) = spawn_demo_server(d.router.clone()).await;
    let get = "GET /v1/info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer app-demo\r\nConnection: close\r\n\r\n";
    let ok = raw_http(addr, get).await.unwrap();
    assert!(String::from_utf8_lossy(&ok).starts_with("HTTP/1.1 200 OK"));
    post_fault(&d.router, json!({"kind": "drop", "times": 1})).await;
    match raw_http(addr, get).await {
        Ok(bytes) => assert!(
            bytes.is_empty(),
            "expected no answer, got {}",
            String::from_utf8_lossy(&bytes)
        ),
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset),
    }
    let ok = raw_http(addr, get).await.unwrap();
    assert!(String::from_utf8_lossy(&ok).starts_with("HTTP/1.1 200 OK"));
    server.abort();
}

#[tokio::test]
async fn hook_routes_allow_cross_origin_calls() {
    let d = demo_with_hooks();
    let req = Request::options("/__test/fault")
        .header("origin", "http://other.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap();
    let a = send(&d.router, req).await;
    assert!(a.status.is_success());
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    let a = post_fault(
        &d.router,
        json!({"kind": "delay", "delay_ms": 1, "times": 1}),
    )
    .await;
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
}

// ------------------------------------------- runs arriving, same-second order

async fn post_json(router: &axum::Router, path: &str, body: serde_json::Value) -> common::Answer {
    let req = Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(router, req).await
}

/// `(log entry id, created_at)` of each row of a logs page, and its total.
async fn page(router: &axum::Router, query: &str) -> (Vec<(String, i64)>, u64) {
    let a = get_auth(router, &format!("/v1/workflows/logs?{query}")).await;
    assert_eq!(a.status, 200, "{query}: {}", a.body);
    let v = a.json();
    let rows = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["created_at"].as_i64().unwrap(),
            )
        })
        .collect();
    (rows, v["total"].as_u64().unwrap())
}

fn ids(rows: &[(String, i64)]) -> Vec<&str> {
    rows.iter().map(|(id, _)| id.as_str()).collect()
}

#[tokio::test]
async fn runs_inserted_after_a_page_shift_offset_paging() {
    let d = demo_with_hooks();
    let newest = d.data.runs[0].log_created_at;
    let a = post_json(
        &d.router,
        "/__test/insert_runs",
        json!({"count": 5, "after_requests": 1}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        a.json(),
        json!({"pending": [{"count": 5, "after_requests": 1}], "inserted": []})
    );
    let (first, total) = page(&d.router, "limit=100&page=1").await;
    assert_eq!(
        total, 1000,
        "the page that triggers the insert does not see it"
    );
    let (second, total) = page(&d.router, "limit=100&page=2").await;
    assert_eq!(total, 1005);
    // Five new rows pushed the last five of page 1 onto page 2.
    assert_eq!(ids(&second)[..5], ids(&first)[95..]);

    let state = send_empty(&d.router, Method::GET, "/__test/insert_runs")
        .await
        .json();
    assert_eq!(state["pending"], json!([]));
    let inserted = state["inserted"].as_array().unwrap();
    assert_eq!(inserted.len(), 5);
    let second_of = inserted[0]["created_at"].as_i64().unwrap();
    assert!(second_of >= newest);
    for r in inserted {
        assert_eq!(r["created_at"], second_of, "one second for the batch");
        assert_eq!(
            r.as_object().unwrap().len(),
            3,
            "id, workflow_run_id, created_at"
        );
    }
    // They are the newest rows now, and their details can be fetched.
    let (top, _) = page(&d.router, "limit=5").await;
    let mut top_ids: Vec<&str> = ids(&top);
    let mut new_ids: Vec<&str> = inserted.iter().map(|r| r["id"].as_str().unwrap()).collect();
    top_ids.sort();
    new_ids.sort();
    assert_eq!(top_ids, new_ids);
    let run = inserted[2]["workflow_run_id"].as_str().unwrap();
    let a = get_auth(&d.router, &format!("/v1/workflows/run/{run}")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["id"], run);

    // after_requests 0 inserts at once; DELETE takes every inserted run out.
    let a = post_json(&d.router, "/__test/insert_runs", json!({"count": 2})).await;
    assert_eq!(a.json()["inserted"].as_array().unwrap().len(), 7);
    assert_eq!(page(&d.router, "limit=1").await.1, 1007);
    let a = send_empty(&d.router, Method::DELETE, "/__test/insert_runs").await;
    assert_eq!(a.status, 200);
    assert_eq!(page(&d.router, "limit=1").await.1, 1000);
}

#[tokio::test]
async fn insert_requests_are_checked() {
    let d = demo_with_hooks();
    for body in [
        json!({"count": 0}),
        json!({"count": 1001}),
        json!({"count": 1, "after_requests": 1001}),
        json!({"count": 1, "later": 2}),
        json!({"after_requests": 1}),
    ] {
        let a = post_json(&d.router, "/__test/insert_runs", body.clone()).await;
        assert_eq!(a.status, 400, "{body}: {}", a.body);
        assert!(a.json()["error"].is_string());
    }
    // A failed page does not count as answered.
    post_json(
        &d.router,
        "/__test/insert_runs",
        json!({"count": 3, "after_requests": 1}),
    )
    .await;
    let a = get_auth(&d.router, "/v1/workflows/logs?limit=0").await;
    assert_eq!(a.status, 400);
    assert_eq!(page(&d.router, "limit=1").await.1, 1000);
    assert_eq!(page(&d.router, "limit=1").await.1, 1003);
}

#[tokio::test]
async fn shuffle_reorders_runs_of_one_second_on_every_request() {
    let d = demo_with_hooks();
    let (plain, _) = page(&d.router, "limit=100").await;
    assert_eq!(
        page(&d.router, "limit=100").await.0,
        plain,
        "stable when off"
    );
    let a = post_json(&d.router, "/__test/shuffle", json!({"enabled": true})).await;
    assert_eq!(a.json(), json!({"enabled": true}));
    assert_eq!(
        send_empty(&d.router, Method::GET, "/__test/shuffle")
            .await
            .json(),
        json!({"enabled": true})
    );
    let mut orders = std::collections::HashSet::new();
    for _ in 0..6 {
        let (rows, _) = page(&d.router, "limit=100").await;
        // Row by row the seconds stay; only runs of one second trade places.
        let seconds: Vec<i64> = rows.iter().map(|r| r.1).collect();
        assert_eq!(seconds, plain.iter().map(|r| r.1).collect::<Vec<_>>());
        orders.insert(ids(&rows).join(","));
    }
    assert!(orders.len() > 1, "the order changed between requests");
    post_json(&d.router, "/__test/shuffle", json!({"enabled": false})).await;
    assert_eq!(page(&d.router, "limit=100").await.0, plain);
    let a = post_json(&d.router, "/__test/shuffle", json!({"on": true})).await;
    assert_eq!(a.status, 400);
}

/// `created_at` seconds as the ISO text a client sends.
fn iso(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Pages with `page=1..` until a short page: the ids in the order got.
async fn export_by_offset(router: &axum::Router) -> Vec<String> {
    let mut out = Vec::new();
    for n in 1.. {
        let (rows, _) = page(router, &format!("limit=100&page={n}")).await;
        let short = rows.len() < 100;
        out.extend(rows.into_iter().map(|r| r.0));
        if short {
            return out;
        }
    }
    unreachable!()
}

/// The export the widget does: each next page asks for runs at or before
/// the oldest second seen plus one (the bound at the oldest second alone
/// would do too, both ends being inclusive on whole seconds), and
/// repeated ids are dropped.
async fn export_by_cursor(router: &axum::Router) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut query = "limit=100".to_string();
    loop {
        let (rows, _) = page(router, &query).await;
        let oldest = rows.iter().map(|r| r.1).min();
        let before = out.len();
        for (id, _) in &rows {
            if seen.insert(id.clone()) {
                out.push(id.clone());
            }
        }
        match oldest {
            Some(oldest) if rows.len() == 100 && out.len() > before => {
                query = format!("limit=100&created_at__before={}", iso(oldest + 1));
            }
            _ => return out,
        }
    }
}

#[tokio::test]
async fn offset_paging_breaks_and_the_cursor_export_does_not() {
    // Runs arrive after the first page, and same-second runs are shuffled.
    let setup = || async {
        let d = demo_with_hooks();
        post_json(&d.router, "/__test/shuffle", json!({"enabled": true})).await;
        post_json(
            &d.router,
            "/__test/insert_runs",
            json!({"count": 5, "after_requests": 1}),
        )
        .await;
        d
    };
    let d = setup().await;
    let all: std::collections::HashSet<&str> =
        d.data.runs.iter().map(|r| r.log_id.as_str()).collect();
    let by_offset = export_by_offset(&d.router).await;
    let distinct: std::collections::HashSet<&str> = by_offset.iter().map(String::as_str).collect();
    assert!(
        distinct.len() < by_offset.len(),
        "offset paging repeats rows"
    );

    let d = setup().await;
    let by_cursor = export_by_cursor(&d.router).await;
    let distinct: std::collections::HashSet<&str> = by_cursor.iter().map(String::as_str).collect();
    assert_eq!(distinct.len(), by_cursor.len());
    assert_eq!(distinct, all, "every run there at the start, once");
}
