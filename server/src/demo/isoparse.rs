//! `dateutil.parser.isoparse`, which Dify uses for `created_at__before` and
//! `created_at__after`, ported with Python's error messages (Dify returns
//! them verbatim in its 400).

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

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
pub(crate) mod tests {
    use super::*;

    /// Microseconds of an RFC 3339 instant.
    pub(crate) fn utc(s: &str) -> i64 {
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
}
