//! Dify's workflow-log API types, shaped after real responses
//! (`tests/fixtures/dify/`), not only the public API page, and their
//! decoders (from [`crate::json`] values; no serde).
//!
//! Decoding is tolerant: unknown fields are ignored, optional fields may be
//! `null` or missing, a field of the wrong type counts as absent, and an
//! unknown run status is kept verbatim, so a newer Dify never breaks the
//! widget. When a key repeats, the last one counts.

use crate::json::{self, Value};

/// One page of `GET /workflows/logs`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogPage {
    pub page: u64,
    pub limit: u64,
    pub total: u64,
    pub has_more: bool,
    pub data: Vec<LogEntry>,
}

/// One row of the log: a workflow run and who started it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogEntry {
    pub id: String,
    pub workflow_run: Option<WorkflowRun>,
    pub created_from: Option<String>,
    pub created_by_role: Option<String>,
    pub created_by_account: Option<Account>,
    pub created_by_end_user: Option<EndUser>,
    /// Unix seconds.
    pub created_at: Option<i64>,
}

/// The run summary embedded in a log entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkflowRun {
    pub id: String,
    pub version: Option<String>,
    pub status: RunStatus,
    pub triggered_from: Option<String>,
    pub error: Option<String>,
    /// Seconds, fractional.
    pub elapsed_time: Option<f64>,
    pub total_tokens: Option<i64>,
    pub total_steps: Option<i64>,
    pub created_at: Option<i64>,
    /// `null` while the run is still going.
    pub finished_at: Option<i64>,
    pub exceptions_count: Option<i64>,
}

/// A console account that started a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// An end user (API caller or web-app visitor) that started a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EndUser {
    pub id: String,
    /// `service-api`, `browser`, ... (Dify uses a hyphen).
    pub kind: Option<String>,
    pub is_anonymous: bool,
    pub session_id: Option<String>,
}

/// `GET /workflows/run/{id}`: one run with its inputs and outputs.
#[derive(Clone, Debug, Default)]
pub struct RunDetail {
    pub id: String,
    pub workflow_id: Option<String>,
    pub status: RunStatus,
    /// Dify sends the inputs as a JSON *string* holding JSON text; kept as
    /// the raw JSON text of the member (`None` for `null` or missing), read
    /// by [`RunDetail::inputs_view`].
    pub inputs: Option<String>,
    /// An object (`{}` for failed or running runs), kept as raw JSON text.
    pub outputs: Option<String>,
    pub error: Option<String>,
    pub total_steps: Option<i64>,
    pub total_tokens: Option<i64>,
    pub created_at: Option<i64>,
    pub finished_at: Option<i64>,
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
        match self.inputs.as_deref() {
            Some(raw) if raw.starts_with('"') => match json::parse(raw) {
                Ok(Value::Str(s)) => s.into_owned(),
                _ => String::new(),
            },
            Some(raw) => raw.to_string(),
            None => "null".into(),
        }
    }

    /// The inputs, `sys.*` keys folded apart; a non-object is shown whole.
    pub fn inputs_view(&self) -> InputsView {
        let text = self.inputs_text();
        match crate::json_text::object_members(&text) {
            Some(members) => {
                let (sys, user): (Vec<_>, Vec<_>) = members
                    .into_iter()
                    .partition(|(k, _)| k.starts_with("sys."));
                InputsView {
                    user: pretty(&crate::json_text::object_text(&user)),
                    system_count: sys.len(),
                    system: pretty(&crate::json_text::object_text(&sys)),
                }
            }
            None => InputsView {
                user: pretty(&text),
                system: String::new(),
                system_count: 0,
            },
        }
    }

    /// The outputs, pretty-printed (`{}` for failed or running runs).
    pub fn outputs_text(&self) -> String {
        pretty(self.outputs.as_deref().unwrap_or("null"))
    }
}

/// Indented JSON for reading and copying.
pub fn pretty(raw: &str) -> String {
    crate::json_text::pretty(raw)
}

/// `GET /info`: the app's name, shown in the widget's header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppInfo {
    pub name: Option<String>,
    pub description: Option<String>,
    pub mode: Option<String>,
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

impl LogPage {
    fn from_json(v: &Value) -> Result<Self, String> {
        let data = match v.get("data") {
            Some(Value::Arr(items)) => items.iter().filter_map(LogEntry::from_json).collect(),
            None | Some(Value::Null) => return Err("no \"data\" list".into()),
            Some(_) => return Err("\"data\" is not a list".into()),
        };
        Ok(LogPage {
            page: count(v.get("page")),
            limit: count(v.get("limit")),
            total: count(v.get("total")),
            has_more: flag(v.get("has_more")),
            data,
        })
    }
}

