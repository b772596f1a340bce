//! The demo's `/v1` handlers: the same status codes, headers and JSON as
//! Dify 1.13's service API for the endpoints the widget uses.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, Method, Response, StatusCode};
use serde::Serialize;
use serde_json::Value;

use super::data::{Creator, Dataset, Run};
use super::hooks::Hooks;
use super::query::{parse_log_query, select_in, QueryError};
use crate::dify;

/// What the handlers share.
#[derive(Clone)]
pub struct ApiState {
    pub data: Arc<Dataset>,
    /// The one API key the demo accepts.
    pub key: String,
    /// With `--test-hooks`: inserted runs and the same-second shuffle.
    pub hooks: Option<Arc<Hooks>>,
    /// The app's name in `/v1/info`.
    pub name: Arc<str>,
    /// Where its API is (`/v1`, `/apps/{slug}/v1`), for `/v1/info`.
    pub path: Arc<str>,
}

/// Checks the `Authorization` header like Dify's `validate_app_token`.
fn authorize(headers: &HeaderMap, key: &str) -> Option<Response<Body>> {
    let value = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
    dify::auth_failure_response(dify::check_authorization(value, key))
}

#[derive(Serialize)]
struct LogPageOut<'a> {
    page: u64,
    limit: u64,
    total: usize,
    has_more: bool,
    data: Vec<LogEntryOut<'a>>,
}

#[derive(Serialize)]
struct LogEntryOut<'a> {
    id: &'a str,
    workflow_run: WorkflowRunOut<'a>,
    details: Option<()>,
    created_from: &'a str,
    created_by_role: &'a str,
    created_by_account: Option<AccountOut<'a>>,
    created_by_end_user: Option<EndUserOut<'a>>,
    created_at: i64,
}

#[derive(Serialize)]
struct WorkflowRunOut<'a> {
    id: &'a str,
    version: &'a str,
    status: &'a str,
    triggered_from: &'a str,
    error: Option<&'a str>,
    elapsed_time: f64,
    total_tokens: i64,
    total_steps: i64,
    created_at: i64,
    finished_at: Option<i64>,
    exceptions_count: i64,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    id: &'a str,
    name: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
struct EndUserOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    is_anonymous: bool,
    session_id: &'a str,
}

fn entry<'a>(data: &'a Dataset, r: &'a Run) -> LogEntryOut<'a> {
    let (created_from, role, account, end_user) = match r.creator {
        Creator::EndUser(i) => {
            let u = &data.end_users[i];
            (
                u.created_from,
                "end_user",
                None,
                Some(EndUserOut {
                    id: &u.id,
                    kind: u.kind,
                    is_anonymous: u.is_anonymous,
                    session_id: u.session_id,
                }),
            )
        }
        Creator::Account(i) => {
            let a = &data.accounts[i];
            (
                "installed-app",
                "account",
                Some(AccountOut {
                    id: &a.id,
                    name: a.name,
                    email: a.email,
                }),
                None,
            )
        }
    };
    LogEntryOut {
        id: &r.log_id,
        workflow_run: WorkflowRunOut {
            id: &r.run_id,
            version: &data.version,
            status: r.status.as_str(),
            triggered_from: "app-run",
            error: r.error.as_deref(),
            elapsed_time: r.elapsed_time,
            total_tokens: r.total_tokens,
            total_steps: r.total_steps,
            created_at: r.created_at,
            finished_at: r.finished_at,
            exceptions_count: r.exceptions_count,
        },
        details: None,
        created_from,
        created_by_role: role,
        created_by_account: account,
        created_by_end_user: end_user,
        created_at: r.log_created_at,
    }
}

