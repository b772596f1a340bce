//! The chart's tests: layouts of real-shaped pages, checked for their
//! geometry and their words together.

use super::*;
use crate::api::model::decode_log_page;
use crate::domain::chart::bars::{group_of, nice_ceil, MAX_BAR_WIDTH};
use crate::domain::chart::buckets::{MAX_BARS, MAX_X_TICKS, MIN_TICK_SPACING};
use crate::domain::chart::spread::spread_geometry;
use crate::domain::chart::spread::tests::{run, T0};
use chrono::NaiveDate;

fn en() -> Fmt {
    Fmt::new(Locale::en, "en")
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
