//! `demo --apps N`: several generated apps, each at `/apps/{slug}/v1` with
//! a key of its own, listed at `GET /apps`, as the proxy serves an apps
//! file. The first is also `/v1` (with `--key`), so a widget set up for
//! one app sees the same data as without `--apps`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Response, StatusCode};
use axum::routing::{any, get};
use axum::Router;

use super::data::{self, DataConfig, Dataset};
use super::DemoConfig;
use crate::{apps, dify};

/// The most apps `--apps` serves.
pub const MAX_APPS: usize = APPS.len();

/// Each demo app: slug, label, and its share of `--count` in percent, so
/// the apps differ in size as well as in data.
const APPS: [(&str, &str, usize); 6] = [
    ("support", "Support assistant", 100),
    ("sales", "Sales research", 40),
    ("ops", "Ops incident triage", 15),
    ("translate", "Translator", 60),
    ("reports", "Report writer", 25),
    ("onboarding", "HR onboarding", 8),
];

/// One of the demo's apps.
#[derive(Clone, Debug)]
pub struct DemoApp {
    /// Its part of `/apps/{slug}/v1`.
    pub slug: &'static str,
    /// The name `GET /apps` and its `/v1/info` give.
    pub label: &'static str,
    /// The key it accepts: `--key` followed by `-` and the slug.
    pub key: String,
    pub data: Arc<Dataset>,
}

/// The key app `slug` accepts when the demo's key is `key`.
pub fn app_key(key: &str, slug: &str) -> String {
    format!("{key}-{slug}")
}

/// The first `cfg.apps` demo apps (at most [`MAX_APPS`]). The first one's
/// data is `first`, the data set of `/v1`; the others have seeds and
/// counts of their own.
pub fn demo_apps(cfg: &DemoConfig, first: &Arc<Dataset>) -> Vec<DemoApp> {
    APPS.iter()
        .take(cfg.apps)
        .enumerate()
        .map(|(i, &(slug, label, percent))| DemoApp {
            slug,
            label,
            key: app_key(&cfg.key, slug),
            data: if i == 0 {
                first.clone()
            } else {
                Arc::new(data::runs::generate(DataConfig {
                    count: cfg.count * percent / 100,
                    seed: cfg.seed.wrapping_add(i as u64),
                    now: cfg.now,
                }))
            },
        })
        .collect()
}

/// `GET /apps` and the answers for other paths under `/apps` that no
/// app's routes take: an unknown slug, or a known one outside its `/v1`.
/// Without `--apps`, every `/apps` path is the proxy's single-app 404.
pub fn router(list: &[DemoApp]) -> Router {
    if list.is_empty() {
        let single = || async { apps::single_app("demo", "--apps N") };
        return Router::new()
            .route("/apps", any(single))
            .route("/apps/{*rest}", any(single));
    }
    let listed: Arc<[(&'static str, &'static str)]> =
        list.iter().map(|a| (a.slug, a.label)).collect();
    let slugs = listed.clone();
    Router::new()
        .route(
            "/apps",
            get(move || async move {
                let entries: Vec<apps::Listed<'_>> = listed
                    .iter()
                    .map(|&(slug, label)| apps::Listed { slug, label })
                    .collect();
                apps::listing(&entries)
            }),
        )
        .route(
            "/apps/{*rest}",
            any(move |req: Request| async move { outside(&slugs, req.uri().path()) }),
        )
}

/// A path under `/apps/` that no app's `/v1` routes took.
fn outside(slugs: &[(&str, &str)], path: &str) -> Response<Body> {
    match apps::split_app_path(path) {
        Some((slug, _)) if slugs.iter().any(|(s, _)| *s == slug) => dify::error_response(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("App {slug} answers under /apps/{slug}/v1 only."),
        ),
        Some((slug, _)) => apps::unknown_app(slug),
        None => apps::unknown_app(""),
    }
}