impl LogEntry {
    /// An entry from an object; anything else is no entry.
    fn from_json(v: &Value) -> Option<Self> {
        v.as_object()?;
        Some(LogEntry {
            id: string(v.get("id")),
            workflow_run: v.get("workflow_run").and_then(WorkflowRun::from_json),
            created_from: text(v.get("created_from")),
            created_by_role: text(v.get("created_by_role")),
            created_by_account: v.get("created_by_account").and_then(Account::from_json),
            created_by_end_user: v.get("created_by_end_user").and_then(EndUser::from_json),
            created_at: int(v.get("created_at")),
        })
    }

    /// Appends the entry as compact JSON in Dify's field names: every field
    /// in declaration order, absent ones as `null` (what the export writes).
    pub fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.key("id").str(&self.id);
        match &self.workflow_run {
            Some(r) => r.write_json(o.key("workflow_run").0),
            None => o.key("workflow_run").null(),
        }
        o.key("created_from").opt_str(&self.created_from);
        o.key("created_by_role").opt_str(&self.created_by_role);
        match &self.created_by_account {
            Some(a) => a.write_json(o.key("created_by_account").0),
            None => o.key("created_by_account").null(),
        }
        match &self.created_by_end_user {
            Some(u) => u.write_json(o.key("created_by_end_user").0),
            None => o.key("created_by_end_user").null(),
        }
        o.key("created_at").opt_int(self.created_at);
        o.end();
    }
}

impl WorkflowRun {
    fn from_json(v: &Value) -> Option<Self> {
        v.as_object()?;
        Some(WorkflowRun {
            id: string(v.get("id")),
            version: text(v.get("version")),
            status: status(v.get("status")),
            triggered_from: text(v.get("triggered_from")),
            error: text(v.get("error")),
            elapsed_time: float(v.get("elapsed_time")),
            total_tokens: int(v.get("total_tokens")),
            total_steps: int(v.get("total_steps")),
            created_at: int(v.get("created_at")),
            finished_at: int(v.get("finished_at")),
            exceptions_count: int(v.get("exceptions_count")),
        })
    }

    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.key("id").str(&self.id);
        o.key("version").opt_str(&self.version);
        o.key("status").str(self.status.as_str());
        o.key("triggered_from").opt_str(&self.triggered_from);
        o.key("error").opt_str(&self.error);
        match self.elapsed_time {
            Some(t) => json::write_f64(t, o.key("elapsed_time").0),
            None => o.key("elapsed_time").null(),
        }
        o.key("total_tokens").opt_int(self.total_tokens);
        o.key("total_steps").opt_int(self.total_steps);
        o.key("created_at").opt_int(self.created_at);
        o.key("finished_at").opt_int(self.finished_at);
        o.key("exceptions_count").opt_int(self.exceptions_count);
        o.end();
    }
}

impl Account {
    fn from_json(v: &Value) -> Option<Self> {
        v.as_object()?;
        Some(Account {
            id: string(v.get("id")),
            name: text(v.get("name")),
            email: text(v.get("email")),
        })
    }

    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.key("id").str(&self.id);
        o.key("name").opt_str(&self.name);
        o.key("email").opt_str(&self.email);
        o.end();
    }
}

impl EndUser {
    fn from_json(v: &Value) -> Option<Self> {
        v.as_object()?;
        Some(EndUser {
            id: string(v.get("id")),
            kind: text(v.get("type")),
            is_anonymous: flag(v.get("is_anonymous")),
            session_id: text(v.get("session_id")),
        })
    }

    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.key("id").str(&self.id);
        o.key("type").opt_str(&self.kind);
        o.key("is_anonymous")
            .0
            .push_str(if self.is_anonymous { "true" } else { "false" });
        o.key("session_id").opt_str(&self.session_id);
        o.end();
    }
}

/// The body parsed as a JSON object: "not JSON (...)" for a syntax error,
/// "not the expected JSON object (...)" for any other JSON.
fn parse_object(body: &str) -> Result<Value<'_>, String> {
    let v = json::parse(body).map_err(|e| format!("not JSON ({e})"))?;
    let found = match &v {
        Value::Obj(_) => return Ok(v),
        Value::Arr(_) => "an array",
        Value::Str(_) => "a string",
        Value::Num(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    };
    Err(format!("not the expected JSON object (found {found})"))
}

/// Decodes a logs page, tolerating anything but a body that is not a JSON
/// object with a `data` list.
pub fn decode_log_page(body: &str) -> Result<LogPage, String> {
    LogPage::from_json(&parse_object(body)?)
}

