//! Periods, local/UTC formatting and run-time text, on chrono types. Pure:
//! the browser's time zone comes in as an offset in minutes east of UTC
//! (read by [`crate::browser`] from `chrono::Local` at each instant or wall
//! time, so daylight saving is followed), so every rule here is tested
//! natively and does not depend on the machine's zone.

use crate::i18n::{td_string, Locale};
use chrono::{
    DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat,
    TimeDelta, TimeZone, Timelike,
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

/// `2026-11-26` then, as `parts` asks, ` 17:53`, `T17:53`, `:21`...: fixed
/// formats written from chrono's fields, because its strftime interpreter
/// re-reads the pattern for every cell of the table.
pub(crate) fn write_date_time(t: &NaiveDateTime, sep: &str, colon: &str, seconds: bool) -> String {
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

/// English month abbreviations, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Nov`
pub fn month_abbrev(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// `14:05`
pub fn hour_minute(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `2026-11-26T0955`: a file name's time, with no `:`.
pub fn file_stamp(t: NaiveDateTime) -> String {
    write_date_time(&t, "T", "", false)
}

/// The "Period" select's choices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Period {
    #[default]
    AllTime,
    Today,
    Last7Days,
    Last4Weeks,
    Last3Months,
    Last12Months,
    Custom,
}

impl Period {
    /// Every choice, in the select's order.
    pub const ALL: [Period; 7] = [
        Self::AllTime,
        Self::Today,
        Self::Last7Days,
        Self::Last4Weeks,
        Self::Last3Months,
        Self::Last12Months,
        Self::Custom,
    ];

    /// What the select shows, in the locale.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::AllTime => td_string!(l, period_all),
            Self::Today => td_string!(l, period_today),
            Self::Last7Days => td_string!(l, period_7d),
            Self::Last4Weeks => td_string!(l, period_4w),
            Self::Last3Months => td_string!(l, period_3m),
            Self::Last12Months => td_string!(l, period_12m),
            Self::Custom => td_string!(l, period_custom),
        }
    }

    /// A stable short value for the `<option>` and deep links.
    pub fn value(self) -> &'static str {
        match self {
            Self::AllTime => "all",
            Self::Today => "today",
            Self::Last7Days => "7d",
            Self::Last4Weeks => "4w",
            Self::Last3Months => "3m",
            Self::Last12Months => "12m",
            Self::Custom => "custom",
        }
    }

    /// Parses [`Self::value`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.value() == s)
    }

    /// Days back from today for a preset (as Dify's console counts them).
    fn days_back(self) -> Option<u64> {
        match self {
            Self::Today => Some(0),
            Self::Last7Days => Some(7),
            Self::Last4Weeks => Some(28),
            Self::Last3Months => Some(90),
            Self::Last12Months => Some(365),
            Self::AllTime | Self::Custom => None,
        }
    }

    /// The `(after, before)` instants of a preset, from local midnight
    /// `days_back` days ago to the end of today. `offset_at` gives the UTC
    /// offset of a local wall time, so a range that crosses a daylight-saving
    /// change still starts at local midnight. `None` for All time and Custom
    /// (and for instants or offsets out of range, which no clock gives).
    pub fn range(
        self,
        now_secs: i64,
        now_offset_minutes: i32,
        offset_at: impl Fn(NaiveDateTime) -> i32,
    ) -> Option<(String, String)> {
        let days = self.days_back()?;
        let today = wall_time(now_secs, now_offset_minutes)?.date();
        let start = today
            .checked_sub_days(Days::new(days))?
            .and_time(NaiveTime::MIN);
        let end = today.and_hms_opt(23, 59, 59)?;
        Some((
            iso_with_offset(start, offset_at(start))?,
            iso_with_offset(end, offset_at(end))?,
        ))
    }
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
/// chrono's `%m`/`%H` also take one digit and leading spaces, and its
/// RFC 3339 parser takes second 60 but not the forms without seconds or
/// offset that Dify accepts.
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

/// One end of a Custom period: what the `datetime-local` input shows, the
/// UTC offset the browser gives for that wall time, and, when the range came
/// from the embedding options or a deep link, the exact instant to send
/// (an input holds only minutes; the instant is kept until the user edits).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RangeEnd {
    pub input: String,
    pub offset_minutes: i32,
    pub exact: Option<String>,
}

