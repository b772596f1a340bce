//! Test hooks for browser tests (only with `--test-hooks`): a log of every
//! `/v1` request and a queue of injected faults. The routes live under
//! `/__test/`, never under `/v1`, so they cannot be mistaken for Dify's.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::dify;

/// Marks a response that must not be sent: [`crate::serve`] closes the
/// connection instead, so the client sees a network error.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// One recorded `/v1` request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The query string as sent (`""` when there is none).
    pub raw_query: String,
    /// Decoded `[key, value]` pairs, in order, repeats kept.
    pub params: Vec<(String, String)>,
    /// The `Authorization` header as sent, or `null`.
    pub authorization: Option<String>,
    pub origin: Option<String>,
    pub ts_ms: u64,
}

/// What a fault does to a matching request.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    InvalidParam,
    Unauthorized,
    Forbidden,
    NotFoundHtml,
    RateLimited,
    ServerError,
    BadGatewayHtml,
    NotJson,
    WrongShape,
    Delay,
    Drop,
}

/// `POST /__test/fault` body.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    pub kind: FaultKind,
    /// How many matching requests it affects; `None` = until cleared.
    #[serde(default)]
    pub times: Option<u32>,
    /// Wait this long before answering (any kind).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Only requests whose path contains this.
    #[serde(default)]
    pub path_contains: Option<String>,
}

/// The shared state of the hooks.
#[derive(Default, Debug)]
pub struct Hooks {
    requests: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<Vec<FaultSpec>>,
}

impl Hooks {
    /// Empty hooks.
    pub fn new() -> Arc<Self> {
        Arc::new(Hooks::default())
    }

    /// Records a request.
    pub fn record<B>(&self, req: &Request<B>) {
        let raw_query = req.uri().query().unwrap_or("").to_string();
        let params = form_urlencoded::parse(raw_query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let header_text = |name| {
            req.headers()
                .get(name)
                .map(|v: &header::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        let ts_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let entry = RecordedRequest {
            method: req.method().to_string(),
            path: req.uri().path().to_string(),
            raw_query,
            params,
            authorization: header_text(header::AUTHORIZATION),
            origin: header_text(header::ORIGIN),
            ts_ms,
        };
        self.requests.lock().unwrap().push(entry);
    }

    /// The recorded requests, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().unwrap().clone()
    }

    /// Queues a fault.
    pub fn add_fault(&self, spec: FaultSpec) {
        self.faults.lock().unwrap().push(spec);
    }

    /// The first queued fault matching `path`, counting one use of it.
    /// Preflights (`OPTIONS`) never take a fault, so a browser's `times: 1`
    /// reaches the real request.
    pub fn take_fault(&self, method: &Method, path: &str) -> Option<FaultSpec> {
        if method == Method::OPTIONS {
            return None;
        }
        let mut faults = self.faults.lock().unwrap();
        let i = faults
            .iter()
            .position(|f| f.path_contains.as_deref().is_none_or(|p| path.contains(p)))?;
        let spec = faults[i].clone();
        if let Some(times) = &mut faults[i].times {
            *times -= 1;
            if *times == 0 {
                faults.remove(i);
            }
        }
        Some(spec)
    }
}

/// The answer a fault gives instead of the real one; `None` means "answer
/// normally" (after the delay).
pub fn fault_response(kind: FaultKind) -> Option<Response<Body>> {
    Some(match kind {
        FaultKind::InvalidParam => dify::invalid_param(
            "1 validation error for WorkflowLogQuery\nlimit\n  Input should be less than or equal to 100 [type=less_than_equal, input_value='101', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/less_than_equal",
        ),
        FaultKind::Unauthorized => dify::unauthorized("Access token is invalid"),
        FaultKind::Forbidden => dify::error_response(
            StatusCode::FORBIDDEN,
            "forbidden",
            "The app's API service has been disabled.",
        ),
        FaultKind::NotFoundHtml => dify::not_found_html(),
        FaultKind::RateLimited => dify::error_response(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many requests. Please try again later.",
        ),
        FaultKind::ServerError => dify::internal_server_error(),
        FaultKind::BadGatewayHtml => dify::bad_gateway_html(),
        FaultKind::NotJson => dify::raw_response(
            StatusCode::OK,
            dify::HTML_CONTENT_TYPE,
            "<!doctype html>\n<html><head><title>Welcome</title></head><body><p>This is a web page, not the Dify API.</p></body></html>\n",
        ),
        FaultKind::WrongShape => {
            dify::json_response(StatusCode::OK, &serde_json::json!({"items": [1, 2]}))
        }
        FaultKind::Drop => {
            let mut resp = Response::new(Body::empty());
            resp.extensions_mut().insert(DropConnection);
            resp
        }
        FaultKind::Delay => return None,
    })
}

/// Applies a fault taken for a request: sleeps `delay_ms`, then returns the
/// replacement answer, or `None` to go on normally.
pub async fn apply_fault(spec: &FaultSpec) -> Option<Response<Body>> {
    if let Some(ms) = spec.delay_ms.filter(|ms| *ms > 0) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    fault_response(spec.kind)
}

fn json_ok<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    let mut resp = Response::new(Body::from(
        serde_json::to_string(value).expect("plain data serializes"),
    ));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    resp
}

async fn list_requests(State(h): State<Arc<Hooks>>) -> Response<Body> {
    json_ok(StatusCode::OK, &h.requests())
}

async fn clear_requests(State(h): State<Arc<Hooks>>) -> Response<Body> {
    h.requests.lock().unwrap().clear();
    json_ok(StatusCode::OK, &serde_json::json!({"cleared": true}))
}

async fn add_fault(State(h): State<Arc<Hooks>>, body: axum::body::Bytes) -> Response<Body> {
    let spec: FaultSpec = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return json_ok(
                StatusCode::BAD_REQUEST,
                &serde_json::json!({"error": format!("invalid fault: {e}")}),
            )
        }
    };
    if spec.times == Some(0) {
        return json_ok(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"error": "times must be at least 1 (omit it for 'until cleared')"}),
        );
    }
    h.add_fault(spec.clone());
    json_ok(StatusCode::OK, &serde_json::json!({"queued": spec}))
}

async fn clear_faults(State(h): State<Arc<Hooks>>) -> Response<Body> {
    h.faults.lock().unwrap().clear();
    json_ok(StatusCode::OK, &serde_json::json!({"cleared": true}))
}

async fn list_faults(State(h): State<Arc<Hooks>>) -> Response<Body> {
    json_ok(StatusCode::OK, &*h.faults.lock().unwrap())
}

/// The `/__test/*` routes, with permissive CORS so a page on another origin
/// can drive them.
pub fn router(hooks: Arc<Hooks>) -> Router {
    Router::new()
        .route(
            "/__test/requests",
            get(list_requests).delete(clear_requests),
        )
        .route(
            "/__test/fault",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .with_state(hooks)
        .layer(tower_http::cors::CorsLayer::permissive())
}
