//! Parsing and validating the `/workflows/logs` query the way Dify 1.13 does:
//! pydantic's `WorkflowLogQuery` (with its exact error text), dateutil's
//! `isoparse` for the two dates (with Python's error messages), and the
//! SQL `ILIKE` keyword search.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::data::{Dataset, Run, Status};

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
        .filter(|r| q.before_us.is_none_or(|b| r.log_created_at_us <= b))
        .filter(|r| q.after_us.is_none_or(|a| r.log_created_at_us >= a))
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

// ---------------------------------------------------------------------------
// dateutil.parser.isoparse, with Python's messages.

/// Parses an ISO 8601 string exactly like `dateutil.parser.isoparse`
/// (which Dify uses for `created_at__before/after`) and returns the instant
/// in UTC microseconds; a naive time counts as UTC. Errors carry Python's
/// message, which Dify returns verbatim in its 400.
pub fn isoparse(s: &str) -> Result<i64, String> {
    if !s.is_ascii() {
        return Err("ISO-8601 strings should contain only ASCII characters".into());
    }
    let b = s.as_bytes();
    let (date, pos) = parse_isodate(b)?;
    let mut time = Time::default();
    if b.len() > pos {
        // dateutil's default separator is "any single character".
        time = parse_isotime(&b[pos + 1..])?;
    }
    let mut extra_day = false;
    if time.hour == 24 {
        time.hour = 0;
        extra_day = true;
    }
    let mut local = py_datetime(date, &time)?;
    if extra_day {
        // Python adds `timedelta(days=1)` to the local time, which fails
        // past datetime.max (9999-12-31).
        local = local
            .checked_add_days(Days::new(1))
            .filter(|t| t.year() <= 9999)
            .ok_or("date value out of range")?;
    }
    Ok(local.and_utc().timestamp_micros() - time.offset_secs * 1_000_000)
}

#[derive(Default)]
struct Time {
    hour: i64,
    minute: i64,
    second: i64,
    micro: i64,
    offset_secs: i64,
}

fn slice(b: &[u8], from: usize, to: usize) -> &[u8] {
    let from = from.min(b.len());
    &b[from..to.min(b.len()).max(from)]
}

/// Python's `int(bytes)`: whitespace around, an optional sign, digits with
/// single underscores between them.
fn py_int(b: &[u8]) -> Result<i64, String> {
    let err = || format!("invalid literal for int() with base 10: {}", bytes_repr(b));
    let t = b.trim_ascii();
    let (neg, digits) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty()
        || digits[0] == b'_'
        || digits[digits.len() - 1] == b'_'
        || digits.windows(2).any(|w| w == b"__")
        || !digits.iter().all(|c| c.is_ascii_digit() || *c == b'_')
    {
        return Err(err());
    }
    let mut v: i64 = 0;
    for c in digits.iter().filter(|c| **c != b'_') {
        v = v.saturating_mul(10).saturating_add(i64::from(c - b'0'));
    }
    Ok(if neg { -v } else { v })
}

/// Python's `repr()` of a `bytes` value.
fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

fn parse_isodate(b: &[u8]) -> Result<([i64; 3], usize), String> {
    parse_isodate_common(b).or_else(|_| parse_isodate_uncommon(b))
}

fn parse_isodate_common(b: &[u8]) -> Result<([i64; 3], usize), String> {
    let len = b.len();
    let mut c = [1i64, 1, 1];
    if len < 4 {
        return Err("ISO string too short".into());
    }
    c[0] = py_int(&b[0..4])?;
    let mut pos = 4;
    if pos >= len {
        return Ok((c, pos));
    }
    let has_sep = b[pos] == b'-';
    if has_sep {
        pos += 1;
    }
    if len - pos < 2 {
        return Err("Invalid common month".into());
    }
    c[1] = py_int(&b[pos..pos + 2])?;
    pos += 2;
    if pos >= len {
        return if has_sep {
            Ok((c, pos))
        } else {
            Err("Invalid ISO format".into())
        };
    }
    if has_sep {
        if b[pos] != b'-' {
            return Err("Invalid separator in ISO string".into());
        }
        pos += 1;
    }
    if len - pos < 2 {
        return Err("Invalid common day".into());
    }
    c[2] = py_int(&b[pos..pos + 2])?;
    Ok((c, pos + 2))
}

