//! The demo API: a generated data set served like Dify's `/v1`.

pub mod api;
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
}

/// Builds the demo application for a config.
pub fn build(cfg: &DemoConfig) -> Demo {
    let data = Arc::new(data::runs::generate(data::DataConfig {
        count: cfg.count,
        seed: cfg.seed,
        now: cfg.now,
    }));
    let hooks = cfg.test_hooks.then(|| hooks::Hooks::new(cfg.now, cfg.seed));
    let state = api::ApiState {
        data: data.clone(),
        key: cfg.key.clone(),
        hooks: hooks.clone(),
    };
    let v1 = Router::new()
        .route(
            "/v1/workflows/logs",
            get(api::workflow_logs).fallback(api::other_method),
        )
        .route(
            "/v1/workflows/run/{id}",
            get(api::workflow_run).fallback(api::other_method),
        )
        .route("/v1/info", get(api::app_info).fallback(api::other_method))
        .route("/v1", any(api::not_found))
        .route("/v1/", any(api::not_found))
        .route("/v1/{*rest}", any(api::not_found))
        .with_state(state)
        .layer(middleware::from_fn_with_state(hooks.clone(), v1_layer));

    let mut router = Router::new().merge(v1);
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
    }
}

/// Wraps every `/v1` request: records it and applies a queued fault when
/// the hooks are on, and always adds Dify's CORS / version headers.
async fn v1_layer(
    State(hooks): State<Option<Arc<hooks::Hooks>>>,
    req: Request,
    next: Next,
) -> Response<Body> {
    let path = req.uri().path();
    if path != "/v1" && !path.starts_with("/v1/") {
        // `Router::layer` also wraps the fallback; leave non-API paths alone.
        return next.run(req).await;
    }
    let cors = dify::CorsInfo::from_request(req.method(), req.headers());
    let mut replaced = None;
    if let Some(h) = &hooks {
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
