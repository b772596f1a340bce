//! Geometry of the small SVG chart of the current result page: runs over
//! time stacked by status, and the spread of run times. Pure: the browser's
//! time zone comes in as `offset_at` (minutes east of UTC at an instant),
//! every coordinate is an integer pixel, and the component only turns these
//! structs into `<rect>`/`<text>` elements. No float is ever formatted (that
//! would cost ~10 KB of wasm); durations go through
//! [`crate::time::format_duration`].

use crate::api::model::{LogEntry, RunStatus};
use crate::api::query::StatusFilter;
use crate::i18n::{join, runs, td_string, Locale};
use crate::intl::{Fmt, WallStyle};
use crate::time::wall_time;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// Space around the plot for the axis labels, in px: y labels go left of
/// the plot (right-aligned at `plot.x - 4`), x labels below it.
pub const MARGIN_LEFT: i32 = 28;
/// Space above the plot, so the top y label is not cut.
pub const MARGIN_TOP: i32 = 6;
/// Space right of the plot.
pub const MARGIN_RIGHT: i32 = 6;
/// Space below the plot for the x labels.
pub const MARGIN_BOTTOM: i32 = 16;

/// At most this many bars: a finer bucket is chosen only while it fits.
pub const MAX_BARS: usize = 24;
/// A bar is never wider than this, so one or two buckets do not turn into
/// slabs.
pub const MAX_BAR_WIDTH: i32 = 40;
/// At most this many x labels, and at least this many px between them.
const MAX_X_TICKS: usize = 6;
const MIN_TICK_SPACING: i32 = 56;

/// Timestamps outside 1970..=9999 are nonsense from the network: those rows
/// are skipped, so bucket arithmetic never nears chrono's limits.
const MAX_SANE_SECS: i64 = 253_402_300_799;

/// A rectangle in SVG pixels (y grows downwards).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

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

    /// For a caption: "Runs per 15 min", in the locale.
    pub fn label(self, l: Locale) -> String {
        let minutes = |n: u32| td_string!(l, bucket_minutes, n);
        let hours = |n: u32| td_string!(l, bucket_hours, n);
        match self {
            Self::Min1 => minutes(1),
            Self::Min5 => minutes(5),
            Self::Min15 => minutes(15),
            Self::Min30 => minutes(30),
            Self::Hour1 => hours(1),
            Self::Hour3 => hours(3),
            Self::Hour6 => hours(6),
            Self::Hour12 => hours(12),
            Self::Day => td_string!(l, bucket_day).into(),
            Self::Week => td_string!(l, bucket_week).into(),
            Self::Month => td_string!(l, bucket_month).into(),
            Self::Year => td_string!(l, bucket_year).into(),
        }
    }

    /// Length in seconds of the fixed-length sizes (not months or years).
    fn secs(self) -> Option<i64> {
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
    fn index(self, local: NaiveDateTime) -> i64 {
        match self.secs() {
            Some(s) => (local - self.anchor()).num_seconds().div_euclid(s),
            None if self == Self::Year => i64::from(local.year()),
            None => i64::from(local.year()) * 12 + i64::from(local.month0()),
        }
    }

    /// The local wall time where bucket `i` starts.
    fn start(self, i: i64) -> NaiveDateTime {
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

/// One status's part of a bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The status group (see [`STATUS_ORDER`]); unknown statuses are
    /// grouped as [`other_status`].
    pub status: RunStatus,
    pub y: i32,
    pub height: i32,
    pub count: u32,
}

/// One time bucket. Segments stack bottom-up in [`STATUS_ORDER`]; their
/// heights sum to the bar's height exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub x: i32,
    pub width: i32,
    pub segments: Vec<Segment>,
    /// For the `<title>`: "Nov 26 14:00–15:00: 3 runs (2 Succeeded, 1 Failed)".
    pub label: String,
    /// Runs in the bucket (the sum of the segments' counts).
    pub total: u32,
}

/// An axis label: `pos` is an x (x axis, the centre of the bar it names) or
/// a y (y axis) in SVG pixels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub pos: i32,
    pub label: String,
}

/// Run times of the page's finished runs, in seconds; percentiles are
/// nearest-rank, so each is a run time that really occurred.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub p50: f64,
    pub p90: f64,
    pub max: f64,
    pub count: usize,
}

