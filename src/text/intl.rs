//! Dates, numbers, durations and relative times written in the widget's
//! locale by the browser's `Intl`, so no formatting data ships in the wasm.
//!
//! Outside a browser (unit tests, clippy) there is no `Intl`: [`Fmt`] then
//! writes the fixed English formats of [`crate::text::fixed`], which is also
//! what it does in the browser when an `Intl` constructor throws (an odd
//! tag, a stripped-down engine).

use crate::domain::time::{relative_unit, write_date_time, Span};
use crate::text::fixed::{self, fixed_relative, fixed_span, group_digits};
use crate::text::i18n::Locale;
use chrono::{Datelike, NaiveDateTime};

/// Shapes of wall-clock text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WallStyle {
    /// Date and time to the second: `Nov 26, 2026, 09:02:49`.
    DateTime,
    /// Date and time to the minute (the ends of a custom period).
    DateMinute,
    /// `Nov 26`
    MonthDay,
    /// `Nov 2026`
    MonthYear,
    /// `2026`
    Year,
    /// `14:05`, always 24-hour.
    HourMinute,
}

impl WallStyle {
    /// Every style, in the order of [`Fmt`]'s cache slots (only the
    /// browser build has a cache; native builds test the order).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    const ALL: [WallStyle; 6] = [
        Self::DateTime,
        Self::DateMinute,
        Self::MonthDay,
        Self::MonthYear,
        Self::Year,
        Self::HourMinute,
    ];

    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn slot(self) -> usize {
        self as usize
    }

    /// The fixed format used without `Intl`.
    fn fixed(self, t: NaiveDateTime) -> String {
        match self {
            Self::DateTime => write_date_time(&t, " ", ":", true),
            Self::DateMinute => write_date_time(&t, " ", ":", false),
            Self::MonthDay => fixed::short_day(t.date()),
            Self::MonthYear => format!("{} {}", fixed::month_abbrev(t.date()), t.year()),
            Self::Year => t.year().to_string(),
            Self::HourMinute => fixed::hour_minute(t),
        }
    }
}

/// Formats in one locale: numbers, wall times, relative times and run
/// times. In the browser each `Intl` object is built on first use and kept,
/// because constructing one costs far more than formatting with it.
pub struct Fmt {
    locale: Locale,
    tag: String,
    #[cfg(target_arch = "wasm32")]
    cache: js::Cache,
}

impl Fmt {
    /// Formats for `locale`, with `tag` (a BCP 47 tag such as `en-GB` or
    /// `zh-CN`) handed to `Intl` so a region's conventions are followed.
    pub fn new(locale: Locale, tag: &str) -> Self {
        Self {
            locale,
            tag: tag.trim().to_string(),
            #[cfg(target_arch = "wasm32")]
            cache: js::Cache::default(),
        }
    }

    /// The widget locale these formats are for.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The BCP 47 tag handed to `Intl` (also the widget's `lang`).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// A count with the locale's digit grouping: `1,234`.
    pub fn count(&self, n: u64) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = self
            .cache
            .count(self)
            .and_then(|f| js::call_num(&f, n as f64))
        {
            return s;
        }
        // Counts here are runs and pages, far below i64::MAX; past it the
        // digits are still right, only ungrouped.
        i64::try_from(n)
            .map(group_digits)
            .unwrap_or_else(|_| n.to_string())
    }

    /// A table or panel cell of a count from Dify: `—` when it is missing
    /// or negative.
    pub fn count_cell(&self, v: Option<i64>) -> String {
        v.and_then(|n| u64::try_from(n).ok())
            .map_or_else(|| "—".into(), |n| self.count(n))
    }

    /// A wall time (already in the zone to show: no zone is applied here).
    pub fn wall(&self, t: NaiveDateTime, style: WallStyle) -> String {
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = self
            .cache
            .wall(self, style)
            .and_then(|f| js::call_date(&f, t.and_utc().timestamp_millis() as f64))
        {
            return s;
        }
        style.fixed(t)
    }

    /// How long ago `secs` was at `now` (unix seconds): "3 min. ago",
    /// "yesterday", "now".
    pub fn relative(&self, secs: i64, now: i64) -> String {
        let d = now.saturating_sub(secs);
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = self.cache.relative(self).and_then(|r| {
            let (value, unit) = relative_unit(d);
            // Past times are negative; 0 stays +0 so "now" is chosen.
            js::relative(&r, if value == 0 { 0.0 } else { -(value as f64) }, unit)
        }) {
            return s;
        }
        fixed_relative(relative_unit(d))
    }

    /// A run time in the unit a person reads: `45 ms`, `1.25 sec`,
    /// `2 min 5 sec`, `1 hr 1 min`; `—` for a negative or non-finite one.
    pub fn duration(&self, secs: f64) -> String {
        let Some(span) = Span::of(secs) else {
            return "—".into();
        };
        #[cfg(target_arch = "wasm32")]
        if let Some(s) = self.intl_duration(span) {
            return s;
        }
        fixed_span(span)
    }

    #[cfg(target_arch = "wasm32")]
    fn intl_duration(&self, span: Span) -> Option<String> {
        use js::Unit;
        let one = |unit: Unit, v: f64| js::call_num(&self.cache.unit(self, unit)?, v);
        let two = |a: Unit, x: i64, b: Unit, y: i64| {
            Some(format!("{} {}", one(a, x as f64)?, one(b, y as f64)?))
        };
        match span {
            Span::Millis(ms) => one(Unit::Millis, ms as f64),
            Span::Centis(cs) => one(Unit::SecondsFrac, cs as f64 / 100.0),
            Span::MinSec(m, s) => two(Unit::Minutes, m, Unit::Seconds, s),
            Span::HourMin(h, m) => two(Unit::Hours, h, Unit::Minutes, m),
        }
    }

    /// Tags to try, in order: the page's, then the locale's own (which
    /// `Intl` always accepts) when the page's is malformed.
    #[cfg(target_arch = "wasm32")]
    fn tags(&self) -> [&str; 2] {
        use leptos_i18n::Locale as _;
        [self.tag.as_str(), self.locale.as_str()]
    }
}

