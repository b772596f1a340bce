//! The demo API: a generated data set served like Dify's `/v1`, and with
//! `--apps N` several, each at `/apps/{slug}/v1`.

pub mod api;
pub mod apps;
pub mod data;
pub mod hooks;
pub mod isoparse;
pub mod query;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Response;
use axum::middleware::{self, Next};
use axum::routing::{any, get};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use crate::dify;

/// Everything `dify-logs-server demo` is configured with.
#[derive(Clone, Debug)]
pub struct DemoConfig {
    /// The API key the demo accepts (`Bearer <key>`).
    pub key: String,
    /// How many log entries to generate.
    pub count: usize,
    pub seed: u64,
    /// Reference "now", Unix seconds: the data spans the 30 days before it.
    pub now: i64,
    /// Also serve this directory's static files at `/`.
    pub serve_dir: Option<PathBuf>,
    /// Enable the `/__test/*` hooks.
    pub test_hooks: bool,
    /// How many apps to serve under `/apps/{slug}/v1` (at most
    /// [`apps::MAX_APPS`]); 0: only `/v1`.
    pub apps: usize,
}

impl DemoConfig {
    /// The defaults of the CLI, with an explicit `now` so tests are stable.
    pub fn new(now: i64) -> Self {
        DemoConfig {
            key: "app-demo".into(),
            count: 1000,
            seed: 42,
            now,
            serve_dir: None,
            test_hooks: false,
            apps: 0,
        }
    }
}

/// The `X-Env` the demo sends, where a real server sends `PRODUCTION`.
pub const DEMO_ENV: &str = "DEMO";

/// A built demo: the router plus handles tests may inspect.
pub struct Demo {
    pub router: Router,
    pub data: Arc<data::Dataset>,
    /// Present with `test_hooks`.
    pub hooks: Option<Arc<hooks::Hooks>>,
    /// The apps under `/apps`; the first one's data is `data`.
    pub apps: Vec<apps::DemoApp>,
}

/// The `/v1/info` name of the demo's `/v1` app.
const V1_NAME: &str = "dify-logs demo";

/// Builds the demo application for a config.
pub fn build(cfg: &DemoConfig) -> Demo {
    let data = Arc::new(data::runs::generate(data::DataConfig {
        count: cfg.count,
        seed: cfg.seed,
        now: cfg.now,
    }));
    let hooks = cfg.test_hooks.then(|| hooks::Hooks::new(cfg.now, cfg.seed));
    let list = apps::demo_apps(cfg, &data);
    let state = api::ApiState {
        data: data.clone(),
        key: cfg.key.clone(),
        hooks: hooks.clone(),
        name: V1_NAME.into(),
        path: "/v1".into(),
    };
    let mut api = v1_routes("/v1", state).merge(apps::router(&list));
    for (i, app) in list.iter().enumerate() {
        let prefix = format!("/apps/{}/v1", app.slug);
        let state = api::ApiState {
            data: app.data.clone(),
            key: app.key.clone(),
            // The inserts and the shuffle act on the data of `/v1`, which
            // the first app shares.
            hooks: if i == 0 { hooks.clone() } else { None },
            name: app.label.into(),
            path: prefix.as_str().into(),
        };
        api = api.merge(v1_routes(&prefix, state));
    }
    let mut router = api.layer(middleware::from_fn_with_state(hooks.clone(), v1_layer));
    if let Some(h) = &hooks {
        router = router.merge(hooks::router(h.clone(), data.clone()));
    }
    if let Some(dir) = &cfg.serve_dir {
        let files = ServiceBuilder::new()
            .layer(CompressionLayer::new())
            .service(ServeDir::new(dir).append_index_html_on_directories(true));
        router = router.fallback_service(files);
    }
    Demo {
        router,
        data,
        hooks,
        apps: list,
    }
}

/// One app's Dify routes under `prefix` (`/v1`, or `/apps/{slug}/v1`).
fn v1_routes(prefix: &str, state: api::ApiState) -> Router {
    Router::new()
        .route(
            &format!("{prefix}/workflows/logs"),
            get(api::workflow_logs).fallback(api::other_method),
        )
        .route(
            &format!("{prefix}/workflows/run/{{id}}"),
            get(api::workflow_run).fallback(api::other_method),
        )
        .route(
            &format!("{prefix}/info"),
            get(api::app_info).fallback(api::other_method),
        )
        .route(prefix, any(api::not_found))
        .route(&format!("{prefix}/"), any(api::not_found))
        .route(&format!("{prefix}/{{*rest}}"), any(api::not_found))
        .with_state(state)
}

/// Wraps every `/v1` request, an app's under `/apps/{slug}/v1` too:
/// records it and applies a queued fault when the hooks are on, and always
/// adds Dify's CORS / version headers (those also on the rest of `/apps`).
async fn v1_layer(
    State(hooks): State<Option<Arc<hooks::Hooks>>>,
    req: Request,
    next: Next,
) -> Response<Body> {
    let path = req.uri().path();
    let is_v1 = crate::apps::v1_part(path).is_some();
    if !is_v1 && path != "/apps" && !path.starts_with("/apps/") {
        // `Router::layer` also wraps the fallback; leave non-API paths alone.
        return next.run(req).await;
    }
    let cors = dify::CorsInfo::from_request(req.method(), req.headers());
    let mut replaced = None;
    if let Some(h) = hooks.as_ref().filter(|_| is_v1) {
        h.record(&req);
        if let Some(spec) = h.take_fault(req.method(), req.uri().path()) {
            replaced = hooks::apply_fault(&spec).await;
        }
    }
    let mut resp = match replaced {
        Some(resp) => resp,
        None => next.run(req).await,
    };
    dify::apply_dify_headers(&mut resp, &cors, DEMO_ENV);
    resp
}
