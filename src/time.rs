//! Periods, local/UTC formatting and run-time text. Pure: the browser's
//! time zone comes in as an offset in minutes east of UTC, so every rule
//! here is tested natively.
//!
//! Calendar arithmetic is done here in a few lines (proleptic Gregorian,
//! days since 1970-01-01) instead of with a date crate: the widget needs
//! only these conversions, and a date crate's parser and formatter cost
//! about 15 KB of gzipped wasm.

/// A wall-clock date and time, without a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Civil {
    pub year: i32,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// Days since 1970-01-01 of a Gregorian date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Gregorian date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Civil {
    /// A checked constructor: `None` for impossible dates or times.
    pub fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        let ok = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        ok.then_some(Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Seconds since the epoch if this wall time were UTC.
    pub fn as_utc_secs(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour * 3_600 + self.minute * 60 + self.second)
    }

    /// The wall time of a unix instant seen at `offset_minutes` east of UTC.
    pub fn from_unix(secs: i64, offset_minutes: i32) -> Self {
        let t = secs + i64::from(offset_minutes) * 60;
        let (year, month, day) = civil_from_days(t.div_euclid(86_400));
        let s = t.rem_euclid(86_400) as u32;
        Self {
            year,
            month,
            day,
            hour: s / 3_600,
            minute: s / 60 % 60,
            second: s % 60,
        }
    }

    /// The same wall time `days` days earlier (or later, when negative).
    pub fn minus_days(&self, days: i64) -> Self {
        let (year, month, day) =
            civil_from_days(days_from_civil(self.year, self.month, self.day) - days);
        Self {
            year,
            month,
            day,
            ..*self
        }
    }

    /// `2026-11-26T17:53:21`
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
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
    /// `days_back` days ago to the end of today. `offset_at` gives the UTC
    /// offset of a local wall time, so a range that crosses a daylight-saving
    /// change still starts at local midnight. `None` for All time and Custom.
    pub fn range(
        self,
        now_secs: i64,
        now_offset_minutes: i32,
        offset_at: impl Fn(Civil) -> i32,
    ) -> Option<(String, String)> {
        let days = self.days_back()?;
        let now = Civil::from_unix(now_secs, now_offset_minutes);
        let start = Civil {
            hour: 0,
            minute: 0,
            second: 0,
            ..now.minus_days(days)
        };
        let end = Civil {
            hour: 23,
            minute: 59,
            second: 59,
            ..now
        };
        Some((
            iso_with_offset(start, offset_at(start)),
            iso_with_offset(end, offset_at(end)),
        ))
    }
}

