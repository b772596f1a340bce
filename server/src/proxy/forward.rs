//! The upstream exchange: a fresh request carrying only what Dify needs,
//! a bounded wait and body, and an answer cleaned of hop-by-hop headers,
//! cookies and upstream CORS.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::http::{
    header, HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode,
};
use tower::util::BoxCloneSyncService;
use tower::{BoxError, ServiceBuilder};

use super::cause::{self, Cause};
use super::{error, log, App, Shared};

/// The `User-Agent` sent upstream.
pub(super) const USER_AGENT: &str = concat!("dify-logs-proxy/", env!("CARGO_PKG_VERSION"));

/// Where a validated request goes, carried in the extensions of the
/// request given to [`Upstream`].
#[derive(Clone, Debug)]
pub(super) struct Target {
    /// The app, an index into [`Shared::apps`].
    pub app: usize,
    /// Below the upstream base, e.g. `/workflows/logs`.
    pub path: String,
    /// The client's query, already validated (`""` for none).
    pub query: String,
    /// The metrics label of the route.
    pub route: &'static str,
}

/// The upstream exchange as a service: at most `max_concurrency` at once;
/// one more is shed at once with a Dify-shaped 503 instead of queueing.
pub(super) type Upstream = BoxCloneSyncService<Request<()>, Response<Body>, Infallible>;

/// Builds the [`Upstream`] service.
pub(super) fn upstream(st: Arc<Shared>, max_concurrency: usize) -> Upstream {
    let metrics = st.metrics.clone();
    let shed = move |_: BoxError| {
        if let Some(m) = &metrics {
            m.count_load_shed();
        }
        std::future::ready(failure_response(Failure::Busy))
    };
    let service = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(shed))
        .load_shed()
        .concurrency_limit(max_concurrency.max(1))
        .service_fn(move |req: Request<()>| {
            let st = st.clone();
            async move { Ok::<_, Infallible>(forward(&st, req).await) }
        });
    BoxCloneSyncService::new(service)
}

/// Response headers never passed on: hop-by-hop ones (RFC 9110 7.6.1),
/// cookies, upstream CORS (the proxy decides CORS), a length the proxy
/// recomputes and `Alt-Svc`, which would point browsers at the wrong host.
const DROPPED: [&str; 14] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "set-cookie",
    "set-cookie2",
    "content-length",
    "vary",
    "alt-svc",
];

/// How an upstream exchange failed.
enum Failure {
    /// The connection or the exchange failed: the message says why.
    Upstream(Cause, String),
    TooLarge,
    Redirect,
    LeaksKey,
    Busy,
}

/// Forwards a validated request and turns the outcome into an answer.
async fn forward(st: &Shared, req: Request<()>) -> Response<Body> {
    let Some((target, app)) = req
        .extensions()
        .get::<Target>()
        .and_then(|t| Some((t, st.apps.get(t.app)?)))
    else {
        // Not reached: the handler always names a configured app.
        return failure_response(Failure::Upstream(
            Cause::Unreachable,
            "Dify could not be reached.".into(),
        ));
    };
    let started = Instant::now();
    let result = exchange(st, app, req.method().clone(), target).await;
    if let Some(m) = &st.metrics {
        m.observe_upstream(
            app.metric_label(),
            target.route,
            started.elapsed().as_secs_f64(),
        );
    }
    match result {
        Ok(resp) => resp,
        Err(f) => failure_response(f),
    }
}

/// A failure with the message of `cause`.
fn upstream_failure(app: &App, cause: Cause) -> Failure {
    let message = cause.message(&app.context);
    Failure::Upstream(cause, message)
}

fn unreachable(app: &App) -> Failure {
    upstream_failure(app, Cause::Unreachable)
}

fn failure_response(f: Failure) -> Response<Body> {
    let (status, code, msg) = match f {
        Failure::Upstream(cause, message) => return error(cause.status(), cause.code(), &message),
        Failure::TooLarge => (
            StatusCode::BAD_GATEWAY,
            "bad_gateway",
            "Dify's answer is larger than the proxy accepts.",
        ),
        Failure::Redirect => (
            StatusCode::BAD_GATEWAY,
            "bad_gateway",
            "Dify answered with a redirect; check the proxy's --upstream.",
        ),
        Failure::LeaksKey => (
            StatusCode::BAD_GATEWAY,
            "bad_gateway",
            "Dify's answer was withheld because it contained the API key.",
        ),
        Failure::Busy => {
            let mut resp = error(
                StatusCode::SERVICE_UNAVAILABLE,
                "service_unavailable",
                "The proxy is busy; retry shortly.",
            );
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return resp;
        }
    };
    error(status, code, msg)
}