/// Decodes a run detail; it must at least be an object with an `id`.
pub fn decode_run_detail(body: &str) -> Result<RunDetail, String> {
    let v = parse_object(body)?;
    let id = string(v.get("id"));
    if id.is_empty() {
        return Err("no run \"id\"".into());
    }
    // inputs and outputs are kept as the text they were sent in (strings
    // byte for byte), so they read as Dify wrote them.
    let (mut inputs, mut outputs) = (None, None);
    for (k, raw) in crate::json_text::object_members(body).unwrap_or_default() {
        let slot = match k.as_str() {
            "inputs" => &mut inputs,
            "outputs" => &mut outputs,
            _ => continue,
        };
        *slot = Some(raw).filter(|r| r != "null");
    }
    Ok(RunDetail {
        id,
        workflow_id: text(v.get("workflow_id")),
        status: status(v.get("status")),
        inputs,
        outputs,
        error: text(v.get("error")),
        total_steps: int(v.get("total_steps")),
        total_tokens: int(v.get("total_tokens")),
        created_at: int(v.get("created_at")),
        finished_at: int(v.get("finished_at")),
        elapsed_time: float(v.get("elapsed_time")),
    })
}

/// Decodes `/info`; any JSON object will do.
pub fn decode_app_info(body: &str) -> Result<AppInfo, String> {
    if !body.trim_start().starts_with('{') {
        return Err("not a JSON object".into());
    }
    let v = parse_object(body)?;
    Ok(AppInfo {
        name: text(v.get("name")),
        description: text(v.get("description")),
        mode: text(v.get("mode")),
        author_name: text(v.get("author_name")),
    })
}

// ---- lenient field readers: a wrong type is "absent", never an error.

/// Text: a string as it is; an integer or boolean as its JSON text; a
/// fractional number, `null`, a list or an object is absent.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Str(s) => Some(s.to_string()),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
        // An integer that fits 64 bits ("-0" reads as a float).
        Value::Num(n)
            if json::is_integer_text(n)
                && n != "-0"
                && (n.parse::<i64>().is_ok() || n.parse::<u64>().is_ok()) =>
        {
            Some(n.to_string())
        }
        _ => None,
    }
}

fn string(v: Option<&Value>) -> String {
    text(v).unwrap_or_default()
}

fn int(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_i64)
}

fn float(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

/// A count: negatives are 0, absent is 0.
fn count(v: Option<&Value>) -> u64 {
    int(v).map_or(0, |n| n.max(0) as u64)
}

/// Only `true` is true.
fn flag(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool).unwrap_or(false)
}

fn status(v: Option<&Value>) -> RunStatus {
    text(v).map_or(RunStatus::Unknown, |s| RunStatus::parse(&s))
}

/// Writes one JSON object's members, in call order.
struct ObjectWriter<'a>(&'a mut String, bool);

impl<'a> ObjectWriter<'a> {
    fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter(out, true)
    }

    /// Writes `"name":` and returns the writer for the value.
    fn key(&mut self, name: &str) -> ValueWriter<'_> {
        if !std::mem::take(&mut self.1) {
            self.0.push(',');
        }
        json::quote(name, self.0);
        self.0.push(':');
        ValueWriter(self.0)
    }

    fn end(self) {
        self.0.push('}');
    }
}

/// Where one value goes.
struct ValueWriter<'a>(&'a mut String);

