//! PLACEHOLDER until the Intl version lands (same API).
use crate::i18n::Locale;
use chrono::NaiveDateTime;

/// Shapes of wall-clock text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WallStyle {
    DateTime,
    DateMinute,
    MonthDay,
    MonthYear,
    Year,
    HourMinute,
}

/// Formats in a locale.
pub struct Fmt {
    locale: Locale,
    tag: String,
}

impl Fmt {
    pub fn new(locale: Locale, tag: &str) -> Self {
        Self {
            locale,
            tag: tag.into(),
        }
    }
    pub fn tag(&self) -> &str {
        &self.tag
    }
    pub fn locale(&self) -> Locale {
        self.locale
    }
    pub fn count(&self, n: u64) -> String {
        crate::paging::group_digits(i64::try_from(n).unwrap_or(i64::MAX))
    }
    pub fn wall(&self, t: NaiveDateTime, style: WallStyle) -> String {
        use chrono::Datelike;
        match style {
            WallStyle::DateTime => crate::time::format_local(t.and_utc().timestamp(), 0),
            WallStyle::DateMinute => {
                crate::time::format_local(t.and_utc().timestamp(), 0)[..16].to_string()
            }
            WallStyle::MonthDay => crate::time::short_day(t.date()),
            WallStyle::MonthYear => format!("{} {}", crate::time::month_abbrev(t.date()), t.year()),
            WallStyle::Year => t.year().to_string(),
            WallStyle::HourMinute => crate::time::hour_minute(t),
        }
    }
    pub fn relative(&self, secs: i64, now: i64) -> String {
        crate::time::format_relative(secs, now)
    }
    pub fn duration(&self, secs: f64) -> String {
        crate::time::format_duration(secs)
    }
}