/// `2026-11-26T17:53:21+08:00` (or `Z` for UTC) for a local wall time.
pub fn iso_with_offset(local: Civil, offset_minutes: i32) -> String {
    let base = local.iso();
    if offset_minutes == 0 {
        return base + "Z";
    }
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let m = offset_minutes.unsigned_abs();
    format!("{base}{sign}{:02}:{:02}", m / 60, m % 60)
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

/// Parses `YYYY-MM-DD` and an optional `THH:MM[:SS[.fff]]`; returns the
/// wall time and the index after it.
fn parse_civil_prefix(s: &str) -> Option<(Civil, usize, bool)> {
    let b = s.as_bytes();
    let mut i = 0;
    let y = digits(b, &mut i, 4)?;
    expect(b, &mut i, b'-')?;
    let mo = digits(b, &mut i, 2)?;
    expect(b, &mut i, b'-')?;
    let d = digits(b, &mut i, 2)?;
    let (mut h, mut mi, mut sec, mut has_time) = (0, 0, 0, false);
    if matches!(b.get(i), Some(b'T' | b't' | b' ')) && b.len() > i + 1 {
        i += 1;
        h = digits(b, &mut i, 2)?;
        expect(b, &mut i, b':')?;
        mi = digits(b, &mut i, 2)?;
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
        has_time = true;
    }
    Some((Civil::new(y as i32, mo, d, h, mi, sec)?, i, has_time))
}

/// Parses a `datetime-local` value (`2026-11-26T17:30`, seconds optional).
pub fn parse_local_input(value: &str) -> Option<Civil> {
    let v = value.trim();
    match parse_civil_prefix(v)? {
        (c, end, true) if end == v.len() => Some(c),
        _ => None,
    }
}

/// Parses an instant as Dify accepts it: RFC 3339 with `Z` or an offset, a
/// time without offset (UTC, as Dify takes it), or a date alone (midnight
/// UTC). Returns unix seconds.
pub fn parse_instant(s: &str) -> Option<i64> {
    let s = s.trim();
    let (civil, end, _) = parse_civil_prefix(s)?;
    let rest = &s.as_bytes()[end..];
    let offset_secs: i64 = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] => {
            let mut i = 1;
            let h = digits(rest, &mut i, 2)?;
            expect(rest, &mut i, b':')?;
            let m = digits(rest, &mut i, 2)?;
            if i != rest.len() || h > 23 || m > 59 {
                return None;
            }
            let v = i64::from(h * 3_600 + m * 60);
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    Some(civil.as_utc_secs() - offset_secs)
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
/// holds the inline message.
pub fn custom_range(
    from: &RangeEnd,
    to: &RangeEnd,
) -> Result<(Option<String>, Option<String>), String> {
    let end = |e: &RangeEnd, name: &str, is_to: bool| -> Result<Option<(String, i64)>, String> {
        if let Some(x) = &e.exact {
            let t =
                parse_instant(x).ok_or_else(|| format!("{name} is not a valid date and time."))?;
            return Ok(Some((x.clone(), t)));
        }
        if e.input.trim().is_empty() {
            return Ok(None);
        }
        let mut c = parse_local_input(&e.input)
            .ok_or_else(|| format!("{name} is not a valid date and time."))?;
        if is_to && c.second == 0 {
            c.second = 59;
        }
        let t = c.as_utc_secs() - i64::from(e.offset_minutes) * 60;
        Ok(Some((iso_with_offset(c, e.offset_minutes), t)))
    };
    let f = end(from, "From", false)?;
    let t = end(to, "To", true)?;
    if let (Some((_, fu)), Some((_, tu))) = (&f, &t) {
        if fu > tu {
            return Err("From is later than To.".into());
        }
    }
    Ok((f.map(|x| x.0), t.map(|x| x.0)))
}

/// An instant as a `datetime-local` value in the given offset (to fill the
/// Custom inputs from an ISO filter).
pub fn to_local_input(instant: &str, offset_minutes: i32) -> Option<String> {
    let c = Civil::from_unix(parse_instant(instant)?, offset_minutes);
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    ))
}

/// `2026-11-26 17:53:21` in local time.
pub fn format_local(unix_secs: i64, offset_minutes: i32) -> String {
    let c = Civil::from_unix(unix_secs, offset_minutes);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// The exact UTC instant, for a title: `2026-11-26T09:53:21Z`.
pub fn format_utc(unix_secs: i64) -> String {
    Civil::from_unix(unix_secs, 0).iso() + "Z"
}

/// "3 min ago"-style relative time for the Started column.
pub fn format_relative(unix_secs: i64, now_secs: i64) -> String {
    let d = now_secs - unix_secs;
    match d {
        i64::MIN..=44 => "just now".into(),
        45..=89 => "1 min ago".into(),
        90..=3_599 => format!("{} min ago", (d + 30) / 60),
        3_600..=5_399 => "1 h ago".into(),
        5_400..=86_399 => format!("{} h ago", (d + 1_800) / 3_600),
        86_400..=172_799 => "1 day ago".into(),
        _ if d < 30 * 86_400 => format!("{} days ago", d / 86_400),
        _ if d < 365 * 86_400 => format!("{} months ago", d / (30 * 86_400)),
        _ => format!("{} years ago", d / (365 * 86_400)),
    }
}

/// Run time in the unit a person reads: `45 ms`, `1.25 s`, `2 min 05 s`.
/// Integer arithmetic only: float formatting would add ~10 KB of wasm.
pub fn format_duration(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "—".into();
    }
    let ms = (secs * 1000.0).round() as i64;
    if ms < 1000 {
        return format!("{ms} ms");
    }
    let cs = (secs * 100.0).round() as i64;
    if cs < 6_000 {
        return format!("{}.{:02} s", cs / 100, cs % 100);
    }
    let total = secs.round() as i64;
    if total < 3_600 {
        return format!("{} min {:02} s", total / 60, total % 60);
    }
    format!("{} h {:02} min", total / 3_600, (total % 3_600) / 60)
}

