//! Serde types for Dify's workflow-log API, shaped after real responses
//! (`tests/fixtures/dify/`), not only the public API page.
//!
//! Decoding is tolerant: unknown fields are ignored, optional fields may be
//! `null` or missing, and an unknown run status is kept verbatim, so a newer
//! Dify never breaks the widget.

use crate::i18n::{td_string, Locale};
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

/// Indented JSON for reading and copying; text that is not JSON is
/// returned as it is.
pub fn pretty(raw: &str) -> String {
    match parse_tolerant::<serde_json::Value>(raw) {
        Ok(v) => pretty_value(&v),
        Err(_) => raw.to_string(),
    }
}

fn pretty_value(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// `serde_json::from_str`, except that two lexical oddities a server may
/// send do not fail the whole body: a lone UTF-16 surrogate escape becomes
/// U+FFFD, and a number beyond `f64` becomes `null` (absent). serde_json
/// rejects both; its error position says where, so that token is replaced
/// and the text parsed again.
pub fn parse_tolerant<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let mut fixed: Option<String> = None;
    // Each pass mends one token; a body with more than this is not worth it.
    for _ in 0..64 {
        let current = fixed.as_deref().unwrap_or(text);
        let err = match serde_json::from_str(current) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let Some(mended) = mend(current, &err) else {
            return Err(err);
        };
        fixed = Some(mended);
    }
    serde_json::from_str(fixed.as_deref().unwrap_or(text))
}

/// Replaces the token `err` points at, if it is one [`parse_tolerant`] forgives.
fn mend(text: &str, err: &serde_json::Error) -> Option<String> {
    let msg = err.to_string();
    let line_start = if err.line() <= 1 {
        0
    } else {
        text.match_indices('\n').nth(err.line() - 2)?.0 + 1
    };
    // The column is 1-based, in bytes, at the last byte read.
    let at = (line_start + err.column()).min(text.len());
    let bytes = text.as_bytes();
    if msg.starts_with("lone leading surrogate") || msg.starts_with("unexpected end of hex escape")
    {
        let start = (0..at.saturating_sub(5)).rev().find(|&i| {
            bytes[i] == b'\\'
                && bytes.get(i + 1) == Some(&b'u')
                && matches!(bytes.get(i + 2), Some(b'd' | b'D'))
                && matches!(
                    bytes.get(i + 3),
                    Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
                )
        })?;
        return Some(format!("{}\\ufffd{}", &text[..start], &text[start + 6..]));
    }
    if msg.starts_with("number out of range") {
        let is_num = |b: u8| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E');
        let end = (at..bytes.len())
            .find(|&i| !is_num(bytes[i]))
            .unwrap_or(bytes.len());
        let start = (0..end).rev().take_while(|&i| is_num(bytes[i])).last()?;
        return Some(format!("{}null{}", &text[..start], &text[end..]));
    }
    None
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

    /// The badge text a user reads, in the locale; a status Dify added
    /// after this widget is shown as Dify wrote it.
    pub fn label(&self, l: Locale) -> &str {
        match self {
            Self::Running => td_string!(l, run_running),
            Self::Succeeded => td_string!(l, run_succeeded),
            Self::Failed => td_string!(l, run_failed),
            Self::Stopped => td_string!(l, run_stopped),
            Self::PartialSucceeded => td_string!(l, run_partial),
            Self::Paused => td_string!(l, run_paused),
            Self::Other(s) => s,
            Self::Unknown => td_string!(l, run_unknown),
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
    data: Option<DataField>,
}

/// Decodes a logs page, tolerating anything but a body that is not a JSON
/// object with a `data` list.
pub fn decode_log_page(body: &str) -> Result<LogPage, String> {
    let raw: RawPage = parse_tolerant(body).map_err(describe_json_error)?;
    match raw.data {
        Some(DataField::List(data)) => Ok(LogPage {
            page: raw.page,
            limit: raw.limit,
            total: raw.total,
            has_more: raw.has_more,
            data,
        }),
        Some(DataField::NotList) => Err("\"data\" is not a list".into()),
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

// ---- lenient field decoders: a wrong type becomes "absent", never an
// error. Visitors, not `serde_json::Value`, so no intermediate tree is built
// and the wasm stays small.

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the "anything else is absent" arms of a lenient visitor.
macro_rules! absent_otherwise {
    ($none:expr) => {
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($none)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($none)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq).map(|_| $none)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            drain_map(map).map(|_| $none)
        }
    };
}

struct TextVisitor;
impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(if v { "true" } else { "false" }.to_owned()))
    }
    absent_otherwise!(None);
}

struct IntVisitor;
impl<'de> Visitor<'de> for IntVisitor {
    type Value = Option<i64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).ok())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok((v.is_finite() && v.abs() < 9.0e15).then_some(v as i64))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.trim().parse().ok())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    absent_otherwise!(None);
}

struct FloatVisitor;
impl<'de> Visitor<'de> for FloatVisitor {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(v.is_finite().then_some(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // serde_json's own number parser: `str::parse::<f64>` would link
        // core's float parser and its 20 KB table of powers of five.
        Ok(serde_json::from_str::<f64>(v.trim())
            .ok()
            .filter(|f| f.is_finite()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    absent_otherwise!(None);
}

struct BoolVisitor;
impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(false)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(false)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(false)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(false)
    }
    absent_otherwise!(false);
}

/// An object decoded as `T`; any other JSON value is `None`.
struct ObjectVisitor<T>(PhantomData<T>);
impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|_| None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(d.deserialize_any(TextVisitor)?.unwrap_or_default())
}

fn lenient_option_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor)
}

fn lenient_option_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(FloatVisitor)
}

fn lenient_option_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(IntVisitor)
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(d.deserialize_any(IntVisitor)?
        .map_or(0, |n| n.max(0) as u64))
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolVisitor)
}

fn lenient_option<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ObjectVisitor(PhantomData))
}

/// An entry that is not an object is skipped, not an error.
struct MaybeEntry(Option<LogEntry>);
impl<'de> Deserialize<'de> for MaybeEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData))
            .map(MaybeEntry)
    }
}

/// The `data` field: a list of entries, or a sign that it was not a list.
enum DataField {
    List(Vec<LogEntry>),
    NotList,
}

struct DataVisitor;
impl<'de> Visitor<'de> for DataVisitor {
    type Value = DataField;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(20).min(100));
        while let Some(MaybeEntry(e)) = seq.next_element()? {
            out.extend(e);
        }
        Ok(DataField::List(out))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(DataField::NotList)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(DataField::NotList)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(DataField::NotList)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(DataField::NotList)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(DataField::NotList)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(DataField::NotList)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|_| DataField::NotList)
    }
}

fn lenient_entries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LogEntry>, D::Error> {
    Ok(match d.deserialize_any(DataVisitor)? {
        DataField::List(v) => v,
        DataField::NotList => Vec::new(),
    })
}

impl<'de> Deserialize<'de> for DataField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DataVisitor)
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