async fn exchange(
    st: &Shared,
    app: &App,
    method: Method,
    target: &Target,
) -> Result<Response<Body>, Failure> {
    let mut url = format!("{}{}", app.base.as_str().trim_end_matches('/'), target.path);
    if !target.query.is_empty() {
        url.push('?');
        url.push_str(&target.query);
    }
    let url = reqwest::Url::parse(&url).map_err(|_| unreachable(app))?;
    // Defence in depth: the validated path can only stay under the base.
    if url.origin() != app.base.origin() || !url.path().starts_with(app.base.path()) {
        return Err(unreachable(app));
    }
    let log_path = target.path.as_str();
    let request = st
        .client
        .request(method.clone(), url)
        .header(header::ACCEPT, "application/json")
        .header(header::USER_AGENT, USER_AGENT)
        .header(header::AUTHORIZATION, app.key.bearer());
    let work = async {
        let resp = request
            .send()
            .await
            .map_err(|e| classify(app, &method, log_path, e))?;
        let status = resp.status();
        log::record_upstream_status(status.as_u16());
        if status.is_redirection() {
            tracing::warn!(
                "upstream {method} {log_path}: redirect {} refused",
                status.as_u16()
            );
            return Err(Failure::Redirect);
        }
        if resp
            .content_length()
            .is_some_and(|n| n > st.max_response_bytes as u64)
        {
            return Err(too_large(st, log_path));
        }
        let headers = resp.headers().clone();
        let mut resp = resp;
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| classify(app, &method, log_path, e))?
        {
            if body.len() + chunk.len() > st.max_response_bytes {
                return Err(too_large(st, log_path));
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    };
    // The client has its own total time-out too; this one also covers
    // reading the body chunk by chunk.
    let (status, headers, body) =
        tokio::time::timeout(st.timeout + Duration::from_millis(50), work)
            .await
            .map_err(|_| {
                tracing::warn!("upstream {method} {log_path}: timed out");
                upstream_failure(app, Cause::Timeout)
            })??;

    // Any app's key: one app's answer must not carry another's either.
    let leaks = st.apps.iter().any(|a| {
        let key = a.key.expose_secret().as_bytes();
        memchr::memmem::find(&body, key).is_some()
            || headers
                .values()
                .any(|v| memchr::memmem::find(v.as_bytes(), key).is_some())
    });
    if leaks {
        tracing::warn!("upstream {method} {log_path}: answer contained the key, withheld");
        return Err(Failure::LeaksKey);
    }

    let mut out = Response::new(Body::from(body));
    *out.status_mut() = status;
    *out.headers_mut() = clean_headers(&headers);
    Ok(out)
}

fn too_large(st: &Shared, log_path: &str) -> Failure {
    tracing::warn!(
        "upstream {log_path}: answer over {} bytes, refused",
        st.max_response_bytes
    );
    Failure::TooLarge
}

/// Maps a client error to a failure and logs it: the cause, where the
/// upstream is and how it is reached, and the client's own error chain
/// without the URL (which carries the query). reqwest errors never
/// contain request headers, so the key cannot be in them.
fn classify(app: &App, method: &Method, log_path: &str, e: reqwest::Error) -> Failure {
    let cause = cause::classify(&e);
    let message = cause.message(&app.context);
    log_failure(
        app,
        &format!("upstream {method} {log_path}"),
        &cause,
        &message,
        e,
    );
    Failure::Upstream(cause, message)
}

/// Logs an upstream failure as `what: code: message (host, route): chain`.
pub(super) fn log_failure(app: &App, what: &str, cause: &Cause, message: &str, e: reqwest::Error) {
    let e = e.without_url();
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(src) = source {
        detail.push_str(&format!(": {src}"));
        source = src.source();
    }
    let host = app.base.host_str().unwrap_or("");
    let port = app.base.port_or_known_default().unwrap_or(0);
    tracing::warn!(
        "{what}: {}: {message} ({host}:{port}, {}): {detail}",
        cause.code(),
        app.context.route
    );
}

/// The upstream headers minus [`DROPPED`], any `Access-Control-*`, and
/// every header the upstream's `Connection` names.
fn clean_headers(upstream: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = upstream
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let mut out = HeaderMap::new();
    for (name, value) in upstream {
        let n = name.as_str();
        if DROPPED.contains(&n) || n.starts_with("access-control-") || named.iter().any(|x| x == n)
        {
            continue;
        }
        out.append(HeaderName::clone(name), value.clone());
    }
    out
}