/// `GET /v1/workflows/logs`: auth, then pydantic-style validation, then the
/// filtered, paged list, newest first.
pub async fn workflow_logs(
    State(st): State<ApiState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response<Body> {
    if let Some(resp) = authorize(&headers, &st.key) {
        return resp;
    }
    let resp = {
        let inserted = st.hooks.as_ref().map(|h| h.inserted());
        let newer = inserted.as_deref().map_or(&[][..], Vec::as_slice);
        let shuffle = st.hooks.as_ref().and_then(|h| h.shuffle_seed());
        let result = parse_log_query(raw.as_deref().unwrap_or("")).and_then(|q| {
            select_in(&st.data, newer, &q, shuffle).map(|(rows, total)| (q, rows, total))
        });
        match result {
            Ok((q, rows, total)) => {
                let body = LogPageOut {
                    page: q.page,
                    limit: q.limit,
                    total,
                    has_more: (q.page * q.limit) < total as u64,
                    data: rows.into_iter().map(|r| entry(&st.data, r)).collect(),
                };
                dify::json_response(StatusCode::OK, &body)
            }
            Err(QueryError::Invalid(msg)) => dify::invalid_param(&msg),
            Err(QueryError::Internal) => dify::internal_server_error(),
        }
    };
    if let Some(h) = &st.hooks {
        if resp.status() == StatusCode::OK {
            h.logs_answered(&st.data);
        }
    }
    resp
}

#[derive(Serialize)]
struct RunDetailOut<'a> {
    id: &'a str,
    workflow_id: &'a str,
    status: &'a str,
    /// A JSON *string*, as Dify sends it.
    inputs: &'a str,
    outputs: Value,
    error: Option<&'a str>,
    total_steps: i64,
    total_tokens: i64,
    created_at: i64,
    finished_at: Option<i64>,
    elapsed_time: f64,
}

/// `GET /v1/workflows/run/{id}` (captures 32-34).
pub async fn workflow_run(
    State(st): State<ApiState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response<Body> {
    if let Some(resp) = authorize(&headers, &st.key) {
        return resp;
    }
    let inserted = st.hooks.as_ref().map(|h| h.inserted());
    let found = inserted
        .as_deref()
        .and_then(|runs| runs.iter().find(|r| r.run_id == id))
        .or_else(|| st.data.find_run(&id));
    let Some(r) = found else {
        return dify::error_response(
            StatusCode::NOT_FOUND,
            "not_found",
            "Workflow run not found.",
        );
    };
    let outputs = Value::Object(r.outputs.iter().cloned().collect());
    dify::json_response(
        StatusCode::OK,
        &RunDetailOut {
            id: &r.run_id,
            workflow_id: &st.data.workflow_id,
            status: r.status.as_str(),
            inputs: &r.inputs_text,
            outputs,
            error: r.error.as_deref(),
            total_steps: r.total_steps,
            total_tokens: r.total_tokens,
            created_at: r.created_at,
            finished_at: r.finished_at,
            elapsed_time: r.elapsed_time,
        },
    )
}

#[derive(Serialize)]
struct InfoOut<'a> {
    name: &'a str,
    description: &'a str,
    tags: [(); 0],
    mode: &'static str,
    author_name: &'static str,
}

/// `GET /v1/info` (capture 35).
pub async fn app_info(State(st): State<ApiState>, headers: HeaderMap) -> Response<Body> {
    if let Some(resp) = authorize(&headers, &st.key) {
        return resp;
    }
    let description = format!(
        "Generated workflow runs served by dify-logs-server for {}/workflows/logs",
        st.path
    );
    dify::json_response(
        StatusCode::OK,
        &InfoOut {
            name: &st.name,
            description: &description,
            tags: [],
            mode: "workflow",
            author_name: "Local Admin",
        },
    )
}

/// A known route asked with another method: Flask answers `OPTIONS` itself
/// and Flask-RESTx turns the rest into a JSON 405.
pub async fn other_method(method: Method) -> Response<Body> {
    if method == Method::OPTIONS {
        dify::options_ok()
    } else {
        dify::method_not_allowed()
    }
}

/// Any other path under `/v1`: Werkzeug's HTML 404 (capture 37).
pub async fn not_found() -> Response<Body> {
    dify::not_found_html()
}