impl RangeEnd {
    /// What the user typed, in the browser's offset for that wall time.
    pub fn typed(input: String, offset_minutes: i32) -> Self {
        Self {
            input,
            offset_minutes,
            exact: None,
        }
    }

    /// An exact instant, shown in the input at `offset_minutes`.
    pub fn exact(instant: &str, offset_minutes: i32) -> Self {
        Self {
            input: to_local_input(instant, offset_minutes).unwrap_or_default(),
            offset_minutes,
            exact: Some(instant.to_string()),
        }
    }
}

/// A custom range from the two ends. `From` starts at its minute, `To`
/// includes its whole minute; exact instants are sent as they are. `Err`
/// holds the inline message, in the locale.
pub fn custom_range(
    from: &RangeEnd,
    to: &RangeEnd,
    l: Locale,
) -> Result<(Option<String>, Option<String>), String> {
    let end = |e: &RangeEnd, name: &str, is_to: bool| -> Result<Option<(String, i64)>, String> {
        let invalid = || td_string!(l, invalid_date, name);
        if let Some(x) = &e.exact {
            let t = parse_instant(x).ok_or_else(invalid)?;
            return Ok(Some((x.clone(), t)));
        }
        if e.input.trim().is_empty() {
            return Ok(None);
        }
        let mut local = parse_local_input(&e.input).ok_or_else(invalid)?;
        if is_to && local.second() == 0 {
            local = local.with_second(59).ok_or_else(invalid)?;
        }
        let t = at_offset(local, e.offset_minutes).ok_or_else(invalid)?;
        Ok(Some((
            t.to_rfc3339_opts(SecondsFormat::Secs, true),
            t.timestamp(),
        )))
    };
    let f = end(from, td_string!(l, from), false)?;
    let t = end(to, td_string!(l, to), true)?;
    if let (Some((_, fu)), Some((_, tu))) = (&f, &t) {
        if fu > tu {
            return Err(td_string!(l, from_after_to).into());
        }
    }
    Ok((f.map(|x| x.0), t.map(|x| x.0)))
}

/// An instant as a `datetime-local` value in the given offset (to fill the
/// Custom inputs from an ISO filter).
pub fn to_local_input(instant: &str, offset_minutes: i32) -> Option<String> {
    let local = wall_time(parse_instant(instant)?, offset_minutes)?;
    Some(write_date_time(&local, "T", ":", false))
}

/// `2026-11-26 17:53:21` in local time (`""` beyond chrono's range).
pub fn format_local(unix_secs: i64, offset_minutes: i32) -> String {
    wall_time(unix_secs, offset_minutes)
        .map(|t| write_date_time(&t, " ", ":", true))
        .unwrap_or_default()
}

