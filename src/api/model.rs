//! Serde types for Dify's workflow-log API, shaped after real responses
//! (`tests/fixtures/dify/`), not only the public API page.
//!
//! Decoding is tolerant: unknown fields are ignored, optional fields may be
//! `null` or missing, and an unknown run status is kept verbatim, so a newer
//! Dify never breaks the widget.

use super::json::{parse_tolerant, pretty, pretty_value};
use super::lenient::{
    lenient_bool, lenient_list, lenient_option, lenient_option_f64, lenient_option_i64,
    lenient_option_string, lenient_string, lenient_u64, ListField, TextVisitor,
};
use serde::{Deserialize, Deserializer, Serialize};

/// One page of `GET /workflows/logs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogPage {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub page: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub limit: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total: u64,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub has_more: bool,
    #[serde(default, deserialize_with = "lenient_list")]
    pub data: Vec<LogEntry>,
}

/// One row of the log: a workflow run and who started it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_option")]
    pub workflow_run: Option<WorkflowRun>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub created_from: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub created_by_role: Option<String>,
    #[serde(default, deserialize_with = "lenient_option")]
    pub created_by_account: Option<Account>,
    #[serde(default, deserialize_with = "lenient_option")]
    pub created_by_end_user: Option<EndUser>,
    /// Unix seconds.
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub created_at: Option<i64>,
}

/// The run summary embedded in a log entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkflowRun {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub version: Option<String>,
    #[serde(default)]
    pub status: RunStatus,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub triggered_from: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub error: Option<String>,
    /// Seconds, fractional.
    #[serde(default, deserialize_with = "lenient_option_f64")]
    pub elapsed_time: Option<f64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub total_tokens: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub total_steps: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub created_at: Option<i64>,
    /// `null` while the run is still going.
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub finished_at: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub exceptions_count: Option<i64>,
}

/// A console account that started a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Account {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub email: Option<String>,
}

/// An end user (API caller or web-app visitor) that started a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EndUser {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    /// `service-api`, `browser`, ... (Dify uses a hyphen).
    #[serde(default, rename = "type", deserialize_with = "lenient_option_string")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_anonymous: bool,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub session_id: Option<String>,
}

/// `GET /workflows/run/{id}`: one run with its inputs and outputs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RunDetail {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub workflow_id: Option<String>,
    #[serde(default)]
    pub status: RunStatus,
    /// Dify sends the inputs as a JSON *string* holding JSON text; read by
    /// [`RunDetail::inputs_view`].
    #[serde(default)]
    pub inputs: Option<serde_json::Value>,
    /// An object (`{}` for failed or running runs).
    #[serde(default)]
    pub outputs: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub error: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub total_steps: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub total_tokens: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub created_at: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_i64")]
    pub finished_at: Option<i64>,
    #[serde(default, deserialize_with = "lenient_option_f64")]
    pub elapsed_time: Option<f64>,
}

/// A run's inputs split the way a person reads them: what the caller sent,
/// and Dify's own `sys.*` keys, each pretty-printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputsView {
    pub user: String,
    pub system: String,
    pub system_count: usize,
}

impl RunDetail {
    /// The inputs' JSON text: Dify's string is unwrapped; an object is kept.
    pub fn inputs_text(&self) -> String {
        match &self.inputs {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => "null".into(),
        }
    }

    /// The inputs, `sys.*` keys folded apart; a non-object is shown whole.
    pub fn inputs_view(&self) -> InputsView {
        let text = self.inputs_text();
        // `preserve_order` keeps Dify's key order through the split.
        match parse_tolerant::<serde_json::Map<String, serde_json::Value>>(&text) {
            Ok(members) => {
                let (sys, user): (serde_json::Map<_, _>, serde_json::Map<_, _>) = members
                    .into_iter()
                    .partition(|(k, _)| k.starts_with("sys."));
                InputsView {
                    user: pretty_value(&serde_json::Value::Object(user)),
                    system_count: sys.len(),
                    system: pretty_value(&serde_json::Value::Object(sys)),
                }
            }
            Err(_) => InputsView {
                user: pretty(&text),
                system: String::new(),
                system_count: 0,
            },
        }
    }

    /// The outputs, pretty-printed (`{}` for failed or running runs).
    pub fn outputs_text(&self) -> String {
        self.outputs
            .as_ref()
            .map_or_else(|| "null".into(), pretty_value)
    }
}

