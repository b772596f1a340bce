//! Locale formats and named time zones against the real `Intl` of headless
//! Chromium: what the native unit tests of `intl` and `zone` cannot see.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p dify-logs
//! --target wasm32-unknown-unknown --test browser intl::`.
#![cfg(target_arch = "wasm32")]

use chrono::{NaiveDate, NaiveDateTime};
use dify_logs::domain::zone::Zone;
use dify_logs::text::i18n::Locale;
use dify_logs::text::intl::{Fmt, WallStyle};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|d| d.and_hms_opt(h, mi, s))
        .unwrap()
}

/// 2026-11-26 09:02:49, a wall time already in the zone to show.
fn sample() -> NaiveDateTime {
    at(2026, 11, 26, 9, 2, 49)
}

const NOW: i64 = 1_795_686_801;

/// Every format of one locale, logged so the report can quote them.
fn dump(fmt: &Fmt, tag: &str) {
    let t = sample();
    for style in [
        WallStyle::DateTime,
        WallStyle::DateMinute,
        WallStyle::MonthDay,
        WallStyle::MonthYear,
        WallStyle::Year,
        WallStyle::HourMinute,
    ] {
        console_log!("{tag} wall {style:?}: {:?}", fmt.wall(t, style));
    }
    console_log!("{tag} count: {:?}", fmt.count(1_234_567));
    for d in [
        10,
        50,
        180,
        7_200,
        86_400,
        3 * 86_400,
        45 * 86_400,
        800 * 86_400,
    ] {
        console_log!("{tag} relative {d}s: {:?}", fmt.relative(NOW - d, NOW));
    }
    for s in [0.045, 1.25, 125.0, 3_700.0] {
        console_log!("{tag} duration {s}: {:?}", fmt.duration(s));
    }
}

#[wasm_bindgen_test]
fn english() {
    let f = Fmt::new(Locale::en, "en");
    dump(&f, "en");
    assert_eq!(f.locale(), Locale::en);
    assert_eq!(f.count(1_234_567), "1,234,567");
    assert_eq!(
        f.wall(sample(), WallStyle::DateTime),
        "Nov 26, 2026, 09:02:49"
    );
    assert_eq!(
        f.wall(sample(), WallStyle::DateMinute),
        "Nov 26, 2026, 09:02"
    );
    assert_eq!(f.wall(sample(), WallStyle::MonthDay), "Nov 26");
    assert_eq!(f.wall(sample(), WallStyle::MonthYear), "Nov 2026");
    assert_eq!(f.wall(sample(), WallStyle::Year), "2026");
    assert_eq!(f.wall(sample(), WallStyle::HourMinute), "09:02");
    // Midnight is 00, never 24.
    assert_eq!(
        f.wall(at(2026, 1, 5, 0, 7, 0), WallStyle::HourMinute),
        "00:07"
    );
    assert_eq!(f.relative(NOW - 10, NOW), "now");
    assert!(f.relative(NOW - 180, NOW).contains('3'));
    assert!(f.relative(NOW - 180, NOW).contains("ago"));
    assert_eq!(f.relative(NOW - 86_400, NOW), "yesterday");
    assert_eq!(f.duration(0.045), "45 ms");
    assert_eq!(f.duration(1.25), "1.25 sec");
    assert_eq!(f.duration(1.0), "1.00 sec");
    assert_eq!(f.duration(125.0), "2 min 5 sec");
    assert_eq!(f.duration(3_700.0), "1 hr 1 min");
    assert_eq!(f.duration(f64::NAN), "—");
}

#[wasm_bindgen_test]
fn british_english_follows_the_tag() {
    let f = Fmt::new(Locale::en, "en-GB");
    let s = f.wall(sample(), WallStyle::DateTime);
    console_log!("en-GB wall DateTime: {s:?}");
    assert!(s.starts_with("26 Nov 2026"), "{s}");
}