fn parse_isodate_uncommon(b: &[u8]) -> Result<([i64; 3], usize), String> {
    if b.len() < 4 {
        return Err("ISO string too short".into());
    }
    let year = py_int(&b[0..4])?;
    let has_sep = slice(b, 4, 5) == b"-";
    let mut pos = 4 + usize::from(has_sep);
    let base = if slice(b, pos, pos + 1) == b"W" {
        pos += 1;
        let week = py_int(slice(b, pos, pos + 2))?;
        pos += 2;
        let mut day = 1;
        if b.len() > pos {
            if (slice(b, pos, pos + 1) == b"-") != has_sep {
                return Err("Inconsistent use of dash separator".into());
            }
            pos += usize::from(has_sep);
            day = py_int(slice(b, pos, pos + 1))?;
            pos += 1;
        }
        if !(1..54).contains(&week) {
            return Err(format!("Invalid week: {week}"));
        }
        if !(1..8).contains(&day) {
            return Err(format!("Invalid weekday: {day}"));
        }
        check_year(year)?;
        // Week 1 is the one with January 4th in it; weeks start on Monday.
        let jan4 = ymd(year, 1, 4);
        let monday = jan4 - TimeDelta::days(i64::from(jan4.weekday().num_days_from_monday()));
        monday + TimeDelta::days((week - 1) * 7 + (day - 1))
    } else {
        if b.len() < pos + 3 {
            return Err("Invalid ordinal day".into());
        }
        let ordinal = py_int(&b[pos..pos + 3])?;
        pos += 3;
        let days_in_year = if NaiveDate::from_yo_opt(year as i32, 366).is_some() {
            366
        } else {
            365
        };
        if ordinal < 1 || ordinal > days_in_year {
            return Err(format!("Invalid ordinal day {ordinal} for year {year}"));
        }
        check_year(year)?;
        ymd(year, 1, 1) + TimeDelta::days(ordinal - 1)
    };
    if base < ymd(1, 1, 1) || base > ymd(9999, 12, 31) {
        return Err("date value out of range".into());
    }
    Ok((
        [
            i64::from(base.year()),
            i64::from(base.month()),
            i64::from(base.day()),
        ],
        pos,
    ))
}

/// A date whose parts are known to be valid (checked before, or constant).
fn ymd(y: i64, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y as i32, m, d).expect("a valid date")
}

fn parse_isotime(t: &[u8]) -> Result<Time, String> {
    let len = t.len();
    let mut comps = [0i64; 4];
    let mut offset: Option<i64> = None;
    let mut pos = 0usize;
    let mut comp: i32 = -1;
    if len < 2 {
        return Err("ISO time too short".into());
    }
    let mut has_sep = false;
    while pos < len && comp < 5 {
        comp += 1;
        if b"-+Zz".contains(&t[pos]) {
            offset = Some(parse_tzstr(&t[pos..])?);
            pos = len;
            break;
        }
        if comp == 1 && t[pos] == b':' {
            has_sep = true;
            pos += 1;
        } else if comp == 2 && has_sep {
            if slice(t, pos, pos + 1) != b":" {
                return Err("Inconsistent use of colon separator".into());
            }
            pos += 1;
        }
        if comp < 3 {
            comps[comp as usize] = py_int(slice(t, pos, pos + 2))?;
            pos += 2;
        } else if comp == 3 {
            // [\.,]([0-9]+)
            let rest = slice(t, pos, len);
            if rest.len() >= 2 && (rest[0] == b'.' || rest[0] == b',') && rest[1].is_ascii_digit() {
                let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                let us_digits = &rest[1..1 + n.min(6)];
                let mut v = py_int(us_digits)?;
                for _ in us_digits.len()..6 {
                    v *= 10;
                }
                comps[3] = v;
                pos += 1 + n;
            }
        }
    }
    if pos < len {
        return Err("Unused components in ISO string".into());
    }
    if comps[0] == 24 && comps[1..4].iter().any(|c| *c != 0) {
        return Err("Hour may only be 24 at 24:00:00.000".into());
    }
    Ok(Time {
        hour: comps[0],
        minute: comps[1],
        second: comps[2],
        micro: comps[3],
        offset_secs: offset.unwrap_or(0),
    })
}

