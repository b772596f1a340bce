//! `dify-logs-server proxy`: a read-only, key-holding proxy in front of a
//! real Dify, so a dashboard can call `/v1` without the app key ever
//! reaching a browser.
//!
//! It forwards only `GET`/`HEAD` of `/v1/workflows/logs`,
//! `/v1/workflows/run/{uuid}` and `/v1/info`, adds `Authorization: Bearer
//! KEY` itself and sends nothing else of the client's; everything else is
//! refused with a Dify-shaped JSON error. Upstream failures become 502/504
//! JSON bodies, and the whole thing is bounded (time-outs, body size,
//! concurrency, per-IP rate limit, URI and header size).

mod forward;
pub mod validate;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use axum::middleware::{self, Next};
use axum::Router;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use crate::dify;
use validate::{PathError, Route};

/// The Dify app key. Kept in a type whose `Debug` and `Display` print
/// `<redacted>` so it cannot end up in a log line or panic message by
/// accident.
#[derive(Clone)]
pub struct ApiKey {
    value: Arc<str>,
    bearer: HeaderValue,
}

impl ApiKey {
    /// Wraps a key; refuses an empty one or one that cannot go into a
    /// header (the error never contains the key).
    pub fn new(key: &str) -> Result<Self, String> {
        let key = key.trim();
        if key.is_empty() {
            return Err("the API key is empty".into());
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the API key contains whitespace or control characters".into());
        }
        let mut bearer = HeaderValue::from_str(&format!("Bearer {key}"))
            .map_err(|_| "the API key is not a valid header value".to_string())?;
        bearer.set_sensitive(true);
        Ok(ApiKey {
            value: key.into(),
            bearer,
        })
    }

    /// The key itself, for redaction checks only.
    pub fn expose_secret(&self) -> &str {
        &self.value
    }

    /// `Bearer KEY`, marked sensitive.
    fn bearer(&self) -> HeaderValue {
        self.bearer.clone()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Reads the key from `--key-file` if given, else from `DIFY_API_KEY`
/// (`env_value`). Flags are never a source: they show in process lists.
pub fn load_key(env_value: Option<&str>, key_file: Option<&Path>) -> Result<ApiKey, String> {
    if let Some(path) = key_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --key-file {}: {e}", path.display()))?;
        return ApiKey::new(&text).map_err(|e| format!("--key-file {}: {e}", path.display()));
    }
    match env_value.map(str::trim) {
        None | Some("") => Err(
            "DIFY_API_KEY is not set or empty: export the Dify app key (app-...) or pass --key-file PATH"
                .into(),
        ),
        Some(v) => ApiKey::new(v).map_err(|e| format!("DIFY_API_KEY: {e}")),
    }
}

/// Where the one-line-per-request log goes. Defaults to stderr; tests use
/// [`Logger::memory`] to inspect it. Lines are redacted before they get here.
#[derive(Clone)]
pub struct Logger(Arc<dyn Fn(&str) + Send + Sync>);

impl Logger {
    /// Writes each line to stderr.
    pub fn stderr() -> Self {
        Logger(Arc::new(|line| eprintln!("{line}")))
    }

    /// Discards everything.
    pub fn none() -> Self {
        Logger(Arc::new(|_| {}))
    }

    /// Collects lines in memory.
    pub fn memory() -> (Self, Arc<std::sync::Mutex<Vec<String>>>) {
        let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = lines.clone();
        let logger = Logger(Arc::new(move |line| {
            if let Ok(mut l) = sink.lock() {
                l.push(line.to_string());
            }
        }));
        (logger, lines)
    }
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Logger")
    }
}

/// Everything `dify-logs-server proxy` is configured with.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// Dify's API base, ending in `/v1` (e.g. `https://api.dify.ai/v1`).
    pub upstream: String,
    pub key: ApiKey,
    /// Also serve the built widget from this directory at `/`.
    pub serve_dir: Option<PathBuf>,
    /// Origins that get CORS headers (exact match); empty: same-origin only.
    pub allow_origins: Vec<String>,
    /// Total time for one upstream exchange, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Upstream bodies larger than this become a 502.
    pub max_response_bytes: usize,
    /// Upstream requests in flight at once; more get a 503.
    pub max_concurrency: usize,
    /// Requests per minute and client IP; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    pub logger: Logger,
}

impl ProxyConfig {
    /// The CLI defaults for an upstream and key.
    pub fn new(upstream: impl Into<String>, key: ApiKey) -> Self {
        ProxyConfig {
            upstream: upstream.into(),
            key,
            serve_dir: None,
            allow_origins: Vec::new(),
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            max_response_bytes: 4 * 1024 * 1024,
            max_concurrency: 64,
            rate_limit_per_minute: 600,
            logger: Logger::stderr(),
        }
    }
}