/// The browser side: `Intl` objects built through `Reflect`, which catches
/// what a constructor throws (js-sys's own `new` bindings do not).
#[cfg(target_arch = "wasm32")]
pub(crate) mod js {
    use super::{Fmt, WallStyle};
    use crate::browser::js::{construct, options};
    use js_sys::{Function, Object, Reflect};
    use std::cell::OnceCell;
    use wasm_bindgen::{JsCast, JsValue};

    /// The first of `tags` that `new Intl[class]` accepts.
    fn construct_any(class: &str, tags: [&str; 2], options: &Object) -> Option<JsValue> {
        tags.iter().find_map(|t| construct(class, &[t], options))
    }

    fn s(v: &str) -> JsValue {
        JsValue::from_str(v)
    }

    /// The bound `format` function of an `Intl` object: reading the getter
    /// once binds it, so each use is one plain call.
    fn format_fn(obj: &JsValue) -> Option<Function> {
        Reflect::get(obj, &s("format")).ok()?.dyn_into().ok()
    }

    /// `format(n)` of a `NumberFormat`.
    pub(crate) fn call_num(f: &Function, n: f64) -> Option<String> {
        f.call1(&JsValue::UNDEFINED, &JsValue::from_f64(n))
            .ok()?
            .as_string()
    }

    /// `format(new Date(ms))` of a `DateTimeFormat`.
    pub(crate) fn call_date(f: &Function, ms: f64) -> Option<String> {
        let date = js_sys::Date::new(&JsValue::from_f64(ms));
        f.call1(&JsValue::UNDEFINED, &date.into()).ok()?.as_string()
    }

    /// `rtf.format(value, unit)`. Called through `Reflect` because the
    /// js-sys method does not catch, and a RangeError is possible in
    /// principle (an engine without a unit).
    pub(crate) fn relative(rtf: &JsValue, value: f64, unit: &str) -> Option<String> {
        let f: Function = Reflect::get(rtf, &s("format")).ok()?.dyn_into().ok()?;
        f.call2(rtf, &JsValue::from_f64(value), &s(unit))
            .ok()?
            .as_string()
    }

    /// Units of run times, each its own `NumberFormat`.
    #[derive(Clone, Copy)]
    pub(crate) enum Unit {
        Millis,
        /// Seconds with two decimals (`1.25 sec`).
        SecondsFrac,
        Seconds,
        Minutes,
        Hours,
    }

    impl Unit {
        fn options(self) -> Object {
            let (unit, frac) = match self {
                Self::Millis => ("millisecond", 0),
                Self::SecondsFrac => ("second", 2),
                Self::Seconds => ("second", 0),
                Self::Minutes => ("minute", 0),
                Self::Hours => ("hour", 0),
            };
            let frac = JsValue::from_f64(frac as f64);
            options(&[
                ("style", s("unit")),
                ("unit", s(unit)),
                ("unitDisplay", s("short")),
                ("minimumFractionDigits", frac.clone()),
                ("maximumFractionDigits", frac),
            ])
        }
    }

