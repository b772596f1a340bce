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
//! With `--apps-file` it serves several apps, each under
//! `/apps/{slug}/v1` with its own upstream and key (the first also under
//! `/v1`), and lists them at `GET /apps`; one handler serves both forms.
//!
//! The stack, outermost first: the request log (`TraceLayer`), metrics,
//! compression; then `/healthz` and `/readyz`; `/v1` and `/apps` behind
//! CORS (`CorsLayer`) and the per-client rate limit; the upstream exchange
//! behind a concurrency limit that sheds load (`ConcurrencyLimitLayer`,
//! `LoadShedLayer`); the widget's files with their cache headers
//! (`SetResponseHeaderLayer`).

mod apps_file;
pub mod cause;
pub mod client;
mod config;
mod forward;
mod handler;
pub mod health;
pub mod log;
pub mod metrics;
pub mod validate;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, Response, StatusCode};
use axum::middleware;
use axum::routing::{any, get};
use axum::Router;
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

use crate::{apps, dify, Stopped};
pub use apps_file::{check_unique, load_apps_file, parse_apps, AppConfig};
pub use config::{
    load_key, parse_origin, parse_upstream, v1_warning, ApiKey, ProxyConfig, Upstreams,
};
use forward::Upstream;
pub use log::LogFormat;
pub use metrics::Metrics;

/// The `app` label of the metrics for the single app of `--upstream`.
pub const SINGLE_APP_LABEL: &str = "default";

/// One app the proxy forwards to: its upstream, its key, and what its
/// failure messages and readiness checks need.
pub(crate) struct App {
    /// Its part of `/apps/{slug}/v1`; empty for the app of `--upstream`.
    slug: String,
    label: String,
    base: reqwest::Url,
    key: ApiKey,
    /// What failure messages may mention: the route, the connect time-out,
    /// where the upstream was set.
    context: cause::Context,
    readiness: health::Readiness,
}

impl App {
    /// Its `app` label in the metrics.
    fn metric_label(&self) -> &str {
        if self.slug.is_empty() {
            SINGLE_APP_LABEL
        } else {
            &self.slug
        }
    }
}

/// State shared by the handlers, the upstream exchange and the readiness
/// checker.
pub(crate) struct Shared {
    /// The apps, in the order configured; exactly one without
    /// `--apps-file`.
    apps: Vec<App>,
    /// Whether `--apps-file` configured them (`/apps` is served).
    many: bool,
    /// One client for every app: trust and proxy settings are global.
    client: reqwest::Client,
    timeout: Duration,
    max_response_bytes: usize,
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    limiter_checks: AtomicU64,
    metrics: Option<Metrics>,
}

impl Shared {
    /// Which app a request path belongs to: `/apps/{slug}/...` that app,
    /// `/v1...` the first (the only one without `--apps-file`).
    fn app_of_path(&self, path: &str) -> Option<usize> {
        match apps::split_app_path(path) {
            Some((slug, _)) if self.many => self.apps.iter().position(|a| a.slug == slug),
            Some(_) => None,
            None => (path == "/v1" || path.starts_with("/v1/")).then_some(0),
        }
    }
}

/// What the `/v1` handler needs: the state for the rate limit, and the
/// upstream service.
#[derive(Clone)]
struct Api {
    shared: Arc<Shared>,
    upstream: Upstream,
}

/// An app's parts before its route is known.
type AppSpec = (String, String, reqwest::Url, ApiKey);

/// The apps of a config, their upstreams checked.
fn app_specs(upstreams: Upstreams) -> Result<(Vec<AppSpec>, bool), String> {
    match upstreams {
        Upstreams::One { upstream, key } => Ok((
            vec![(
                String::new(),
                String::new(),
                parse_upstream(&upstream)?,
                key,
            )],
            false,
        )),
        Upstreams::Apps(list) => {
            if list.is_empty() {
                return Err("no apps to serve: the apps file lists none".into());
            }
            check_unique(&list)?;
            let specs = list
                .into_iter()
                .map(|a| {
                    (
                        a.slug().to_string(),
                        a.label().to_string(),
                        a.upstream().clone(),
                        a.key().clone(),
                    )
                })
                .collect();
            Ok((specs, true))
        }
    }
}

/// Builds the proxy application for a config.
pub fn build(cfg: ProxyConfig) -> Result<Router, String> {
    let (specs, many) = app_specs(cfg.upstreams)?;
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
    let (client, trust) = client::build(&client::ClientOptions {
        ca_files: &cfg.ca_files,
        env_proxy: cfg.env_proxy,
        connect_timeout: cfg.connect_timeout,
        timeout: cfg.timeout,
    })?;
    let setting = if many {
        cause::Context::APPS_FILE
    } else {
        cause::Context::UPSTREAM_FLAG
    };
    let apps = specs
        .into_iter()
        .map(|(slug, label, base, key)| {
            let route = client::route(&base, cfg.env_proxy)?;
            let named = if many {
                format!("app {slug}: ")
            } else {
                String::new()
            };
            tracing::info!("{named}upstream {base} ({route}); TLS trust: {trust}");
            Ok(App {
                slug,
                label,
                base,
                key,
                context: cause::Context {
                    route,
                    connect_timeout: cfg.connect_timeout,
                    setting,
                },
                readiness: health::Readiness::new(cfg.readiness_interval),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let limiter = std::num::NonZeroU32::new(cfg.rate_limit_per_minute)
        .map(|n| DefaultKeyedRateLimiter::keyed(Quota::per_minute(n)));
    let shared = Arc::new(Shared {
        apps,
        many,
        client,
        timeout: cfg.timeout,
        max_response_bytes: cfg.max_response_bytes,
        limiter,
        limiter_checks: AtomicU64::new(0),
        metrics: cfg.metrics.clone(),
    });
    let api = any(handler::api).with_state(Api {
        shared: shared.clone(),
        upstream: forward::upstream(shared.clone(), cfg.max_concurrency),
    });
    let mut v1 = api.clone();
    if !allow_origins.is_empty() {
        v1 = v1.layer(cors(allow_origins));
    }
    let mut router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz));
    for path in [
        "/v1",
        "/v1/",
        "/v1/{*rest}",
        "/apps",
        "/apps/",
        "/apps/{*rest}",
    ] {
        router = router.route(path, v1.clone());
    }
    router = match &cfg.serve_dir {
        Some(dir) => router.fallback_service(static_files(dir)),
        // Without files everything is an API path, refused with JSON.
        None => router.fallback_service(api.with_state(shared.clone())),
    };
    let router = router.with_state(shared.clone());
    // One `layer` call per stack: each call boxes every route once more.
    Ok(match cfg.metrics {
        Some(m) => router.layer(
            ServiceBuilder::new()
                .layer(log::trace_layer())
                .layer(middleware::from_fn_with_state(
                    shared,
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
pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    dify::error_response(status, code, message)
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
pub(crate) fn oversized_head(req: &Request) -> Option<Response<Body>> {
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