/// Normalises `--upstream`: http(s), no credentials, query or fragment,
/// no trailing slash.
pub fn parse_upstream(raw: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(raw.trim())
        .map_err(|e| format!("--upstream {raw:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "--upstream {raw:?}: only http and https are supported"
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "--upstream must not contain credentials; the key comes from DIFY_API_KEY".into(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "--upstream {raw:?} must not have a query or fragment"
        ));
    }
    if url.host_str().is_none() {
        return Err(format!("--upstream {raw:?} has no host"));
    }
    let trimmed = url.as_str().trim_end_matches('/').to_string();
    reqwest::Url::parse(&trimmed).map_err(|e| format!("--upstream {raw:?}: {e}"))
}

/// Checks an `--allow-origin` value: a bare `scheme://host[:port]`.
pub fn parse_origin(raw: &str) -> Result<HeaderValue, String> {
    let url = reqwest::Url::parse(raw).map_err(|e| format!("--allow-origin {raw:?}: {e}"))?;
    let origin = url.origin().ascii_serialization();
    if origin != raw.trim_end_matches('/') || origin == "null" {
        return Err(format!(
            "--allow-origin {raw:?} must be an origin like https://dash.example.com (no path, no wildcard)"
        ));
    }
    HeaderValue::from_str(&origin).map_err(|e| format!("--allow-origin {raw:?}: {e}"))
}

/// Shared state of the proxy handlers.
struct Shared {
    base: reqwest::Url,
    key: ApiKey,
    client: reqwest::Client,
    timeout: Duration,
    max_response_bytes: usize,
    concurrency: Arc<Semaphore>,
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    limiter_checks: AtomicU64,
    allow_origins: Vec<HeaderValue>,
    files: Option<Router>,
    logger: Logger,
}

impl Shared {
    /// Logs one line with the key (should it somehow be there) redacted.
    fn log(&self, line: &str) {
        let key = self.key.expose_secret();
        if line.contains(key) {
            (self.logger.0)(&line.replace(key, "<redacted>"));
        } else {
            (self.logger.0)(line);
        }
    }
}

/// Builds the proxy application for a config.
pub fn build(cfg: ProxyConfig) -> Result<Router, String> {
    let base = parse_upstream(&cfg.upstream)?;
    let allow_origins = cfg
        .allow_origins
        .iter()
        .map(|o| parse_origin(o))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(dir) = &cfg.serve_dir {
        if !dir.is_dir() {
            return Err(format!("--serve-dir {}: not a directory", dir.display()));
        }
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(cfg.connect_timeout)
        .timeout(cfg.timeout)
        // Talk to --upstream only, never to a proxy named in the environment.
        .no_proxy()
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let limiter = std::num::NonZeroU32::new(cfg.rate_limit_per_minute)
        .map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
    let files = cfg.serve_dir.as_ref().map(|dir| {
        Router::new()
            .fallback_service(ServeDir::new(dir).append_index_html_on_directories(true))
            .layer(middleware::from_fn(static_cache_headers))
    });
    let shared = Arc::new(Shared {
        base,
        key: cfg.key,
        client,
        timeout: cfg.timeout,
        max_response_bytes: cfg.max_response_bytes,
        concurrency: Arc::new(Semaphore::new(cfg.max_concurrency.max(1))),
        limiter,
        limiter_checks: AtomicU64::new(0),
        allow_origins,
        files,
        logger: cfg.logger,
    });
    Ok(Router::new()
        .fallback(entry)
        .with_state(shared)
        .layer(CompressionLayer::new()))
}

/// The one handler: logs, then dispatches.
async fn entry(State(st): State<Arc<Shared>>, req: Request) -> Response<Body> {
    let started = Instant::now();
    let method = req.method().clone();
    let mut path: String = req.uri().path().chars().take(200).collect();
    if req.uri().path().len() > 200 {
        path.push_str("...");
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let resp = dispatch(&st, req, peer).await;
    st.log(&format!(
        "proxy {} {method} {path} {} {}ms",
        peer.map_or_else(|| "-".to_string(), |p| p.to_string()),
        resp.status().as_u16(),
        started.elapsed().as_millis()
    ));
    resp
}

async fn dispatch(st: &Shared, req: Request, peer: Option<IpAddr>) -> Response<Body> {
    let path = req.uri().path();
    let is_api = path == "/v1" || path.starts_with("/v1/");
    let cors = if is_api {
        cors_origin(st, req.headers())
    } else {
        None
    };
    let mut resp = if is_api || st.files.is_none() {
        if let Some(limited) = rate_limit(st, peer) {
            limited
        } else {
            api(st, req, cors.as_ref()).await
        }
    } else if path.len() > validate::MAX_PATH_LEN {
        error(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            "The path is too long.",
        )
    } else if validate::path_is_malformed(path) {
        error(StatusCode::BAD_REQUEST, "invalid_param", "Malformed path.")
    } else if let Some(files) = &st.files {
        match files.clone().oneshot(req).await {
            Ok(r) => r,
            Err(e) => match e {},
        }
    } else {
        not_found()
    };
    if is_api {
        apply_cors(&mut resp, cors.as_ref(), !st.allow_origins.is_empty());
    }
    resp
}

/// The `Origin` of the request if it is one of `--allow-origin`.
fn cors_origin(st: &Shared, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    st.allow_origins
        .iter()
        .any(|o| o.as_bytes() == origin.as_bytes())
        .then(|| origin.clone())
}

/// CORS for allowed origins only; `Vary: Origin` whenever the answer
/// depends on it.
fn apply_cors(resp: &mut Response<Body>, origin: Option<&HeaderValue>, configured: bool) {
    let h = resp.headers_mut();
    if configured {
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After, X-Version"),
        );
    }
}

/// A Dify-shaped error.
fn error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    dify::error_response(status, code, message)
}

