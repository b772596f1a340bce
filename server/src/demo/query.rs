//! Parsing and validating the `/workflows/logs` query the way Dify 1.13 does:
//! pydantic's `WorkflowLogQuery` (with its exact error text), dateutil's
//! `isoparse` for the two dates (`isoparse.rs`), and the SQL `ILIKE`
//! keyword search.

use super::data::{Dataset, Run, Status};
use super::isoparse::isoparse;

/// A validated log query. Empty strings count as "not given", as in Dify's
/// `if args.keyword:` checks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogQuery {
    pub keyword: Option<String>,
    /// Only succeeded, failed or stopped can be asked for.
    pub status: Option<Status>,
    /// Inclusive upper bound, UTC microseconds.
    pub before_us: Option<i64>,
    /// Inclusive lower bound, UTC microseconds.
    pub after_us: Option<i64>,
    pub session_id: Option<String>,
    pub account_email: Option<String>,
    pub page: u64,
    pub limit: u64,
}

/// Why a query is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// A 400 `invalid_param` with this message.
    Invalid(String),
    /// Dify's own unhandled 500 (keyword together with a session id).
    Internal,
}

/// Decodes a raw query string the way Werkzeug's `request.args.to_dict()`
/// does: `&`-separated, `+` is a space, percent-decoding with replacement
/// of invalid UTF-8, first value of a repeated key wins.
pub fn decode_args(raw_query: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in form_urlencoded::parse(raw_query.as_bytes()) {
        if !out.iter().any(|(ok, _)| *ok == k) {
            out.push((k.into_owned(), v.into_owned()));
        }
    }
    out
}

const PYDANTIC_URL: &str = "https://errors.pydantic.dev/2.12/v/";

/// One pydantic error line group.
struct FieldError {
    field: &'static str,
    msg: String,
    kind: &'static str,
    input: String,
}

fn render_errors(errors: &[FieldError]) -> String {
    let n = errors.len();
    let mut out = format!(
        "{n} validation error{} for WorkflowLogQuery",
        if n == 1 { "" } else { "s" }
    );
    for e in errors {
        out.push_str(&format!(
            "\n{}\n  {} [type={}, input_value={}, input_type=str]\n    For further information visit {}{}",
            e.field,
            e.msg,
            e.kind,
            truncate_repr(&python_str_repr(&e.input)),
            PYDANTIC_URL,
            e.kind
        ));
    }
    out
}

/// pydantic-core shortens long input reprs to 25 + `...` + 24 characters.
fn truncate_repr(repr: &str) -> String {
    if repr.len() <= 50 {
        return repr.to_string();
    }
    let chars: Vec<char> = repr.chars().collect();
    if chars.len() <= 49 {
        return repr.to_string();
    }
    let head: String = chars[..25].iter().collect();
    let tail: String = chars[chars.len() - 24..].iter().collect();
    format!("{head}...{tail}")
}

/// Python's `repr()` of a `str`.
pub fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// pydantic's lax `str -> int`: trimmed, optional sign, and a fractional
/// part of only zeros is allowed (`"5.0"`). Big numbers saturate, which only
/// matters for the range message, where the input is echoed anyway.
fn pydantic_int(s: &str) -> Option<i128> {
    fn parse(t: &str) -> Option<i128> {
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(t.parse::<i128>().unwrap_or(if t.starts_with('-') {
            i128::MIN
        } else {
            i128::MAX
        }))
    }
    let t = s.trim();
    if let Some(v) = parse(t) {
        return Some(v);
    }
    let dot = t.find('.')?;
    if t[dot + 1..].bytes().all(|b| b == b'0') {
        parse(&t[..dot])
    } else {
        None
    }
}

fn check_int(
    field: &'static str,
    raw: Option<&str>,
    default: u64,
    max: i128,
    errors: &mut Vec<FieldError>,
) -> u64 {
    let Some(raw) = raw else { return default };
    match pydantic_int(raw) {
        None => {
            errors.push(FieldError {
                field,
                msg: "Input should be a valid integer, unable to parse string as an integer".into(),
                kind: "int_parsing",
                input: raw.into(),
            });
            default
        }
        Some(v) if v < 1 => {
            errors.push(FieldError {
                field,
                msg: "Input should be greater than or equal to 1".into(),
                kind: "greater_than_equal",
                input: raw.into(),
            });
            default
        }
        Some(v) if v > max => {
            errors.push(FieldError {
                field,
                msg: format!("Input should be less than or equal to {max}"),
                kind: "less_than_equal",
                input: raw.into(),
            });
            default
        }
        Some(v) => v as u64,
    }
}

/// Validates the query string like Dify's `WorkflowLogQuery` followed by the
/// controller's `isoparse` calls. Account existence and the keyword/session
/// conflict are checked later, against the data ([`select`]).
pub fn parse_log_query(raw_query: &str) -> Result<LogQuery, QueryError> {
    let args = decode_args(raw_query);
    let get = |k: &str| args.iter().find(|(ak, _)| ak == k).map(|(_, v)| v.as_str());
    let mut errors = Vec::new();

    let status = match get("status") {
        None => None,
        Some("succeeded") => Some(Status::Succeeded),
        Some("failed") => Some(Status::Failed),
        Some("stopped") => Some(Status::Stopped),
        Some(other) => {
            errors.push(FieldError {
                field: "status",
                msg: "Input should be 'succeeded', 'failed' or 'stopped'".into(),
                kind: "literal_error",
                input: other.into(),
            });
            None
        }
    };
    let page = check_int("page", get("page"), 1, 99_999, &mut errors);
    let limit = check_int("limit", get("limit"), 20, 100, &mut errors);
    if !errors.is_empty() {
        return Err(QueryError::Invalid(render_errors(&errors)));
    }

    let non_empty = |k: &str| get(k).filter(|v| !v.is_empty()).map(str::to_string);
    let before_us = match non_empty("created_at__before") {
        Some(s) => Some(isoparse(&s).map_err(QueryError::Invalid)?),
        None => None,
    };
    let after_us = match non_empty("created_at__after") {
        Some(s) => Some(isoparse(&s).map_err(QueryError::Invalid)?),
        None => None,
    };
    Ok(LogQuery {
        keyword: non_empty("keyword"),
        status,
        before_us,
        after_us,
        session_id: non_empty("created_by_end_user_session_id"),
        account_email: non_empty("created_by_account"),
        page,
        limit,
    })
}

