//! The bars' geometry: the plot inside its margins, bars side by side in
//! their slots, and each bar a stack of status segments whose heights add
//! up exactly. Every coordinate is an integer pixel.

use crate::api::model::RunStatus;
use crate::api::query::StatusFilter;
use chrono::NaiveDateTime;

/// Space around the plot for the axis labels, in px: y labels go left of
/// the plot (right-aligned at `plot.x - 4`), x labels below it.
pub const MARGIN_LEFT: i32 = 28;
/// Space above the plot, so the top y label is not cut.
pub const MARGIN_TOP: i32 = 6;
/// Space right of the plot.
pub const MARGIN_RIGHT: i32 = 6;
/// Space below the plot for the x labels.
pub const MARGIN_BOTTOM: i32 = 16;

/// A bar is never wider than this, so one or two buckets do not turn into
/// slabs.
pub const MAX_BAR_WIDTH: i32 = 40;

/// The status groups, bottom of the stack first; also the legend's order.
pub const STATUS_ORDER: [RunStatus; 6] = [
    RunStatus::Succeeded,
    RunStatus::Failed,
    RunStatus::Stopped,
    RunStatus::Running,
    RunStatus::PartialSucceeded,
    RunStatus::Paused,
];

/// How many status groups there are: [`STATUS_ORDER`] and "other".
pub const GROUPS: usize = STATUS_ORDER.len() + 1;

/// A rectangle in SVG pixels (y grows downwards).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl Rect {
    /// The plot of a `width` × `height` chart: inside the margins, at
    /// least 1 px each way.
    pub fn plot(width: i32, height: i32) -> Self {
        Rect {
            x: MARGIN_LEFT.min(width),
            y: MARGIN_TOP.min(height),
            width: (width - MARGIN_LEFT - MARGIN_RIGHT).max(1),
            height: (height - MARGIN_TOP - MARGIN_BOTTOM).max(1),
        }
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
    /// Runs in the bucket (the sum of the segments' counts).
    pub total: u32,
    /// The local wall time where the bucket starts.
    pub start: NaiveDateTime,
}

/// The group for every other status (unknown or new ones): its
/// `css_class()` is "other" and its label "Other".
pub fn other_status() -> RunStatus {
    RunStatus::Other("Other".into())
}

/// Index of a status's group: `STATUS_ORDER`'s index, or 6 for other.
pub fn group_of(s: &RunStatus) -> usize {
    STATUS_ORDER.iter().position(|g| g == s).unwrap_or(6)
}

/// The status a group index stands for.
pub fn group_status(g: usize) -> RunStatus {
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

/// Bar `k` of `n` across `plot`, `counts` runs per status group, on a y
/// axis that ends at `y_max`; `start` is its bucket's start.
pub fn bar(
    plot: Rect,
    k: usize,
    n: usize,
    counts: &[u32; GROUPS],
    y_max: u32,
    start: NaiveDateTime,
) -> Bar {
    let bottom = plot.y + plot.height;
    // Pixel height of a running count: rounding the cumulative sums makes
    // the segments add up exactly to the bar.
    let px = |count: u32| -> i32 {
        let h = i64::from(plot.height);
        ((i64::from(count) * h * 2 + i64::from(y_max)) / (2 * i64::from(y_max))) as i32
    };
    let left = plot.x + (i64::from(plot.width) * k as i64 / n as i64) as i32;
    let right = plot.x + (i64::from(plot.width) * (k as i64 + 1) / n as i64) as i32;
    let slot = right - left;
    let gap = if slot >= 5 { (slot / 5).max(2) } else { 0 };
    // At least 1 px unless the plot is narrower than one px per bar.
    let w = (slot - gap).min(MAX_BAR_WIDTH).max(slot.min(1));
    let mut segments = Vec::new();
    let mut cum = 0u32;
    for (g, &count) in counts.iter().enumerate() {
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
    Bar {
        x: left + (slot - w) / 2,
        width: w,
        segments,
        total: cum,
        start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
