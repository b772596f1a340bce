//! `proxy --apps-file`: several apps behind one proxy, each key sent only to
//! its own upstream, `GET /apps`, unknown slugs, per-app readiness and
//! metrics - against two recording stand-in upstreams on 127.0.0.1.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Response, StatusCode};
use axum::Router;
use common::proxy::{capture_log, closed_addr, fetch, get, logged, serve_proxy};
use dify_logs_server::proxy::{ApiKey, AppConfig, Metrics, ProxyConfig};
use serde_json::json;

const KEY_A: &str = "app-AaAa-0d6c1f2b9e7a4c53";
const KEY_B: &str = "app-BbBb-5e2a8c7d1f0b4a96";
const RUN_ID: &str = "0b9c7b6e-3c43-4a56-9d3f-1a2b3c4d5e6f";

/// `(path and query, Authorization)` of each request a stand-in got.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// A stand-in Dify app whose key is `key`: `/v1/info` answers 200 to that
/// key and 401 to any other; everything else `{"app": name}`, or `body`
/// when given.
async fn upstream(
    name: &'static str,
    key: &'static str,
    body: Option<String>,
) -> (SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let rec = seen.clone();
    let app = Router::new().fallback(move |req: Request| {
        let rec = rec.clone();
        let body = body.clone();
        async move {
            let auth = req
                .headers()
                .get(header::AUTHORIZATION)
                .map_or(String::new(), |v| v.to_str().unwrap().to_string());
            let uri = req.uri().to_string();
            rec.lock().unwrap().push((uri.clone(), auth.clone()));
            let (status, text) = if uri == "/v1/info" && auth != format!("Bearer {key}") {
                (
                    StatusCode::UNAUTHORIZED,
                    r#"{"code":"unauthorized"}"#.to_string(),
                )
            } else {
                (
                    StatusCode::OK,
                    body.unwrap_or_else(|| json!({ "app": name }).to_string()),
                )
            };
            let mut r = Response::new(Body::from(text));
            *r.status_mut() = status;
            r.headers_mut()
                .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
            r
        }
    });
    let (listener, addr) = common::listen().await;
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, seen)
}

fn app(slug: &str, label: &str, up: SocketAddr, key: &str) -> AppConfig {
    AppConfig::new(
        slug,
        label,
        &format!("http://{up}/v1"),
        ApiKey::new(key).unwrap(),
    )
    .unwrap()
}

/// A proxy for apps `a` (upstream `a`, KEY_A) and `b` (upstream `b`,
/// KEY_B), the rate limit out of the way.
fn config(a: SocketAddr, b: SocketAddr) -> ProxyConfig {
    let mut cfg = ProxyConfig::for_apps(vec![
        app("a", "App A", a, KEY_A),
        app("b", "Bravo \u{e9}quipe", b, KEY_B),
    ]);
    cfg.rate_limit_per_minute = 100_000;
    cfg.env_proxy = false;
    cfg
}

/// The two apps' stand-ins and a proxy for them, its config changed by
/// `tune` first: the proxy's address and what each stand-in saw.
async fn two_apps(tune: impl FnOnce(&mut ProxyConfig)) -> (SocketAddr, Seen, Seen) {
    let (a, seen_a) = upstream("a", KEY_A, None).await;
    let (b, seen_b) = upstream("b", KEY_B, None).await;
    let mut cfg = config(a, b);
    tune(&mut cfg);
    (serve_proxy(cfg).await, seen_a, seen_b)
}

/// The Authorization headers a stand-in received.
fn keys_seen(seen: &Seen) -> Vec<String> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|(_, a)| a.clone())
        .collect()
}

fn assert_no_key_anywhere(text: &str) {
    assert!(!text.contains(KEY_A) && !text.contains(KEY_B), "{text}");
}