/// Where the spread's four values sit on a log-scale strip `0..=width` px
/// wide (min at 0, max at `width`; all in the middle when they are equal).
/// A log scale because run times are skewed: a 2-minute outlier would
/// squash millisecond runs into one pixel on a linear one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpreadGeometry {
    pub min_x: i32,
    pub p50_x: i32,
    pub p90_x: i32,
    pub max_x: i32,
}

/// The spread as text, via [`format_duration`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpreadLabels {
    pub min: String,
    pub p50: String,
    pub p90: String,
    pub max: String,
    /// "12 finished runs: min 45 ms · median 1.25 s · p90 3.10 s · max 2 min 05 s"
    pub summary: String,
}

/// Everything the chart component draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The whole SVG, as asked for.
    pub width: i32,
    pub height: i32,
    /// The bars' area inside the margins.
    pub plot: Rect,
    pub bucket: Bucket,
    /// Oldest bucket first (left), including empty buckets in between.
    pub bars: Vec<Bar>,
    pub x_ticks: Vec<Tick>,
    /// `0` at the plot's bottom and `y_max` at its top.
    pub y_ticks: Vec<Tick>,
    /// The y axis' top: the largest bar rounded up to 1, 2, 5 × 10^n.
    pub y_max: u32,
    /// For the legend: each status group present, in [`STATUS_ORDER`].
    pub totals: Vec<(RunStatus, u32)>,
    /// `None` when no run on the page has finished with a run time.
    pub spread: Option<Spread>,
    /// Rows left out: no workflow run, or no (sane) start time.
    pub skipped: usize,
    /// True when nothing could be plotted: show a note instead.
    pub empty: bool,
}

/// The status groups, bottom of the stack first; also the legend's order.
pub const STATUS_ORDER: [RunStatus; 6] = [
    RunStatus::Succeeded,
    RunStatus::Failed,
    RunStatus::Stopped,
    RunStatus::Running,
    RunStatus::PartialSucceeded,
    RunStatus::Paused,
];

/// The group for every other status (unknown or new ones): its
/// `css_class()` is "other" and [`group_label`] names it "Other".
pub fn other_status() -> RunStatus {
    RunStatus::Other("Other".into())
}

/// A status group's name in the legend and the bar labels, in the locale.
pub fn group_label(s: &RunStatus, l: Locale) -> &str {
    if *s == other_status() {
        td_string!(l, run_other)
    } else {
        s.label(l)
    }
}

/// Index of a status's group: `STATUS_ORDER`'s index, or 6 for other.
fn group_of(s: &RunStatus) -> usize {
    STATUS_ORDER.iter().position(|g| g == s).unwrap_or(6)
}

fn group_status(g: usize) -> RunStatus {
    STATUS_ORDER.get(g).cloned().unwrap_or_else(other_status)
}