fn parse_tzstr(tz: &[u8]) -> Result<i64, String> {
    if tz == b"Z" || tz == b"z" {
        return Ok(0);
    }
    if ![3, 5, 6].contains(&tz.len()) {
        return Err("Time zone offset must be 1, 3, 5 or 6 characters".into());
    }
    let mult = match tz[0] {
        b'-' => -1,
        b'+' => 1,
        _ => return Err("Time zone offset requires sign".into()),
    };
    let hours = py_int(&tz[1..3])?;
    let minutes = if tz.len() == 3 {
        0
    } else {
        py_int(&tz[if tz[3] == b':' { 4 } else { 3 }..])?
    };
    if hours == 0 && minutes == 0 {
        return Ok(0);
    }
    if minutes > 59 {
        return Err("Invalid minutes in time zone offset".into());
    }
    if hours > 23 {
        return Err("Invalid hours in time zone offset".into());
    }
    Ok(mult * (hours * 60 + minutes) * 60)
}

fn check_year(year: i64) -> Result<(), String> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(format!("year {year} is out of range"))
    }
}

/// Python's `datetime(...)` argument checks, in its order; returns the
/// naive time.
fn py_datetime(d: [i64; 3], t: &Time) -> Result<NaiveDateTime, String> {
    let [y, m, day] = d;
    check_year(y)?;
    if !(1..=12).contains(&m) {
        return Err("month must be in 1..12".into());
    }
    let date = u32::try_from(day)
        .ok()
        .and_then(|day| NaiveDate::from_ymd_opt(y as i32, m as u32, day))
        .ok_or("day is out of range for month")?;
    if !(0..=23).contains(&t.hour) {
        return Err("hour must be in 0..23".into());
    }
    if !(0..=59).contains(&t.minute) {
        return Err("minute must be in 0..59".into());
    }
    if !(0..=59).contains(&t.second) {
        return Err("second must be in 0..59".into());
    }
    if !(0..=999_999).contains(&t.micro) {
        return Err("microsecond must be in 0..999999".into());
    }
    let time = NaiveTime::from_hms_micro_opt(
        t.hour as u32,
        t.minute as u32,
        t.second as u32,
        t.micro as u32,
    )
    .expect("each part checked above");
    Ok(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::data::{generate, DataConfig};

    fn utc(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_micros()
    }

    #[test]
    fn isoparse_accepts_what_dify_accepts() {
        assert_eq!(
            isoparse("2026-11-26T09:53:21Z"),
            Ok(utc("2026-11-26T09:53:21Z"))
        );
        assert_eq!(
            isoparse("2026-11-26T09:53:21z"),
            Ok(utc("2026-11-26T09:53:21Z"))
        );
        assert_eq!(
            isoparse("2026-11-26T17:53:21+08:00"),
            Ok(utc("2026-11-26T09:53:21Z"))
        );
        assert_eq!(
            isoparse("2026-11-26T04:53:21-0500"),
            Ok(utc("2026-11-26T09:53:21Z"))
        );
        assert_eq!(
            isoparse("2026-11-26T17:53+08"),
            Ok(utc("2026-11-26T09:53:00Z"))
        );
        // Date only: midnight, naive = UTC.
        assert_eq!(isoparse("2026-11-26"), Ok(utc("2026-11-26T00:00:00Z")));
        assert_eq!(isoparse("20261126"), Ok(utc("2026-11-26T00:00:00Z")));
        assert_eq!(isoparse("2026-11"), Ok(utc("2026-11-01T00:00:00Z")));
        assert_eq!(isoparse("2026"), Ok(utc("2026-01-01T00:00:00Z")));
        // Naive time, any separator, fractions.
        assert_eq!(
            isoparse("2026-11-26 09:53:21"),
            Ok(utc("2026-11-26T09:53:21Z"))
        );
        assert_eq!(
            isoparse("2026-11-26T09:53:21.1234567"),
            Ok(utc("2026-11-26T09:53:21.123456Z"))
        );
        assert_eq!(
            isoparse("2026-11-26T24:00"),
            Ok(utc("2026-11-27T00:00:00Z"))
        );
        // Week and ordinal dates.
        assert_eq!(isoparse("2026-W01-1"), Ok(utc("2025-12-29T00:00:00Z")));
        assert_eq!(isoparse("2026-330"), Ok(utc("2026-11-26T00:00:00Z")));
        assert_eq!(isoparse("2020-W53-7"), Ok(utc("2021-01-03T00:00:00Z")));
        // dateutil does not check week 53 against the year.
        assert_eq!(isoparse("2021-W53-1"), Ok(utc("2022-01-03T00:00:00Z")));
        assert_eq!(isoparse("2024-366"), Ok(utc("2024-12-31T00:00:00Z")));
        assert_eq!(isoparse("0001-W01-1"), Ok(utc("0001-01-01T00:00:00Z")));
        assert_eq!(
            isoparse("2024-02-29T24:00:00+01:00"),
            Ok(utc("2024-03-01T00:00:00+01:00"))
        );
    }

    #[test]
    fn isoparse_errors_have_python_messages() {
        // A raw '+' arrives as a space (captures 18/19).
        assert_eq!(
            isoparse("2026-11-26T17:53:21 08:00"),
            Err("Unused components in ISO string".into())
        );
        assert_eq!(
            isoparse("not-a-date"),
            Err("invalid literal for int() with base 10: b'not-'".into())
        );
        assert_eq!(
            isoparse("2026-13-45T99:00:00Z"),
            Err("month must be in 1..12".into())
        );
        assert_eq!(
            isoparse("2026-02-30"),
            Err("day is out of range for month".into())
        );
        assert_eq!(
            isoparse("2026-11-26T25:00"),
            Err("hour must be in 0..23".into())
        );
        assert_eq!(isoparse("0000-01-01"), Err("year 0 is out of range".into()));
        assert_eq!(
            isoparse("2023-366"),
            Err("Invalid ordinal day 366 for year 2023".into())
        );
        assert_eq!(
            isoparse("9999-12-31T24:00"),
            Err("date value out of range".into())
        );
        assert_eq!(
            isoparse("2023-02-29"),
            Err("day is out of range for month".into())
        );
        assert_eq!(isoparse("202"), Err("ISO string too short".into()));
        assert_eq!(isoparse("2026-11-26T"), Err("ISO time too short".into()));
        assert_eq!(
            isoparse("2026-11-26T10:00+8"),
            Err("Time zone offset must be 1, 3, 5 or 6 characters".into())
        );
        assert_eq!(
            isoparse("2026-11-26T10:00+24:00"),
            Err("Invalid hours in time zone offset".into())
        );
        assert_eq!(
            isoparse("2026-11-26T24:30"),
            Err("Hour may only be 24 at 24:00:00.000".into())
        );
        assert_eq!(
            isoparse("\u{4eca}\u{5929}"),
            Err("ISO-8601 strings should contain only ASCII characters".into())
        );
        assert_eq!(
            isoparse("2026-11-26Tab:00"),
            Err("invalid literal for int() with base 10: b'ab'".into())
        );
    }

    #[test]
    fn validation_messages_like_pydantic() {
        let err = |q: &str| match parse_log_query(q) {
            Err(QueryError::Invalid(m)) => m,
            other => panic!("expected 400 for {q}: {other:?}"),
        };
        assert_eq!(
            err("status=bogus"),
            "1 validation error for WorkflowLogQuery\nstatus\n  Input should be 'succeeded', 'failed' or 'stopped' [type=literal_error, input_value='bogus', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/literal_error"
        );
        assert_eq!(
            err("limit=0"),
            "1 validation error for WorkflowLogQuery\nlimit\n  Input should be greater than or equal to 1 [type=greater_than_equal, input_value='0', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/greater_than_equal"
        );
        assert_eq!(
            err("limit=101"),
            "1 validation error for WorkflowLogQuery\nlimit\n  Input should be less than or equal to 100 [type=less_than_equal, input_value='101', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/less_than_equal"
        );
        assert_eq!(
            err("page=0"),
            "1 validation error for WorkflowLogQuery\npage\n  Input should be greater than or equal to 1 [type=greater_than_equal, input_value='0', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/greater_than_equal"
        );
        assert!(err("page=100000").contains("less than or equal to 99999"));
        assert!(err("limit=abc").contains(
            "Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='abc', input_type=str]"
        ));
        assert!(err("limit=2.5").contains("int_parsing"));
        assert!(err("limit=").contains("input_value=''"));
        assert!(err("status=").contains("literal_error"));
        let two = err("status=x&page=0&limit=101");
        assert!(two.starts_with("3 validation errors for WorkflowLogQuery\nstatus\n"));
        assert!(two.contains("\npage\n") && two.contains("\nlimit\n"));
        assert_eq!(
            err("created_at__after=2026-11-26T17:53:21+08:00"),
            "Unused components in ISO string"
        );
        assert_eq!(
            err("created_at__before=not-a-date"),
            "invalid literal for int() with base 10: b'not-'"
        );
        // Long inputs are shortened like pydantic-core does.
        let long = err(&format!("status={}", "x".repeat(80)));
        assert!(long.contains(&format!(
            "input_value='{}...{}'",
            "x".repeat(24),
            "x".repeat(23)
        )));
    }

    #[test]
    fn valid_queries_parse() {
        let q = parse_log_query("page=2&limit=10&status=failed&keyword=alpha&limit=99").unwrap();
        assert_eq!(
            (q.page, q.limit),
            (2, 10),
            "first value of a repeated key wins"
        );
        assert_eq!(q.status, Some(Status::Failed));
        assert_eq!(q.keyword.as_deref(), Some("alpha"));
        let q = parse_log_query("limit=+5.00&page= 3 &keyword=&created_at__after=").unwrap();
        assert_eq!((q.page, q.limit), (3, 5));
        assert_eq!((q.keyword, q.after_us), (None, None));
        let q = parse_log_query("created_at__after=2026-11-26T17:53:21%2B08:00").unwrap();
        assert_eq!(q.after_us, Some(utc("2026-11-26T09:53:21Z")));
        let q = parse_log_query("keyword=a+b%20c").unwrap();
        assert_eq!(q.keyword.as_deref(), Some("a b c"));
    }

    fn data() -> Dataset {
        generate(DataConfig {
            count: 1000,
            seed: 42,
            now: 1_795_687_000,
        })
    }

    fn run_query(d: &Dataset, qs: &str) -> Result<(Vec<String>, usize), QueryError> {
        let q = parse_log_query(qs)?;
        select(d, &q).map(|(rows, total)| (rows.iter().map(|r| r.run_id.clone()).collect(), total))
    }

    #[test]
    fn keyword_rules() {
        let d = data();
        let m = KeywordMatcher::new("ALPHA");
        let alpha = d
            .runs
            .iter()
            .filter(|r| m.matches(r, d.session_of(r)))
            .count();
        assert!(alpha > 0);
        // Only the first 30 characters count: a keyword that goes on past
        // 30 characters with text found nowhere still matches.
        let thirty = "generate SQL for monthly activ"; // 30 chars of a real query
        assert_eq!(thirty.chars().count(), 30);
        let (_, a) = run_query(&d, &format!("keyword={thirty}")).unwrap();
        let (_, b) = run_query(&d, &format!("keyword={thirty}-this-tail-is-ignored")).unwrap();
        assert!(a > 0);
        assert_eq!(a, b);
        let (_, none) = run_query(&d, "keyword=generate SQL for monthly XXXXX").unwrap();
        assert_eq!(none, 0, "a difference within 30 characters does count");
        // CJK never matches the escaped inputs/outputs (capture 13) although
        // the data holds Chinese queries.
        assert!(d.runs.iter().any(|r| r
            .inputs
            .iter()
            .any(|(_, v)| v.as_str().is_some_and(|s| s.contains('\u{4f60}')))));
        let (_, cjk) = run_query(&d, "keyword=%E4%BD%A0%E5%A5%BD").unwrap();
        assert_eq!(cjk, 0);
        // A UUID keyword finds its run (capture 12), also in brace form.
        let target = d.runs[17].run_id.clone();
        let (ids, total) = run_query(&d, &format!("keyword={target}")).unwrap();
        assert_eq!((ids, total), (vec![target.clone()], 1));
        let braced = format!("keyword=%7B{}%7D", target.to_uppercase());
        assert_eq!(run_query(&d, &braced).unwrap().1, 1);
        // Session ids match as substrings, for end users only.
        let (ids, total) = run_query(&d, "keyword=abc-123-sess").unwrap();
        assert!(total > 0);
        for id in ids {
            let r = d.find_run(&id).unwrap();
            assert!(
                d.session_of(r) == Some("abc-123-session")
                    || r.inputs_text.contains("abc-123-sess")
            );
        }
        // `%` and `_` match only themselves (Dify 1.16.1 escapes them).
        assert!(!KeywordMatcher::new("us_r-al%e").ilike("user-alice"));
        assert!(KeywordMatcher::new("US_R-AL%E").ilike("us_r-al%e"));
        assert!(KeywordMatcher::new("_id").ilike("sys.user_id"));
        assert!(!KeywordMatcher::new("_id").ilike("sys.user-id"));
        let with_percent = d
            .runs
            .iter()
            .filter(|r| r.inputs_text.contains('%') || r.outputs_text.contains('%'))
            .count();
        assert!(with_percent > 0 && with_percent < 1000, "{with_percent}");
        assert_eq!(run_query(&d, "keyword=%25").unwrap().1, with_percent);
    }

    #[test]
    fn shuffling_reorders_only_within_a_second() {
        let d = data();
        let all = parse_log_query("limit=100").unwrap();
        let ids = |runs: &[&Run]| runs.iter().map(|r| r.run_id.clone()).collect::<Vec<_>>();
        let (plain, _) = select(&d, &all).unwrap();
        let mut crossed = false;
        for seed in 0..8 {
            let (shuffled, total) = select_in(&d, &[], &all, Some(seed)).unwrap();
            assert_eq!(total, 1000);
            // Each row keeps its second; only runs of one second trade places.
            for (a, b) in plain.iter().zip(&shuffled) {
                assert_eq!(a.log_created_at, b.log_created_at);
            }
            // Rows 100 and 101 share a second, so the first page of 100 can
            // end with either: the page boundary is not stable.
            let (a, b) = (ids(&plain), ids(&shuffled));
            let missing: Vec<_> = a.iter().filter(|id| !b.contains(id)).collect();
            assert!(missing.len() <= 1, "{missing:?}");
            crossed |= missing.len() == 1;
            // The same seed, the same order.
            let (again, _) = select_in(&d, &[], &all, Some(seed)).unwrap();
            assert_eq!(ids(&again), b);
        }
        assert!(crossed, "no seed moved the run at the page boundary");
    }

    #[test]
    fn filters_and_paging() {
        let d = data();
        let (_, total) = run_query(&d, "").unwrap();
        assert_eq!(total, 1000);
        let (p1, _) = run_query(&d, "limit=100").unwrap();
        let (p2, _) = run_query(&d, "limit=10&page=2").unwrap();
        assert_eq!(p2, p1[10..20].to_vec());
        let (last, _) = run_query(&d, "limit=100&page=10").unwrap();
        assert_eq!(last.len(), 100);
        let (none, total) = run_query(&d, "limit=100&page=11").unwrap();
        assert!(none.is_empty());
        assert_eq!(total, 1000);
        for s in [Status::Succeeded, Status::Failed, Status::Stopped] {
            let (_, t) = run_query(&d, &format!("status={}", s.as_str())).unwrap();
            assert_eq!(t, d.runs.iter().filter(|r| r.status == s).count());
        }
        // Both bounds inclusive, against the stored time with its fraction.
        let r500 = &d.runs[500];
        let iso = |us: i64| {
            chrono::DateTime::from_timestamp_micros(us)
                .unwrap()
                .to_rfc3339()
                .replace('+', "%2B")
        };
        let stored = iso(r500.log_created_at_us);
        let (_, after) = run_query(&d, &format!("created_at__after={stored}")).unwrap();
        let (_, before) = run_query(&d, &format!("created_at__before={stored}")).unwrap();
        let same = d
            .runs
            .iter()
            .filter(|r| r.log_created_at_us == r500.log_created_at_us)
            .count();
        assert_eq!(after + before, 1000 + same);
        // The whole second shown is before the stored time: a bound at the
        // shown second leaves that run out, one second later takes it in.
        let shown = iso(r500.log_created_at * 1_000_000);
        let (ids, _) = run_query(&d, &format!("created_at__before={shown}&limit=100")).unwrap();
        assert!(!ids.contains(&r500.run_id));
        let next = iso((r500.log_created_at + 1) * 1_000_000);
        let (ids, _) = run_query(&d, &format!("created_at__before={next}&limit=100")).unwrap();
        assert!(ids.contains(&r500.run_id));
        // Session and account filters.
        let (_, t) = run_query(&d, "created_by_end_user_session_id=user-alice").unwrap();
        assert_eq!(
            t,
            d.runs
                .iter()
                .filter(|r| d.session_of(r) == Some("user-alice"))
                .count()
        );
        let (_, t) = run_query(&d, "created_by_end_user_session_id=user-ali").unwrap();
        assert_eq!(t, 0, "session id is an exact match");
        let (_, t) = run_query(&d, "created_by_account=admin@example.com").unwrap();
        assert!(t > 0);
        assert_eq!(
            run_query(&d, "created_by_account=nobody@example.com"),
            Err(QueryError::Invalid(
                "Account not found: nobody@example.com".into()
            ))
        );
        assert_eq!(
            run_query(
                &d,
                "keyword=alpha&created_by_end_user_session_id=user-alice"
            ),
            Err(QueryError::Internal)
        );
    }
}
