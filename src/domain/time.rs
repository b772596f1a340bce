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

/// Reads `n` ASCII digits at `*i`, advancing it.
fn digits(b: &[u8], i: &mut usize, n: usize) -> Option<u32> {
    let s = b.get(*i..*i + n)?;
    if !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    *i += n;
    Some(s.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

fn expect(b: &[u8], i: &mut usize, c: u8) -> Option<()> {
    (b.get(*i) == Some(&c)).then(|| *i += 1)
}

/// Reads `YYYY-MM-DD` and an optional `THH:MM[:SS[.fff]]` (fractions are
/// dropped); returns the wall time, the index after it and whether it had
/// a time. The shape is read here and chrono validates the date and time:
/// chrono's `%m`/`%H` also take one digit and leading spaces, its RFC 3339
/// parser takes second 60 but not the forms without seconds or offset that
/// Dify accepts, and its strftime parser adds 10 KB of gzipped wasm.
fn parse_wall_prefix(s: &str) -> Option<(NaiveDateTime, usize, bool)> {
    let b = s.as_bytes();
    let mut i = 0;
    let y = digits(b, &mut i, 4)?;
    expect(b, &mut i, b'-')?;
    let mo = digits(b, &mut i, 2)?;
    expect(b, &mut i, b'-')?;
    let d = digits(b, &mut i, 2)?;
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d)?;
    let mut time = NaiveTime::MIN;
    let mut has_time = false;
    if matches!(b.get(i), Some(b'T' | b't' | b' ')) && b.len() > i + 1 {
        i += 1;
        let h = digits(b, &mut i, 2)?;
        expect(b, &mut i, b':')?;
        let mi = digits(b, &mut i, 2)?;
        let mut sec = 0;
        if b.get(i) == Some(&b':') {
            i += 1;
            sec = digits(b, &mut i, 2)?;
            if b.get(i) == Some(&b'.') {
                i += 1;
                let start = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == start {
                    return None;
                }
            }
        }
        time = NaiveTime::from_hms_opt(h, mi, sec)?;
        has_time = true;
    }
    Some((date.and_time(time), i, has_time))
}

/// Parses a `datetime-local` value (`2026-11-26T17:30`, seconds optional).
pub fn parse_local_input(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    match parse_wall_prefix(v)? {
        (local, end, true) if end == v.len() => Some(local),
        _ => None,
    }
}

/// Parses an instant as Dify accepts it: RFC 3339 with `Z` or an offset
/// (`2026-11-26T09:53:21+08:00`), a time without offset (UTC, as Dify
/// takes it), or a date alone (midnight UTC).
pub fn parse_datetime(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let (local, end, _) = parse_wall_prefix(s)?;
    let rest = &s.as_bytes()[end..];
    let offset_minutes = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] => {
            let mut i = 1;
            let h = digits(rest, &mut i, 2)?;
            expect(rest, &mut i, b':')?;
            let m = digits(rest, &mut i, 2)?;
            if i != rest.len() || h > 23 || m > 59 {
                return None;
            }
            let v = (h * 60 + m) as i32;
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    at_offset(local, offset_minutes)
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
