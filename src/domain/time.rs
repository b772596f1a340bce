//! Instants and wall times on chrono: reading the ISO forms Dify accepts,
//! writing the ones it reads, and cutting ages and run times into the units
//! they are read in. Pure: the time zone comes in as an offset in minutes
//! east of UTC (see `zone.rs`), so every rule here is tested natively and
//! does not depend on the machine's zone.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta,
    TimeZone, Timelike,
};

/// The wall time of a unix instant seen at `offset_minutes` east of UTC;
/// `None` beyond chrono's range (about ±262,000 years).
pub fn wall_time(unix_secs: i64, offset_minutes: i32) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(unix_secs, 0)?
        .naive_utc()
        .checked_add_signed(TimeDelta::minutes(i64::from(offset_minutes)))
}

/// A wall time at a fixed offset; `None` for offsets no zone has (a day
/// or more).
pub fn at_offset(local: NaiveDateTime, offset_minutes: i32) -> Option<DateTime<FixedOffset>> {
    FixedOffset::east_opt(offset_minutes.checked_mul(60)?)?
        .from_local_datetime(&local)
        .single()
}

/// `2026-11-26T17:53:21+08:00` (or `Z` for UTC), as Dify reads instants.
pub fn iso_with_offset(local: NaiveDateTime, offset_minutes: i32) -> Option<String> {
    Some(at_offset(local, offset_minutes)?.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The exact UTC instant: `2026-11-26T09:53:21Z` (`""` beyond chrono's
/// range).
pub fn format_utc(unix_secs: i64) -> String {
    DateTime::from_timestamp(unix_secs, 0)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// `2026-11-26` then, as `parts` asks, ` 17:53`, `T17:53`, `:21`...: fixed
/// formats written from chrono's fields, because its strftime interpreter
/// re-reads the pattern for every cell of the table.
pub fn write_date_time(t: &NaiveDateTime, sep: &str, colon: &str, seconds: bool) -> String {
    let y = t.year();
    let mut out = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{y:+05}")
    };
    out.push_str(&format!(
        "-{:02}-{:02}{sep}{:02}{colon}{:02}",
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    ));
    if seconds {
        out.push_str(&format!(":{:02}", t.second()));
    }
    out
}

/// `2026-11-26T0955`: a file name's time, with no `:`.
pub fn file_stamp(t: NaiveDateTime) -> String {
    write_date_time(&t, "T", "", false)
}

/// An instant as a `datetime-local` value in the given offset (to fill the
/// Custom inputs from an ISO filter).
pub fn to_local_input(instant: &str, offset_minutes: i32) -> Option<String> {
    let local = wall_time(parse_instant(instant)?, offset_minutes)?;
    Some(write_date_time(&local, "T", ":", false))
}

/// True when `s` has the shape of `pattern`, `9` standing for an ASCII
/// digit. Kept because chrono's numeric fields also take one digit, a sign
/// or leading spaces, which Dify refuses.
fn shaped(s: &str, pattern: &str) -> bool {
    s.len() == pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
            b'9' => c.is_ascii_digit(),
            _ => c == p,
        })
}

/// The length of the `HH:MM[:SS[.fff]]` at the start of `t`, by shape.
fn time_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    if !shaped(t.get(..5)?, "99:99") {
        return None;
    }
    if b.get(5) != Some(&b':') {
        return Some(5);
    }
    if !shaped(t.get(..8)?, "99:99:99") {
        return None;
    }
    if b.get(8) != Some(&b'.') {
        return Some(8);
    }
    Some(9 + b[9..].iter().take_while(|c| c.is_ascii_digit()).count())
}

/// Reads `YYYY-MM-DD` and an optional `THH:MM[:SS[.fff]]` (`t` or a space
/// for the `T`; fractions are dropped); returns the wall time, the rest of
/// `s` and whether it had a time. chrono reads and validates the fields.
fn parse_wall_prefix(s: &str) -> Option<(NaiveDateTime, &str, bool)> {
    let (date, rest) = s.split_at_checked(10)?;
    if !shaped(date, "9999-99-99") {
        return None;
    }
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let text = match rest.as_bytes() {
        [b'T' | b't' | b' ', _, ..] => &rest[1..],
        _ => return Some((date.and_time(NaiveTime::MIN), rest, false)),
    };
    let (time, rest) = text.split_at(time_len(text)?);
    let format = if time.len() == 5 {
        "%H:%M"
    } else {
        "%H:%M:%S%.f"
    };
    let time = NaiveTime::parse_from_str(time, format).ok()?;
    // Second 60 is a leap second to chrono, and no time at all to Dify.
    if time.nanosecond() >= 1_000_000_000 {
        return None;
    }
    Some((date.and_time(time.with_nanosecond(0)?), rest, true))
}

/// Parses a `datetime-local` value (`2026-11-26T17:30`, seconds optional).
pub fn parse_local_input(value: &str) -> Option<NaiveDateTime> {
    match parse_wall_prefix(value.trim())? {
        (local, "", true) => Some(local),
        _ => None,
    }
}

/// Parses an instant as Dify accepts it: RFC 3339 with `Z` or an offset
/// (`2026-11-26T09:53:21+08:00`), a time without offset (UTC, as Dify
/// takes it), or a date alone (midnight UTC). Not chrono's RFC 3339 parser:
/// it requires the seconds and the offset, and takes second 60.
pub fn parse_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let (local, rest, _) = parse_wall_prefix(s.trim())?;
    let offset = match rest {
        "" | "Z" | "z" => FixedOffset::east_opt(0)?,
        _ if shaped(rest.get(1..)?, "99:99") && rest.starts_with(['+', '-']) => {
            rest.parse().ok()?
        }
        _ => return None,
    };
    offset.from_local_datetime(&local).single()
}

