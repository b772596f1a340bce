//! The `/__test/*` hooks: request log and fault injection.

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
