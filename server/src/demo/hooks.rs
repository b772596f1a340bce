//! Test hooks for browser tests (only with `--test-hooks`): a log of every
//! `/v1` request, a queue of injected faults, new runs that arrive while a
//! client pages, and same-second runs listed in a new order on every
//! request. The routes live under `/__test/`, never under `/v1`, so they
//! cannot be mistaken for Dify's.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use super::data::{self, Dataset, Run};
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

/// `POST /__test/insert_runs` body.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InsertSpec {
    /// How many runs arrive (1 to 1000), all in the same second.
    pub count: usize,
    /// After how many more `GET /v1/workflows/logs` answered 200 they
    /// arrive; 0: at once.
    #[serde(default)]
    pub after_requests: u32,
}

/// `POST /__test/shuffle` body.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ShuffleSpec {
    /// Whether runs of the same second come in a new order each request.
    pub enabled: bool,
}

/// The shared state of the hooks.
#[derive(Debug)]
pub struct Hooks {
    requests: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<Vec<FaultSpec>>,
    /// Inserts waiting for their request count, each with the requests it
    /// still waits for.
    pending: Mutex<Vec<InsertSpec>>,
    /// Runs inserted so far, newest first; all newer than the data set's.
    inserted: RwLock<Vec<Run>>,
    batches: AtomicU64,
    shuffle: AtomicBool,
    /// Seeds the order of each shuffled answer.
    shuffled: AtomicU64,
    /// The data set's "now" (`--now`), and when the demo started: new runs
    /// arrive at `now` plus the time since.
    now: i64,
    started: Instant,
    seed: u64,
}

impl Hooks {
    /// Empty hooks for a data set generated at `now` from `seed`.
    pub fn new(now: i64, seed: u64) -> Arc<Self> {
        Arc::new(Hooks {
            requests: Mutex::default(),
            faults: Mutex::default(),
            pending: Mutex::default(),
            inserted: RwLock::default(),
            batches: AtomicU64::new(0),
            shuffle: AtomicBool::new(false),
            shuffled: AtomicU64::new(0),
            now,
            started: Instant::now(),
            seed,
        })
    }

    /// The runs inserted so far, newest first.
    pub fn inserted(&self) -> RwLockReadGuard<'_, Vec<Run>> {
        self.inserted.read().unwrap()
    }

    /// The seed of this answer's same-second order, while shuffling is on.
    pub fn shuffle_seed(&self) -> Option<u64> {
        self.shuffle
            .load(Ordering::Relaxed)
            .then(|| self.seed ^ self.shuffled.fetch_add(1, Ordering::Relaxed))
    }

    /// Queues an insert, or makes it at once when `after_requests` is 0.
    pub fn add_insert(&self, spec: InsertSpec, data: &Dataset) {
        if spec.after_requests == 0 {
            self.insert_runs(spec.count, data);
        } else {
            self.pending.lock().unwrap().push(spec);
        }
    }

    /// Counts one `GET /v1/workflows/logs` answered 200 and makes the
    /// inserts that were waiting for it.
    pub fn logs_answered(&self, data: &Dataset) {
        let mut due = 0;
        self.pending.lock().unwrap().retain_mut(|p| {
            p.after_requests -= 1;
            if p.after_requests == 0 {
                due += p.count;
            }
            p.after_requests > 0
        });
        if due > 0 {
            self.insert_runs(due, data);
        }
    }

    /// Adds `count` runs in the current second of the demo's clock.
    fn insert_runs(&self, count: usize, data: &Dataset) {
        let batch = self.batches.fetch_add(1, Ordering::Relaxed);
        let mut inserted = self.inserted.write().unwrap();
        let newest = inserted
            .first()
            .or(data.runs.first())
            .map_or(i64::MIN, |r| r.log_created_at);
        let second = (self.now + self.started.elapsed().as_secs() as i64).max(newest);
        let seed = self.seed ^ 0x1A5E_7000_0000_0000 ^ batch;
        let mut runs = data::runs::new_runs(data, count, second, seed);
        runs.append(&mut inserted);
        *inserted = runs;
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

/// State of the routes that change the data: the hooks and the data set.
type DataHooks = (Arc<Hooks>, Arc<Dataset>);

/// A run as the insert routes list it.
#[derive(Serialize)]
struct InsertedRun<'a> {
    id: &'a str,
    workflow_run_id: &'a str,
    created_at: i64,
}

fn inserted_runs(h: &Hooks) -> Vec<serde_json::Value> {
    h.inserted()
        .iter()
        .map(|r| {
            serde_json::to_value(InsertedRun {
                id: &r.log_id,
                workflow_run_id: &r.run_id,
                created_at: r.log_created_at,
            })
            .expect("plain data serializes")
        })
        .collect()
}

fn insert_state(h: &Hooks) -> serde_json::Value {
    serde_json::json!({
        "pending": *h.pending.lock().unwrap(),
        "inserted": inserted_runs(h),
    })
}

async fn add_insert(State((h, d)): State<DataHooks>, body: axum::body::Bytes) -> Response<Body> {
    let spec: InsertSpec = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return json_ok(
                StatusCode::BAD_REQUEST,
                &serde_json::json!({"error": format!("invalid insert: {e}")}),
            )
        }
    };
    if !(1..=1000).contains(&spec.count) || spec.after_requests > 1000 {
        return json_ok(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"error": "count must be 1 to 1000 and after_requests 0 to 1000"}),
        );
    }
    h.add_insert(spec, &d);
    json_ok(StatusCode::OK, &insert_state(&h))
}

async fn list_inserts(State((h, _)): State<DataHooks>) -> Response<Body> {
    json_ok(StatusCode::OK, &insert_state(&h))
}

async fn clear_inserts(State((h, _)): State<DataHooks>) -> Response<Body> {
    h.pending.lock().unwrap().clear();
    h.inserted.write().unwrap().clear();
    json_ok(StatusCode::OK, &serde_json::json!({"cleared": true}))
}

async fn set_shuffle(State(h): State<Arc<Hooks>>, body: axum::body::Bytes) -> Response<Body> {
    match serde_json::from_slice::<ShuffleSpec>(&body) {
        Ok(spec) => {
            h.shuffle.store(spec.enabled, Ordering::Relaxed);
            json_ok(StatusCode::OK, &spec)
        }
        Err(e) => json_ok(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"error": format!("invalid shuffle: {e}")}),
        ),
    }
}

async fn get_shuffle(State(h): State<Arc<Hooks>>) -> Response<Body> {
    json_ok(
        StatusCode::OK,
        &ShuffleSpec {
            enabled: h.shuffle.load(Ordering::Relaxed),
        },
    )
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
pub fn router(hooks: Arc<Hooks>, data: Arc<Dataset>) -> Router {
    let inserts = Router::new()
        .route(
            "/__test/insert_runs",
            get(list_inserts).post(add_insert).delete(clear_inserts),
        )
        .with_state((hooks.clone(), data));
    Router::new()
        .route(
            "/__test/requests",
            get(list_requests).delete(clear_requests),
        )
        .route(
            "/__test/fault",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__test/shuffle", get(get_shuffle).post(set_shuffle))
        .with_state(hooks)
        .merge(inserts)
        .layer(tower_http::cors::CorsLayer::permissive())
}