/// The matching entries (newest first) and their total, as Dify's
/// `get_paginate_workflow_app_logs` computes them.
pub fn select<'a>(data: &'a Dataset, q: &LogQuery) -> Result<(Vec<&'a Run>, usize), QueryError> {
    select_in(data, &[], q, None)
}

/// [`select`] over `newer` runs (newest first, none older than the data
/// set's newest) followed by the data set's. With `shuffle`, the runs of
/// each second come in an order drawn from that seed, as Dify's order
/// among them changes from one request to the next.
pub fn select_in<'a>(
    data: &'a Dataset,
    newer: &'a [Run],
    q: &LogQuery,
    shuffle: Option<u64>,
) -> Result<(Vec<&'a Run>, usize), QueryError> {
    let account_idx = match &q.account_email {
        Some(email) => Some(
            data.accounts
                .iter()
                .position(|a| a.email == email)
                .ok_or_else(|| QueryError::Invalid(format!("Account not found: {email}")))?,
        ),
        None => None,
    };
    if q.keyword.is_some() && q.session_id.is_some() {
        // Both join `end_users` without an alias: PostgreSQL rejects the
        // statement and Dify answers with a bare 500 (capture 27).
        return Err(QueryError::Internal);
    }
    let matcher = q.keyword.as_deref().map(KeywordMatcher::new);
    let mut matching: Vec<&Run> = newer
        .iter()
        .chain(&data.runs)
        .filter(|r| q.status.is_none_or(|s| r.status == s))
        // The stored second against the bound as given, as PostgreSQL
        // compares them: a whole-second bound takes in every run of its
        // second, at either end.
        .filter(|r| {
            q.before_us
                .is_none_or(|b| r.log_created_at * 1_000_000 <= b)
        })
        .filter(|r| q.after_us.is_none_or(|a| r.log_created_at * 1_000_000 >= a))
        .filter(|r| {
            q.session_id
                .as_deref()
                .is_none_or(|s| data.session_of(r) == Some(s))
        })
        .filter(|r| account_idx.is_none_or(|i| r.creator == super::data::Creator::Account(i)))
        .filter(|r| {
            matcher
                .as_ref()
                .is_none_or(|m| m.matches(r, data.session_of(r)))
        })
        .collect();
    if let Some(seed) = shuffle {
        shuffle_within_seconds(&mut matching, seed);
    }
    let total = matching.len();
    let start = ((q.page - 1) * q.limit) as usize;
    let page = matching
        .into_iter()
        .skip(start)
        .take(q.limit as usize)
        .collect();
    Ok((page, total))
}

/// Reorders each run of equal `log_created_at` seconds (Fisher-Yates).
fn shuffle_within_seconds(runs: &mut [&Run], seed: u64) {
    let mut rng = super::data::Rng::new(seed);
    for group in runs.chunk_by_mut(|a, b| a.log_created_at == b.log_created_at) {
        for i in (1..group.len()).rev() {
            let j = rng.range(0, i as i64) as usize;
            group.swap(i, j);
        }
    }
}

/// Dify's keyword search: `ILIKE '%kw%'` with the first 30 characters of the
/// keyword against the stored (ASCII-escaped) inputs and outputs and the end
/// user's session id, plus an exact run-id match when the whole keyword is
/// a UUID. Dify 1.16.1 escapes `%` and `_` before its `LIKE`, so every
/// character of the keyword, those two included, matches only itself.
pub struct KeywordMatcher {
    needle: String,
    uuid: Option<String>,
}

impl KeywordMatcher {
    /// Prepares a keyword.
    pub fn new(keyword: &str) -> Self {
        KeywordMatcher {
            needle: lowercase(&keyword.chars().take(30).collect::<String>()),
            uuid: parse_uuid(keyword),
        }
    }

    /// Whether a run matches; `session` is its end user's session id.
    pub fn matches(&self, run: &Run, session: Option<&str>) -> bool {
        self.ilike(&run.inputs_text)
            || self.ilike(&run.outputs_text)
            || session.is_some_and(|s| self.ilike(s))
            || self
                .uuid
                .as_deref()
                .is_some_and(|u| parse_uuid(&run.run_id).as_deref() == Some(u))
    }

    /// `haystack ILIKE '%keyword%'` with the keyword escaped.
    pub fn ilike(&self, haystack: &str) -> bool {
        lowercase(haystack).contains(&self.needle)
    }
}

/// Lower-cases per character, as PostgreSQL's `ILIKE` compares.
fn lowercase(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Python's `uuid.UUID(s)` acceptance: optional `urn:`/`uuid:`, braces and
/// hyphens, then exactly 32 hex digits. Returns the lowercase hex.
pub fn parse_uuid(s: &str) -> Option<String> {
    let s = s.replace("urn:", "").replace("uuid:", "");
    let hex: String = s
        .trim_matches(|c| c == '{' || c == '}')
        .chars()
        .filter(|c| *c != '-')
        .collect();
    (hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| hex.to_lowercase())
}

#[cfg(test)]
mod tests;
