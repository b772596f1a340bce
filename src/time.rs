//! Periods, local/UTC formatting and run-time text. Pure: the browser's
//! time zone comes in as an offset in minutes east of UTC, so every rule
//! here is tested natively.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};

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

    /// What the select shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::AllTime => "All time",
            Self::Today => "Today",
            Self::Last7Days => "Last 7 days",
            Self::Last4Weeks => "Last 4 weeks",
            Self::Last3Months => "Last 3 months",
            Self::Last12Months => "Last 12 months",
            Self::Custom => "Custom",
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
    fn days_back(self) -> Option<i64> {
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
    /// `days_back` days ago to the end of today, in the local offset.
    /// `None` for All time and Custom.
    pub fn range(self, now_local: DateTime<FixedOffset>) -> Option<(String, String)> {
        let days = self.days_back()?;
        let tz = *now_local.offset();
        let today = now_local.date_naive();
        let start = (today - Duration::days(days)).and_hms_opt(0, 0, 0)?;
        let end = today.and_hms_opt(23, 59, 59)?;
        Some((
            iso_with_offset(start, tz.local_minus_utc() / 60),
            iso_with_offset(end, tz.local_minus_utc() / 60),
        ))
    }
}

/// `2026-11-26T17:53:21+08:00` (or `Z` for UTC) for a local wall time.
pub fn iso_with_offset(local: NaiveDateTime, offset_minutes: i32) -> String {
    let base = local.format("%Y-%m-%dT%H:%M:%S").to_string();
    if offset_minutes == 0 {
        return base + "Z";
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let m = offset_minutes.unsigned_abs();
    format!("{base}{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Parses a `datetime-local` value (`2026-11-26T17:30` or with seconds).
pub fn parse_local_input(value: &str) -> Option<NaiveDateTime> {
    let v = value.trim();
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
}

/// Parses an instant as Dify accepts it: RFC 3339 with `Z` or an offset, a
/// local time without offset (taken as UTC, as Dify does), or a date alone
/// (midnight UTC).
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let utc = FixedOffset::east_opt(0)?;
    if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(n.and_utc().with_timezone(&utc));
    }
    if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M") {
        return Some(n.and_utc().with_timezone(&utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc().with_timezone(&utc))
}

/// A custom range from the two `datetime-local` inputs. `From` starts at its
/// minute, `To` includes its whole minute. `Err` holds the inline message.
pub fn custom_range(
    from: &str,
    from_offset_minutes: i32,
    to: &str,
    to_offset_minutes: i32,
) -> Result<(Option<String>, Option<String>), String> {
    let parse = |v: &str, name: &str| -> Result<Option<NaiveDateTime>, String> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        parse_local_input(v)
            .map(Some)
            .ok_or_else(|| format!("{name} is not a valid date and time."))
    };
    let f = parse(from, "From")?;
    let t = parse(to, "To")?.map(|t| {
        if t.and_utc().timestamp() % 60 == 0 {
            t + Duration::seconds(59)
        } else {
            t
        }
    });
    if let (Some(f), Some(t)) = (f, t) {
        let fu = f.and_utc().timestamp() - i64::from(from_offset_minutes) * 60;
        let tu = t.and_utc().timestamp() - i64::from(to_offset_minutes) * 60;
        if fu > tu {
            return Err("From is later than To.".into());
        }
    }
    Ok((
        f.map(|f| iso_with_offset(f, from_offset_minutes)),
        t.map(|t| iso_with_offset(t, to_offset_minutes)),
    ))
}

/// An instant as a `datetime-local` value in the given offset (to fill the
/// Custom inputs from an ISO filter).
pub fn to_local_input(instant: &str, offset_minutes: i32) -> Option<String> {
    let d = parse_instant(instant)?;
    let local = d.naive_utc() + Duration::minutes(i64::from(offset_minutes));
    Some(local.format("%Y-%m-%dT%H:%M").to_string())
}

/// `2026-11-26 17:53:21` in local time.
pub fn format_local(unix_secs: i64, offset_minutes: i32) -> String {
    match DateTime::<Utc>::from_timestamp(unix_secs, 0) {
        Some(d) => (d.naive_utc() + Duration::minutes(i64::from(offset_minutes)))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        None => "—".into(),
    }
}

/// The exact UTC instant, for a title: `2026-11-26T09:53:21Z`.
pub fn format_utc(unix_secs: i64) -> String {
    match DateTime::<Utc>::from_timestamp(unix_secs, 0) {
        Some(d) => d.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => String::new(),
    }
}

/// "3 min ago", "yesterday"-style relative time for the Started column.
pub fn format_relative(unix_secs: i64, now_secs: i64) -> String {
    let d = now_secs - unix_secs;
    if d < 0 {
        return "just now".into();
    }
    match d {
        0..=44 => "just now".into(),
        45..=89 => "1 min ago".into(),
        90..=3_599 => format!("{} min ago", (d + 30) / 60),
        3_600..=5_399 => "1 h ago".into(),
        5_400..=86_399 => format!("{} h ago", (d + 1_800) / 3_600),
        86_400..=172_799 => "1 day ago".into(),
        _ if d < 30 * 86_400 => format!("{} days ago", d / 86_400),
        _ if d < 365 * 86_400 => format!("{} months ago", (d / (30 * 86_400)).max(1)),
        _ => format!("{} years ago", d / (365 * 86_400)),
    }
}

/// Run time in the unit a person reads: `45 ms`, `1.25 s`, `2 min 05 s`.
pub fn format_duration(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "—".into();
    }
    if secs < 1.0 {
        return format!("{} ms", (secs * 1000.0).round() as i64);
    }
    if secs < 60.0 {
        return format!("{secs:.2} s");
    }
    let total = secs.round() as i64;
    if total < 3_600 {
        return format!("{} min {:02} s", total / 60, total % 60);
    }
    format!("{} h {:02} min", total / 3_600, (total % 3_600) / 60)
}