/// The status filter a click on a segment or legend entry sets; `None` for
/// statuses Dify's `status` parameter cannot select.
pub fn filter_for(status: &RunStatus) -> Option<StatusFilter> {
    match status {
        RunStatus::Succeeded => Some(StatusFilter::Succeeded),
        RunStatus::Failed => Some(StatusFilter::Failed),
        RunStatus::Stopped => Some(StatusFilter::Stopped),
        _ => None,
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `n` (1 for 0),
/// so the y axis ends on a round number.
pub fn nice_ceil(n: u32) -> u32 {
    let mut base: u32 = 1;
    loop {
        for m in [1, 2, 5] {
            let v = base.saturating_mul(m);
            if v >= n {
                return v;
            }
        }
        if base > u32::MAX / 10 {
            return n;
        }
        base *= 10;
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

/// When a row's run started: the log's time, else the run's (as the table
/// shows it), if it is a sane instant.
fn started_at(e: &LogEntry) -> Option<i64> {
    let run = e.workflow_run.as_ref()?;
    e.created_at
        .or(run.created_at)
        .filter(|t| (0..=MAX_SANE_SECS).contains(t))
}

/// Builds the chart of one page. `offset_at(t)` is the browser's offset
/// (minutes east of UTC) at instant `t`, so buckets follow local days and
/// hours even across a daylight-saving change. Rows without a workflow run
/// or a start time are left out of everything (and counted in `skipped`).
pub fn build_chart(
    entries: &[LogEntry],
    offset_at: impl Fn(i64) -> i32,
    width: i32,
    height: i32,
    fmt: &Fmt,
) -> Chart {
    let width = width.max(0);
    let height = height.max(0);
    let plot = Rect {
        x: MARGIN_LEFT.min(width),
        y: MARGIN_TOP.min(height),
        width: (width - MARGIN_LEFT - MARGIN_RIGHT).max(1),
        height: (height - MARGIN_TOP - MARGIN_BOTTOM).max(1),
    };
    // (local wall time, status group) of every plottable row.
    let points: Vec<(NaiveDateTime, usize, &LogEntry)> = entries
        .iter()
        .filter_map(|e| {
            let t = started_at(e)?;
            let local = wall_time(t, offset_at(t).clamp(-24 * 60, 24 * 60))?;
            let status = &e.workflow_run.as_ref()?.status;
            Some((local, group_of(status), e))
        })
        .collect();
    let skipped = entries.len() - points.len();
    let (Some(first), Some(last)) = (
        points.iter().map(|p| p.0).min(),
        points.iter().map(|p| p.0).max(),
    ) else {
        return Chart {
            width,
            height,
            plot,
            bucket: Bucket::Hour1,
            bars: Vec::new(),
            x_ticks: Vec::new(),
            y_ticks: Vec::new(),
            y_max: 0,
            totals: Vec::new(),
            spread: None,
            skipped,
            empty: true,
        };
    };

    let bucket = choose_bucket(first, last);
    let first_i = bucket.index(first);
    let n = (bucket.index(last) - first_i + 1) as usize;
    let mut counts = vec![[0u32; 7]; n];
    let mut totals = [0u32; 7];
    for &(local, g, _) in &points {
        counts[(bucket.index(local) - first_i) as usize][g] += 1;
        totals[g] += 1;
    }
    let max_total = counts
        .iter()
        .map(|c| c.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let y_max = nice_ceil(max_total);
    let bottom = plot.y + plot.height;
    // Pixel height of a running count: rounding the cumulative sums makes
    // the segments add up exactly to the bar.
    let px = |count: u32| -> i32 {
        let h = i64::from(plot.height);
        ((i64::from(count) * h * 2 + i64::from(y_max)) / (2 * i64::from(y_max))) as i32
    };

    let mut bars = Vec::with_capacity(n);
    for (k, c) in counts.iter().enumerate() {
        let left = plot.x + (i64::from(plot.width) * k as i64 / n as i64) as i32;
        let right = plot.x + (i64::from(plot.width) * (k as i64 + 1) / n as i64) as i32;
        let slot = right - left;
        let gap = if slot >= 5 { (slot / 5).max(2) } else { 0 };
        // At least 1 px unless the plot is narrower than one px per bar.
        let w = (slot - gap).min(MAX_BAR_WIDTH).max(slot.min(1));
        let x = left + (slot - w) / 2;
        let mut segments = Vec::new();
        let mut cum = 0u32;
        for (g, &count) in c.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let below = px(cum);
            cum += count;
            let top = px(cum);
            segments.push(Segment {
                status: group_status(g),
                y: bottom - top,
                height: top - below,
                count,
            });
        }
        let start = bucket.start(first_i + k as i64);
        bars.push(Bar {
            x,
            width: w,
            label: bar_label(bucket, start, c, fmt),
            segments,
            total: cum,
        });
    }

    let slot = (plot.width / n as i32).max(1);
    let every = n
        .div_ceil(MAX_X_TICKS)
        .max((MIN_TICK_SPACING as usize).div_ceil(slot as usize))
        .max(1);
    let x_ticks = bars
        .iter()
        .enumerate()
        .step_by(every)
        .map(|(k, b)| Tick {
            pos: b.x + b.width / 2,
            label: tick_label(bucket, bucket.start(first_i + k as i64), fmt),
        })
        .collect();
    let y_ticks = vec![
        Tick {
            pos: bottom,
            label: "0".into(),
        },
        Tick {
            pos: plot.y,
            label: y_max.to_string(),
        },
    ];

    Chart {
        width,
        height,
        plot,
        bucket,
        bars,
        x_ticks,
        y_ticks,
        y_max,
        totals: (0..7)
            .filter(|&g| totals[g] > 0)
            .map(|g| (group_status(g), totals[g]))
            .collect(),
        spread: spread(points.iter().map(|p| p.2)),
        skipped,
        empty: false,
    }
}

/// The bucket's span as a person reads it: "Nov 26", "Week of Nov 23",
/// "Nov 2026", "Nov 26 14:00–15:00", in the locale.
fn span_label(bucket: Bucket, start: NaiveDateTime, fmt: &Fmt) -> String {
    let day = || fmt.wall(start, WallStyle::MonthDay);
    match bucket {
        Bucket::Day => day(),
        Bucket::Week => td_string!(fmt.locale(), week_of, day = day()),
        Bucket::Month => fmt.wall(start, WallStyle::MonthYear),
        Bucket::Year => fmt.wall(start, WallStyle::Year),
        _ => {
            let end = start + TimeDelta::seconds(bucket.secs().unwrap_or(0));
            format!(
                "{} {}–{}",
                day(),
                fmt.wall(start, WallStyle::HourMinute),
                fmt.wall(end, WallStyle::HourMinute)
            )
        }
    }
}

/// "Nov 26 14:00–15:00: 3 runs (2 Succeeded, 1 Failed)", in the locale.
fn bar_label(bucket: Bucket, start: NaiveDateTime, counts: &[u32; 7], fmt: &Fmt) -> String {
    let l = fmt.locale();
    let total: u32 = counts.iter().sum();
    let text = td_string!(
        l,
        span_count,
        span = span_label(bucket, start, fmt),
        runs = runs(fmt, u64::from(total))
    );
    let parts: Vec<String> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(g, c)| count_status(fmt, u64::from(*c), &group_status(g)))
        .collect();
    if parts.is_empty() {
        text
    } else {
        td_string!(l, with_parts, text, parts = join(l, &parts))
    }
}

/// "2 Succeeded" / "成功 2", in the locale.
pub fn count_status(fmt: &Fmt, n: u64, s: &RunStatus) -> String {
    let l = fmt.locale();
    td_string!(
        l,
        count_status,
        n = fmt.count(n),
        status = group_label(s, l)
    )
}

/// An x label: the time for buckets within a day (the date at midnight),
/// the date for days and weeks, the month or year otherwise.
fn tick_label(bucket: Bucket, start: NaiveDateTime, fmt: &Fmt) -> String {
    let style = match bucket {
        Bucket::Day | Bucket::Week => WallStyle::MonthDay,
        Bucket::Month => WallStyle::MonthYear,
        Bucket::Year => WallStyle::Year,
        _ if start.time() == NaiveTime::MIN => WallStyle::MonthDay,
        _ => WallStyle::HourMinute,
    };
    fmt.wall(start, style)
}

/// The spread of run times of the finished runs among `entries` (not
/// running or paused, with a run time); `None` when there are none.
pub fn spread<'a>(entries: impl IntoIterator<Item = &'a LogEntry>) -> Option<Spread> {
    let mut times: Vec<f64> = entries
        .into_iter()
        .filter_map(|e| e.workflow_run.as_ref())
        .filter(|r| !matches!(r.status, RunStatus::Running | RunStatus::Paused))
        .filter_map(|r| r.elapsed_time)
        .filter(|t| t.is_finite() && *t >= 0.0)
        .collect();
    if times.is_empty() {
        return None;
    }
    times.sort_by(f64::total_cmp);
    let n = times.len();
    let rank = |p: usize| times[(p * n).div_ceil(100).clamp(1, n) - 1];
    Some(Spread {
        min: times[0],
        p50: rank(50),
        p90: rank(90),
        max: times[n - 1],
        count: n,
    })
}

/// Run times below a millisecond are drawn at 1 ms (a log scale has no 0).
const SPREAD_FLOOR_SECS: f64 = 0.001;

/// Places the spread on a log-scale strip `0..=width` px wide.
pub fn spread_geometry(s: &Spread, width: i32) -> SpreadGeometry {
    let width = width.max(0);
    let ln = |v: f64| v.max(SPREAD_FLOOR_SECS).ln();
    let (lo, hi) = (ln(s.min), ln(s.max));
    let at = |v: f64| -> i32 {
        if !(hi - lo).is_finite() || hi - lo <= f64::EPSILON {
            return width / 2;
        }
        let f = ((ln(v) - lo) / (hi - lo)).clamp(0.0, 1.0);
        (f * f64::from(width)).round() as i32
    };
    SpreadGeometry {
        min_x: at(s.min),
        p50_x: at(s.p50),
        p90_x: at(s.p90),
        max_x: at(s.max),
    }
}

/// The spread's labels, in the locale.
pub fn spread_labels(s: &Spread, fmt: &Fmt) -> SpreadLabels {
    let (min, p50, p90, max) = (
        fmt.duration(s.min),
        fmt.duration(s.p50),
        fmt.duration(s.p90),
        fmt.duration(s.max),
    );
    let l = fmt.locale();
    let n = s.count as u64;
    let finished = if n == 1 {
        td_string!(l, finished_runs_one, n = fmt.count(n))
    } else {
        td_string!(l, finished_runs, n = fmt.count(n))
    };
    let summary = td_string!(
        l,
        spread_summary,
        runs = finished,
        min = &min,
        p50 = &p50,
        p90 = &p90,
        max = &max
    );
    SpreadLabels {
        min,
        p50,
        p90,
        max,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Fmt {
        Fmt::new(Locale::en, "en")
    }
    use crate::api::model::{decode_log_page, WorkflowRun};

    /// 2026-11-26T09:55:45Z
    const T0: i64 = 1_795_686_945;

    fn run(created_at: i64, status: RunStatus, elapsed: Option<f64>) -> LogEntry {
        LogEntry {
            id: format!("log-{created_at}"),
            created_at: Some(created_at),
            workflow_run: Some(WorkflowRun {
                id: format!("run-{created_at}"),
                status,
                elapsed_time: elapsed,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn ok(t: i64) -> LogEntry {
        run(t, RunStatus::Succeeded, Some(1.0))
    }

    fn utc(_: i64) -> i32 {
        0
    }

    /// Unix seconds of a UTC wall time.
    fn secs_at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .unwrap()
            .and_utc()
            .timestamp()
    }

    /// Every structural rule of a built chart.
    fn check(c: &Chart) {
        let bottom = c.plot.y + c.plot.height;
        for b in &c.bars {
            assert!(b.width >= 0 && b.width <= MAX_BAR_WIDTH);
            assert!(b.x >= c.plot.x && b.x + b.width <= c.plot.x + c.plot.width);
            let mut edge = bottom;
            for s in &b.segments {
                assert!(s.count > 0 && s.height >= 0);
                assert_eq!(s.y + s.height, edge, "segments stack without gaps");
                edge = s.y;
            }
            assert!(edge >= c.plot.y, "never above the plot");
            let h: i32 = b.segments.iter().map(|s| s.height).sum();
            let expect =
                (f64::from(b.total) * f64::from(c.plot.height) / f64::from(c.y_max)).round() as i32;
            assert_eq!(h, expect, "segments sum to the bar");
            assert_eq!(b.total, b.segments.iter().map(|s| s.count).sum::<u32>());
        }
        for w in c.bars.windows(2) {
            assert!(w[0].x + w[0].width <= w[1].x, "bars do not overlap");
        }
    }

    #[test]
    fn bucket_follows_the_span() {
        let pick = |span: i64| {
            let page: Vec<_> = (0..=10).map(|i| ok(T0 + span * i / 10)).collect();
            let c = build_chart(&page, utc, 600, 160, &en());
            check(&c);
            (c.bucket, c.bars.len())
        };
        assert_eq!(pick(0), (Bucket::Min1, 1));
        assert_eq!(pick(10 * 60).0, Bucket::Min1);
        assert_eq!(pick(60 * 60).0, Bucket::Min5);
        assert_eq!(pick(2 * 3_600).0, Bucket::Min15);
        assert_eq!(pick(10 * 3_600).0, Bucket::Min30);
        assert_eq!(pick(20 * 3_600).0, Bucket::Hour1);
        assert_eq!(pick(3 * 86_400).0, Bucket::Hour6);
        assert_eq!(pick(14 * 86_400).0, Bucket::Day);
        assert_eq!(pick(10 * 7 * 86_400).0, Bucket::Week);
        assert_eq!(pick(365 * 86_400).0, Bucket::Month);
        assert_eq!(pick(5 * 365 * 86_400).0, Bucket::Year);
        for span in [600, 7_200, 86_400, 20 * 86_400, 100 * 86_400] {
            let (_, n) = pick(span);
            assert!((4..=MAX_BARS).contains(&n), "{span}: {n} bars");
        }
    }

    #[test]
    fn local_alignment_plus_eight() {
        // 09:55:45Z is 17:55:45 at +08:00; 1 h buckets start on the local hour.
        let page = vec![ok(T0), ok(T0 + 3 * 3_600)];
        let c = build_chart(&page, |_| 480, 600, 160, &en());
        check(&c);
        assert_eq!(c.bucket, Bucket::Min15);
        assert!(c.bars[0]
            .label
            .starts_with("Nov 26 17:45–18:00: 1 run (1 Succeeded)"));
        assert!(c
            .bars
            .last()
            .unwrap()
            .label
            .starts_with("Nov 26 20:45–21:00"));
        // Days follow local midnight: 20:00Z is already Nov 27 at +08:00.
        let day0 = secs_at(2026, 11, 20, 0, 0);
        let page = vec![ok(day0 + 20 * 3_600), ok(day0 + 14 * 86_400)];
        let c = build_chart(&page, |_| 480, 600, 160, &en());
        assert_eq!(c.bucket, Bucket::Day);
        assert!(c.bars[0].label.starts_with("Nov 21: 1 run"));
        let c = build_chart(&page, utc, 600, 160, &en());
        assert!(c.bars[0].label.starts_with("Nov 20: 1 run"));
    }

    #[test]
    fn local_alignment_minus_five() {
        // 09:55:45Z is 04:55:45 at -05:00.
        let page = vec![ok(T0), ok(T0 + 12 * 3_600)];
        let c = build_chart(&page, |_| -300, 600, 160, &en());
        check(&c);
        assert_eq!(c.bucket, Bucket::Hour1);
        assert_eq!(c.bars.len(), 13);
        assert!(c.bars[0].label.starts_with("Nov 26 04:00–05:00: 1 run"));
        assert_eq!(c.x_ticks[0].label, "04:00");
        // A 1 AM run at -05:00 is still the previous local day.
        let at = secs_at(2026, 11, 26, 1, 0);
        let page = vec![ok(at), ok(at + 14 * 86_400)];
        let c = build_chart(&page, |_| -300, 600, 160, &en());
        assert_eq!(c.bucket, Bucket::Day);
        assert!(c.bars[0].label.starts_with("Nov 25: 1 run"));
    }

    #[test]
    fn offsets_change_within_the_page() {
        // Two runs one UTC hour apart across a DST end (+02:00 -> +01:00)
        // share the local 02:00 hour bucket.
        let t = secs_at(2026, 10, 25, 0, 30);
        let page = vec![ok(t), ok(t + 3_600), ok(t + 20 * 3_600)];
        let c = build_chart(
            &page,
            |x| if x < t + 1_800 { 120 } else { 60 },
            600,
            160,
            &en(),
        );
        check(&c);
        assert_eq!(c.bucket, Bucket::Hour1);
        assert_eq!(c.bars[0].total, 2);
        assert!(c.bars[0].label.starts_with("Oct 25 02:00–03:00: 2 runs"));
    }

    #[test]
    fn week_and_month_buckets_start_on_monday_and_the_first() {
        let t = secs_at(2026, 11, 26, 12, 0); // a Thursday
        let c = build_chart(&[ok(t), ok(t + 70 * 86_400)], utc, 600, 160, &en());
        assert_eq!(c.bucket, Bucket::Week);
        assert!(c.bars[0].label.starts_with("Week of Nov 23: 1 run"));
        let c = build_chart(&[ok(t), ok(t + 300 * 86_400)], utc, 600, 160, &en());
        assert_eq!(c.bucket, Bucket::Month);
        assert!(c.bars[0].label.starts_with("Nov 2026: 1 run"));
        assert_eq!(c.bars.len(), 11);
        assert!(c.bars[2].label.starts_with("Jan 2027: 0 runs"));
    }

    #[test]
    fn stacking_sums_and_stays_in_the_plot() {
        let mut page = Vec::new();
        let statuses = [
            RunStatus::Succeeded,
            RunStatus::Failed,
            RunStatus::Stopped,
            RunStatus::Running,
            RunStatus::PartialSucceeded,
            RunStatus::Paused,
            RunStatus::Other("exploded".into()),
            RunStatus::Unknown,
        ];
        for i in 0..100i64 {
            let s = statuses[(i * 5 % 8) as usize].clone();
            page.push(run(T0 + (i % 13) * 3_000 + i, s, Some(i as f64 / 7.0)));
        }
        for (w, h) in [(600, 160), (300, 90), (120, 40), (40, 23), (0, 0), (-5, -5)] {
            let c = build_chart(&page, |_| 330, w, h, &en());
            check(&c);
            assert_eq!(c.bars.iter().map(|b| b.total).sum::<u32>(), 100);
            let max = c.bars.iter().map(|b| b.total).max().unwrap();
            assert_eq!(c.y_max, nice_ceil(max));
            assert!(c.y_max >= max);
        }
        let c = build_chart(&page, |_| 330, 600, 160, &en());
        // Bottom-up in the fixed order; unknown statuses are one "Other" group.
        let order: Vec<usize> = c.bars[0]
            .segments
            .iter()
            .map(|s| group_of(&s.status))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(c.totals.len(), 7);
        assert_eq!(group_label(&c.totals[6].0, Locale::en), "Other");
        assert_eq!(c.totals[6].0.css_class(), "other");
        assert_eq!(c.totals.iter().map(|t| t.1).sum::<u32>(), 100);
        assert_eq!(
            c.y_ticks[0],
            Tick {
                pos: c.plot.y + c.plot.height,
                label: "0".into()
            }
        );
        assert_eq!(c.y_ticks[1].pos, c.plot.y);
        assert_eq!(c.y_ticks[1].label, c.y_max.to_string());
        assert!(c.x_ticks.len() <= MAX_X_TICKS && !c.x_ticks.is_empty());
        // The tallest bar reaches the top only when its total is round.
        let tallest = c.bars.iter().max_by_key(|b| b.total).unwrap();
        assert!(tallest.segments.last().unwrap().y >= c.plot.y);
    }

    #[test]
    fn a_page_with_one_run() {
        let c = build_chart(
            &[run(T0, RunStatus::Failed, Some(0.25))],
            utc,
            600,
            160,
            &en(),
        );
        check(&c);
        assert!(!c.empty);
        assert_eq!(c.bars.len(), 1);
        assert_eq!(c.y_max, 1);
        let b = &c.bars[0];
        assert_eq!(b.width, MAX_BAR_WIDTH);
        assert_eq!(b.x + b.width / 2, c.plot.x + c.plot.width / 2);
        assert_eq!(b.segments.len(), 1);
        assert_eq!(b.segments[0].y, c.plot.y);
        assert_eq!(b.segments[0].height, c.plot.height);
        assert_eq!(b.label, "Nov 26 09:55–09:56: 1 run (1 Failed)");
        assert_eq!(
            c.x_ticks,
            vec![Tick {
                pos: b.x + b.width / 2,
                label: "09:55".into()
            }]
        );
        assert_eq!(c.totals, vec![(RunStatus::Failed, 1)]);
        let s = c.spread.unwrap();
        assert_eq!(
            (s.min, s.p50, s.p90, s.max, s.count),
            (0.25, 0.25, 0.25, 0.25, 1)
        );
        let g = spread_geometry(&s, 200);
        assert_eq!((g.min_x, g.p50_x, g.p90_x, g.max_x), (100, 100, 100, 100));
    }

    #[test]
    fn rows_without_run_or_time_are_skipped() {
        let page = decode_log_page(
            r#"{"data":[{"id":"a","workflow_run":null,"created_at":1795686945},
            {"id":"b","workflow_run":{"id":"r","status":"succeeded"},"created_at":null},
            {"id":"c","workflow_run":{"id":"r","status":"succeeded","created_at":1795686000}},
            {"id":"d","workflow_run":{"id":"r","status":"failed"},"created_at":-5},
            {"id":"e","workflow_run":{"id":"r","status":"failed"},"created_at":9223372036854775807}]}"#,
        )
        .unwrap();
        let c = build_chart(&page.data, utc, 600, 160, &en());
        check(&c);
        assert_eq!(c.skipped, 4);
        assert_eq!(c.totals, vec![(RunStatus::Succeeded, 1)]);
        let c = build_chart(&page.data[..2], utc, 600, 160, &en());
        assert!(c.empty && c.bars.is_empty() && c.spread.is_none());
        assert_eq!(c.skipped, 2);
        assert!(build_chart(&[], utc, 600, 160, &en()).empty);
    }

    #[test]
    fn ticks_are_spaced_and_labelled() {
        let day = secs_at(2026, 11, 26, 0, 0);
        let page: Vec<_> = (0..24).map(|h| ok(day + h * 3_600)).collect();
        let c = build_chart(&page, utc, 600, 160, &en());
        assert_eq!(c.bucket, Bucket::Hour1);
        assert_eq!(c.x_ticks[0].label, "Nov 26");
        assert_eq!(c.x_ticks[1].label, "04:00");
        assert!(c
            .x_ticks
            .windows(2)
            .all(|w| w[1].pos - w[0].pos >= MIN_TICK_SPACING));
        // A narrow chart gets fewer labels.
        let narrow = build_chart(&page, utc, 200, 100, &en());
        assert!(narrow.x_ticks.len() < c.x_ticks.len());
        assert!(narrow
            .x_ticks
            .windows(2)
            .all(|w| w[1].pos - w[0].pos >= MIN_TICK_SPACING));
    }

    #[test]
    fn nice_rounding() {
        let got: Vec<u32> = [0, 1, 2, 3, 5, 6, 10, 11, 21, 51, 100, 101]
            .map(nice_ceil)
            .into();
        assert_eq!(got, [1, 1, 2, 5, 5, 10, 10, 20, 50, 100, 100, 200]);
        assert_eq!(nice_ceil(u32::MAX), u32::MAX);
        assert_eq!(nice_ceil(1_500_000_000), 2_000_000_000);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let page: Vec<_> = (1..=10)
            .map(|i| run(T0 + i, RunStatus::Succeeded, Some(i as f64)))
            .collect();
        let s = spread(&page).unwrap();
        assert_eq!(
            (s.min, s.p50, s.p90, s.max, s.count),
            (1.0, 5.0, 9.0, 10.0, 10)
        );
        let four: Vec<_> = [4.0, 1.0, 3.0, 2.0]
            .into_iter()
            .map(|t| run(T0, RunStatus::Failed, Some(t)))
            .collect();
        let s = spread(&four).unwrap();
        assert_eq!((s.p50, s.p90), (2.0, 4.0));
        // Running and paused runs, missing or bad times are left out.
        let mixed = vec![
            run(T0, RunStatus::Running, Some(100.0)),
            run(T0, RunStatus::Paused, Some(100.0)),
            run(T0, RunStatus::Stopped, None),
            run(T0, RunStatus::Stopped, Some(-1.0)),
            run(T0, RunStatus::Stopped, Some(f64::NAN)),
            run(T0, RunStatus::PartialSucceeded, Some(0.5)),
        ];
        let s = spread(&mixed).unwrap();
        assert_eq!((s.min, s.max, s.count), (0.5, 0.5, 1));
        assert!(spread(&mixed[..3]).is_none());
    }

    #[test]
    fn log_scale_geometry_is_monotonic() {
        let s = Spread {
            min: 0.045,
            p50: 1.25,
            p90: 3.1,
            max: 125.0,
            count: 12,
        };
        let g = spread_geometry(&s, 300);
        assert_eq!((g.min_x, g.max_x), (0, 300));
        assert!(g.min_x <= g.p50_x && g.p50_x <= g.p90_x && g.p90_x <= g.max_x);
        // Log, not linear: the median of 1.25 s sits past the middle third.
        assert!(g.p50_x > 100, "{g:?}");
        // Zero run times are drawn at 1 ms instead of -infinity.
        let z = Spread {
            min: 0.0,
            p50: 0.0,
            p90: 0.01,
            max: 10.0,
            count: 3,
        };
        let g = spread_geometry(&z, 100);
        assert_eq!((g.min_x, g.p50_x, g.max_x), (0, 0, 100));
        assert_eq!(g.p90_x, 25);
        for w in [0, 1, 7, 1000] {
            let g = spread_geometry(&s, w);
            assert!(0 <= g.min_x && g.min_x <= g.p50_x && g.p50_x <= g.p90_x);
            assert!(g.p90_x <= g.max_x && g.max_x <= w);
        }
        let l = spread_labels(&s, &en());
        assert_eq!(
            l.summary,
            "12 finished runs: min 45 ms · median 1.25 s · p90 3.10 s · max 2 min 05 s"
        );
        assert_eq!(l.p50, "1.25 s");
    }

    #[test]
    fn only_dify_filterable_statuses_are_clickable() {
        assert_eq!(
            filter_for(&RunStatus::Succeeded),
            Some(StatusFilter::Succeeded)
        );
        assert_eq!(filter_for(&RunStatus::Failed), Some(StatusFilter::Failed));
        assert_eq!(filter_for(&RunStatus::Stopped), Some(StatusFilter::Stopped));
        for s in [
            RunStatus::Running,
            RunStatus::PartialSucceeded,
            RunStatus::Paused,
            RunStatus::Unknown,
            other_status(),
        ] {
            assert_eq!(filter_for(&s), None);
        }
    }
}