    /// Options of a wall-time style. `timeZone: "UTC"` because the wall
    /// time arrives already shifted to the zone to show; the browser's zone
    /// must not be applied a second time.
    fn wall_options(style: WallStyle) -> Object {
        let mut o = vec![("timeZone", s("UTC"))];
        let date = [
            ("year", s("numeric")),
            ("month", s("short")),
            ("day", s("numeric")),
        ];
        let time = [
            ("hour", s("2-digit")),
            ("minute", s("2-digit")),
            ("hourCycle", s("h23")),
        ];
        match style {
            WallStyle::DateTime => {
                o.extend(date);
                o.extend(time);
                o.push(("second", s("2-digit")));
            }
            WallStyle::DateMinute => {
                o.extend(date);
                o.extend(time);
            }
            WallStyle::MonthDay => o.extend([date[1].clone(), date[2].clone()]),
            WallStyle::MonthYear => o.extend([date[0].clone(), date[1].clone()]),
            WallStyle::Year => o.push(date[0].clone()),
            WallStyle::HourMinute => o.extend(time),
        }
        options(&o)
    }

    /// Lazily built `Intl` objects; `Some(None)` remembers a constructor
    /// that threw, so it is not retried on every cell of a table.
    #[derive(Default)]
    pub(crate) struct Cache {
        walls: [OnceCell<Option<Function>>; WallStyle::ALL.len()],
        count: OnceCell<Option<Function>>,
        relative: OnceCell<Option<JsValue>>,
        units: [OnceCell<Option<Function>>; 5],
    }

    impl Cache {
        pub(crate) fn wall(&self, fmt: &Fmt, style: WallStyle) -> Option<Function> {
            self.walls[style.slot()]
                .get_or_init(|| {
                    format_fn(&construct_any(
                        "DateTimeFormat",
                        fmt.tags(),
                        &wall_options(style),
                    )?)
                })
                .clone()
        }

        pub(crate) fn count(&self, fmt: &Fmt) -> Option<Function> {
            self.count
                .get_or_init(|| {
                    let o = options(&[("maximumFractionDigits", JsValue::from_f64(0.0))]);
                    format_fn(&construct_any("NumberFormat", fmt.tags(), &o)?)
                })
                .clone()
        }

        pub(crate) fn relative(&self, fmt: &Fmt) -> Option<JsValue> {
            self.relative
                .get_or_init(|| {
                    let o = options(&[("numeric", s("auto")), ("style", s("short"))]);
                    construct_any("RelativeTimeFormat", fmt.tags(), &o)
                })
                .clone()
        }

        pub(crate) fn unit(&self, fmt: &Fmt, unit: Unit) -> Option<Function> {
            self.units[unit as usize]
                .get_or_init(|| {
                    format_fn(&construct_any("NumberFormat", fmt.tags(), &unit.options())?)
                })
                .clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::tests::wall as at;

    #[test]
    fn without_intl_the_fixed_formats_are_written() {
        let f = Fmt::new(Locale::zh_Hans, "zh-CN");
        assert_eq!(f.locale(), Locale::zh_Hans);
        let t = at(2026, 11, 26, 9, 2, 49);
        let w = |s| f.wall(t, s);
        assert_eq!(w(WallStyle::DateTime), "2026-11-26 09:02:49");
        assert_eq!(w(WallStyle::DateMinute), "2026-11-26 09:02");
        assert_eq!(w(WallStyle::MonthDay), "Nov 26");
        assert_eq!(w(WallStyle::MonthYear), "Nov 2026");
        assert_eq!(w(WallStyle::Year), "2026");
        assert_eq!(w(WallStyle::HourMinute), "09:02");
        assert_eq!(f.count(1_234), "1,234");
        assert_eq!(f.count(0), "0");
        assert_eq!(f.count(u64::MAX), u64::MAX.to_string());
    }

    #[test]
    fn relative_times_fall_back_and_never_overflow() {
        let f = Fmt::new(Locale::en, "en");
        assert_eq!(f.relative(1_000, 1_180), "3 min ago");
        assert_eq!(f.relative(1_000, 1_010), "just now");
        assert_eq!(f.relative(2_000, 1_000), "just now");
        assert_eq!(f.relative(i64::MIN, i64::MAX), "292471208677 years ago");
        assert_eq!(f.relative(i64::MAX, i64::MIN), "just now");
    }

    #[test]
    fn durations_fall_back_and_reject_nonsense() {
        let f = Fmt::new(Locale::ja, "ja-JP");
        assert_eq!(f.duration(0.045), "45 ms");
        assert_eq!(f.duration(1.25), "1.25 s");
        assert_eq!(f.duration(125.0), "2 min 05 s");
        assert_eq!(f.duration(3_700.0), "1 h 01 min");
        for bad in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(f.duration(bad), "—");
        }
    }

    #[test]
    fn styles_have_distinct_slots() {
        for (i, s) in WallStyle::ALL.into_iter().enumerate() {
            assert_eq!(s.slot(), i);
        }
    }
}