#[tokio::test]
async fn each_apps_key_goes_only_to_its_own_upstream() {
    capture_log();
    let (addr, seen_a, seen_b) = two_apps(|_| {}).await;

    for (target, from) in [
        ("/apps/a/v1/info", "a"),
        ("/apps/b/v1/info", "b"),
        ("/apps/a/v1/workflows/logs?limit=5&status=failed", "a"),
        ("/apps/b/v1/workflows/logs", "b"),
        (&format!("/apps/b/v1/workflows/run/{RUN_ID}") as &str, "b"),
        // `/v1` is the first app.
        ("/v1/info", "a"),
        ("/v1/workflows/logs?limit=1", "a"),
    ] {
        let r = get(addr, target).await;
        assert_eq!(r.status, 200, "{target}: {}", r.text());
        assert_eq!(r.json()["app"], from, "{target}");
        assert_no_key_anywhere(&r.text());
    }
    // Readiness checks each app with its own key too.
    assert_eq!(get(addr, "/readyz").await.status, 200);

    let uris = |seen: &Seen| -> Vec<String> {
        seen.lock()
            .unwrap()
            .iter()
            .map(|(u, _)| u.clone())
            .collect()
    };
    assert_eq!(
        uris(&seen_b),
        [
            "/v1/info".to_string(),
            "/v1/workflows/logs".into(),
            format!("/v1/workflows/run/{RUN_ID}"),
            "/v1/info".into(),
        ]
    );
    assert_eq!(uris(&seen_a).len(), 5);
    assert!(keys_seen(&seen_a)
        .iter()
        .all(|k| *k == format!("Bearer {KEY_A}")));
    assert!(keys_seen(&seen_b)
        .iter()
        .all(|k| *k == format!("Bearer {KEY_B}")));
    assert_no_key_anywhere(&logged());
}

#[tokio::test]
async fn apps_lists_slugs_and_labels_and_nothing_else() {
    let (addr, _, _) = two_apps(|_| {}).await;
    let r = get(addr, "/apps").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.json(),
        json!([{"slug": "a", "label": "App A"}, {"slug": "b", "label": "Bravo \u{e9}quipe"}])
    );
    assert!(
        !r.text().contains("127.0.0.1"),
        "no upstream in {}",
        r.text()
    );
    assert_no_key_anywhere(&r.text());
    assert_eq!(fetch(addr, "HEAD", "/apps", &[]).await.status, 200);
    get(addr, "/apps?x=1")
        .await
        .assert_error(400, "invalid_param");
    fetch(addr, "POST", "/apps", &[])
        .await
        .assert_error(405, "method_not_allowed");
}

#[tokio::test]
async fn unknown_apps_and_refused_paths_never_reach_an_upstream() {
    let (addr, seen_a, seen_b) = two_apps(|_| {}).await;

    let r = get(addr, "/apps/nope/v1/info").await;
    r.assert_error(404, "app_not_found");
    assert_eq!(
        r.json()["message"],
        "There is no app \"nope\" here: GET /apps lists the apps."
    );
    for (target, status, code) in [
        ("/apps/nope/v1/workflows/logs", 404, "app_not_found"),
        ("/apps/A/v1/info", 404, "app_not_found"),
        ("/apps/", 404, "not_found"),
        ("/apps/a", 404, "not_found"),
        ("/apps/a/v1/chat-messages", 404, "not_found"),
        ("/apps/a/v1/workflows/run/not-a-uuid", 400, "invalid_param"),
        ("/apps/a/v1/workflows/logs?foo=1", 400, "invalid_param"),
        ("/apps/a/v1/info?x=1", 400, "invalid_param"),
        ("/apps/a/v1/../../v1/info", 400, "invalid_param"),
        ("/apps/a/v1/%2e%2e/info", 400, "invalid_param"),
        ("/apps/a%2Fb/v1/info", 400, "invalid_param"),
        ("/other", 404, "not_found"),
    ] {
        get(addr, target).await.assert_error(status, code);
    }
    let r = get(addr, "/apps/a/v1/chat-messages").await;
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("/apps/a/v1/info"),
        "{}",
        r.text()
    );
    fetch(addr, "DELETE", "/apps/b/v1/info", &[])
        .await
        .assert_error(405, "method_not_allowed");
    assert_eq!(
        fetch(addr, "OPTIONS", "/apps/b/v1/info", &[]).await.status,
        204
    );
    assert!(seen_a.lock().unwrap().is_empty() && seen_b.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_single_app_proxy_has_no_apps() {
    let (a, _) = upstream("a", KEY_A, None).await;
    let mut cfg = ProxyConfig::new(format!("http://{a}/v1"), ApiKey::new(KEY_A).unwrap());
    cfg.env_proxy = false;
    let addr = serve_proxy(cfg).await;
    for target in ["/apps", "/apps/a/v1/info"] {
        let r = get(addr, target).await;
        r.assert_error(404, "not_found");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("--apps-file"),
            "{}",
            r.text()
        );
    }
    assert_eq!(get(addr, "/v1/info").await.status, 200);
}

