//! Serde types for Dify's workflow-log API, shaped after real responses
//! (`../shared/dify-captures/`), not only the public API page.
//!
//! Decoding is tolerant: unknown fields are ignored, optional fields may be
//! `null` or missing, and an unknown run status is kept verbatim, so a newer
//! Dify never breaks the widget.

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
    #[serde(default, deserialize_with = "lenient_entries")]
    pub data: Vec<LogEntry>,
}

/// One row of the log: a workflow run and who started it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_option")]
    pub workflow_run: Option<WorkflowRun>,
    #[serde(default)]
    pub details: Option<serde_json::Value>,
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunDetail {
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_option_string")]
    pub workflow_id: Option<String>,
    #[serde(default)]
    pub status: RunStatus,
    /// Dify sends the inputs as a JSON *string*; kept raw here, parsed by
    /// [`RunDetail::inputs_value`].
    #[serde(default)]
    pub inputs: Option<serde_json::Value>,
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

impl RunDetail {
    /// The inputs as JSON: Dify's string is parsed; an object is kept; an
    /// unparsable string is returned as a JSON string so nothing is lost.
    pub fn inputs_value(&self) -> serde_json::Value {
        match &self.inputs {
            Some(serde_json::Value::String(s)) => {
                serde_json::from_str(s).unwrap_or_else(|_| serde_json::Value::String(s.clone()))
            }
            Some(v) => v.clone(),
            None => serde_json::Value::Null,
        }
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

    /// The badge text a user reads.
    pub fn label(&self) -> &str {
        match self {
            Self::Running => "Running",
            Self::Succeeded => "Succeeded",
            Self::Failed => "Failed",
            Self::Stopped => "Stopped",
            Self::PartialSucceeded => "Partial success",
            Self::Paused => "Paused",
            Self::Other(s) => s,
            Self::Unknown => "Unknown",
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
        let v = serde_json::Value::deserialize(d)?;
        Ok(match v {
            serde_json::Value::String(s) => RunStatus::parse(&s),
            serde_json::Value::Null => RunStatus::Unknown,
            other => RunStatus::Other(other.to_string()),
        })
    }
}

/// Decodes a logs page, tolerating anything but a body that is not a JSON
/// object with the page's shape.
pub fn decode_log_page(body: &str) -> Result<LogPage, String> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("not JSON ({e})"))?;
    let obj = value.as_object().ok_or("not a JSON object")?;
    match obj.get("data") {
        Some(serde_json::Value::Array(_)) => {}
        Some(_) => return Err("\"data\" is not a list".into()),
        None => return Err("no \"data\" list".into()),
    }
    serde_json::from_value(value).map_err(|e| format!("unexpected shape ({e})"))
}

/// Decodes a run detail; it must at least be an object with an `id`.
pub fn decode_run_detail(body: &str) -> Result<RunDetail, String> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("not JSON ({e})"))?;
    if !value.get("id").is_some_and(|v| v.is_string()) {
        return Err("no run \"id\"".into());
    }
    serde_json::from_value(value).map_err(|e| format!("unexpected shape ({e})"))
}

/// Decodes `/info`; any JSON object will do.
pub fn decode_app_info(body: &str) -> Result<AppInfo, String> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("not JSON ({e})"))?;
    if !value.is_object() {
        return Err("not a JSON object".into());
    }
    serde_json::from_value(value).map_err(|e| format!("unexpected shape ({e})"))
}

// ---- lenient field decoders: a wrong type becomes "absent", never an error.

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient_option_string(d)?.unwrap_or_default())
}

fn lenient_option_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

fn lenient_option_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        serde_json::Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    })
}

fn lenient_option_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        serde_json::Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    })
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(lenient_option_i64(d)?.map(|n| n.max(0) as u64).unwrap_or(0))
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(matches!(
        serde_json::Value::deserialize(d)?,
        serde_json::Value::Bool(true)
    ))
}

fn lenient_option<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let v = serde_json::Value::deserialize(d)?;
    if !v.is_object() {
        return Ok(None);
    }
    Ok(serde_json::from_value(v).ok())
}

fn lenient_entries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LogEntry>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter(|v| v.is_object())
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(run.status.label(), "Partial success");
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
        assert_eq!(s.label(), "exploded");
        assert_eq!(s.css_class(), "other");
        assert_eq!(RunStatus::parse("paused").label(), "Paused");
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
    fn run_inputs_string_is_parsed() {
        let d = decode_run_detail(
            r#"{"id":"x","status":"failed","inputs":"{\"query\": \"a\", \"sys.user_id\": \"u\"}","outputs":{}}"#,
        )
        .unwrap();
        assert_eq!(d.inputs_value()["query"], "a");
        let bad = decode_run_detail(r#"{"id":"x","inputs":"not json"}"#).unwrap();
        assert_eq!(
            bad.inputs_value(),
            serde_json::Value::String("not json".into())
        );
    }
}