fn not_found() -> Response<Body> {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "The proxy forwards only /v1/workflows/logs, /v1/workflows/run/{id} and /v1/info.",
    )
}

/// The per-IP limit: `Some(429)` when exceeded. IPv6 clients are keyed by
/// their /64 so one host cannot dodge the limit by rotating addresses.
fn rate_limit(st: &Shared, peer: Option<IpAddr>) -> Option<Response<Body>> {
    let limiter = st.limiter.as_ref()?;
    let key = match peer {
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        Some(v4) => v4,
        None => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
    };
    // Forget idle clients now and then so the table stays small.
    if st.limiter_checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
    match limiter.check_key(&key) {
        Ok(()) => None,
        Err(not_until) => {
            let wait = not_until.wait_time_from(limiter.clock().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut resp = error(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "Too many requests from this client; retry after the number of seconds in Retry-After.",
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
            Some(resp)
        }
    }
}

/// `/v1...` (and, without `--serve-dir`, everything else).
async fn api(st: &Shared, req: Request, cors: Option<&HeaderValue>) -> Response<Body> {
    let uri = req.uri();
    let path = uri.path();
    let query = uri.query();
    if path.len() > validate::MAX_PATH_LEN
        || query.is_some_and(|q| q.len() > validate::MAX_QUERY_LEN)
    {
        return error(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            "The request URI is too long.",
        );
    }
    if validate::path_is_malformed(path) {
        return error(StatusCode::BAD_REQUEST, "invalid_param", "Malformed path.");
    }
    let route = match validate::match_route(path) {
        Ok(r) => r,
        Err(PathError::NotFound) => return not_found(),
        Err(PathError::BadRunId) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_param",
                "The workflow run id must be a UUID.",
            )
        }
    };
    let method = req.method();
    if method == Method::OPTIONS {
        return options(req.headers(), cors);
    }
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed();
    }
    let query = query.unwrap_or("");
    match route {
        Route::Logs => {
            if let Err(msg) = validate::validate_logs_query(query) {
                return error(StatusCode::BAD_REQUEST, "invalid_param", msg);
            }
        }
        Route::Run(_) | Route::Info => {
            if !query.is_empty() {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid_param",
                    "This endpoint takes no query parameters.",
                );
            }
        }
    }
    forward::forward(st, method.clone(), &route, query).await
}

/// `OPTIONS` on a forwarded route: answered here, never upstream. A CORS
/// preflight from an allowed origin gets the allowed methods and headers.
fn options(headers: &HeaderMap, cors: Option<&HeaderValue>) -> Response<Body> {
    let mut resp = dify::with_allow(Response::new(Body::empty()));
    *resp.status_mut() = StatusCode::NO_CONTENT;
    let h = resp.headers_mut();
    if cors.is_some() && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD) {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    resp
}

fn method_not_allowed() -> Response<Body> {
    dify::with_allow(error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "The proxy is read-only: only GET, HEAD and OPTIONS are allowed.",
    ))
}

/// Caching for the widget's files: the page is revalidated every time,
/// the assets (stable names, so not immutable) for an hour.
async fn static_cache_headers(req: Request, next: Next) -> Response<Body> {
    let path = req.uri().path().to_string();
    let mut resp = next.run(req).await;
    let ok = resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED;
    if ok {
        let value = if path.ends_with('/') || path.ends_with(".html") {
            Some("no-cache")
        } else if [".js", ".wasm", ".css"].iter().any(|e| path.ends_with(e)) {
            Some("public, max-age=3600")
        } else {
            None
        };
        if let Some(v) = value {
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(v));
        }
    }
    resp
}

/// Longest request head (request line plus headers) accepted; hyper
/// answers 431 beyond it.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Serves the proxy on `listener` until the task is dropped: HTTP/1.1,
/// the client address made available for the rate limit, a bounded
/// request head and a header read time-out against slow clients.
pub async fn serve(listener: TcpListener, router: Router) {
    crate::accept_loop(listener, move |stream, peer| {
        let router = router.clone();
        async move {
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                router.clone().oneshot(req)
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(MAX_HEAD_BYTES)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        }
    })
    .await
}