/// The exact UTC instant, for a title: `2026-11-26T09:53:21Z` (`""`
/// beyond chrono's range).
pub fn format_utc(unix_secs: i64) -> String {
    DateTime::from_timestamp(unix_secs, 0)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// "3 min ago"-style relative time, the fixed English used without `Intl`.
pub fn format_relative(unix_secs: i64, now_secs: i64) -> String {
    fixed_relative(relative_unit(now_secs.saturating_sub(unix_secs)))
}

/// How long ago something `d` seconds old was, as a value and an
/// `Intl.RelativeTimeFormat` unit: the one rounding both the `Intl` and the
/// fixed text follow. Under 45 s (and for the future, which clock skew
/// gives) it is 0 seconds, "now".
pub(crate) fn relative_unit(d: i64) -> (i64, &'static str) {
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

/// The fixed English of a [`relative_unit`].
pub(crate) fn fixed_relative((n, unit): (i64, &str)) -> String {
    match unit {
        "second" => "just now".into(),
        "minute" => format!("{n} min ago"),
        "hour" => format!("{n} h ago"),
        "day" if n == 1 => "1 day ago".into(),
        "day" => format!("{n} days ago"),
        "month" => format!("{n} months ago"),
        _ => format!("{n} years ago"),
    }
}

/// Run time in the unit a person reads: `45 ms`, `1.25 s`, `2 min 05 s`,
/// the fixed English used without `Intl`.
pub fn format_duration(secs: f64) -> String {
    Span::of(secs).map_or_else(|| "—".into(), Span::fixed)
}

/// A run time cut into the units it is read in: the one rounding both the
/// `Intl` and the fixed text follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Span {
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
    pub(crate) fn of(secs: f64) -> Option<Self> {
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

    /// The fixed English. Integer arithmetic only: float formatting would
    /// add ~10 KB of wasm.
    pub(crate) fn fixed(self) -> String {
        match self {
            Self::Millis(ms) => format!("{ms} ms"),
            Self::Centis(cs) => format!("{}.{:02} s", cs / 100, cs % 100),
            Self::MinSec(m, s) => format!("{m} min {s:02} s"),
            Self::HourMin(h, m) => format!("{h} h {m:02} min"),
        }
    }
}

/// Short `Nov 26` label for a date.
pub fn short_day(date: NaiveDate) -> String {
    format!("{} {}", month_abbrev(date), date.day())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::Datelike;

    /// 2026-11-26T17:53:21+08:00
    const NOW: i64 = 1_795_686_801;

    /// A wall time from its fields (for the tests of this crate).
    pub(crate) fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, s))
            .unwrap()
    }

    #[test]
    fn fixed_formats_match_strftime() {
        for (unix, off) in [
            (0i64, 0),
            (1_795_686_801, 480),
            (-62_200_000_000, -300),
            (253_402_300_799, 0),
            (300_000_000_000, 330),
        ] {
            let t = wall_time(unix, off).unwrap();
            assert_eq!(
                format_local(unix, off),
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            );
            assert_eq!(file_stamp(t), t.format("%Y-%m-%dT%H%M").to_string());
            assert_eq!(hour_minute(t), t.format("%H:%M").to_string());
            assert_eq!(short_day(t.date()), t.format("%b %-d").to_string());
        }
    }

    #[test]
    fn presets_start_at_local_midnight_and_end_today() {
        let r = |p: Period| p.range(NOW, 480, |_| 480);
        assert_eq!(
            r(Period::Today).unwrap(),
            (
                "2026-11-26T00:00:00+08:00".to_string(),
                "2026-11-26T23:59:59+08:00".to_string()
            )
        );
        assert_eq!(r(Period::Last7Days).unwrap().0, "2026-11-19T00:00:00+08:00");
        assert_eq!(
            r(Period::Last4Weeks).unwrap().0,
            "2026-10-29T00:00:00+08:00"
        );
        assert_eq!(
            r(Period::Last3Months).unwrap().0,
            "2026-08-28T00:00:00+08:00"
        );
        assert_eq!(
            r(Period::Last12Months).unwrap().0,
            "2025-11-26T00:00:00+08:00"
        );
        assert_eq!(r(Period::AllTime), None);
        assert_eq!(r(Period::Custom), None);
    }

    #[test]
    fn presets_use_the_offset_of_each_end() {
        // New York in early November: the range starts before the DST change.
        let now = parse_instant("2026-11-03T10:00:00-05:00").unwrap();
        let off = |c: NaiveDateTime| if c.month() == 10 { -240 } else { -300 };
        let (a, b) = Period::Last7Days.range(now, -300, off).unwrap();
        assert_eq!(a, "2026-10-27T00:00:00-04:00");
        assert_eq!(b, "2026-11-03T23:59:59-05:00");
    }

    #[test]
    fn negative_zero_and_half_hour_offsets() {
        let c = wall(2026, 1, 5, 1, 0, 0);
        let iso = |o| iso_with_offset(c, o).unwrap();
        assert_eq!(iso(0), "2026-01-05T01:00:00Z");
        assert_eq!(iso(-300), "2026-01-05T01:00:00-05:00");
        assert_eq!(iso(330), "2026-01-05T01:00:00+05:30");
        let ny_1am = parse_instant("2026-01-05T01:00:00-05:00").unwrap();
        assert_eq!(
            Period::Today.range(ny_1am, -300, |_| -300).unwrap().0,
            "2026-01-05T00:00:00-05:00"
        );
    }

    #[test]
    fn wall_times_and_impossible_dates() {
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_local(-1, 0), "1969-12-31 23:59:59");
        assert_eq!(wall_time(0, -90), Some(wall(1969, 12, 31, 22, 30, 0)));
        assert_eq!(parse_local_input("2026-02-29T00:00"), None);
        assert_eq!(
            parse_local_input("2028-02-29T00:00"),
            Some(wall(2028, 2, 29, 0, 0, 0))
        );
        for bad in [
            "2026-11-26T24:00",
            "2026-11-26T23:60",
            "2026-11-26T23:59:60",
        ] {
            assert_eq!(parse_local_input(bad), None, "{bad}");
        }
        // Beyond chrono's range or a day's offset: nothing, never a panic.
        assert_eq!(format_utc(i64::MAX), "");
        assert_eq!(format_local(i64::MIN, 0), "");
        assert_eq!(iso_with_offset(wall(2026, 1, 5, 1, 0, 0), 24 * 60), None);
        let far = RangeEnd::typed("2026-11-26T08:00".into(), 24 * 60);
        assert!(custom_range(&far, &RangeEnd::default(), Locale::en).is_err());
    }

    #[test]
    fn custom_range_validates_order_and_includes_the_to_minute() {
        let t = |v: &str, o| RangeEnd::typed(v.into(), o);
        assert_eq!(
            custom_range(
                &t("2026-11-26T08:00", 480),
                &t("2026-11-26T09:30", 480),
                Locale::en
            )
            .unwrap(),
            (
                Some("2026-11-26T08:00:00+08:00".into()),
                Some("2026-11-26T09:30:59+08:00".into())
            )
        );
        assert_eq!(
            custom_range(
                &t("2026-11-26T10:00", 0),
                &t("2026-11-26T09:00", 0),
                Locale::en
            ),
            Err("From is later than To.".into())
        );
        assert_eq!(
            custom_range(&t("", 0), &t("", 0), Locale::en).unwrap(),
            (None, None)
        );
        assert!(custom_range(&t("junk", 0), &t("", 0), Locale::en).is_err());
        assert!(custom_range(
            &t("2026-11-26T10:00", 0),
            &t("2026-11-26T10:00", 0),
            Locale::en
        )
        .is_ok());
        // Same wall time, but From is in a later offset: still valid.
        assert!(custom_range(
            &t("2026-11-26T10:00", 60),
            &t("2026-11-26T10:00", 0),
            Locale::en
        )
        .is_ok());
    }

    #[test]
    fn exact_instants_are_sent_as_given() {
        let a = RangeEnd::exact("2026-11-26T09:53:21Z", 480);
        assert_eq!(a.input, "2026-11-26T17:53");
        let b = RangeEnd::exact("2026-11-26T10:00:00Z", 480);
        assert_eq!(
            custom_range(&a, &b, Locale::en).unwrap(),
            (
                Some("2026-11-26T09:53:21Z".into()),
                Some("2026-11-26T10:00:00Z".into())
            )
        );
        assert!(custom_range(&b, &a, Locale::en).is_err());
        // Once the user types, the typed value wins.
        let typed = RangeEnd::typed("2026-11-26T18:00".into(), 480);
        assert_eq!(
            custom_range(&a, &typed, Locale::en).unwrap().1.as_deref(),
            Some("2026-11-26T18:00:59+08:00")
        );
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
    fn formats_times_and_durations() {
        assert_eq!(format_local(1_795_686_944, 480), "2026-11-26 17:55:44");
        assert_eq!(format_utc(1_795_686_944), "2026-11-26T09:55:44Z");
        assert_eq!(format_duration(0.062794), "63 ms");
        assert_eq!(format_duration(0.9996), "1.00 s");
        assert_eq!(format_duration(45.164847), "45.16 s");
        assert_eq!(format_duration(125.0), "2 min 05 s");
        assert_eq!(format_duration(3_700.0), "1 h 01 min");
        assert_eq!(format_duration(f64::NAN), "—");
        assert_eq!(format_relative(1_000, 1_000 + 180), "3 min ago");
        assert_eq!(format_relative(1_000, 1_000 + 10), "just now");
        assert_eq!(format_relative(2_000, 1_000), "just now");
        assert_eq!(format_relative(0, 3 * 86_400), "3 days ago");
        assert_eq!(short_day(wall(2026, 11, 26, 0, 0, 0).date()), "Nov 26");
        assert_eq!(short_day(wall(2027, 1, 5, 0, 0, 0).date()), "Jan 5");
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