/// The local date of an instant, for grouping (chart buckets).
pub fn local_day(unix_secs: i64, offset_minutes: i32) -> Option<NaiveDate> {
    let d = DateTime::<Utc>::from_timestamp(unix_secs, 0)?;
    Some((d.naive_utc() + Duration::minutes(i64::from(offset_minutes))).date())
}

/// Short `Nov 26` label for a day.
pub fn short_day(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", MONTHS[d.month0() as usize], d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai_now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-26T17:53:21+08:00").unwrap()
    }

    #[test]
    fn presets_start_at_local_midnight_and_end_today() {
        let now = shanghai_now();
        assert_eq!(
            Period::Today.range(now).unwrap(),
            (
                "2026-11-26T00:00:00+08:00".to_string(),
                "2026-11-26T23:59:59+08:00".to_string()
            )
        );
        assert_eq!(
            Period::Last7Days.range(now).unwrap().0,
            "2026-11-19T00:00:00+08:00"
        );
        assert_eq!(
            Period::Last12Months.range(now).unwrap().0,
            "2025-11-26T00:00:00+08:00"
        );
        assert_eq!(Period::AllTime.range(now), None);
        assert_eq!(Period::Custom.range(now), None);
    }

    #[test]
    fn negative_and_zero_offsets() {
        let ny = DateTime::parse_from_rfc3339("2026-01-05T01:00:00-05:00").unwrap();
        assert_eq!(
            Period::Today.range(ny).unwrap().0,
            "2026-01-05T00:00:00-05:00"
        );
        let utc = DateTime::parse_from_rfc3339("2026-01-05T01:00:00Z").unwrap();
        assert_eq!(Period::Today.range(utc).unwrap().1, "2026-01-05T23:59:59Z");
        let india =
            NaiveDateTime::parse_from_str("2026-01-05T01:00:00", "%Y-%m-%dT%H:%M:%S").unwrap();
        assert_eq!(iso_with_offset(india, 330), "2026-01-05T01:00:00+05:30");
    }

    #[test]
    fn custom_range_validates_order_and_includes_the_to_minute() {
        assert_eq!(
            custom_range("2026-11-26T08:00", 480, "2026-11-26T09:30", 480).unwrap(),
            (
                Some("2026-11-26T08:00:00+08:00".into()),
                Some("2026-11-26T09:30:59+08:00".into())
            )
        );
        assert_eq!(
            custom_range("2026-11-26T10:00", 0, "2026-11-26T09:00", 0),
            Err("From is later than To.".into())
        );
        assert_eq!(custom_range("", 0, "", 0).unwrap(), (None, None));
        assert!(custom_range("junk", 0, "", 0).is_err());
        // The same minute in From and To is a valid one-minute range.
        assert!(custom_range("2026-11-26T10:00", 0, "2026-11-26T10:00", 0).is_ok());
    }

    #[test]
    fn parses_instants_like_dify() {
        assert_eq!(
            parse_instant("2026-11-26").unwrap().timestamp(),
            1_795_651_200
        );
        assert_eq!(
            parse_instant("2026-11-26T17:53:21+08:00")
                .unwrap()
                .timestamp(),
            parse_instant("2026-11-26T09:53:21Z").unwrap().timestamp()
        );
        assert!(parse_instant("not-a-date").is_none());
        assert_eq!(
            to_local_input("2026-11-26T09:53:21Z", 480).as_deref(),
            Some("2026-11-26T17:53")
        );
    }

    #[test]
    fn formats_times_and_durations() {
        assert_eq!(format_local(1_795_686_944, 480), "2026-11-26 17:55:44");
        assert_eq!(format_utc(1_795_686_944), "2026-11-26T09:55:44Z");
        assert_eq!(format_duration(0.062794), "63 ms");
        assert_eq!(format_duration(45.164847), "45.16 s");
        assert_eq!(format_duration(125.0), "2 min 05 s");
        assert_eq!(format_duration(3_700.0), "1 h 01 min");
        assert_eq!(format_duration(f64::NAN), "—");
        assert_eq!(format_relative(1_000, 1_000 + 180), "3 min ago");
        assert_eq!(format_relative(1_000, 1_000 + 10), "just now");
        assert_eq!(format_relative(0, 3 * 86_400), "3 days ago");
        assert_eq!(
            short_day(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()),
            "Nov 26"
        );
    }
}
