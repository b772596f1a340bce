//! `--metrics-addr`: the proxy's Prometheus metrics, in a registry of its
//! own (no process-wide recorder) and served on a separate listener so
//! they are never reachable through the public port.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::middleware::Next;
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use tower_http::metrics::in_flight_requests::InFlightRequestsCounter;

use super::Shared;

/// The labels of `dify_proxy_requests_total`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The app's slug; [`super::SINGLE_APP_LABEL`] for the app of
    /// `--upstream`; empty for requests of no app (health, files, `/apps`,
    /// an unknown slug).
    app: String,
    route: &'static str,
    status: u16,
}

/// The labels of the upstream latency histogram.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    app: String,
    route: &'static str,
}

type HistogramFamily = Family<RouteLabel, Histogram, fn() -> Histogram>;

/// The proxy's metrics; cheap to clone (all clones share the values).
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    upstream_seconds: HistogramFamily,
    rate_limited: Counter,
    load_shed: Counter,
    in_flight: Gauge,
    in_flight_counter: InFlightRequestsCounter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// Upstream latency buckets: 5 ms doubling up to about 20 s (past the
/// default 15 s time-out).
fn upstream_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

impl Metrics {
    /// An empty set of the proxy's metrics.
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "dify_proxy_requests",
            "Answered requests by route and status",
            requests.clone(),
        );
        let upstream_seconds: HistogramFamily =
            Family::new_with_constructor(upstream_histogram as fn() -> Histogram);
        registry.register(
            "dify_proxy_upstream_duration_seconds",
            "Time for Dify's answer, body included, by route",
            upstream_seconds.clone(),
        );
        let rate_limited = Counter::default();
        registry.register(
            "dify_proxy_rate_limited",
            "Requests refused with 429 by the per-client limit",
            rate_limited.clone(),
        );
        let load_shed = Counter::default();
        registry.register(
            "dify_proxy_load_shed",
            "Requests refused with 503 because --max-concurrency upstream requests were in flight",
            load_shed.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "dify_proxy_requests_in_flight",
            "Requests being answered",
            in_flight.clone(),
        );
        Metrics {
            inner: Arc::new(Inner {
                registry,
                requests,
                upstream_seconds,
                rate_limited,
                load_shed,
                in_flight,
                in_flight_counter: InFlightRequestsCounter::new(),
            }),
        }
    }

    /// The counter tower-http's `InFlightRequestsLayer` keeps for us.
    pub(crate) fn in_flight_counter(&self) -> InFlightRequestsCounter {
        self.inner.in_flight_counter.clone()
    }

    pub(crate) fn count_request(&self, app: &str, route: &'static str, status: StatusCode) {
        self.inner
            .requests
            .get_or_create(&RequestLabels {
                app: app.to_string(),
                route,
                status: status.as_u16(),
            })
            .inc();
    }

    pub(crate) fn observe_upstream(&self, app: &str, route: &'static str, seconds: f64) {
        self.inner
            .upstream_seconds
            .get_or_create(&RouteLabel {
                app: app.to_string(),
                route,
            })
            .observe(seconds);
    }

    pub(crate) fn count_rate_limited(&self) {
        self.inner.rate_limited.inc();
    }

    pub(crate) fn count_load_shed(&self) {
        self.inner.load_shed.inc();
    }

    /// The OpenMetrics text of the current values.
    pub fn render(&self) -> String {
        let count = self.inner.in_flight_counter.get();
        self.inner
            .in_flight
            .set(i64::try_from(count).unwrap_or(i64::MAX));
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.inner.registry)
            .expect("writing to a String cannot fail");
        out
    }

    /// `GET /metrics` for the separate metrics listener.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/metrics", get(scrape))
            .with_state(self.clone())
    }
}

async fn scrape(State(m): State<Metrics>) -> Response<Body> {
    let mut resp = Response::new(Body::from(m.render()));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    resp
}

/// The `route` label of a request path: a small fixed set, so a scanner
/// cannot grow the label space. An app's paths under `/apps/{slug}` count
/// as the same paths under `/v1`.
pub(crate) fn route_label(path: &str) -> &'static str {
    if path == "/apps" || path == "/apps/" {
        return "apps";
    }
    let path = crate::apps::split_app_path(path).map_or(path, |(_, rest)| rest);
    match path {
        "/v1/workflows/logs" => "logs",
        "/v1/info" => "info",
        "/healthz" | "/readyz" => "health",
        p if p.starts_with("/v1/workflows/run/") => "run",
        p if p == "/v1" || p.starts_with("/v1/") => "other_api",
        _ => "other",
    }
}

/// Counts each answer by app, route and status. The app comes from the
/// path, and only a configured one counts, so unknown slugs cannot grow
/// the label space either.
pub(crate) async fn count_requests(
    State(st): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response<Body> {
    let path = req.uri().path();
    let route = route_label(path);
    let app = st
        .app_of_path(path)
        .map_or("", |i| st.apps[i].metric_label());
    let app = app.to_string();
    let resp = next.run(req).await;
    if let Some(m) = &st.metrics {
        m.count_request(&app, route, resp.status());
    }
    resp
}