/// [`parse_datetime`] as unix seconds.
pub fn parse_instant(s: &str) -> Option<i64> {
    parse_datetime(s).map(|t| t.timestamp())
}

/// How long ago something `d` seconds old was, as a value and an
/// `Intl.RelativeTimeFormat` unit: the one rounding both the `Intl` and the
/// fixed text follow. Under 45 s (and for the future, which clock skew
/// gives) it is 0 seconds, "now".
pub fn relative_unit(d: i64) -> (i64, &'static str) {
    const DAY: i64 = 86_400;
    match d {
        i64::MIN..=44 => (0, "second"),
        45..=89 => (1, "minute"),
        90..=3_599 => ((d + 30) / 60, "minute"),
        3_600..=5_399 => (1, "hour"),
        5_400..=86_399 => ((d + 1_800) / 3_600, "hour"),
        _ if d < 30 * DAY => (d / DAY, "day"),
        _ if d < 365 * DAY => (d / (30 * DAY), "month"),
        _ => (d / (365 * DAY), "year"),
    }
}

/// A run time cut into the units it is read in: the one rounding both the
/// `Intl` and the fixed text follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// Under a second, in milliseconds.
    Millis(i64),
    /// Under a minute, in hundredths of a second.
    Centis(i64),
    /// Under an hour: minutes and seconds.
    MinSec(i64, i64),
    /// Hours and minutes.
    HourMin(i64, i64),
}

impl Span {
    /// `None` for what is not a duration (negative, NaN, infinite).
    pub fn of(secs: f64) -> Option<Self> {
        if !secs.is_finite() || secs < 0.0 {
            return None;
        }
        let ms = (secs * 1000.0).round() as i64;
        if ms < 1000 {
            return Some(Self::Millis(ms));
        }
        let cs = (secs * 100.0).round() as i64;
        if cs < 6_000 {
            return Some(Self::Centis(cs));
        }
        let total = secs.round() as i64;
        Some(if total < 3_600 {
            Self::MinSec(total / 60, total % 60)
        } else {
            Self::HourMin(total / 3_600, (total % 3_600) / 60)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// 2026-11-26T17:53:21+08:00
    pub(crate) const NOW: i64 = 1_795_686_801;

    /// A wall time from its fields (for the tests of this crate).
    pub(crate) fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, s))
            .unwrap()
    }

    #[test]
    fn parses_instants_like_dify() {
        assert_eq!(parse_instant("2026-11-26"), Some(1_795_651_200));
        assert_eq!(
            parse_instant("2026-11-26T17:53:21+08:00"),
            parse_instant("2026-11-26T09:53:21Z")
        );
        assert_eq!(
            parse_instant("2026-11-26T09:53:21.123456Z"),
            parse_instant("2026-11-26T09:53:21Z")
        );
        assert_eq!(parse_instant("2026-11-26T09:53"), Some(1_795_686_780));
        let kept = parse_datetime("2026-11-26T17:53:21+08:00").unwrap();
        assert_eq!(kept.offset().local_minus_utc(), 8 * 3_600);
        assert_eq!(kept.timestamp(), NOW);
        for bad in [
            "not-a-date",
            "2026-13-45T99:00:00Z",
            "2026-11-26T09:53:21 08:00",
            "2026-11-26T",
            "",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
        assert_eq!(
            to_local_input("2026-11-26T09:53:21Z", 480).as_deref(),
            Some("2026-11-26T17:53")
        );
        assert_eq!(parse_local_input("2026-11-26T17:30").unwrap().minute(), 30);
        assert_eq!(parse_local_input("2026-11-26"), None);
    }

    #[test]
    fn relative_units_follow_the_fixed_thresholds() {
        assert_eq!(relative_unit(-5), (0, "second"));
        assert_eq!(relative_unit(44), (0, "second"));
        assert_eq!(relative_unit(45), (1, "minute"));
        assert_eq!(relative_unit(180), (3, "minute"));
        assert_eq!(relative_unit(3_599), (60, "minute"));
        assert_eq!(relative_unit(3_600), (1, "hour"));
        assert_eq!(relative_unit(7_200), (2, "hour"));
        assert_eq!(relative_unit(86_400), (1, "day"));
        assert_eq!(relative_unit(3 * 86_400), (3, "day"));
        assert_eq!(relative_unit(45 * 86_400), (1, "month"));
        assert_eq!(relative_unit(800 * 86_400), (2, "year"));
    }

    #[test]
    fn spans_cut_where_the_fixed_format_does() {
        assert_eq!(Span::of(0.0), Some(Span::Millis(0)));
        assert_eq!(Span::of(0.9994), Some(Span::Millis(999)));
        assert_eq!(Span::of(0.9996), Some(Span::Centis(100)));
        assert_eq!(Span::of(59.994), Some(Span::Centis(5_999)));
        assert_eq!(Span::of(59.996), Some(Span::MinSec(1, 0)));
        assert_eq!(Span::of(125.0), Some(Span::MinSec(2, 5)));
        assert_eq!(Span::of(3_700.0), Some(Span::HourMin(1, 1)));
        assert_eq!(Span::of(-0.001), None);
    }
}
