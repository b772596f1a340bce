//! `GET /healthz` and `GET /readyz`, for a load balancer or an
//! orchestrator. Neither is rate limited, forwarded, or shows the key.
//!
//! Readiness comes from the proxy's own check of each app, `GET /v1/info`
//! with that app's key, made every [`super::ProxyConfig::readiness_interval`] once the first
//! `/readyz` arrived, so the upstream sees one check per interval however
//! often (and by however many) the proxy is probed.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Response, StatusCode};
use tokio::sync::watch;

use super::cause::{classify, Cause};
use super::{App, Shared};
use crate::dify;

/// How old the last successful check may be for `/readyz` to say ready.
pub const READY_WITHIN: Duration = Duration::from_secs(30);

/// The longest a single check may take.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the first `/readyz` waits for the first check.
const FIRST_CHECK_WAIT: Duration = Duration::from_secs(6);

/// The outcome of one check.
#[derive(Clone, Debug)]
struct Check {
    at: Instant,
    /// `Err(reason)` when the upstream did not answer 200.
    outcome: Result<(), String>,
}

/// The readiness state shared by the handlers and the checker task.
pub(crate) struct Readiness {
    latest: watch::Sender<Option<Check>>,
    started: std::sync::Once,
    interval: Duration,
}

impl Readiness {
    pub(crate) fn new(interval: Duration) -> Self {
        Readiness {
            latest: watch::channel(None).0,
            started: std::sync::Once::new(),
            interval,
        }
    }
}

/// `GET /healthz`: the process is up and serving.
pub(crate) async fn healthz() -> Response<Body> {
    dify::json_response(StatusCode::OK, &serde_json::json!({"status": "ok"}))
}

/// `GET /readyz`: 200 when every app's upstream answered its last check
/// with a 200 within [`READY_WITHIN`], else 503 with the reason. One app:
/// `{"status", "reason"?, "checked_secs_ago"}`; with `--apps-file` the
/// same plus `apps`, each app's `{"slug", "ready", "reason",
/// "checked_secs_ago"}`, and the top-level reason names the first app
/// that is not ready.
pub(crate) async fn readyz(State(st): State<Arc<Shared>>) -> Response<Body> {
    for (i, app) in st.apps.iter().enumerate() {
        app.readiness.started.call_once(|| {
            tokio::spawn(check_loop(Arc::downgrade(&st), i));
        });
    }
    // The checks run at once, so one deadline covers waiting for each.
    let deadline = tokio::time::Instant::now() + FIRST_CHECK_WAIT;
    let mut states = Vec::with_capacity(st.apps.len());
    for app in &st.apps {
        let mut rx = app.readiness.latest.subscribe();
        let _ = tokio::time::timeout_at(deadline, rx.wait_for(Option::is_some)).await;
        let latest = rx.borrow().clone();
        states.push(state(latest));
    }
    let not_ready = st
        .apps
        .iter()
        .zip(&states)
        .find(|(_, s)| !s.ready)
        .map(|(app, s)| {
            if st.many {
                format!("App {}: {}", app.slug, s.reason)
            } else {
                s.reason.clone()
            }
        });
    let mut body = serde_json::Map::new();
    let status = match &not_ready {
        None => {
            body.insert("status".into(), "ready".into());
            StatusCode::OK
        }
        Some(reason) => {
            body.insert("status".into(), "not_ready".into());
            body.insert("reason".into(), reason.as_str().into());
            StatusCode::SERVICE_UNAVAILABLE
        }
    };
    // One app: its age; several: the oldest check's.
    let ages = states.iter().map(|s| s.checked_secs_ago);
    let oldest = if ages.clone().any(|a| a.is_none()) {
        None
    } else {
        ages.flatten().max()
    };
    body.insert("checked_secs_ago".into(), oldest.into());
    if st.many {
        let apps = st.apps.iter().zip(&states).map(|(app, s)| {
            serde_json::json!({
                "slug": app.slug,
                "ready": s.ready,
                "reason": (!s.ready).then_some(s.reason.as_str()),
                "checked_secs_ago": s.checked_secs_ago,
            })
        });
        body.insert("apps".into(), apps.collect());
    }
    let mut resp = dify::json_response(status, &body);
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// One app's readiness, as `/readyz` reports it.
struct AppState {
    ready: bool,
    /// Why it is not ready; empty when it is.
    reason: String,
    checked_secs_ago: Option<u64>,
}

/// The readiness that the latest check gives.
fn state(latest: Option<Check>) -> AppState {
    let Some(c) = latest else {
        return AppState {
            ready: false,
            reason: "The upstream has not been checked yet.".into(),
            checked_secs_ago: None,
        };
    };
    let age = c.at.elapsed();
    let (ready, reason) = match c.outcome {
        Ok(()) if age <= READY_WITHIN => (true, String::new()),
        Ok(()) => (
            false,
            format!(
                "The last successful check of the upstream is {} s old.",
                age.as_secs()
            ),
        ),
        Err(reason) => (false, reason),
    };
    AppState {
        ready,
        reason,
        checked_secs_ago: Some(age.as_secs()),
    }
}

/// Checks app `index`'s upstream now and then until the proxy is gone.
async fn check_loop(shared: Weak<Shared>, index: usize) {
    loop {
        let Some(st) = shared.upgrade() else { return };
        let Some(app) = st.apps.get(index) else {
            return;
        };
        let outcome = check(&st, app).await;
        app.readiness.latest.send_replace(Some(Check {
            at: Instant::now(),
            outcome,
        }));
        let interval = app.readiness.interval;
        drop(st);
        tokio::time::sleep(interval).await;
    }
}

/// One `GET /v1/info` with the app's key; a failure is logged with its
/// reason.
async fn check(st: &Shared, app: &App) -> Result<(), String> {
    let url = format!("{}/info", app.base.as_str().trim_end_matches('/'));
    let resp = st
        .client
        .get(url)
        .header(header::ACCEPT, "application/json")
        .header(header::USER_AGENT, super::forward::USER_AGENT)
        .header(header::AUTHORIZATION, app.key.bearer())
        .timeout(CHECK_TIMEOUT.min(st.timeout))
        .send()
        .await
        .map_err(|e| {
            let cause = classify(&e);
            let message = match cause {
                Cause::Timeout => "Dify did not answer GET /v1/info in time.".to_string(),
                _ => cause.message(&app.context),
            };
            super::forward::log_failure(app, "readiness check", &cause, &message, e);
            message
        })?;
    let reason = match resp.status() {
        StatusCode::OK => return Ok(()),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => format!(
            "Dify refused the proxy's key (HTTP {}).",
            resp.status().as_u16()
        ),
        s => format!("Dify answered GET /v1/info with HTTP {}.", s.as_u16()),
    };
    tracing::warn!(app = %app.metric_label(), reason = %reason, "readiness check failed");
    Err(reason)
}
