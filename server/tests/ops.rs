//! Running the proxy in production: `/healthz`, `/readyz`, the metrics
//! listener, JSON log lines and graceful shutdown on SIGTERM.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Response, StatusCode};
use axum::Router;
use common::proxy::{closed_addr, serve_proxy};
use common::sample;
use dify_logs_server::proxy::{ApiKey, Metrics, ProxyConfig};

const KEY: &str = "app-0pS-7f3a9c2e41d84b06";

/// `(path and query, Authorization)` of each request the stand-in got.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A stand-in Dify: `/v1/info` answers 200 to the right key (401 to any
/// other, or always while `refuse` is set); everything else answers `{}`
/// after `delay`.
async fn upstream(delay: Duration, refuse: Arc<AtomicBool>) -> (SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let rec = seen.clone();
    let app = Router::new().fallback(move |req: Request| {
        let rec = rec.clone();
        let refuse = refuse.clone();
        async move {
            let auth = req
                .headers()
                .get(header::AUTHORIZATION)
                .map(|v| v.to_str().unwrap().to_string());
            let uri = req.uri().to_string();
            rec.lock().unwrap().push((uri.clone(), auth.clone()));
            let status = if uri == "/v1/info" {
                let good = auth.as_deref() == Some(&format!("Bearer {KEY}"));
                if good && !refuse.load(Ordering::SeqCst) {
                    StatusCode::OK
                } else {
                    StatusCode::UNAUTHORIZED
                }
            } else {
                tokio::time::sleep(delay).await;
                StatusCode::OK
            };
            let mut r = Response::new(Body::from("{}"));
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

fn config(up: SocketAddr) -> ProxyConfig {
    let mut cfg = ProxyConfig::new(format!("http://{up}/v1"), ApiKey::new(KEY).unwrap());
    cfg.env_proxy = false;
    cfg
}

/// `GET target`: status and body.
async fn get(addr: SocketAddr, target: &str) -> (u16, String) {
    let raw = common::raw_http(
        addr,
        &format!("GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"),
    )
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    assert!(!text.contains(KEY), "the key in an answer: {text}");
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn info_checks(seen: &Seen) -> Vec<Option<String>> {
    seen.lock()
        .unwrap()
        .iter()
        .filter(|(uri, _)| uri == "/v1/info")
        .map(|(_, auth)| auth.clone())
        .collect()
}

#[tokio::test]
async fn health_and_readiness_are_not_rate_limited_and_follow_the_upstream() {
    let refuse = Arc::new(AtomicBool::new(false));
    let (up, seen) = upstream(Duration::ZERO, refuse.clone()).await;
    let mut cfg = config(up);
    cfg.rate_limit_per_minute = 1;
    cfg.readiness_interval = Duration::from_millis(150);
    let addr = serve_proxy(cfg).await;

    for _ in 0..3 {
        let (status, body) = get(addr, "/healthz").await;
        assert_eq!(
            (status, json(&body)),
            (200, serde_json::json!({"status": "ok"}))
        );
    }
    // No check happens before the first probe.
    assert!(info_checks(&seen).is_empty());
    for _ in 0..5 {
        let (status, body) = get(addr, "/readyz").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(json(&body)["status"], "ready");
    }
    // The probes share the proxy's own checks, made with the key.
    let checks = info_checks(&seen);
    assert!((1..=2).contains(&checks.len()), "{checks:?}");
    for auth in &checks {
        assert_eq!(auth.as_deref(), Some(format!("Bearer {KEY}").as_str()));
    }
    // The eight probes left the one request a minute of this client alone.
    assert_eq!(get(addr, "/v1/info").await.0, 200);
    assert_eq!(get(addr, "/v1/info").await.0, 429);
    assert_eq!(get(addr, "/healthz").await.0, 200);

    // Dify starts refusing the key: not ready at the next check.
    refuse.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (status, body) = get(addr, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    let v = json(&body);
    assert_eq!(v["status"], "not_ready");
    assert!(
        v["reason"].as_str().unwrap().contains("401"),
        "{v}: the reason names Dify's answer"
    );
    refuse.store(false, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(get(addr, "/readyz").await.0, 200);
}

#[tokio::test]
async fn not_ready_while_the_upstream_is_unreachable() {
    let addr = serve_proxy(config(closed_addr())).await;
    let (status, body) = get(addr, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    let v = json(&body);
    assert_eq!(v["status"], "not_ready");
    assert_eq!(
        v["reason"],
        "Dify refused the connection: nothing accepts connections at the host and port in --upstream. Check the port, and that Dify is running."
    );
    assert_eq!(get(addr, "/healthz").await.0, 200);
}

#[tokio::test]
async fn metrics_count_routes_latency_limits_shedding_and_in_flight() {
    let (up, _) = upstream(Duration::from_millis(600), Arc::default()).await;
    let metrics = Metrics::new();
    let mut cfg = config(up);
    cfg.metrics = Some(metrics.clone());
    cfg.max_concurrency = 1;
    cfg.rate_limit_per_minute = 4;
    let addr = serve_proxy(cfg).await;
    let (listener, maddr) = common::listen().await;
    tokio::spawn(dify_logs_server::serve(listener, metrics.router()));
    let scrape = || async move {
        let (status, body) = get(maddr, "/metrics").await;
        assert_eq!(status, 200);
        body
    };

    let slow = tokio::spawn(async move { get(addr, "/v1/workflows/logs?limit=1").await.0 });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let during = scrape().await;
    assert_eq!(
        sample(&during, "dify_proxy_requests_in_flight"),
        1.0,
        "{during}"
    );
    // The one upstream slot is taken: shed, not queued.
    let (status, body) = get(addr, "/v1/workflows/logs").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(slow.await.unwrap(), 200);
    assert_eq!(get(addr, "/v1/nope").await.0, 404);
    assert_eq!(get(addr, "/healthz").await.0, 200);
    // Four requests a minute: the fourth passes, the fifth is refused.
    assert_eq!(get(addr, "/v1/info").await.0, 200);
    assert_eq!(get(addr, "/v1/info").await.0, 429);

    let text = scrape().await;
    for (name, want) in [
        (
            r#"dify_proxy_requests_total{app="default",route="logs",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="default",route="logs",status="503"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="default",route="other_api",status="404"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="",route="health",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="default",route="info",status="200"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_requests_total{app="default",route="info",status="429"}"#,
            1.0,
        ),
        ("dify_proxy_load_shed_total", 1.0),
        ("dify_proxy_rate_limited_total", 1.0),
        ("dify_proxy_requests_in_flight", 0.0),
        (
            r#"dify_proxy_upstream_duration_seconds_count{app="default",route="logs"}"#,
            1.0,
        ),
        (
            r#"dify_proxy_upstream_duration_seconds_count{app="default",route="info"}"#,
            1.0,
        ),
    ] {
        assert_eq!(sample(&text, name), want, "{name} in\n{text}");
    }
    let slow_secs = sample(
        &text,
        r#"dify_proxy_upstream_duration_seconds_sum{app="default",route="logs"}"#,
    );
    assert!((0.55..5.0).contains(&slow_secs), "{slow_secs}");
    // The slow answer is in the 0.64 s bucket, not the 0.32 s one.
    let bucket = |le: &str| {
        sample(
            &text,
            &format!(
                r#"dify_proxy_upstream_duration_seconds_bucket{{le="{le}",app="default",route="logs"}}"#
            ),
        )
    };
    assert_eq!((bucket("0.32"), bucket("0.64")), (0.0, 1.0));
    assert!(text.ends_with("# EOF\n"));
    assert!(!text.contains(KEY));
}

// ------------------------------------------------------- the real binary

/// The proxy binary, its address and (with `--metrics-addr`) its metrics
/// address; stderr is collected as it goes.
struct Proc {
    child: Child,
    addr: SocketAddr,
    metrics: Option<SocketAddr>,
    stderr: Arc<Mutex<String>>,
}

impl Proc {
    fn start(upstream: SocketAddr, extra: &[&str]) -> Proc {
        let mut child = common::binary()
            .args(["proxy", "--upstream", &format!("http://{upstream}/v1")])
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .env("DIFY_API_KEY", KEY)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let addr = line
            .strip_prefix("dify-logs proxy listening on http://")
            .and_then(|r| r.split(' ').next())
            .unwrap_or_else(|| panic!("{line:?}"))
            .parse()
            .unwrap();
        let metrics = extra.contains(&"--metrics-addr").then(|| {
            let mut line = String::new();
            out.read_line(&mut line).unwrap();
            line.trim_end()
                .strip_prefix("dify-logs proxy metrics on http://")
                .and_then(|r| r.strip_suffix("/metrics"))
                .unwrap_or_else(|| panic!("{line:?}"))
                .parse()
                .unwrap()
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Proc {
            child,
            addr,
            metrics,
            stderr,
        }
    }

    fn sigterm(&self) {
        let ok = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM");
    }

    /// Waits up to `limit` for the process to exit; its exit code.
    fn wait(&mut self, limit: Duration) -> Option<i32> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if started.elapsed() > limit {
                let _ = self.child.kill();
                panic!("still running after {limit:?}:\n{}", self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn log(&self) -> String {
        // Give the reader thread a moment to catch up with the last lines.
        std::thread::sleep(Duration::from_millis(100));
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn json_log_lines_and_the_metrics_listener() {
    let (up, _) = upstream(Duration::ZERO, Arc::default()).await;
    let mut p = Proc::start(
        up,
        &["--log-format", "json", "--metrics-addr", "127.0.0.1:0"],
    );
    let q = "/v1/workflows/logs?created_by_end_user_session_id=sess-zq81&created_by_account=who%40corp.example&limit=2";
    assert_eq!(get(p.addr, q).await.0, 200);
    assert_eq!(get(p.addr, "/v1/nope").await.0, 404);
    let (status, text) = get(p.metrics.unwrap(), "/metrics").await;
    assert_eq!(status, 200);
    assert!(
        text.contains(r#"dify_proxy_requests_total{app="default",route="logs",status="200"} 1"#),
        "{text}"
    );
    // The metrics are not on the public port.
    assert_eq!(get(p.addr, "/metrics").await.0, 404);
    p.sigterm();
    assert_eq!(p.wait(Duration::from_secs(5)), Some(0));

    let log = p.log();
    for secret in [KEY, "sess-zq81", "who%40corp", "who@corp"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let answers: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|v| v["message"] == "response")
        .collect();
    assert_eq!(answers.len(), 3, "{log}");
    let first = answers[0];
    assert_eq!(first["status"], 200);
    assert!(first["latency_ms"].as_f64().unwrap() > 0.0);
    assert_eq!(first["span"]["method"], "GET");
    assert_eq!(first["span"]["path"], "/v1/workflows/logs");
    assert_eq!(first["span"]["client_ip"], "127.0.0.1");
    assert_eq!(first["span"]["upstream_status"], 200);
    assert_eq!(answers[1]["status"], 404);
    assert!(answers[1]["span"].get("upstream_status").is_none());
    assert!(
        lines
            .iter()
            .any(|v| v["message"].as_str().unwrap().starts_with("shutting down")),
        "{log}"
    );
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_and_refuses_new_connections() {
    let (up, _) = upstream(Duration::from_millis(1500), Arc::default()).await;
    let mut p = Proc::start(up, &[]);
    let addr = p.addr;
    let in_flight = tokio::spawn(async move { get(addr, "/v1/workflows/logs").await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    p.sigterm();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let refused = tokio::net::TcpStream::connect(addr).await;
    assert_eq!(
        refused.map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::ConnectionRefused)
    );
    let (status, body) = in_flight.await.unwrap();
    assert_eq!((status, body.as_str()), (200, "{}"));
    assert_eq!(p.wait(Duration::from_secs(5)), Some(0));
    let log = p.log();
    assert!(
        log.contains("stopped: every request in flight was answered"),
        "{log}"
    );
}

#[tokio::test]
async fn the_grace_period_bounds_the_wait() {
    let (up, _) = upstream(Duration::from_secs(8), Arc::default()).await;
    let mut p = Proc::start(up, &["--shutdown-grace-secs", "1"]);
    let addr = p.addr;
    let in_flight = tokio::spawn(async move {
        common::raw_http(
            addr,
            "GET /v1/workflows/logs HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    p.sigterm();
    assert_eq!(p.wait(Duration::from_secs(5)), Some(0));
    let took = signalled.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(4),
        "{took:?}"
    );
    // The request that could not finish gets no answer at all.
    let answer = in_flight.await.unwrap().unwrap_or_default();
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    let log = p.log();
    assert!(log.contains("cut_off=1"), "{log}");
}
