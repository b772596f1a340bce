//! The chart's time axis: the span of one bar, chosen from the page's span
//! and aligned in local time, and which bars get an x label.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// At most this many bars: a finer bucket is chosen only while it fits.
pub const MAX_BARS: usize = 24;
/// At most this many x labels, and at least this many px between them.
pub const MAX_X_TICKS: usize = 6;
/// The least distance between two x labels, in px.
pub const MIN_TICK_SPACING: i32 = 56;

/// The time span of one bar, chosen from the page's span so there are at
/// most [`MAX_BARS`] bars. Boundaries are aligned in local time: hours on
/// the hour, days at local midnight, weeks on Monday, months on the 1st.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bucket {
    Min1,
    Min5,
    Min15,
    Min30,
    Hour1,
    Hour3,
    Hour6,
    Hour12,
    Day,
    Week,
    Month,
    Year,
}

impl Bucket {
    /// Every size, finest first (the order they are tried in).
    pub const ALL: [Bucket; 12] = [
        Self::Min1,
        Self::Min5,
        Self::Min15,
        Self::Min30,
        Self::Hour1,
        Self::Hour3,
        Self::Hour6,
        Self::Hour12,
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Year,
    ];

    /// Length in seconds of the fixed-length sizes (not months or years).
    pub fn secs(self) -> Option<i64> {
        Some(match self {
            Self::Min1 => 60,
            Self::Min5 => 300,
            Self::Min15 => 900,
            Self::Min30 => 1_800,
            Self::Hour1 => 3_600,
            Self::Hour3 => 3 * 3_600,
            Self::Hour6 => 6 * 3_600,
            Self::Hour12 => 12 * 3_600,
            Self::Day => 86_400,
            Self::Week => 7 * 86_400,
            Self::Month | Self::Year => return None,
        })
    }

    /// Where the grid of fixed-length buckets starts: 1970-01-05 was a
    /// Monday, so weeks start on Mondays.
    fn anchor(self) -> NaiveDateTime {
        let days = if self == Self::Week { 4 } else { 0 };
        DateTime::UNIX_EPOCH.naive_utc() + TimeDelta::days(days)
    }

    /// The bucket number of a local wall time.
    pub fn index(self, local: NaiveDateTime) -> i64 {
        match self.secs() {
            Some(s) => (local - self.anchor()).num_seconds().div_euclid(s),
            None if self == Self::Year => i64::from(local.year()),
            None => i64::from(local.year()) * 12 + i64::from(local.month0()),
        }
    }

    /// The local wall time where bucket `i` starts.
    pub fn start(self, i: i64) -> NaiveDateTime {
        let first_day = match self.secs() {
            Some(s) => return self.anchor() + TimeDelta::seconds(i * s),
            None if self == Self::Year => NaiveDate::from_ymd_opt(i as i32, 1, 1),
            None => {
                NaiveDate::from_ymd_opt(i.div_euclid(12) as i32, i.rem_euclid(12) as u32 + 1, 1)
            }
        };
        // Indices come from wall times of sane instants, so the date exists.
        first_day.unwrap_or_default().and_time(NaiveTime::MIN)
    }
}

/// The finest bucket that covers local wall times `first..=last` in at
/// most [`MAX_BARS`] buckets (years when nothing else does).
pub fn choose_bucket(first_local: NaiveDateTime, last_local: NaiveDateTime) -> Bucket {
    Bucket::ALL
        .into_iter()
        .find(|b| b.index(last_local) - b.index(first_local) < MAX_BARS as i64)
        .unwrap_or(Bucket::Year)
}

/// Every how many bars an x label goes, for `bars` bars across a plot
/// `plot_width` px wide: at most [`MAX_X_TICKS`] labels, at least
/// [`MIN_TICK_SPACING`] px apart.
pub fn tick_every(bars: usize, plot_width: i32) -> usize {
    let slot = (plot_width / bars.max(1) as i32).max(1);
    bars.div_ceil(MAX_X_TICKS)
        .max((MIN_TICK_SPACING as usize).div_ceil(slot as usize))
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::tests::wall;

    #[test]
    fn buckets_align_in_local_time() {
        let t = wall(2026, 11, 26, 17, 55, 45); // a Thursday
        let start = |b: Bucket| b.start(b.index(t));
        assert_eq!(start(Bucket::Min15), wall(2026, 11, 26, 17, 45, 0));
        assert_eq!(start(Bucket::Hour6), wall(2026, 11, 26, 12, 0, 0));
        assert_eq!(start(Bucket::Day), wall(2026, 11, 26, 0, 0, 0));
        assert_eq!(start(Bucket::Week), wall(2026, 11, 23, 0, 0, 0));
        assert_eq!(start(Bucket::Month), wall(2026, 11, 1, 0, 0, 0));
        assert_eq!(start(Bucket::Year), wall(2026, 1, 1, 0, 0, 0));
        assert_eq!(choose_bucket(t, t), Bucket::Min1);
        assert_eq!(choose_bucket(t, wall(2031, 1, 1, 0, 0, 0)), Bucket::Year);
        assert_eq!(tick_every(24, 600), 4);
        assert_eq!(tick_every(1, 0), MIN_TICK_SPACING as usize);
    }
}
