//! `dify-logs-server proxy`: the allowlist, header hygiene, upstream
//! failures, CORS, limits and the key never leaking - against a recording
//! stand-in upstream, the real demo, and the real binary.

mod common;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, Response, StatusCode};
use axum::Router;
use common::proxy::{
    assert_get_error, closed_addr, config, fetch, get, serve_proxy, spawn_proxy, start, Answer, KEY,
};
use dify_logs_server::dify;
use dify_logs_server::proxy::{self, ApiKey, ProxyConfig};
use futures_util::Stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const RUN_ID: &str = "0b9c7b6e-3c43-4a56-9d3f-1a2b3c4d5e6f";

// ---------------------------------------------------------------- helpers

/// What the stand-in upstream received.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    uri: String,
    headers: HeaderMap,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// A stand-in Dify on 127.0.0.1:0 that records every request and answers
/// with `f(path_and_query)`.
async fn upstream<F, Fut>(f: F) -> (SocketAddr, Log)
where
    F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Body>> + Send + 'static,
{
    let log: Log = Arc::default();
    let rec = log.clone();
    let app = Router::new().fallback(move |req: Request| {
        let f = f.clone();
        let rec = rec.clone();
        async move {
            let uri = req.uri().to_string();
            rec.lock().unwrap().push(Seen {
                method: req.method().to_string(),
                uri: uri.clone(),
                headers: req.headers().clone(),
            });
            f(uri).await
        }
    });
    let (listener, addr) = common::listen().await;
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, log)
}

