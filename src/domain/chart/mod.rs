//! The small SVG chart of the current result page, as numbers: runs over
//! time stacked by status, and the spread of run times. Pure: the time
//! zone comes in as `offset_at` (minutes east of UTC at an instant), every
//! coordinate is an integer pixel, and no float is ever formatted (that
//! would cost ~10 KB of wasm). Its words are added in `text/chart.rs`.

pub mod bars;
pub mod buckets;
pub mod spread;

use crate::api::model::{LogEntry, RunStatus};
use crate::domain::time::wall_time;
use bars::{bar, group_of, group_status, nice_ceil, Bar, Rect, GROUPS};
use buckets::{choose_bucket, tick_every, Bucket};
use chrono::NaiveDateTime;
use spread::{spread, Spread};

/// Timestamps outside 1970..=9999 are nonsense from the network: those rows
/// are skipped, so bucket arithmetic never nears chrono's limits.
const MAX_SANE_SECS: i64 = 253_402_300_799;

/// The chart of one page, without words.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The whole SVG, as asked for.
    pub width: i32,
    pub height: i32,
    /// The bars' area inside the margins.
    pub plot: Rect,
    pub bucket: Bucket,
    /// Oldest bucket first (left), including empty buckets in between.
    pub bars: Vec<Bar>,
    /// The bars that get an x label, as indices into `bars`.
    pub x_ticks: Vec<usize>,
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

/// When a row's run started: the log's time, else the run's (as the table
/// shows it), if it is a sane instant.
fn started_at(e: &LogEntry) -> Option<i64> {
    let run = e.workflow_run.as_ref()?;
    e.created_at
        .or(run.created_at)
        .filter(|t| (0..=MAX_SANE_SECS).contains(t))
}

/// Lays out the chart of one page. `offset_at(t)` is the widget's offset
/// (minutes east of UTC) at instant `t`, so buckets follow local days and
/// hours even across a daylight-saving change. Rows without a workflow run
/// or a start time are left out of everything (and counted in `skipped`).
pub fn layout(
    entries: &[LogEntry],
    offset_at: impl Fn(i64) -> i32,
    width: i32,
    height: i32,
) -> Layout {
    let width = width.max(0);
    let height = height.max(0);
    let plot = Rect::plot(width, height);
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
        return Layout {
            width,
            height,
            plot,
            bucket: Bucket::Hour1,
            bars: Vec::new(),
            x_ticks: Vec::new(),
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
    let mut counts = vec![[0u32; GROUPS]; n];
    let mut totals = [0u32; GROUPS];
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
    let bars = counts
        .iter()
        .enumerate()
        .map(|(k, c)| bar(plot, k, n, c, y_max, bucket.start(first_i + k as i64)))
        .collect();
    Layout {
        width,
        height,
        plot,
        bucket,
        bars,
        x_ticks: (0..n).step_by(tick_every(n, plot.width)).collect(),
        y_max,
        totals: (0..GROUPS)
            .filter(|&g| totals[g] > 0)
            .map(|g| (group_status(g), totals[g]))
            .collect(),
        spread: spread(points.iter().map(|p| p.2)),
        skipped,
        empty: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use spread::tests::{run, T0};

    #[test]
    fn a_layout_has_no_words_only_times_and_pixels() {
        let page = [
            run(T0, RunStatus::Failed, Some(0.25)),
            run(T0 + 3_600, RunStatus::Succeeded, None),
        ];
        let l = layout(&page, |_| 0, 600, 160);
        assert!(!l.empty);
        assert_eq!(l.bucket, Bucket::Min5);
        assert_eq!(l.bars.len(), 13);
        assert_eq!(l.bars[0].start, bucket_start(T0, Bucket::Min5));
        assert_eq!(l.x_ticks.first(), Some(&0));
        assert_eq!(l.y_max, 1);
        assert_eq!(
            l.totals,
            [(RunStatus::Succeeded, 1), (RunStatus::Failed, 1)]
        );
        assert_eq!(l.spread.map(|s| s.count), Some(1));
        assert!(layout(&[], |_| 0, 600, 160).empty);
    }

    fn bucket_start(t: i64, b: Bucket) -> NaiveDateTime {
        b.start(b.index(wall_time(t, 0).unwrap()))
    }
}
