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
//!
//! The stack, outermost first: the request log (`TraceLayer`), metrics,
//! compression; then `/healthz` and `/readyz`; `/v1` behind CORS
//! (`CorsLayer`) and the per-client rate limit; the upstream exchange
//! behind a concurrency limit that sheds load (`ConcurrencyLimitLayer`,
//! `LoadShedLayer`); the widget's files with their cache headers
//! (`SetResponseHeaderLayer`).

pub mod cause;
pub mod client;
mod config;
mod forward;
pub mod health;
pub mod log;
pub mod metrics;
pub mod validate;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, Response, StatusCode};
use axum::middleware;
use axum::routing::{any, get};
use axum::Router;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tower::{ServiceBuilder, ServiceExt};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::metrics::InFlightRequestsLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{dify, Stopped};
pub use config::{load_key, parse_origin, parse_upstream, ApiKey, ProxyConfig};
use forward::{Target, Upstream};
pub use log::LogFormat;
pub use metrics::Metrics;
use validate::{PathError, Route};

/// State shared by the handlers, the upstream exchange and the readiness
/// checker.
pub(crate) struct Shared {
    base: reqwest::Url,
    key: ApiKey,
    client: reqwest::Client,
    /// What failure messages may mention: the route, the connect time-out.
    context: cause::Context,
    timeout: Duration,
    max_response_bytes: usize,
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    limiter_checks: AtomicU64,
    metrics: Option<Metrics>,
    readiness: health::Readiness,
}

/// What the `/v1` handler needs: the state for the rate limit, and the
/// upstream service.
#[derive(Clone)]
struct Api {
    shared: Arc<Shared>,
    upstream: Upstream,
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
    let (client, route) = client::build(
        &base,
        &client::ClientOptions {
            ca_files: &cfg.ca_files,
            env_proxy: cfg.env_proxy,
            connect_timeout: cfg.connect_timeout,
            timeout: cfg.timeout,
        },
    )?;
    let limiter = std::num::NonZeroU32::new(cfg.rate_limit_per_minute)
        .map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
    let shared = Arc::new(Shared {
        base,
        key: cfg.key,
        client,
        context: cause::Context {
            route,
            connect_timeout: cfg.connect_timeout,
        },
        timeout: cfg.timeout,
        max_response_bytes: cfg.max_response_bytes,
        limiter,
        limiter_checks: AtomicU64::new(0),
        metrics: cfg.metrics.clone(),
        readiness: health::Readiness::new(cfg.readiness_interval),
    });
    let api = any(api).with_state(Api {
        shared: shared.clone(),
        upstream: forward::upstream(shared.clone(), cfg.max_concurrency),
    });
    let mut v1 = api.clone();
    if !allow_origins.is_empty() {
        v1 = v1.layer(cors(allow_origins));
    }
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/v1", v1.clone())
        .route("/v1/", v1.clone())
        .route("/v1/{*rest}", v1);
    router = match &cfg.serve_dir {
        Some(dir) => router.fallback_service(static_files(dir)),
        // Without files everything is an API path, refused with JSON.
        None => router.fallback_service(api.with_state(shared.clone())),
    };
    let router = router.with_state(shared);
    // One `layer` call per stack: each call boxes every route once more.
    Ok(match cfg.metrics {
        Some(m) => router.layer(
            ServiceBuilder::new()
                .layer(log::trace_layer())
                .layer(middleware::from_fn_with_state(
                    m.clone(),
                    metrics::count_requests,
                ))
                .layer(InFlightRequestsLayer::new(m.in_flight_counter()))
                .layer(CompressionLayer::new()),
        ),
        None => router.layer(
            ServiceBuilder::new()
                .layer(log::trace_layer())
                .layer(CompressionLayer::new()),
        ),
    })
}

/// CORS for the exact `--allow-origin` list. `Vary: Origin` goes on every
/// `/v1` answer, since whether it carries CORS depends on the origin.
fn cors(origins: Vec<HeaderValue>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::OPTIONS])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([header::RETRY_AFTER, HeaderName::from_static("x-version")])
        .max_age(Duration::from_secs(600))
        .vary([header::ORIGIN])
}

/// The widget's files under `--serve-dir`, after the path checks.
fn static_files(dir: &Path) -> Router {
    let files = Router::new()
        .fallback_service(ServeDir::new(dir).append_index_html_on_directories(true))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            cache_control,
        ));
    Router::new().fallback(move |req: Request| {
        let files = files.clone();
        async move {
            let path = req.uri().path();
            if let Some(resp) = oversized_head(&req) {
                resp
            } else if path.len() > validate::MAX_PATH_LEN {
                error(
                    StatusCode::URI_TOO_LONG,
                    "uri_too_long",
                    "The path is too long.",
                )
            } else if validate::path_is_malformed(path) {
                error(StatusCode::BAD_REQUEST, "invalid_param", "Malformed path.")
            } else {
                match files.oneshot(req).await {
                    Ok(r) => r,
                    Err(e) => match e {},
                }
            }
        }
    })
}

