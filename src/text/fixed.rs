//! The fixed English formats, written where the browser has no `Intl`
//! (native tests, clippy) or an `Intl` constructor throws: see `intl.rs`.

use crate::domain::time::{relative_unit, wall_time, write_date_time, Span};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// English month abbreviations, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `Nov`
pub fn month_abbrev(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

/// Short `Nov 26` label for a date.
pub fn short_day(date: NaiveDate) -> String {
    format!("{} {}", month_abbrev(date), date.day())
}

/// `14:05`
pub fn hour_minute(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `2026-11-26 17:53:21` in local time (`""` beyond chrono's range).
pub fn format_local(unix_secs: i64, offset_minutes: i32) -> String {
    wall_time(unix_secs, offset_minutes)
        .map(|t| write_date_time(&t, " ", ":", true))
        .unwrap_or_default()
}

/// "3 min ago"-style relative time.
pub fn format_relative(unix_secs: i64, now_secs: i64) -> String {
    fixed_relative(relative_unit(now_secs.saturating_sub(unix_secs)))
}

/// The fixed English of a [`relative_unit`].
pub fn fixed_relative((n, unit): (i64, &str)) -> String {
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

/// Run time in the unit a person reads: `45 ms`, `1.25 s`, `2 min 05 s`.
pub fn format_duration(secs: f64) -> String {
    Span::of(secs).map_or_else(|| "—".into(), fixed_span)
}

/// The fixed English of a [`Span`]. Integer arithmetic only: float
/// formatting would add ~10 KB of wasm.
pub fn fixed_span(span: Span) -> String {
    match span {
        Span::Millis(ms) => format!("{ms} ms"),
        Span::Centis(cs) => format!("{}.{:02} s", cs / 100, cs % 100),
        Span::MinSec(m, s) => format!("{m} min {s:02} s"),
        Span::HourMin(h, m) => format!("{h} h {m:02} min"),
    }
}

/// 12345 -> "12,345".
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::file_stamp;
    use crate::domain::time::format_utc;
    use crate::domain::time::tests::wall;

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
}
