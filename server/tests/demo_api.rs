//! The demo's `/v1` API in-process: data, paging, filters, errors, headers.

mod common;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::{Method, Request};
use axum::Router;
use common::{demo, get_auth, send, send_empty, NOW};
use dify_logs_server::{build_demo, DemoConfig};

#[tokio::test]
async fn same_seed_and_now_give_identical_json() {
    let a = build_demo(&DemoConfig::new(NOW));
    let b = build_demo(&DemoConfig::new(NOW));
    let mut other = DemoConfig::new(NOW);
    other.seed = 7;
    let c = build_demo(&other);
    for uri in [
        "/v1/workflows/logs?limit=100",
        "/v1/workflows/logs?limit=100&page=7&status=failed",
        "/v1/workflows/logs?keyword=report",
    ] {
        let x = get_auth(&a.router, uri).await.body;
        let y = get_auth(&b.router, uri).await.body;
        assert_eq!(x, y, "{uri}");
        assert_ne!(x, get_auth(&c.router, uri).await.body, "{uri}");
    }
    let id = &a.data.runs[5].run_id;
    let uri = format!("/v1/workflows/run/{id}");
    assert_eq!(
        get_auth(&a.router, &uri).await.body,
        get_auth(&b.router, &uri).await.body
    );
}

#[tokio::test]
async fn every_status_and_kind_of_creator_is_served() {
    let d = demo();
    let mut statuses = HashSet::new();
    let mut roles = HashSet::new();
    let mut sessions = HashSet::new();
    let mut emails = HashSet::new();
    let mut seen = 0;
    let mut last_created = i64::MAX;
    for page in 1..=10 {
        let a = get_auth(
            &d.router,
            &format!("/v1/workflows/logs?limit=100&page={page}"),
        )
        .await;
        assert_eq!(a.status, 200);
        let v = a.json();
        assert_eq!(v["total"], 1000);
        assert_eq!(v["has_more"], page < 10);
        for e in v["data"].as_array().unwrap() {
            seen += 1;
            let created = e["created_at"].as_i64().unwrap();
            assert!(created <= last_created, "newest first");
            assert!((NOW - 30 * 86_400..=NOW).contains(&created));
            last_created = created;
            let run = &e["workflow_run"];
            statuses.insert(run["status"].as_str().unwrap().to_string());
            assert_eq!(run["triggered_from"], "app-run");
            roles.insert(e["created_by_role"].as_str().unwrap().to_string());
            if let Some(s) = e["created_by_end_user"]["session_id"].as_str() {
                sessions.insert(s.to_string());
                assert!(e["created_by_account"].is_null());
                let kind = e["created_by_end_user"]["type"].as_str().unwrap();
                let from = e["created_from"].as_str().unwrap();
                assert!(
                    (kind, from) == ("service-api", "service-api")
                        || (kind, from) == ("browser", "web-app"),
                    "{kind} {from}"
                );
            } else {
                emails.insert(
                    e["created_by_account"]["email"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
                assert_eq!(e["created_from"], "installed-app");
            }
            if run["status"] == "running" {
                assert!(run["finished_at"].is_null());
                assert_eq!(run["elapsed_time"].as_f64(), Some(0.0));
                assert_eq!(
                    (run["total_tokens"].as_i64(), run["total_steps"].as_i64()),
                    (Some(0), Some(0))
                );
            }
        }
    }
    assert_eq!(seen, 1000);
    for s in [
        "succeeded",
        "failed",
        "stopped",
        "running",
        "partial-succeeded",
        "paused",
    ] {
        assert!(statuses.contains(s), "{s} missing");
    }
    assert_eq!(roles.len(), 2);
    for s in [
        "user-alice",
        "user-bob",
        "user-carol",
        "dave@example.org",
        "abc-123-session",
    ] {
        assert!(sessions.contains(s), "{s} missing");
    }
    assert!(sessions.len() > 5);
    assert!(emails.contains("admin@example.com") && emails.contains("ops@example.com"));
}

#[tokio::test]
async fn paging_and_has_more() {
    let d = demo();
    let v = get_auth(&d.router, "/v1/workflows/logs").await.json();
    assert_eq!(
        (v["page"].as_u64(), v["limit"].as_u64()),
        (Some(1), Some(20))
    );
    assert_eq!(v["data"].as_array().unwrap().len(), 20);
    let v = get_auth(&d.router, "/v1/workflows/logs?limit=20&page=49")
        .await
        .json();
    assert_eq!(v["has_more"], true);
    let v = get_auth(&d.router, "/v1/workflows/logs?limit=20&page=50")
        .await
        .json();
    assert_eq!(v["has_more"], false);
    assert_eq!(v["data"].as_array().unwrap().len(), 20);
    let v = get_auth(&d.router, "/v1/workflows/logs?limit=20&page=99999")
        .await
        .json();
    assert_eq!(
        (v["has_more"].as_bool(), v["data"].as_array().unwrap().len()),
        (Some(false), 0)
    );
    let all = get_auth(&d.router, "/v1/workflows/logs?limit=100")
        .await
        .json();
    let p3 = get_auth(&d.router, "/v1/workflows/logs?limit=7&page=3")
        .await
        .json();
    assert_eq!(
        p3["data"].as_array().unwrap()[..],
        all["data"].as_array().unwrap()[14..21]
    );
}

#[tokio::test]
async fn every_validation_error() {
    let d = demo();
    let cases = [
        (
            "status=bogus",
            "status\n  Input should be 'succeeded', 'failed' or 'stopped'",
        ),
        ("status=running", "input_value='running'"),
        (
            "limit=0",
            "limit\n  Input should be greater than or equal to 1",
        ),
        (
            "limit=101",
            "limit\n  Input should be less than or equal to 100",
        ),
        ("limit=ten", "unable to parse string as an integer"),
        (
            "page=0",
            "page\n  Input should be greater than or equal to 1",
        ),
        (
            "page=100000",
            "page\n  Input should be less than or equal to 99999",
        ),
        ("page=1.5", "type=int_parsing"),
        (
            "created_at__after=2026-11-26T17:53:21+08:00",
            "Unused components in ISO string",
        ),
        (
            "created_at__before=2026-11-26T17:53:21+08:00",
            "Unused components in ISO string",
        ),
        (
            "created_at__after=not-a-date",
            "invalid literal for int() with base 10: b'not-'",
        ),
        (
            "created_at__before=2026-13-45T99:00:00Z",
            "month must be in 1..12",
        ),
        (
            "created_at__before=2026-02-29",
            "day is out of range for month",
        ),
        (
            "created_by_account=nobody@example.com",
            "Account not found: nobody@example.com",
        ),
    ];
    for (q, needle) in cases {
        let a = get_auth(&d.router, &format!("/v1/workflows/logs?{q}")).await;
        assert_eq!(a.status, 400, "{q}");
        let v = a.json();
        assert_eq!(v["code"], "invalid_param", "{q}");
        assert_eq!(v["status"], 400, "{q}");
        let msg = v["message"].as_str().unwrap();
        assert!(msg.contains(needle), "{q}: {msg}");
        if needle.contains("Input should") {
            assert!(
                msg.starts_with("1 validation error for WorkflowLogQuery\n"),
                "{q}"
            );
        }
    }
    let a = get_auth(
        &d.router,
        "/v1/workflows/logs?keyword=x&created_by_end_user_session_id=user-bob",
    )
    .await;
    assert_eq!(a.status, 500);
    assert_eq!(
        a.body,
        "{\"message\":\"Internal Server Error\",\"code\":\"unknown\",\"status\":500}\n"
    );
    // Validation comes before the account lookup, both after auth.
    let a = get_auth(
        &d.router,
        "/v1/workflows/logs?limit=0&created_by_account=nobody@x",
    )
    .await;
    assert!(a.json()["message"].as_str().unwrap().contains("limit"));
    let a = send_empty(&d.router, Method::GET, "/v1/workflows/logs?limit=0").await;
    assert_eq!(a.status, 401);
}

/// The `total` of an authorised `GET uri`.
async fn total(router: &Router, uri: &str) -> u64 {
    get_auth(router, uri).await.json()["total"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn filters_over_http() {
    let d = demo();
    let alpha = total(&d.router, "/v1/workflows/logs?keyword=ALPHA").await;
    assert!(alpha > 0, "keyword is case-insensitive");
    let cjk = total(&d.router, "/v1/workflows/logs?keyword=%E6%80%BB%E7%BB%93").await;
    assert_eq!(cjk, 0, "CJK never matches, like Dify");
    let accent = total(&d.router, "/v1/workflows/logs?keyword=r%C3%A9sum%C3%A9").await;
    assert_eq!(accent, 0, "non-ASCII never matches");
    let enc = total(&d.router, "/v1/workflows/logs?keyword=%5Cu603b").await;
    assert!(enc > 0, "the escaped form is what is stored");
    let mut sum = 0;
    for s in ["succeeded", "failed", "stopped"] {
        sum += total(&d.router, &format!("/v1/workflows/logs?status={s}")).await;
    }
    assert!(sum < 1000 && sum > 800);
    let day = chrono::DateTime::from_timestamp(NOW, 0)
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    let today = total(
        &d.router,
        &format!("/v1/workflows/logs?created_at__after={day}"),
    )
    .await;
    let midnight = NOW - NOW.rem_euclid(86_400);
    assert_eq!(
        today as usize,
        d.data
            .runs
            .iter()
            .filter(|r| r.log_created_at >= midnight)
            .count()
    );
    let a = get_auth(
        &d.router,
        "/v1/workflows/logs?created_by_end_user_session_id=dave@example.org&limit=100",
    )
    .await
    .json();
    for e in a["data"].as_array().unwrap() {
        assert_eq!(e["created_by_end_user"]["session_id"], "dave@example.org");
    }
    let a = get_auth(
        &d.router,
        "/v1/workflows/logs?created_by_account=ops@example.com&limit=100",
    )
    .await
    .json();
    assert!(a["total"].as_u64().unwrap() > 0);
    for e in a["data"].as_array().unwrap() {
        assert_eq!(e["created_by_account"]["name"], "Ops Bot");
    }
}

#[tokio::test]
async fn run_detail_and_info() {
    let d = demo();
    for r in d.data.runs.iter().take(60) {
        let a = get_auth(&d.router, &format!("/v1/workflows/run/{}", r.run_id)).await;
        assert_eq!(a.status, 200);
        let v = a.json();
        assert_eq!(v["id"], r.run_id.as_str());
        assert_eq!(v["status"], r.status.as_str());
        let inputs: serde_json::Value =
            serde_json::from_str(v["inputs"].as_str().unwrap()).unwrap();
        assert_eq!(inputs["sys.workflow_run_id"], r.run_id.as_str());
        assert!(inputs["query"].is_string());
        assert!(v["outputs"].is_object());
        if matches!(r.status.as_str(), "succeeded" | "partial-succeeded") {
            assert!(v["outputs"]["result"].is_string());
        } else {
            assert_eq!(v["outputs"], serde_json::json!({}));
        }
    }
    let a = get_auth(
        &d.router,
        "/v1/workflows/run/00000000-0000-0000-0000-000000000000",
    )
    .await;
    assert_eq!(a.status, 404);
    assert_eq!(
        a.body,
        "{\"code\":\"not_found\",\"message\":\"Workflow run not found.\",\"status\":404}\n"
    );
    let req = Request::get(format!("/v1/workflows/run/{}", d.data.runs[0].run_id))
        .header("authorization", "Bearer nope")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&d.router, req).await.status, 401);
    let v = get_auth(&d.router, "/v1/info").await.json();
    assert_eq!(v["name"], "dify-logs demo");
    assert_eq!(v["mode"], "workflow");
    assert_eq!(v["author_name"], "Local Admin");
    assert_eq!(v["tags"], serde_json::json!([]));
    let a = send_empty(&d.router, Method::GET, "/v1/info").await;
    assert_eq!(a.status, 401);
}

#[tokio::test]
async fn headers_cors_and_unknown_paths() {
    let d = demo();
    for uri in [
        "/v1",
        "/v1/",
        "/v1/parameters",
        "/v1/workflows",
        "/v1/workflows/logs/x",
    ] {
        let a = get_auth(&d.router, uri).await;
        assert_eq!(a.status, 404, "{uri}");
        assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(a.header("access-control-allow-origin"), Some("*"));
        assert_eq!(a.header("x-version"), Some("1.13.3"));
        assert!(a.body.contains("<title>404 Not Found</title>"));
    }
    // A browser request (with Origin) gets its origin echoed, as Flask-CORS does.
    let req = Request::get("/v1/workflows/logs?limit=1")
        .header("authorization", "Bearer app-demo")
        .header("origin", "http://localhost:3000")
        .body(Body::empty())
        .unwrap();
    let a = send(&d.router, req).await;
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert_eq!(a.header("vary"), Some("Origin, Cookie"));
    assert_eq!(a.header("x-env"), Some("DEMO"));
    assert_eq!(
        a.header("access-control-expose-headers"),
        Some("X-Env, X-Trace-Id, X-Version")
    );
    // Preflight: no auth needed, methods and requested headers echoed.
    let req = Request::options("/v1/workflows/run/abc")
        .header("origin", "https://widget.example")
        .header("access-control-request-method", "GET")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .body(Body::empty())
        .unwrap();
    let a = send(&d.router, req).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body, "");
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://widget.example")
    );
    assert_eq!(
        a.header("access-control-allow-methods"),
        Some("DELETE, GET, OPTIONS, PATCH, POST, PUT")
    );
    assert_eq!(
        a.header("access-control-allow-headers"),
        Some("authorization, content-type")
    );
    // Other methods on an API route: Flask-RESTx's JSON 405.
    let a = send_empty(&d.router, Method::POST, "/v1/workflows/logs").await;
    assert_eq!(a.status, 405);
    assert_eq!(a.json()["code"], "method_not_allowed");
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    // HEAD works like GET.
    let req = Request::head("/v1/info")
        .header("authorization", "Bearer app-demo")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&d.router, req).await.status, 200);
    // Outside /v1 without --serve-dir: nothing, and no Dify headers.
    let a = get_auth(&d.router, "/").await;
    assert_eq!(a.status, 404);
    assert!(a.header("x-version").is_none());
}

#[tokio::test]
async fn custom_key_and_count() {
    let mut cfg = DemoConfig::new(NOW);
    cfg.key = "app-other".into();
    cfg.count = 37;
    let d = build_demo(&cfg);
    assert_eq!(get_auth(&d.router, "/v1/info").await.status, 401);
    let req = Request::get("/v1/workflows/logs")
        .header("authorization", "Bearer app-other")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&d.router, req).await.json()["total"], 37);
}