#[wasm_bindgen_test]
fn simplified_chinese() {
    let f = Fmt::new(Locale::zh_Hans, "zh-CN");
    dump(&f, "zh-CN");
    assert_eq!(f.count(1_234_567), "1,234,567");
    let s = f.wall(sample(), WallStyle::DateTime);
    assert!(s.contains("2026年11月26日"), "{s}");
    assert!(s.contains("09:02:49"), "{s}");
    assert_eq!(f.wall(sample(), WallStyle::MonthDay), "11月26日");
    assert_eq!(f.wall(sample(), WallStyle::MonthYear), "2026年11月");
    assert_eq!(f.wall(sample(), WallStyle::Year), "2026年");
    assert_eq!(f.wall(sample(), WallStyle::HourMinute), "09:02");
    assert!(f.relative(NOW - 180, NOW).contains("3分钟前"));
    assert_eq!(f.relative(NOW - 86_400, NOW), "昨天");
    assert!(f.duration(1.25).contains("1.25"));
    assert!(f.duration(1.25).contains('秒'));
}

#[wasm_bindgen_test]
fn japanese() {
    let f = Fmt::new(Locale::ja, "ja-JP");
    dump(&f, "ja-JP");
    assert_eq!(f.count(1_234_567), "1,234,567");
    let s = f.wall(sample(), WallStyle::DateTime);
    assert!(s.contains("2026年11月26日"), "{s}");
    assert!(s.contains(":02:49"), "{s}");
    assert_eq!(f.wall(sample(), WallStyle::MonthYear), "2026年11月");
    let r = f.relative(NOW - 180, NOW);
    assert!(r.contains('3') && r.contains("分前"), "{r}");
    assert_eq!(f.relative(NOW - 86_400, NOW), "昨日");
    assert!(f.duration(1.25).contains("1.25"));
    assert!(f.duration(1.25).contains('秒'));
}

#[wasm_bindgen_test]
fn a_malformed_tag_falls_back_to_the_locale() {
    // "x!" is not a BCP 47 tag: Intl throws, and the locale's own tag is used.
    let f = Fmt::new(Locale::ja, "x!");
    let s = f.wall(sample(), WallStyle::MonthYear);
    console_log!("ja with tag \"x!\": {s:?}");
    assert_eq!(s, "2026年11月");
    assert_eq!(f.count(1_234), "1,234");
}

fn instant(iso: &str) -> i64 {
    dify_logs::domain::time::parse_instant(iso).unwrap()
}

#[wasm_bindgen_test]
fn named_zones_have_their_offsets() {
    let tokyo = Zone::named("Asia/Tokyo").unwrap();
    assert_eq!(tokyo.name(), Some("Asia/Tokyo"));
    assert_eq!(tokyo, Zone::named("Asia/Tokyo").unwrap());
    assert!(std::ptr::eq(
        tokyo.name().unwrap(),
        Zone::named(" Asia/Tokyo").unwrap().name().unwrap()
    ));
    assert_eq!(tokyo.offset_at_unix(NOW), 540);
    assert_eq!(tokyo.offset_at_unix(0), 540);

    let ny = Zone::named("America/New_York").unwrap();
    assert_eq!(ny.offset_at_unix(instant("2026-01-15T12:00:00Z")), -300);
    assert_eq!(ny.offset_at_unix(instant("2026-07-15T12:00:00Z")), -240);
    assert_eq!(ny.offset_at_instant("2026-07-15T12:00:00Z"), -240);
    assert_eq!(ny.offset_at_instant("junk"), 0);
    // The change itself: 07:00 UTC on 8 March 2026.
    assert_eq!(ny.offset_at_unix(instant("2026-03-08T06:59:59Z")), -300);
    assert_eq!(ny.offset_at_unix(instant("2026-03-08T07:00:00Z")), -240);

    let kolkata = Zone::named("Asia/Kolkata").unwrap();
    assert_eq!(kolkata.offset_at_unix(NOW), 330);
    assert_eq!(
        Zone::named("Asia/Kathmandu").unwrap().offset_at_unix(NOW),
        345
    );
    assert_eq!(Zone::named("UTC").unwrap().offset_at_unix(NOW), 0);
    assert_eq!(Zone::named("Etc/GMT+5").unwrap().offset_at_unix(NOW), -300);

    // Far instants: no panic, something sensible or 0.
    let _ = ny.offset_at_unix(i64::MAX);
    let _ = ny.offset_at_unix(i64::MIN);
    let _ = ny.offset_at_unix(-62_200_000_000);
}

