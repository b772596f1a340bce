//! `GET /healthz` and `GET /readyz`, for a load balancer or an
//! orchestrator. Neither is rate limited, forwarded, or shows the key.
//!
//! Readiness comes from the proxy's own check, `GET /v1/info` with the
//! key, made every [`super::ProxyConfig::readiness_interval`] once the first
//! `/readyz` arrived, so the upstream sees one check per interval however
//! often (and by however many) the proxy is probed.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Response, StatusCode};
use tokio::sync::watch;

use super::cause::{classify, Cause};
use super::Shared;
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

/// `GET /readyz`: 200 when the upstream answered the last check with a
/// 200 within [`READY_WITHIN`], else 503 with the reason.
pub(crate) async fn readyz(State(st): State<Arc<Shared>>) -> Response<Body> {
    st.readiness.started.call_once(|| {
        tokio::spawn(check_loop(Arc::downgrade(&st)));
    });
    let mut rx = st.readiness.latest.subscribe();
    let _ = tokio::time::timeout(FIRST_CHECK_WAIT, rx.wait_for(Option::is_some)).await;
    let latest = rx.borrow().clone();
    let (ready, reason, age) = match latest {
        None => (
            false,
            "The upstream has not been checked yet.".to_string(),
            None,
        ),
        Some(c) => {
            let age = c.at.elapsed();
            match c.outcome {
                Ok(()) if age <= READY_WITHIN => (true, String::new(), Some(age)),
                Ok(()) => (
                    false,
                    format!(
                        "The last successful check of the upstream is {} s old.",
                        age.as_secs()
                    ),
                    Some(age),
                ),
                Err(reason) => (false, reason, Some(age)),
            }
        }
    };
    let checked = age.map(|a| a.as_secs());
    let mut resp = if ready {
        dify::json_response(
            StatusCode::OK,
            &serde_json::json!({"status": "ready", "checked_secs_ago": checked}),
        )
    } else {
        dify::json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &serde_json::json!({"status": "not_ready", "reason": reason, "checked_secs_ago": checked}),
        )
    };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("valid"));
    resp
}

/// Checks the upstream now and then until the proxy is gone.
async fn check_loop(shared: Weak<Shared>) {
    loop {
        let Some(st) = shared.upgrade() else { return };
        let outcome = check(&st).await;
        st.readiness.latest.send_replace(Some(Check {
            at: Instant::now(),
            outcome,
        }));
        let interval = st.readiness.interval;
        drop(st);
        tokio::time::sleep(interval).await;
    }
}

/// One `GET /v1/info` with the key; a failure is logged with its reason.
async fn check(st: &Shared) -> Result<(), String> {
    let url = format!("{}/info", st.base.as_str().trim_end_matches('/'));
    let resp = st
        .client
        .get(url)
        .header(header::ACCEPT, "application/json")
        .header(header::USER_AGENT, super::forward::USER_AGENT)
        .header(header::AUTHORIZATION, st.key.bearer())
        .timeout(CHECK_TIMEOUT.min(st.timeout))
        .send()
        .await
        .map_err(|e| {
            let cause = classify(&e);
            let message = match cause {
                Cause::Timeout => "Dify did not answer GET /v1/info in time.".to_string(),
                _ => cause.message(&st.context),
            };
            super::forward::log_failure(st, "readiness check", &cause, &message, e);
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
    tracing::warn!(reason = %reason, "readiness check failed");
    Err(reason)
}