/// Caching for the widget's files: the page is revalidated every time,
/// the assets (stable names, so not immutable) kept for an hour.
fn cache_control(resp: &Response<Body>) -> Option<HeaderValue> {
    if !resp.status().is_success() {
        return None;
    }
    let mime = resp.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mime = mime.split(';').next()?.trim();
    match mime {
        "text/html" => Some(HeaderValue::from_static("no-cache")),
        "text/javascript" | "application/javascript" | "application/wasm" | "text/css" => {
            Some(HeaderValue::from_static("public, max-age=3600"))
        }
        _ => None,
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

/// Longest request URI (path and query), in bytes; longer ones get a 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Longest request head (request line plus headers) answered with more
/// than an error; longer ones get a 431, both as Dify-shaped JSON.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// The most hyper reads of a request head before it answers a bare 431
/// itself: well past [`MAX_HEAD_BYTES`], so that only absurd heads miss
/// the JSON answer.
pub const MAX_READ_HEAD_BYTES: usize = 64 * 1024;

/// The 414 or 431 for a request whose URI or head is over the limits.
fn oversized_head(req: &Request) -> Option<Response<Body>> {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return Some(error(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            "The request URI is too long.",
        ));
    }
    // The request line plus each `name: value\r\n`, as sent.
    let head = req.method().as_str().len()
        + uri_len
        + 12
        + req
            .headers()
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len() + 4)
            .sum::<usize>();
    (head > MAX_HEAD_BYTES).then(|| {
        error(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request_header_fields_too_large",
            "The request headers are too large.",
        )
    })
}

/// The per-client limit in front of the API: `Some(429)` when exceeded.
/// IPv6 clients are keyed by their /64 so one host cannot dodge the limit
/// by rotating addresses.
fn rate_limit(st: &Shared, req: &Request) -> Option<Response<Body>> {
    let limiter = st.limiter.as_ref()?;
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
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
    let not_until = limiter.check_key(&key).err()?;
    if let Some(m) = &st.metrics {
        m.count_rate_limited();
    }
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

/// `/v1...` (and, without `--serve-dir`, everything else): the checks,
/// then the upstream.
async fn api(State(api): State<Api>, req: Request) -> Response<Body> {
    if let Some(resp) = rate_limit(&api.shared, &req).or_else(|| oversized_head(&req)) {
        return resp;
    }
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
        // Without --allow-origin (CorsLayer answers OPTIONS otherwise).
        return options();
    }
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed();
    }
    let query = query.unwrap_or("");
    let label = match route {
        Route::Logs => {
            if let Err(msg) = validate::validate_logs_query(query) {
                return error(StatusCode::BAD_REQUEST, "invalid_param", msg);
            }
            "logs"
        }
        Route::Run(_) | Route::Info => {
            if !query.is_empty() {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid_param",
                    "This endpoint takes no query parameters.",
                );
            }
            if matches!(route, Route::Info) {
                "info"
            } else {
                "run"
            }
        }
    };
    let mut upstream_req = Request::new(());
    *upstream_req.method_mut() = method.clone();
    upstream_req.extensions_mut().insert(Target {
        path: route.upstream_path(),
        query: query.to_string(),
        route: label,
    });
    match api.upstream.oneshot(upstream_req).await {
        Ok(r) => r,
        Err(e) => match e {},
    }
}

/// `OPTIONS` on a forwarded route: answered here, never upstream.
fn options() -> Response<Body> {
    let mut resp = dify::with_allow(Response::new(Body::empty()));
    *resp.status_mut() = StatusCode::NO_CONTENT;
    resp
}

fn method_not_allowed() -> Response<Body> {
    dify::with_allow(error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "The proxy is read-only: only GET, HEAD and OPTIONS are allowed.",
    ))
}

/// Serves the proxy on `listener` until the task is dropped.
pub async fn serve(listener: TcpListener, router: Router) {
    serve_until(listener, router, std::future::pending(), Duration::ZERO).await;
}

/// Serves the proxy on `listener` until `shutdown` completes, then drains
/// as [`crate::accept_until`] describes: HTTP/1.1, the client address made
/// available for the rate limit and the log, a bounded request head and a
/// header read time-out against slow clients.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
    grace: Duration,
) -> Stopped {
    let conn = move |stream: TcpStream, peer: SocketAddr| {
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(Duration::from_secs(10))
            .max_buf_size(MAX_READ_HEAD_BYTES)
            .serve_connection(TokioIo::new(stream), service)
    };
    crate::accept_until(listener, conn, shutdown, grace).await
}
