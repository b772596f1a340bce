//! The "Period" choices and the Custom period's two ends, turned into the
//! `(after, before)` instants Dify filters on.

use crate::domain::query::{End, QueryError};
use crate::domain::time::{
    at_offset, iso_with_offset, parse_instant, parse_local_input, to_local_input, wall_time,
};
use chrono::{Days, NaiveDateTime, NaiveTime, SecondsFormat, Timelike};

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

    /// The instant to send and its unix seconds; `None` when the input is
    /// empty. `To` includes its whole minute.
    fn resolve(&self, end: End) -> Result<Option<(String, i64)>, QueryError> {
        let invalid = QueryError::InvalidDate(end);
        if let Some(x) = &self.exact {
            let t = parse_instant(x).ok_or(invalid)?;
            return Ok(Some((x.clone(), t)));
        }
        if self.input.trim().is_empty() {
            return Ok(None);
        }
        let mut local = parse_local_input(&self.input).ok_or(invalid)?;
        if end == End::To && local.second() == 0 {
            local = local.with_second(59).ok_or(invalid)?;
        }
        let t = at_offset(local, self.offset_minutes).ok_or(invalid)?;
        Ok(Some((
            t.to_rfc3339_opts(SecondsFormat::Secs, true),
            t.timestamp(),
        )))
    }
}

/// The `(after, before)` of a Custom period from its two ends. `From`
/// starts at its minute, `To` includes its whole minute; exact instants are
/// sent as they are.
pub fn custom_bounds(
    from: &RangeEnd,
    to: &RangeEnd,
) -> Result<(Option<String>, Option<String>), QueryError> {
    let f = from.resolve(End::From)?;
    let t = to.resolve(End::To)?;
    if let (Some((_, fu)), Some((_, tu))) = (&f, &t) {
        if fu > tu {
            return Err(QueryError::FromAfterTo);
        }
    }
    Ok((f.map(|x| x.0), t.map(|x| x.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::tests::{wall, NOW};
    use chrono::Datelike;

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
    fn custom_bounds_give_typed_reasons() {
        let t = |v: &str, o| RangeEnd::typed(v.into(), o);
        assert_eq!(
            custom_bounds(&t("2026-11-26T10:00", 0), &t("2026-11-26T09:00", 0)),
            Err(QueryError::FromAfterTo)
        );
        assert_eq!(
            custom_bounds(&t("junk", 0), &t("", 0)),
            Err(QueryError::InvalidDate(End::From))
        );
        assert_eq!(
            custom_bounds(&t("", 0), &t("2026-11-26T10:00", 24 * 60)),
            Err(QueryError::InvalidDate(End::To))
        );
        assert_eq!(custom_bounds(&t("", 0), &t("", 0)), Ok((None, None)));
    }
}