#[wasm_bindgen_test]
fn unknown_zones_are_errors() {
    for bad in ["Mars/Base", "", "Asia/Tokio", "not a zone"] {
        let e = Zone::named(bad).unwrap_err();
        console_log!("Zone::named({bad:?}): {e}");
        assert!(e.contains("time zone"), "{e}");
    }
}

#[wasm_bindgen_test]
fn new_york_folds_and_gaps() {
    let ny = Zone::named("America/New_York").unwrap();
    assert_eq!(ny.offset_at_local(at(2026, 1, 15, 12, 0, 0)), -300);
    assert_eq!(ny.offset_at_local(at(2026, 7, 15, 12, 0, 0)), -240);
    // 01:30 on 1 November 2026 happens twice: the earlier, EDT, wins.
    assert_eq!(ny.offset_at_local(at(2026, 11, 1, 1, 30, 0)), -240);
    assert_eq!(ny.offset_at_local(at(2026, 11, 1, 2, 0, 0)), -300);
    // 02:30 on 8 March 2026 never happens: EST, so it is 03:30 EDT.
    assert_eq!(ny.offset_at_local(at(2026, 3, 8, 2, 30, 0)), -300);
    assert_eq!(ny.offset_at_local(at(2026, 3, 8, 3, 0, 0)), -240);
    // Lord Howe moves by half an hour.
    let lh = Zone::named("Australia/Lord_Howe").unwrap();
    assert_eq!(lh.offset_at_local(at(2026, 1, 15, 12, 0, 0)), 660);
    assert_eq!(lh.offset_at_local(at(2026, 7, 15, 12, 0, 0)), 630);
}

#[wasm_bindgen_test]
fn a_zone_and_a_locale_together() {
    let tokyo = Zone::named("Asia/Tokyo").unwrap();
    let t = dify_logs::domain::time::wall_time(NOW, tokyo.offset_at_unix(NOW)).unwrap();
    let en = Fmt::new(Locale::en, "en").wall(t, WallStyle::DateTime);
    let ja = Fmt::new(Locale::ja, "ja-JP").wall(t, WallStyle::DateTime);
    console_log!("NOW in Tokyo: en {en:?}, ja {ja:?}");
    // Intl must not add the browser's zone on top of the wall time.
    assert_eq!(en, "Nov 26, 2026, 18:53:21");
    assert!(ja.contains("18:53:21"), "{ja}");
}

#[wasm_bindgen_test]
fn the_browser_zone_agrees_with_its_name() {
    // Meaningful when the suite runs with TZ=America/New_York; in UTC both
    // sides are simply 0 and -300/-240 is skipped.
    let browser = Zone::browser();
    if browser.offset_at_unix(instant("2026-01-15T12:00:00Z")) != -300 {
        return;
    }
    let ny = Zone::named("America/New_York").unwrap();
    for t in [
        at(2026, 1, 15, 12, 0, 0),
        at(2026, 7, 15, 12, 0, 0),
        at(2026, 11, 1, 1, 30, 0),
        // In the gap both read 02:30 with the offset before the change.
        at(2026, 3, 8, 2, 30, 0),
    ] {
        assert_eq!(browser.offset_at_local(t), ny.offset_at_local(t), "{t}");
    }
    assert_eq!(browser.offset_at_local(at(2026, 3, 8, 2, 30, 0)), -300);
    // Wall formats ignore the browser's zone.
    let f = Fmt::new(Locale::en, "en");
    assert_eq!(
        f.wall(sample(), WallStyle::DateTime),
        "Nov 26, 2026, 09:02:49"
    );
}