/// A stand-in that answers every request with `{"ok":true}`.
async fn ok_upstream() -> (SocketAddr, Log) {
    upstream(|_| async { json(StatusCode::OK, r#"{"ok":true}"#) }).await
}

fn json(status: StatusCode, body: &str) -> Response<Body> {
    let mut r = Response::new(Body::from(body.to_string()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    r
}

// ------------------------------------------------------------- allowlist

#[tokio::test]
async fn allowed_routes_are_forwarded_under_the_upstream_base() {
    let (up, seen) = ok_upstream().await;
    let p = start(config(up)).await;
    let q =
        "keyword=hello%20w%C3%B6rld&status=failed&created_at__before=2026-01-01T00:00:00%2B00:00\
             &created_at__after=2025-12-01T00:00:00Z&created_by_end_user_session_id=s-1\
             &created_by_account=a%40b.c&page=2&limit=20";
    for target in [
        "/v1/workflows/logs".to_string(),
        format!("/v1/workflows/logs?{q}"),
        "/v1/workflows/logs?".to_string(),
        format!("/v1/workflows/run/{RUN_ID}"),
        format!("/v1/workflows/run/{}", RUN_ID.to_uppercase()),
        "/v1/info".to_string(),
    ] {
        let a = get(p.addr, &target).await;
        assert_eq!(a.status, 200, "{target}: {}", a.text());
        assert_eq!(a.json(), serde_json::json!({"ok": true}));
        assert_eq!(a.header("content-type"), Some("application/json"));
    }
    let a = fetch(p.addr, "HEAD", "/v1/info", &[]).await;
    assert_eq!(a.status, 200);
    let seen = seen.lock().unwrap();
    let uris: Vec<(&str, &str)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.uri.as_str()))
        .collect();
    assert_eq!(
        uris,
        [
            ("GET", "/v1/workflows/logs".to_string()),
            ("GET", format!("/v1/workflows/logs?{q}")),
            ("GET", "/v1/workflows/logs".to_string()),
            ("GET", format!("/v1/workflows/run/{RUN_ID}")),
            (
                "GET",
                format!("/v1/workflows/run/{}", RUN_ID.to_uppercase())
            ),
            ("GET", "/v1/info".to_string()),
            ("HEAD", "/v1/info".to_string()),
        ]
        .iter()
        .map(|(m, u)| (*m, u.as_str()))
        .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn refused_paths_and_methods_never_reach_the_upstream() {
    let (up, seen) = ok_upstream().await;
    let p = start(config(up)).await;
    let long_path = format!("/v1/{}", "a".repeat(1100));
    let long_query = format!("/v1/workflows/logs?keyword={}", "a".repeat(2100));
    let run = format!("/v1/workflows/run/{RUN_ID}");
    // (status, code) of the refusals.
    const NOT_FOUND: (u16, &str) = (404, "not_found");
    const INVALID: (u16, &str) = (400, "invalid_param");
    const NOT_ALLOWED: (u16, &str) = (405, "method_not_allowed");
    const TOO_LONG: (u16, &str) = (414, "uri_too_long");
    let cases: Vec<(&str, String, (u16, &str))> = vec![
        ("GET", "/".into(), NOT_FOUND),
        ("GET", "/v1".into(), NOT_FOUND),
        ("GET", "/v1/".into(), NOT_FOUND),
        ("GET", "/v1/info/".into(), NOT_FOUND),
        ("GET", "/v1/INFO".into(), NOT_FOUND),
        ("GET", "/v1/workflows/logs/".into(), NOT_FOUND),
        ("GET", "/v1/workflows/run".into(), NOT_FOUND),
        ("GET", "/v1/workflows/run/".into(), NOT_FOUND),
        ("GET", format!("{run}/x"), NOT_FOUND),
        ("GET", "/v1/workflows/run/not-a-uuid".into(), INVALID),
        (
            "GET",
            "/v1/workflows/run/0b9c7b6e3c434a569d3f1a2b3c4d5e6f".into(),
            INVALID,
        ),
        ("GET", "/v1/workflows/run/%2e%2e".into(), INVALID),
        ("GET", "/v1/chat-messages".into(), NOT_FOUND),
        ("GET", "/v1/apps/annotations".into(), NOT_FOUND),
        ("GET", "/v1/workflows/run".into(), NOT_FOUND),
        ("GET", "/v2/info".into(), NOT_FOUND),
        ("GET", "/console/api/apps".into(), NOT_FOUND),
        ("GET", "/v1/%69nfo".into(), NOT_FOUND),
        ("GET", "/v1/../v1/info".into(), INVALID),
        ("GET", "/v1/./info".into(), INVALID),
        ("GET", "/v1/%2e%2e/v1/info".into(), INVALID),
        ("GET", "/v1/workflows/%2E%2E/info".into(), INVALID),
        ("GET", "/v1/workflows/.%2e/info".into(), INVALID),
        ("GET", "/v1/workflows%2Flogs".into(), INVALID),
        ("GET", "/v1/workflows%2flogs".into(), INVALID),
        ("GET", "/v1//info".into(), INVALID),
        ("GET", "//v1/info".into(), INVALID),
        ("GET", "/v1/workflows//logs".into(), INVALID),
        ("GET", "/v1/info%5c".into(), INVALID),
        ("GET", "/v1/info%00".into(), INVALID),
        ("GET", "/v1/info%zz".into(), INVALID),
        ("GET", "/v1/workflows/logs?foo=1".into(), INVALID),
        ("GET", "/v1/workflows/logs?page=1&page=2".into(), INVALID),
        ("GET", "/v1/workflows/logs?page".into(), INVALID),
        ("GET", "/v1/workflows/logs?keyword=%zz".into(), INVALID),
        (
            "GET",
            "/v1/workflows/logs?keyword=%0d%0aX-Injected:%201".into(),
            INVALID,
        ),
        ("GET", "/v1/workflows/logs?keyword=%FF".into(), INVALID),
        ("GET", "/v1/info?user=abc".into(), INVALID),
        ("GET", format!("{run}?x=1"), INVALID),
        ("GET", long_path, TOO_LONG),
        ("GET", long_query, TOO_LONG),
        ("POST", "/v1/workflows/logs".into(), NOT_ALLOWED),
        ("PUT", "/v1/info".into(), NOT_ALLOWED),
        ("DELETE", run.clone(), NOT_ALLOWED),
        ("PATCH", "/v1/workflows/logs".into(), NOT_ALLOWED),
        ("POST", "/v1/workflows/run".into(), NOT_FOUND),
        ("POST", "/v1/chat-messages".into(), NOT_FOUND),
        ("TRACE", "/v1/info".into(), NOT_ALLOWED),
    ];
    for (method, target, (status, code)) in &cases {
        let a = fetch(p.addr, method, target, &[("Content-Length", "0")]).await;
        let label = format!("{method} {}", &target[..target.len().min(80)]);
        assert_eq!(a.status, *status, "{label}: {}", a.text());
        a.assert_error(*status, code);
        if *status == 405 {
            assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS"), "{label}");
        }
    }
    // OPTIONS (no preflight) is answered here too.
    let a = fetch(p.addr, "OPTIONS", "/v1/info", &[]).await;
    assert_eq!(a.status, 204);
    assert_eq!(a.header("allow"), Some("GET, HEAD, OPTIONS"));
    // A backslash and a raw space are refused before routing (hyper or us).
    for target in ["/v1\\info", "/v1/info\\..\\x"] {
        let a = get(p.addr, target).await;
        assert!(a.status == 400, "{target}: {}", a.status);
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "reached the upstream: {:?}",
        seen.lock().unwrap()
    );
}

#[tokio::test]
async fn oversized_request_head_is_refused() {
    let (up, seen) = ok_upstream().await;
    let mut cfg = config(up);
    cfg.allow_origins = vec!["https://dash.example.com".into()];
    let p = start(cfg).await;
    let origin = ("Origin", "https://dash.example.com");
    // Over the limits but within what is read: Dify-shaped JSON the widget
    // can show, with CORS so it can read it.
    let big = "x".repeat(20 * 1024);
    let a = fetch(p.addr, "GET", "/v1/info", &[("X-Big", &big), origin]).await;
    a.assert_error(431, "request_header_fields_too_large");
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://dash.example.com")
    );
    let long_query = format!("/v1/workflows/logs?keyword={}", "a".repeat(32 * 1024));
    let a = fetch(p.addr, "GET", &long_query, &[origin]).await;
    a.assert_error(414, "uri_too_long");
    assert!(a.header("access-control-allow-origin").is_some());
    let a = get(p.addr, &format!("/{}", "a".repeat(9 * 1024))).await;
    a.assert_error(414, "uri_too_long");
    // Past what the HTTP layer reads at all, its own bare 431.
    let huge = "x".repeat(proxy::MAX_READ_HEAD_BYTES + 1024);
    let a = fetch(p.addr, "GET", "/v1/info", &[("X-Big", &huge)]).await;
    assert_eq!(a.status, 431);
    assert!(seen.lock().unwrap().is_empty());
}

// ------------------------------------------------------- header hygiene

#[tokio::test]
async fn only_the_key_and_needed_headers_reach_the_upstream() {
    let (up, seen) = ok_upstream().await;
    let p = start(config(up)).await;
    let a = fetch(
        p.addr,
        "GET",
        "/v1/workflows/logs?limit=1",
        &[
            ("Authorization", "Bearer app-from-the-browser"),
            ("Cookie", "session=abc"),
            ("Proxy-Authorization", "Basic Zm9vOmJhcg=="),
            ("Connection", "keep-alive, X-Hop-Secret"),
            ("X-Hop-Secret", "hop"),
            ("Keep-Alive", "timeout=5"),
            ("TE", "trailers"),
            ("Trailer", "X-T"),
            ("Upgrade", "websocket"),
            ("X-Forwarded-For", "10.0.0.1"),
            ("Origin", "https://evil.example"),
            ("Referer", "https://dash.example.com/"),
            ("Accept", "text/html"),
        ],
    )
    .await;
    assert_eq!(a.status, 200);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let h = &seen[0].headers;
    let names: Vec<&str> = h.keys().map(|k| k.as_str()).collect();
    for n in &names {
        assert!(
            ["accept", "authorization", "user-agent", "host"].contains(n),
            "unexpected upstream header {n}: {names:?}"
        );
    }
    let auth: Vec<_> = h.get_all("authorization").iter().collect();
    assert_eq!(auth.len(), 1);
    assert_eq!(auth[0].to_str().unwrap(), format!("Bearer {KEY}"));
    assert_eq!(h["accept"], "application/json");
    assert!(h["user-agent"]
        .to_str()
        .unwrap()
        .starts_with("dify-logs-proxy/"));
}

#[tokio::test]
async fn upstream_cookies_hop_headers_and_cors_are_stripped() {
    let (up, _) = upstream(|_| async {
        let mut r = json(StatusCode::OK, r#"{"data":[]}"#);
        let h = r.headers_mut();
        h.insert("set-cookie", "sid=1; HttpOnly".parse().unwrap());
        h.append("set-cookie", "other=2".parse().unwrap());
        h.insert("connection", "x-hop".parse().unwrap());
        h.insert("x-hop", "1".parse().unwrap());
        h.insert("keep-alive", "timeout=5".parse().unwrap());
        h.insert("access-control-allow-origin", "*".parse().unwrap());
        h.insert("access-control-allow-credentials", "true".parse().unwrap());
        h.insert("alt-svc", "h3=\":443\"".parse().unwrap());
        h.insert("x-version", "1.13.3".parse().unwrap());
        h.insert("x-trace-id", "t-1".parse().unwrap());
        r
    })
    .await;
    let p = start(config(up)).await;
    let a = get(p.addr, "/v1/info").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.text(), r#"{"data":[]}"#);
    for gone in ["set-cookie", "x-hop", "keep-alive", "alt-svc", "vary"] {
        assert!(a.header(gone).is_none(), "{gone} passed: {:?}", a.headers);
    }
    assert!(a.cors_headers().is_empty(), "{:?}", a.headers);
    assert_eq!(a.header("x-version"), Some("1.13.3"));
    assert_eq!(a.header("x-trace-id"), Some("t-1"));
    assert_eq!(a.header("content-length"), Some("11"));
}

#[tokio::test]
async fn an_upstream_echoing_the_key_is_withheld() {
    let (up, _) =
        upstream(|_| async { json(StatusCode::OK, &format!(r#"{{"echo":"Bearer {KEY}"}}"#)) })
            .await;
    let p = start(config(up)).await;
    assert_get_error(p.addr, "/v1/info", 502, "bad_gateway").await;
    let (up, _) = upstream(|_| async {
        let mut r = json(StatusCode::OK, "{}");
        r.headers_mut().insert("x-echo", KEY.parse().unwrap());
        r
    })
    .await;
    let p = start(config(up)).await;
    assert_get_error(p.addr, "/v1/info", 502, "bad_gateway").await;
}

// ---------------------------------------------- status and body passthrough

#[tokio::test]
async fn dify_errors_pass_through_with_status_body_and_type() {
    let (up, _) = upstream(|uri| async move {
        if uri.starts_with("/v1/info") {
            dify::unauthorized("Access token is invalid")
        } else if uri.contains("limit=0") {
            dify::invalid_param("limit must be between 1 and 100")
        } else if uri.starts_with("/v1/workflows/run/") {
            dify::error_response(StatusCode::NOT_FOUND, "not_found", "Workflow run not found")
        } else {
            dify::not_found_html()
        }
    })
    .await;
    let p = start(config(up)).await;
    let a = get(p.addr, "/v1/info").await;
    assert_eq!(a.status, 401);
    assert_eq!(
        a.text(),
        "{\"code\":\"unauthorized\",\"message\":\"Access token is invalid\",\"status\":401}\n"
    );
    assert_eq!(a.header("www-authenticate"), Some("Bearer realm=\"api\""));
    assert_get_error(p.addr, "/v1/workflows/logs?limit=0", 400, "invalid_param").await;
    let a = get(p.addr, &format!("/v1/workflows/run/{RUN_ID}")).await;
    a.assert_error(404, "not_found");
    assert_eq!(a.json()["message"], "Workflow run not found");
    let a = get(p.addr, "/v1/workflows/logs").await;
    assert_eq!(a.status, 404);
    assert_eq!(a.header("content-type"), Some(dify::HTML_CONTENT_TYPE));
    assert_eq!(a.text(), dify::NOT_FOUND_HTML);
}

// ------------------------------------------------------ upstream failures

#[tokio::test]
async fn a_slow_upstream_becomes_a_504() {
    let (up, _) = upstream(|_| async {
        tokio::time::sleep(Duration::from_secs(4)).await;
        json(StatusCode::OK, "{}")
    })
    .await;
    let mut cfg = config(up);
    cfg.timeout = Duration::from_secs(1);
    let p = start(cfg).await;
    let started = std::time::Instant::now();
    assert_get_error(p.addr, "/v1/info", 504, "gateway_timeout").await;
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_slow_body_becomes_a_504() {
    let (up, _) = upstream(|_| async {
        let stream = async_stream_body();
        let mut r = Response::new(Body::from_stream(stream));
        r.headers_mut()
            .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        r
    })
    .await;
    let mut cfg = config(up);
    cfg.timeout = Duration::from_secs(1);
    let p = start(cfg).await;
    assert_get_error(p.addr, "/v1/info", 504, "gateway_timeout").await;
}

/// `{"a":` now, the rest in 5 s.
fn async_stream_body() -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    futures_util::stream::unfold(0u8, |n| async move {
        match n {
            0 => Some((Ok(Bytes::from_static(b"{\"a\":")), 1)),
            1 => {
                tokio::time::sleep(Duration::from_secs(5)).await;
                Some((Ok(Bytes::from_static(b"1}")), 2))
            }
            _ => None,
        }
    })
}

#[tokio::test]
async fn an_unreachable_upstream_becomes_a_502() {
    let closed = closed_addr();
    let p = start(config(closed)).await;
    assert_get_error(p.addr, "/v1/workflows/logs", 502, "upstream_refused").await;
}

#[tokio::test]
async fn a_too_large_upstream_body_becomes_a_502() {
    let (up, _) = upstream(|uri| async move {
        let big = format!("{{\"data\":\"{}\"}}", "x".repeat(5000));
        if uri.starts_with("/v1/info") {
            json(StatusCode::OK, &big) // with Content-Length
        } else {
            // Chunked, no length announced.
            let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = big
                .into_bytes()
                .chunks(512)
                .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
                .collect();
            Response::new(Body::from_stream(futures_util::stream::iter(chunks)))
        }
    })
    .await;
    let mut cfg = config(up);
    cfg.max_response_bytes = 4096;
    let p = start(cfg).await;
    assert_get_error(p.addr, "/v1/info", 502, "bad_gateway").await;
    assert_get_error(p.addr, "/v1/workflows/logs", 502, "bad_gateway").await;
}

#[tokio::test]
async fn a_garbled_upstream_becomes_a_502() {
    let (listener, up) = common::listen().await;
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let _ = s
                    .write_all(b"\x16\x03\x01garbage, not HTTP at all\r\n\r\n")
                    .await;
            });
        }
    });
    let p = start(config(up)).await;
    assert_get_error(p.addr, "/v1/info", 502, "bad_gateway").await;
}

#[tokio::test]
async fn an_upstream_redirect_is_not_followed() {
    let (up, seen) = upstream(|uri| async move {
        if uri.starts_with("/v1/info") {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::FOUND;
            r.headers_mut()
                .insert(header::LOCATION, "/v1/workflows/logs".parse().unwrap());
            r
        } else {
            json(StatusCode::OK, "{}")
        }
    })
    .await;
    let p = start(config(up)).await;
    let a = get(p.addr, "/v1/info").await;
    a.assert_error(502, "bad_gateway");
    assert!(a.header("location").is_none());
    assert_eq!(seen.lock().unwrap().len(), 1);
}

// ------------------------------------------------------------------- CORS

#[tokio::test]
async fn cors_only_for_allowed_origins() {
    let (up, seen) = upstream(|_| async {
        let mut r = json(StatusCode::OK, "{}");
        r.headers_mut()
            .insert("access-control-allow-origin", "*".parse().unwrap());
        r
    })
    .await;
    let mut cfg = config(up);
    cfg.allow_origins = vec![
        "https://dash.example.com".into(),
        "http://localhost:8080".into(),
    ];
    let p = start(cfg).await;

    let a = fetch(
        p.addr,
        "GET",
        "/v1/info",
        &[("Origin", "https://dash.example.com")],
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://dash.example.com")
    );
    assert_eq!(vary(&a), "origin");
    assert_eq!(
        list(a.header("access-control-expose-headers")),
        ["retry-after", "x-version"]
    );

    // Errors made by the proxy carry CORS too, so the widget can read them.
    let a = fetch(
        p.addr,
        "POST",
        "/v1/info",
        &[("Origin", "http://localhost:8080")],
    )
    .await;
    a.assert_error(405, "method_not_allowed");
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );

    for origin in [
        "https://evil.example",
        "https://dash.example.com.evil.example",
        "https://DASH.example.com",
        "http://dash.example.com",
        "null",
    ] {
        let a = fetch(p.addr, "GET", "/v1/info", &[("Origin", origin)]).await;
        assert_eq!(a.status, 200);
        assert_no_grant(&a, origin);
        assert_eq!(vary(&a), "origin");
    }
    let a = get(p.addr, "/v1/info").await;
    assert_no_grant(&a, "no origin");

    // Preflight: answered here, never forwarded.
    let before = seen.lock().unwrap().len();
    let a = fetch(
        p.addr,
        "OPTIONS",
        "/v1/workflows/logs",
        &[
            ("Origin", "https://dash.example.com"),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "authorization"),
        ],
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("https://dash.example.com")
    );
    assert_eq!(
        list(a.header("access-control-allow-methods")),
        ["GET", "OPTIONS"]
    );
    assert_eq!(
        list(a.header("access-control-allow-headers")),
        ["authorization", "content-type"]
    );
    assert_eq!(a.header("access-control-max-age"), Some("600"));
    assert_eq!(vary(&a), "origin");
    let a = fetch(
        p.addr,
        "OPTIONS",
        &format!("/v1/workflows/run/{RUN_ID}"),
        &[
            ("Origin", "https://evil.example"),
            ("Access-Control-Request-Method", "GET"),
        ],
    )
    .await;
    assert_eq!(a.status, 200);
    assert_no_grant(&a, "preflight");
    assert_eq!(seen.lock().unwrap().len(), before);
}

/// No CORS grant: the methods and headers may be listed (CorsLayer lists
/// them whatever the origin), but without `Access-Control-Allow-Origin`
/// the browser lets the page read nothing.
fn assert_no_grant(a: &Answer, label: &str) {
    for h in [
        "access-control-allow-origin",
        "access-control-allow-credentials",
    ] {
        assert!(a.header(h).is_none(), "{label}: {:?}", a.headers);
    }
}

/// The `Vary` header, lower-cased (field names are case-insensitive).
fn vary(a: &Answer) -> String {
    a.header("vary").unwrap_or_default().to_ascii_lowercase()
}

/// A comma-separated header value as its items.
fn list(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_string())
        .collect()
}

#[tokio::test]
async fn no_cors_headers_without_allow_origin() {
    let (up, _) = ok_upstream().await;
    let p = start(config(up)).await;
    let a = fetch(
        p.addr,
        "GET",
        "/v1/info",
        &[("Origin", "https://dash.example.com")],
    )
    .await;
    assert_eq!(a.status, 200);
    assert!(a.cors_headers().is_empty());
    assert!(a.header("vary").is_none());
    let a = fetch(
        p.addr,
        "OPTIONS",
        "/v1/info",
        &[
            ("Origin", "https://dash.example.com"),
            ("Access-Control-Request-Method", "GET"),
        ],
    )
    .await;
    assert!(a.cors_headers().is_empty());
}

#[test]
fn bad_origins_and_upstreams_are_refused() {
    for o in [
        "*",
        "https://dash.example.com/app",
        "dash.example.com",
        "null",
    ] {
        assert!(proxy::parse_origin(o).is_err(), "{o}");
    }
    assert!(proxy::parse_origin("https://dash.example.com").is_ok());
    for u in [
        "ftp://x/v1",
        "http://user:pw@x/v1",
        "http://x/v1?a=1",
        "not a url",
    ] {
        assert!(proxy::parse_upstream(u).is_err(), "{u}");
    }
    assert_eq!(
        proxy::parse_upstream("https://api.dify.ai/v1/")
            .unwrap()
            .as_str(),
        "https://api.dify.ai/v1"
    );
}

// ------------------------------------------------------------------ limits

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let (up, seen) = ok_upstream().await;
    let mut cfg = config(up);
    cfg.rate_limit_per_minute = 3;
    let p = start(cfg).await;
    for _ in 0..3 {
        assert_eq!(get(p.addr, "/v1/info").await.status, 200);
    }
    let a = get(p.addr, "/v1/info").await;
    a.assert_error(429, "too_many_requests");
    let retry: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    // Refused requests count too (scanners are throttled).
    assert_get_error(p.addr, "/v1/nope", 429, "too_many_requests").await;
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn concurrency_limit_answers_503() {
    let (up, _) = upstream(|_| async {
        tokio::time::sleep(Duration::from_millis(800)).await;
        json(StatusCode::OK, "{}")
    })
    .await;
    let mut cfg = config(up);
    cfg.max_concurrency = 1;
    let p = start(cfg).await;
    let first = tokio::spawn(async move { get(p.addr, "/v1/info").await.status });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = get(p.addr, "/v1/info").await;
    second.assert_error(503, "service_unavailable");
    assert_eq!(second.header("retry-after"), Some("1"));
    assert_eq!(first.await.unwrap(), 200);
}

// --------------------------------------------------------- end to end demo

#[tokio::test]
async fn proxy_in_front_of_the_demo() {
    let demo = common::demo();
    let (demo_addr, _) = common::spawn_demo_server(demo.router).await;

    let mut cfg = ProxyConfig::new(
        format!("http://{demo_addr}/v1"),
        ApiKey::new("app-demo").unwrap(),
    );
    cfg.env_proxy = false;
    let addr = serve_proxy(cfg).await;

    // The browser sends no key at all.
    let a = get(addr, "/v1/workflows/logs?limit=5&status=succeeded").await;
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    assert_eq!(v["limit"], 5);
    assert_eq!(v["data"].as_array().unwrap().len(), 5);
    assert!(v["total"].as_u64().unwrap() > 0);
    assert!(
        a.cors_headers().is_empty(),
        "demo CORS stripped: {:?}",
        a.headers
    );
    assert_eq!(a.header("x-version"), Some(dify::DIFY_VERSION));
    let id = v["data"][0]["workflow_run"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let a = get(addr, &format!("/v1/workflows/run/{id}")).await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["id"], id.as_str());
    let a = get(addr, "/v1/info").await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.json()["name"].is_string());
    // The demo's own validation passes through.
    assert_get_error(addr, "/v1/workflows/logs?limit=0", 400, "invalid_param").await;

    // A proxy with the wrong key gets the demo's 401 back.
    let mut cfg = ProxyConfig::new(
        format!("http://{demo_addr}/v1"),
        ApiKey::new("app-wrong").unwrap(),
    );
    cfg.env_proxy = false;
    let wrong = serve_proxy(cfg).await;
    assert_get_error(wrong, "/v1/info", 401, "unauthorized").await;
}