/// `GET /info`: the app's name, shown in the widget's header.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AppInfo {
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub mode: Option<String>,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub author_name: Option<String>,
}

/// A run's state. Dify filters only on succeeded/failed/stopped, but data
/// also holds running, partial-succeeded and paused; anything else is kept
/// as [`RunStatus::Other`] and shown verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
    Stopped,
    PartialSucceeded,
    Paused,
    Other(String),
    #[default]
    Unknown,
}

impl RunStatus {
    /// Parses Dify's wire string.
    pub fn parse(s: &str) -> Self {
        match s {
            "running" => Self::Running,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "stopped" => Self::Stopped,
            "partial-succeeded" => Self::PartialSucceeded,
            "paused" => Self::Paused,
            "" => Self::Unknown,
            other => Self::Other(other.to_string()),
        }
    }

    /// Dify's wire string.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Stopped => "stopped",
            Self::PartialSucceeded => "partial-succeeded",
            Self::Paused => "paused",
            Self::Other(s) => s,
            Self::Unknown => "",
        }
    }

    /// A CSS-safe class suffix for the badge colour.
    pub fn css_class(&self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Stopped => "stopped",
            Self::PartialSucceeded => "partial",
            Self::Paused => "paused",
            Self::Other(_) | Self::Unknown => "other",
        }
    }
}

impl Serialize for RunStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RunStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match d.deserialize_any(TextVisitor)? {
            Some(s) => RunStatus::parse(&s),
            None => RunStatus::Unknown,
        })
    }
}

/// The page as sent, before checking that `data` is a list.
#[derive(Deserialize)]
struct RawPage {
    #[serde(default, deserialize_with = "lenient_u64")]
    page: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    limit: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    total: u64,
    #[serde(default, deserialize_with = "lenient_bool")]
    has_more: bool,
    #[serde(default)]
    data: Option<ListField<LogEntry>>,
}

/// Decodes a logs page, tolerating anything but a body that is not a JSON
/// object with a `data` list.
pub fn decode_log_page(body: &str) -> Result<LogPage, String> {
    let raw: RawPage = parse_tolerant(body).map_err(describe_json_error)?;
    match raw.data {
        Some(ListField::List(data)) => Ok(LogPage {
            page: raw.page,
            limit: raw.limit,
            total: raw.total,
            has_more: raw.has_more,
            data,
        }),
        Some(ListField::NotList) => Err("\"data\" is not a list".into()),
        None => Err("no \"data\" list".into()),
    }
}

/// "not JSON" for syntax errors, "unexpected shape" for the rest.
fn describe_json_error(e: serde_json::Error) -> String {
    match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("not JSON ({e})")
        }
        _ => format!("not the expected JSON object ({e})"),
    }
}

/// Decodes a run detail; it must at least be an object with an `id`.
pub fn decode_run_detail(body: &str) -> Result<RunDetail, String> {
    let d: RunDetail = parse_tolerant(body).map_err(describe_json_error)?;
    if d.id.is_empty() {
        return Err("no run \"id\"".into());
    }
    Ok(d)
}

