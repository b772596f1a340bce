//! The API handler: `/v1...`, `/apps` and `/apps/{slug}/...` (and, without
//! `--serve-dir`, every other path). The checks run in one order for every
//! app, then the request goes to that app's upstream, or `/apps` is
//! listed.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, Response, StatusCode};
use governor::clock::Clock;
use tower::ServiceExt;

use super::forward::Target;
use super::validate::{self, PathError, Route};
use super::{error, oversized_head, Api, Shared};
use crate::{apps, dify};

/// What a request asks for, once its path is matched.
enum Endpoint<'a> {
    /// `GET /apps`.
    List,
    /// A forwarded endpoint of the app at this index.
    Forward(usize, Route<'a>),
    /// Not forwarded: this is the answer (a 404, or a 400 for a bad run
    /// id).
    Refused(Response<Body>),
}

/// The checks, then the upstream or the list of apps.
pub(super) async fn api(State(api): State<Api>, req: Request) -> Response<Body> {
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
    let endpoint = match endpoint(&api.shared, path) {
        Endpoint::Refused(resp) => return resp,
        e => e,
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
    let (app, route) = match endpoint {
        Endpoint::List if !query.is_empty() => return no_query(),
        Endpoint::List => return list(&api.shared),
        Endpoint::Forward(app, route) => (app, route),
        Endpoint::Refused(resp) => return resp,
    };
    let label = match route {
        Route::Logs => {
            if let Err(msg) = validate::validate_logs_query(query) {
                return error(StatusCode::BAD_REQUEST, "invalid_param", msg);
            }
            "logs"
        }
        Route::Run(_) | Route::Info if !query.is_empty() => return no_query(),
        Route::Run(_) => "run",
        Route::Info => "info",
    };
    let mut upstream_req = Request::new(());
    *upstream_req.method_mut() = method.clone();
    upstream_req.extensions_mut().insert(Target {
        app,
        path: route.upstream_path(),
        query: query.to_string(),
        route: label,
    });
    match api.upstream.oneshot(upstream_req).await {
        Ok(r) => r,
        Err(e) => match e {},
    }
}

/// Matches a path: `/apps`, an app's `/v1/...` under `/apps/{slug}`, or
/// `/v1/...` of the first app; anything else is a Dify-shaped 404 (400
/// for a run id that is not a UUID).
fn endpoint<'a>(st: &Shared, path: &'a str) -> Endpoint<'a> {
    let is_apps = path == "/apps" || path.starts_with("/apps/");
    if is_apps && !st.many {
        return Endpoint::Refused(apps::single_app("proxy", "--apps-file"));
    }
    if path == "/apps" {
        return Endpoint::List;
    }
    let (app, v1) = match apps::split_app_path(path) {
        Some(("", _)) => return Endpoint::Refused(not_found(st, None)),
        Some((slug, rest)) => match st.app_of_path(path) {
            Some(i) => (i, rest),
            None => return Endpoint::Refused(apps::unknown_app(slug)),
        },
        None => (0, path),
    };
    match validate::match_route(v1) {
        Ok(route) => Endpoint::Forward(app, route),
        Err(PathError::NotFound) => Endpoint::Refused(not_found(st, is_apps.then_some(app))),
        Err(PathError::BadRunId) => Endpoint::Refused(error(
            StatusCode::BAD_REQUEST,
            "invalid_param",
            "The workflow run id must be a UUID.",
        )),
    }
}

/// The 404 for a path that is not forwarded, naming what is: the paths of
/// `app` when the request was under `/apps/{slug}`.
fn not_found(st: &Shared, app: Option<usize>) -> Response<Body> {
    let forwarded = |p: &str| {
        format!("The proxy forwards only {p}/v1/workflows/logs, {p}/v1/workflows/run/{{id}} and {p}/v1/info.")
    };
    let message = match app {
        Some(i) => forwarded(&format!("/apps/{}", st.apps[i].slug)),
        None if st.many => format!(
            "{} GET /apps lists the apps; /v1/... is the first one.",
            forwarded("/apps/{slug}")
        ),
        None => forwarded(""),
    };
    error(StatusCode::NOT_FOUND, "not_found", &message)
}

/// `GET /apps`: each app's slug and label, nothing else.
fn list(st: &Shared) -> Response<Body> {
    let listed: Vec<apps::Listed<'_>> = st
        .apps
        .iter()
        .map(|a| apps::Listed {
            slug: &a.slug,
            label: &a.label,
        })
        .collect();
    apps::listing(&listed)
}

fn no_query() -> Response<Body> {
    error(
        StatusCode::BAD_REQUEST,
        "invalid_param",
        "This endpoint takes no query parameters.",
    )
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