// ------------------------------------------------------------ static files

#[tokio::test]
async fn serves_the_widget_with_types_compression_and_caching() {
    let dir = common::temp_dir("proxy-static");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>w</title>").unwrap();
    std::fs::write(dir.join("dify-logs_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let js = "console.log('the dify-logs widget');\n".repeat(400);
    std::fs::write(dir.join("dify-logs.js"), &js).unwrap();
    std::fs::write(dir.join("dify-logs.css"), "body{}").unwrap();
    std::fs::create_dir_all(dir.join("v1")).unwrap();
    std::fs::write(dir.join("v1/info"), "from disk").unwrap();
    let (up, _) = ok_upstream().await;
    let mut cfg = config(up);
    cfg.serve_dir = Some(dir.clone());
    let p = start(cfg).await;

    let a = get(p.addr, "/").await;
    assert_eq!(a.status, 200);
    assert!(a.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(a.header("cache-control"), Some("no-cache"));
    let a = get(p.addr, "/index.html").await;
    assert_eq!(a.header("cache-control"), Some("no-cache"));
    let a = get(p.addr, "/dify-logs_bg.wasm").await;
    assert_eq!(a.header("content-type"), Some("application/wasm"));
    assert_eq!(a.header("cache-control"), Some("public, max-age=3600"));
    assert_eq!(a.body, b"\0asm\x01\0\0\0");
    let a = get(p.addr, "/dify-logs.css").await;
    assert_eq!(a.header("cache-control"), Some("public, max-age=3600"));
    for enc in ["gzip", "br"] {
        let a = fetch(p.addr, "GET", "/dify-logs.js", &[("Accept-Encoding", enc)]).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.header("content-encoding"), Some(enc));
        assert!(a.body.len() < js.len() / 4);
        assert_eq!(a.header("cache-control"), Some("public, max-age=3600"));
    }
    // /v1 is never a file lookup, and traversal is refused.
    let a = get(p.addr, "/v1/info").await;
    assert_eq!(a.json(), serde_json::json!({"ok": true}));
    assert_get_error(p.addr, "/../Cargo.toml", 400, "invalid_param").await;
    assert_get_error(p.addr, "/%2e%2e/%2e%2e/etc/passwd", 400, "invalid_param").await;
    let a = get(p.addr, "/missing.js").await;
    assert_eq!(a.status, 404);
    assert!(a.header("cache-control").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- the key

#[test]
fn the_key_is_redacted_in_debug_and_display() {
    let key = ApiKey::new(KEY).unwrap();
    assert_eq!(format!("{key:?}"), "<redacted>");
    assert_eq!(format!("{key}"), "<redacted>");
    let cfg = ProxyConfig::new("http://127.0.0.1:1/v1", key);
    let dbg = format!("{cfg:?}");
    assert!(!dbg.contains(KEY) && dbg.contains("<redacted>"), "{dbg}");
    assert!(ApiKey::new("  ").is_err());
    let err = ApiKey::new("app-a b").unwrap_err();
    assert!(!err.contains("app-a"), "{err}");
}

#[tokio::test]
async fn the_binary_never_prints_the_key() {
    let (up, seen) = upstream(|uri| async move {
        if uri.starts_with("/v1/info") {
            dify::unauthorized("Access token is invalid")
        } else {
            json(StatusCode::OK, "{}")
        }
    })
    .await;
    let closed = closed_addr();
    let upstream_url = format!("http://{up}/v1");
    let closed_url = format!("http://{closed}/v1");
    for (url, expect) in [(&upstream_url, 200), (&closed_url, 502)] {
        let child = spawn_proxy(
            &[
                "--upstream",
                url,
                "--addr",
                "127.0.0.1:0",
                "--rate-limit-per-minute",
                "5",
            ],
            Some(KEY),
        );
        let a = get(child.addr, "/v1/workflows/logs?keyword=x").await;
        assert_eq!(a.status, expect, "{}", a.text());
        for target in [
            "/v1/info",
            "/v1/workflows/run/nope",
            "/v1/../etc",
            "/v1/chat-messages",
        ] {
            get(child.addr, target).await;
        }
        let a = get(child.addr, "/v1/info").await; // the 6th: rate limited
        a.assert_error(429, "too_many_requests");
        let err = child.stop();
        assert!(!err.contains(KEY), "the key is in stderr:\n{err}");
        let answers: Vec<&str> = err.lines().filter(|l| l.contains("}: response ")).collect();
        assert_eq!(answers.len(), 6, "one line per request:\n{err}");
        assert!(
            answers[0].contains("method=GET path=/v1/workflows/logs client_ip=127.0.0.1")
                && answers[0].contains(&format!("}}: response status={expect} ")),
            "{err}"
        );
        assert!(!err.contains("keyword=x"), "no query in the log:\n{err}");
    }
    assert!(seen.lock().unwrap().len() >= 2);
}

#[tokio::test]
async fn the_key_file_is_read() {
    let (up, seen) = ok_upstream().await;
    let dir = common::temp_dir("proxy-keyfile");
    let file = dir.join("key");
    std::fs::write(&file, format!("{KEY}\n")).unwrap();
    let url = format!("http://{up}/v1");
    let child = spawn_proxy(
        &[
            "--upstream",
            &url,
            "--addr",
            "127.0.0.1:0",
            "--key-file",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(get(child.addr, "/v1/info").await.status, 200);
    let err = child.stop();
    assert!(!err.contains(KEY));
    assert_eq!(
        seen.lock().unwrap()[0].headers["authorization"],
        format!("Bearer {KEY}").as_str()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_or_empty_key_refuses_to_start() {
    let dir = common::temp_dir("proxy-nokey");
    let empty = dir.join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let cases: [(Option<&str>, Vec<&str>, &str); 4] = [
        (None, vec![], "DIFY_API_KEY"),
        (Some(""), vec![], "DIFY_API_KEY"),
        (Some("   "), vec![], "DIFY_API_KEY"),
        (
            Some(KEY),
            vec!["--key-file", empty.to_str().unwrap()],
            "--key-file",
        ),
    ];
    for (key, extra, needle) in cases {
        let mut cmd = common::binary();
        cmd.args([
            "proxy",
            "--upstream",
            "http://127.0.0.1:9/v1",
            "--addr",
            "127.0.0.1:0",
        ])
        .args(&extra)
        .env_remove("DIFY_API_KEY");
        if let Some(k) = key {
            cmd.env("DIFY_API_KEY", k);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{key:?} {extra:?}");
        assert!(out.stdout.is_empty(), "did not start listening");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{err}");
        assert!(!err.contains(KEY));
    }
    // The key is not a flag.
    let out = common::run_binary(&["proxy", "--upstream", "http://127.0.0.1:9/v1", "--key", "x"]);
    assert!(!out.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn proxy_help_lists_the_options() {
    let out = common::run_binary(&["proxy", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for opt in [
        "--upstream",
        "--addr",
        "127.0.0.1:8787",
        "--serve-dir",
        "--allow-origin",
        "--key-file",
        "--timeout-secs",
        "--rate-limit-per-minute",
        "--ca-file",
        "DIFY_API_KEY",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "NO_PROXY",
    ] {
        assert!(text.contains(opt), "{opt} missing:\n{text}");
    }
}