/// Decodes `/info`; any JSON object will do.
pub fn decode_app_info(body: &str) -> Result<AppInfo, String> {
    if !body.trim_start().starts_with('{') {
        return Err("not a JSON object".into());
    }
    parse_tolerant(body).map_err(describe_json_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::i18n::Locale;

    #[test]
    fn decodes_a_real_row_and_ignores_unknown_fields() {
        let body = r#"{"page":1,"limit":20,"total":1,"has_more":false,"new_field":1,"data":[
          {"id":"a","workflow_run":{"id":"r","status":"partial-succeeded","elapsed_time":1.5,
           "total_tokens":12,"total_steps":3,"created_at":10,"finished_at":null,"extra":[1]},
           "created_from":"service-api","created_by_account":null,
           "created_by_end_user":{"id":"u","type":"service-api","is_anonymous":false,"session_id":"s"},
           "created_at":11}]}"#;
        let page = decode_log_page(body).unwrap();
        assert_eq!(page.total, 1);
        let e = &page.data[0];
        let run = e.workflow_run.as_ref().unwrap();
        assert_eq!(run.status, RunStatus::PartialSucceeded);
        assert_eq!(run.status.label(Locale::en), "Partial success");
        assert_eq!(run.finished_at, None);
        assert_eq!(
            e.created_by_end_user.as_ref().unwrap().kind.as_deref(),
            Some("service-api")
        );
    }

    #[test]
    fn null_run_and_wrong_types_decode_as_absent() {
        let body = r#"{"page":"2","limit":20,"total":null,"has_more":"yes","data":[
          {"id":"a","workflow_run":null,"created_at":"oops"},
          {"id":"b","workflow_run":{"id":"r","status":42,"elapsed_time":"x"}},
          7, null]}"#;
        let page = decode_log_page(body).unwrap();
        assert_eq!(page.page, 2);
        assert_eq!(page.total, 0);
        assert!(!page.has_more);
        assert_eq!(page.data.len(), 2);
        assert!(page.data[0].workflow_run.is_none());
        assert_eq!(page.data[0].created_at, None);
        let run = page.data[1].workflow_run.as_ref().unwrap();
        assert_eq!(run.status, RunStatus::Other("42".into()));
        assert_eq!(run.elapsed_time, None);
    }

    #[test]
    fn unknown_status_is_kept_verbatim() {
        let s: RunStatus = serde_json::from_str("\"exploded\"").unwrap();
        assert_eq!(s.label(Locale::ja), "exploded");
        assert_eq!(s.css_class(), "other");
        assert_eq!(RunStatus::parse("paused").label(Locale::en), "Paused");
        assert_eq!(RunStatus::parse("paused").label(Locale::zh_Hans), "已暂停");
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        assert!(decode_log_page("<html>").is_err());
        assert!(decode_log_page("[]").is_err());
        assert!(decode_log_page("{\"data\":{}}").is_err());
        assert!(decode_log_page("{}").is_err());
        assert!(decode_run_detail("{}").is_err());
        assert!(decode_app_info("3").is_err());
    }

    #[test]
    fn inputs_fold_sys_keys_apart() {
        let body = include_str!("../../tests/fixtures/dify/32_run_detail_succeeded.txt");
        let json = &body[body.find("\n{").unwrap() + 1..];
        let d = decode_run_detail(json).unwrap();
        let v = d.inputs_view();
        assert_eq!(v.user, "{\n  \"query\": \"alpha\"\n}");
        assert_eq!(v.system_count, 6);
        assert!(v.system.contains("\"sys.user_id\": \"user-alice\""));
        assert_eq!(d.outputs_text(), "{\n  \"result\": \"alpha\"\n}");
        let failed = include_str!("../../tests/fixtures/dify/33_run_detail_failed.txt");
        let d = decode_run_detail(&failed[failed.find("\n{").unwrap() + 1..]).unwrap();
        assert_eq!(d.outputs_text(), "{}");
        assert_eq!(d.status, RunStatus::Failed);
    }

    #[test]
    fn lone_surrogates_and_huge_numbers_are_not_failures() {
        let page = decode_log_page(
            r#"{"total":1e400,"data":[{"id":"a\ud800b","workflow_run":{"id":"r",
            "error":"x\udc00","elapsed_time":-1E+999,"total_tokens":5}}]}"#,
        )
        .unwrap();
        assert_eq!(page.total, 0);
        assert_eq!(page.data[0].id, "a\u{fffd}b");
        let run = page.data[0].workflow_run.as_ref().unwrap();
        assert_eq!(run.error.as_deref(), Some("x\u{fffd}"));
        assert_eq!(run.elapsed_time, None);
        assert_eq!(run.total_tokens, Some(5));
        // A proper pair is left alone, and an escaped backslash is not an escape.
        let e: String = parse_tolerant(r#""\ud83d\ude00 \\ud800""#).unwrap();
        assert_eq!(e, "\u{1f600} \\ud800");
        assert!(parse_tolerant::<String>("\"\\ud800\n").is_err());
    }

    #[test]
    fn run_inputs_string_is_parsed() {
        let d = decode_run_detail(
            r#"{"id":"x","status":"failed","inputs":"{\"query\": \"a\", \"sys.user_id\": \"u\"}","outputs":{}}"#,
        )
        .unwrap();
        assert_eq!(d.inputs_view().user, "{\n  \"query\": \"a\"\n}");
        let bad = decode_run_detail(r#"{"id":"x","inputs":"not json"}"#).unwrap();
        assert_eq!(bad.inputs_view().user, "not json");
        let obj = decode_run_detail(r#"{"id":"x","inputs":{"q":1}}"#).unwrap();
        assert_eq!(obj.inputs_view().user, "{\n  \"q\": 1\n}");
    }
}