#[tokio::test]
async fn an_answer_carrying_another_apps_key_is_withheld() {
    let (a, _) = upstream("a", KEY_A, Some(format!("{{\"leak\":\"{KEY_B}\"}}"))).await;
    let (b, _) = upstream("b", KEY_B, None).await;
    let addr = serve_proxy(config(a, b)).await;
    get(addr, "/apps/a/v1/workflows/logs")
        .await
        .assert_error(502, "bad_gateway");
}

#[tokio::test]
async fn cors_covers_the_apps_and_their_list() {
    let (addr, _, _) =
        two_apps(|cfg| cfg.allow_origins = vec!["https://dash.example.com".into()]).await;
    for target in ["/apps", "/apps/b/v1/info", "/apps/zzz/v1/info"] {
        let r = fetch(
            addr,
            "GET",
            target,
            &[("Origin", "https://dash.example.com")],
        )
        .await;
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("https://dash.example.com"),
            "{target}"
        );
        let r = fetch(addr, "GET", target, &[("Origin", "https://evil.example")]).await;
        assert_eq!(r.header("access-control-allow-origin"), None, "{target}");
    }
}

#[tokio::test]
async fn readiness_lists_every_app_and_needs_them_all() {
    let (a, _) = upstream("a", KEY_A, None).await;
    // App b's upstream takes only KEY_A: it refuses the proxy's KEY_B.
    let (b, _) = upstream("b", KEY_A, None).await;
    let mut cfg = config(a, b);
    cfg.readiness_interval = Duration::from_millis(100);
    let addr = serve_proxy(cfg).await;
    let r = get(addr, "/readyz").await;
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let refused = "Dify refused the proxy's key (HTTP 401).";
    assert_eq!(
        r.json(),
        json!({
            "status": "not_ready",
            "reason": format!("App b: {refused}"),
            "checked_secs_ago": 0,
            "apps": [
                {"slug": "a", "ready": true, "reason": null, "checked_secs_ago": 0},
                {"slug": "b", "ready": false, "reason": refused, "checked_secs_ago": 0},
            ],
        })
    );

    // An unreachable app: the reason is the 502's, naming the apps file.
    let mut cfg = config(a, closed_addr());
    cfg.readiness_interval = Duration::from_millis(100);
    let addr = serve_proxy(cfg).await;
    let v = get(addr, "/readyz").await.json();
    let reason = v["apps"][1]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("Dify refused the connection") && reason.contains("--apps-file"),
        "{v}"
    );
    let r = get(addr, "/apps/b/v1/info").await;
    r.assert_error(502, "upstream_refused");
    assert_eq!(r.json()["message"], reason);

    let (b, _) = upstream("b", KEY_B, None).await;
    let addr = serve_proxy(config(a, b)).await;
    let r = get(addr, "/readyz").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["status"], "ready");
    assert_eq!(v["apps"].as_array().unwrap().len(), 2);
    assert!(v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["ready"] == true));
}

#[tokio::test]
async fn metrics_carry_the_app_label() {
    let metrics = Metrics::new();
    let (addr, _, _) = two_apps(|cfg| cfg.metrics = Some(metrics.clone())).await;
    for target in [
        "/apps/a/v1/info",
        "/apps/b/v1/info",
        "/apps/b/v1/workflows/logs",
        "/v1/workflows/logs",
        "/apps/nope/v1/info",
        "/apps/nope-2/v1/info",
        "/apps",
    ] {
        get(addr, target).await;
    }
    let text = metrics.render();
    for (name, want) in [
        (
            r#"dify_proxy_requests_total{app="a",route="info",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="b",route="info",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="b",route="logs",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="a",route="logs",status="200"}"#,
            1.0,
        ),
        // Unknown slugs share the empty label: they cannot grow the set.
        (
            r#"dify_proxy_requests_total{app="",route="info",status="404"}"#,
            2.0,
        ),
        (
            r#"dify_proxy_requests_total{app="",route="apps",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_upstream_duration_seconds_count{app="b",route="logs"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_upstream_duration_seconds_count{app="a",route="info"}"#,
            1.0,
        ),
    ] {
        assert_eq!(common::sample(&text, name), want, "{name}");
    }
    assert!(!text.contains("nope"), "{text}");
}
