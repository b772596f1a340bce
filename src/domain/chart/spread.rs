//! The spread of run times: min, median, p90 and max of the page's
//! finished runs, placed on a log-scale strip.

use crate::api::model::{LogEntry, RunStatus};

/// Run times below a millisecond are drawn at 1 ms (a log scale has no 0).
const SPREAD_FLOOR_SECS: f64 = 0.001;

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::api::model::WorkflowRun;

    /// 2026-11-26T09:55:45Z
    pub(crate) const T0: i64 = 1_795_686_945;

    /// A log entry of a run started at `created_at`.
    pub(crate) fn run(created_at: i64, status: RunStatus, elapsed: Option<f64>) -> LogEntry {
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
}
