//! The chart with its words: the bars' titles, the axis labels, the
//! legend's names and the spread's text, in the widget's language, on the
//! numbers of `domain/chart`. `components::chart_plot` draws it.

use crate::api::model::{LogEntry, RunStatus};
use crate::domain::chart::bars::{other_status, Rect};
use crate::domain::chart::buckets::Bucket;
use crate::domain::chart::spread::Spread;
use crate::domain::chart::{bars, layout};
use crate::text::i18n::{td_string, Locale};
use crate::text::intl::{Fmt, WallStyle};
use crate::text::labels::{join, runs};
use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

/// One bar as drawn: its geometry and its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub x: i32,
    pub width: i32,
    pub segments: Vec<bars::Segment>,
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

/// The spread as text, via [`Fmt::duration`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpreadLabels {
    pub min: String,
    pub p50: String,
    pub p90: String,
    pub max: String,
    /// "12 finished runs: min 45 ms · median 1.25 s · p90 3.10 s · max 2 min 05 s"
    pub summary: String,
}

/// Everything the chart component draws: the layout of `domain/chart`
/// with the words it shows.
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
    /// For the legend: each status group present, in `STATUS_ORDER`.
    pub totals: Vec<(RunStatus, u32)>,
    /// `None` when no run on the page has finished with a run time.
    pub spread: Option<Spread>,
    /// Rows left out: no workflow run, or no (sane) start time.
    pub skipped: usize,
    /// True when nothing could be plotted: show a note instead.
    pub empty: bool,
}

/// Builds the chart of one page in `fmt`'s language: see
/// [`layout`] for `offset_at` and the rows left out.
pub fn build_chart(
    entries: &[LogEntry],
    offset_at: impl Fn(i64) -> i32,
    width: i32,
    height: i32,
    fmt: &Fmt,
) -> Chart {
    let l = layout(entries, offset_at, width, height);
    let x_ticks = l
        .x_ticks
        .iter()
        .map(|&k| Tick {
            pos: l.bars[k].x + l.bars[k].width / 2,
            label: tick_label(l.bucket, l.bars[k].start, fmt),
        })
        .collect();
    let bars: Vec<Bar> = l
        .bars
        .into_iter()
        .map(|b| Bar {
            label: bar_label(l.bucket, &b, fmt),
            x: b.x,
            width: b.width,
            segments: b.segments,
            total: b.total,
        })
        .collect();
    let bottom = l.plot.y + l.plot.height;
    let y_ticks = if l.empty {
        Vec::new()
    } else {
        vec![
            Tick {
                pos: bottom,
                label: "0".into(),
            },
            Tick {
                pos: l.plot.y,
                label: l.y_max.to_string(),
            },
        ]
    };
    Chart {
        width: l.width,
        height: l.height,
        plot: l.plot,
        bucket: l.bucket,
        bars,
        x_ticks,
        y_ticks,
        y_max: l.y_max,
        totals: l.totals,
        spread: l.spread,
        skipped: l.skipped,
        empty: l.empty,
    }
}

impl Bucket {
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
}

/// A status group's name in the legend and the bar labels, in the locale.
pub fn group_label(s: &RunStatus, l: Locale) -> &str {
    if *s == other_status() {
        td_string!(l, run_other)
    } else {
        s.label(l)
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
fn bar_label(bucket: Bucket, bar: &bars::Bar, fmt: &Fmt) -> String {
    let l = fmt.locale();
    let text = td_string!(
        l,
        span_count,
        span = span_label(bucket, bar.start, fmt),
        runs = runs(fmt, u64::from(bar.total))
    );
    let parts: Vec<String> = bar
        .segments
        .iter()
        .map(|s| count_status(fmt, u64::from(s.count), &s.status))
        .collect();
    if parts.is_empty() {
        text
    } else {
        td_string!(l, with_parts, text, parts = join(l, &parts))
    }
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
mod tests;