impl ValueWriter<'_> {
    fn null(self) {
        self.0.push_str("null");
    }

    fn str(self, s: &str) {
        json::quote(s, self.0);
    }

    fn opt_str(self, s: &Option<String>) {
        match s {
            Some(s) => json::quote(s, self.0),
            None => self.null(),
        }
    }

    fn opt_int(self, n: Option<i64>) {
        match n {
            Some(n) => self.0.push_str(&n.to_string()),
            None => self.null(),
        }
    }
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
        let d = decode_run_detail(r#"{"id":"x","status":"exploded"}"#).unwrap();
        let s = d.status;
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
    fn lenient_fields_read_as_before() {
        let body = r#"{"page":-3,"limit":"20","total":1.9,"has_more":1,"data":[
          {"id":42,"created_from":true,"created_by_role":1.5,"created_at":"  12 ",
           "workflow_run":{"id":18446744073709551615,"status":7,"version":-0,
             "error":false,"elapsed_time":"2.5","total_tokens":8.9e15,"total_steps":9e15,
             "created_at":-1.9,"finished_at":"1.5","exceptions_count":-9223372036854775809},
           "created_by_account":[{"id":"x"}],"created_by_end_user":{"is_anonymous":"true"}},
          {"id":"b","workflow_run":{"status":1.0,"elapsed_time":1e400}}]}"#;
        let page = decode_log_page(body).unwrap();
        assert_eq!((page.page, page.limit, page.total), (0, 20, 1));
        assert!(!page.has_more);
        let e = &page.data[0];
        assert_eq!(e.id, "42");
        assert_eq!(e.created_from.as_deref(), Some("true"));
        assert_eq!(e.created_by_role, None);
        assert_eq!(e.created_at, Some(12));
        assert_eq!(e.created_by_account, None);
        assert!(!e.created_by_end_user.as_ref().unwrap().is_anonymous);
        let run = e.workflow_run.as_ref().unwrap();
        assert_eq!(run.id, "18446744073709551615");
        assert_eq!(run.status, RunStatus::Other("7".into()));
        // -0 reads as a float, which is not text.
        assert_eq!(run.version, None);
        assert_eq!(run.error.as_deref(), Some("false"));
        assert_eq!(run.elapsed_time, Some(2.5));
        assert_eq!(run.total_tokens, Some(8_900_000_000_000_000));
        assert_eq!(run.total_steps, None);
        assert_eq!(run.created_at, Some(-1));
        assert_eq!(run.finished_at, None);
        assert_eq!(run.exceptions_count, None);
        let run = page.data[1].workflow_run.as_ref().unwrap();
        assert_eq!(run.status, RunStatus::Unknown);
        assert_eq!(run.elapsed_time, None);
    }

    #[test]
    fn errors_say_what_was_wrong() {
        assert!(decode_log_page("<html>")
            .unwrap_err()
            .starts_with("not JSON (expected value at line 1 column 1"));
        assert!(decode_log_page("{\"data\":[]} x")
            .unwrap_err()
            .starts_with("not JSON (trailing characters"));
        assert_eq!(
            decode_log_page("[]").unwrap_err(),
            "not the expected JSON object (found an array)"
        );
        assert_eq!(
            decode_run_detail("null").unwrap_err(),
            "not the expected JSON object (found null)"
        );
        assert_eq!(
            decode_log_page("{\"data\":null}").unwrap_err(),
            "no \"data\" list"
        );
        assert_eq!(
            decode_log_page("{\"data\":\"x\"}").unwrap_err(),
            "\"data\" is not a list"
        );
        assert_eq!(
            decode_run_detail("{\"id\":\"\"}").unwrap_err(),
            "no run \"id\""
        );
        assert_eq!(decode_app_info(" [1]").unwrap_err(), "not a JSON object");
        assert!(decode_app_info("{").unwrap_err().starts_with("not JSON"));
        let info =
            decode_app_info(r#"{"name":"n","mode":"workflow","author_name":null,"x":[]}"#).unwrap();
        assert_eq!(info.name.as_deref(), Some("n"));
        assert_eq!(info.mode.as_deref(), Some("workflow"));
        assert_eq!(info.author_name, None);
    }

    #[test]
    fn a_repeated_key_counts_once_the_last_time() {
        let page =
            decode_log_page(r#"{"total":1,"data":"x","total":2,"data":[{"id":"a"}]}"#).unwrap();
        assert_eq!((page.total, page.data.len()), (2, 1));
        let d =
            decode_run_detail(r#"{"id":"a","outputs":{"x":1},"id":"b","outputs":null}"#).unwrap();
        assert_eq!(d.id, "b");
        assert_eq!(d.outputs, None);
        assert_eq!(d.outputs_text(), "null");
    }

    #[test]
    fn inputs_and_outputs_keep_the_text_as_sent() {
        let d = decode_run_detail(
            "{ \"id\" : \"x\" , \"outputs\" : {\"t\": \"\\u00e9\\/\", \"n\": 1.50} , \"inputs\" : null }",
        )
        .unwrap();
        assert_eq!(
            d.outputs.as_deref(),
            Some("{\"t\": \"\\u00e9\\/\", \"n\": 1.50}")
        );
        assert_eq!(
            d.outputs_text(),
            "{\n  \"t\": \"\\u00e9\\/\",\n  \"n\": 1.50\n}"
        );
        assert_eq!(d.inputs, None);
        assert_eq!(d.inputs_text(), "null");
        let d = decode_run_detail(r#"{"id":"x","inputs":"{\"q\": \"\\u00e9\"}","outputs":[1, 2]}"#)
            .unwrap();
        // The string is unwrapped; the JSON text inside is kept as it is.
        assert_eq!(d.inputs_text(), "{\"q\": \"\\u00e9\"}");
        assert_eq!(d.outputs_text(), "[\n  1,\n  2\n]");
        let d = decode_run_detail(r#"{"id":"x","inputs":7}"#).unwrap();
        assert_eq!(d.inputs_text(), "7");
        assert_eq!(d.outputs, None);
    }

    #[test]
    fn an_entry_writes_as_json_in_field_order() {
        let e = LogEntry {
            id: "a".into(),
            created_by_end_user: Some(EndUser {
                kind: Some("browser".into()),
                is_anonymous: true,
                ..Default::default()
            }),
            ..Default::default()
        };
        let mut out = String::new();
        e.write_json(&mut out);
        assert_eq!(
            out,
            r#"{"id":"a","workflow_run":null,"created_from":null,"created_by_role":null,"created_by_account":null,"created_by_end_user":{"id":"","type":"browser","is_anonymous":true,"session_id":null},"created_at":null}"#
        );
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