/// Short `Nov 26` label for a day number.
pub fn short_day(day: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (_, m, d) = civil_from_days(day);
    format!("{} {d}", MONTHS[(m as usize).saturating_sub(1) % 12])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-26T17:53:21+08:00
    const NOW: i64 = 1_795_686_801;

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
        let off = |c: Civil| if c.month == 10 { -240 } else { -300 };
        let (a, b) = Period::Last7Days.range(now, -300, off).unwrap();
        assert_eq!(a, "2026-10-27T00:00:00-04:00");
        assert_eq!(b, "2026-11-03T23:59:59-05:00");
    }

    #[test]
    fn negative_zero_and_half_hour_offsets() {
        let c = Civil::new(2026, 1, 5, 1, 0, 0).unwrap();
        assert_eq!(iso_with_offset(c, 0), "2026-01-05T01:00:00Z");
        assert_eq!(iso_with_offset(c, -300), "2026-01-05T01:00:00-05:00");
        assert_eq!(iso_with_offset(c, 330), "2026-01-05T01:00:00+05:30");
        let ny_1am = parse_instant("2026-01-05T01:00:00-05:00").unwrap();
        assert_eq!(
            Period::Today.range(ny_1am, -300, |_| -300).unwrap().0,
            "2026-01-05T00:00:00-05:00"
        );
    }

    #[test]
    fn calendar_round_trips_over_four_centuries() {
        for day in (-146_097 * 2..146_097 * 2).step_by(97) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert!(Civil::new(2026, 2, 29, 0, 0, 0).is_none());
        assert!(Civil::new(2028, 2, 29, 0, 0, 0).is_some());
        assert_eq!(Civil::from_unix(-1, 0).iso(), "1969-12-31T23:59:59");
    }

    #[test]
    fn custom_range_validates_order_and_includes_the_to_minute() {
        let t = |v: &str, o| RangeEnd::typed(v.into(), o);
        assert_eq!(
            custom_range(&t("2026-11-26T08:00", 480), &t("2026-11-26T09:30", 480)).unwrap(),
            (
                Some("2026-11-26T08:00:00+08:00".into()),
                Some("2026-11-26T09:30:59+08:00".into())
            )
        );
        assert_eq!(
            custom_range(&t("2026-11-26T10:00", 0), &t("2026-11-26T09:00", 0)),
            Err("From is later than To.".into())
        );
        assert_eq!(custom_range(&t("", 0), &t("", 0)).unwrap(), (None, None));
        assert!(custom_range(&t("junk", 0), &t("", 0)).is_err());
        assert!(custom_range(&t("2026-11-26T10:00", 0), &t("2026-11-26T10:00", 0)).is_ok());
        // Same wall time, but From is in a later offset: still valid.
        assert!(custom_range(&t("2026-11-26T10:00", 60), &t("2026-11-26T10:00", 0)).is_ok());
    }

    #[test]
    fn exact_instants_are_sent_as_given() {
        let a = RangeEnd::exact("2026-11-26T09:53:21Z", 480);
        assert_eq!(a.input, "2026-11-26T17:53");
        let b = RangeEnd::exact("2026-11-26T10:00:00Z", 480);
        assert_eq!(
            custom_range(&a, &b).unwrap(),
            (
                Some("2026-11-26T09:53:21Z".into()),
                Some("2026-11-26T10:00:00Z".into())
            )
        );
        assert!(custom_range(&b, &a).is_err());
        // Once the user types, the typed value wins.
        let typed = RangeEnd::typed("2026-11-26T18:00".into(), 480);
        assert_eq!(
            custom_range(&a, &typed).unwrap().1.as_deref(),
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
        assert_eq!(parse_local_input("2026-11-26T17:30").unwrap().minute, 30);
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
        assert_eq!(short_day(days_from_civil(2026, 11, 26)), "Nov 26");
    }
}
