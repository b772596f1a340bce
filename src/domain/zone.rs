//! The time zone times are shown in: the browser's own, or a named IANA
//! zone ("Asia/Tokyo") whose offsets the browser's `Intl` knows, so a
//! dashboard can show its team's zone whatever the viewer's machine says.

use chrono::{NaiveDate, NaiveDateTime};
use std::cell::RefCell;
use std::collections::HashSet;

/// Names whose offset is always 0, known without `Intl`.
const UTC_NAMES: [&str; 3] = ["UTC", "Etc/UTC", "GMT"];

thread_local! {
    /// Every zone name ever accepted, leaked once each: a `Zone` is `Copy`
    /// and lives in signals, and mounting many widgets with the same zone
    /// must not leak a string per widget.
    static NAMES: RefCell<HashSet<&'static str>> = RefCell::new(HashSet::new());
}

/// The one `'static` copy of `name`.
fn intern(name: &str) -> &'static str {
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(known) = names.get(name) {
            return *known;
        }
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        names.insert(leaked);
        leaked
    })
}

/// A time zone: the browser's (the default) or a named IANA one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Zone(Option<&'static str>);

impl Zone {
    /// The browser's zone (chrono's `Local`, read from JavaScript's `Date`).
    pub fn browser() -> Self {
        Self(None)
    }

    /// A named zone ("UTC", "Asia/Tokyo"); `Err` with a message for a name
    /// the browser's `Intl` rejects. Outside a browser only the UTC names
    /// are known.
    pub fn named(name: &str) -> Result<Self, String> {
        let name = name.trim();
        if UTC_NAMES.contains(&name) {
            return Ok(Self(Some(intern(name))));
        }
        #[cfg(target_arch = "wasm32")]
        {
            if js::formatter(name).is_some() {
                return Ok(Self(Some(intern(name))));
            }
            Err(format!(
                "time zone {name:?} is not one this browser knows; use an IANA name such as \"Asia/Tokyo\" or \"UTC\""
            ))
        }
        #[cfg(not(target_arch = "wasm32"))]
        Err(format!(
            "time zone {name:?} cannot be checked: there is no Intl outside a browser"
        ))
    }

    /// The zone's name; `None` for the browser's zone.
    pub fn name(self) -> Option<&'static str> {
        self.0
    }

    /// Minutes east of UTC at a unix instant (0 when it cannot be known).
    pub fn offset_at_unix(self, secs: i64) -> i32 {
        match self.0 {
            None => crate::browser::offset_at_unix(secs),
            Some(n) if UTC_NAMES.contains(&n) => 0,
            #[cfg(target_arch = "wasm32")]
            Some(n) => js::offset_at_unix(n, secs).unwrap_or(0),
            #[cfg(not(target_arch = "wasm32"))]
            Some(_) => 0,
        }
    }

    /// Minutes east of UTC for a wall time in this zone: at a fold the
    /// earlier instant (the larger offset) wins; in a gap, the offset
    /// before the change, as JavaScript's `Date` reads such times.
    pub fn offset_at_local(self, local: NaiveDateTime) -> i32 {
        resolve_local(local, |s| self.offset_at_unix(s))
    }

    /// Minutes east of UTC at an ISO instant (0 when it does not parse).
    pub fn offset_at_instant(self, iso: &str) -> i32 {
        crate::domain::time::parse_instant(iso)
            .map(|s| self.offset_at_unix(s))
            .unwrap_or(0)
    }
}

/// The offset of a wall time, given only the offset at each instant.
/// Offsets are under a day, so the ones in force a day before and a day
/// after the wall time (read as UTC) are the candidates; those that map the
/// wall time back to an instant with that very offset are real. Two real
/// ones are a fold: the larger (the earlier instant) wins. None is a gap:
/// the offset before the change, which reads the wall time as the instant
/// after the gap, as JavaScript's `Date` does.
pub fn resolve_local(local: NaiveDateTime, offset_at_unix: impl Fn(i64) -> i32) -> i32 {
    const DAY: i64 = 86_400;
    let as_utc = local.and_utc().timestamp();
    let before = offset_at_unix(as_utc.saturating_sub(DAY));
    let after = offset_at_unix(as_utc.saturating_add(DAY));
    let real = |o: i32| offset_at_unix(as_utc.saturating_sub(i64::from(o) * 60)) == o;
    match (real(before), real(after)) {
        (true, true) => before.max(after),
        (true, false) => before,
        (false, true) => after,
        (false, false) => before,
    }
}

/// A wall time from `Intl.DateTimeFormat` parts (`type`, `value`) of the
/// `en-US`, h23, all-numeric format. A BC era turns the year into the
/// proleptic one; hour 24 (old engines' midnight) is hour 0.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn wall_from_parts<'a>(
    parts: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<NaiveDateTime> {
    let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (None, None, None, None, None, None);
    let mut bc = false;
    for (kind, value) in parts {
        let n = || value.trim().parse::<i64>().ok();
        match kind {
            "year" => y = n(),
            "month" => mo = n(),
            "day" => d = n(),
            "hour" => h = n(),
            "minute" => mi = n(),
            "second" => s = n(),
            "era" => bc = value.trim_start().starts_with('B'),
            _ => {}
        }
    }
    let mut year = y?;
    if bc {
        year = 1 - year;
    }
    let hour = h? % 24;
    let num = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, num(mo)?, num(d)?)?.and_hms_opt(
        u32::try_from(hour).ok()?,
        num(mi)?,
        num(s)?,
    )
}

/// Named zones through `Intl`: one `DateTimeFormat` per zone, kept.
#[cfg(target_arch = "wasm32")]
mod js {
    use crate::browser::js::{construct, options};
    use js_sys::{Array, Intl::DateTimeFormat, Reflect};
    use std::collections::HashMap;
    use wasm_bindgen::{JsCast, JsValue};

    thread_local! {
        static FORMATS: std::cell::RefCell<HashMap<String, DateTimeFormat>> =
            std::cell::RefCell::new(HashMap::new());
    }

    /// The zone's wall-clock formatter; `None` when `Intl` rejects the name
    /// (a RangeError), so nothing is kept for a bad name.
    pub(super) fn formatter(zone: &str) -> Option<DateTimeFormat> {
        if let Some(f) = FORMATS.with(|m| m.borrow().get(zone).cloned()) {
            return Some(f);
        }
        let n = || JsValue::from_str("numeric");
        let o = options(&[
            ("timeZone", JsValue::from_str(zone)),
            ("hourCycle", JsValue::from_str("h23")),
            ("year", n()),
            ("month", n()),
            ("day", n()),
            ("hour", n()),
            ("minute", n()),
            ("second", n()),
        ]);
        let f: DateTimeFormat = construct("DateTimeFormat", &["en-US"], &o)?
            .dyn_into()
            .ok()?;
        FORMATS.with(|m| m.borrow_mut().insert(zone.to_owned(), f.clone()));
        Some(f)
    }

    /// The offset at an instant: the zone's wall time read as UTC, minus
    /// the instant.
    pub(super) fn offset_at_unix(zone: &str, secs: i64) -> Option<i32> {
        let f = formatter(zone)?;
        let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
        // formatToParts throws only for an invalid Date (beyond ±8.64e15
        // ms), which is checked first.
        if date.get_time().is_nan() {
            return None;
        }
        let parts: Array = f.format_to_parts(&date);
        let field = |p: &JsValue, k: &str| {
            Reflect::get(p, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let pairs: Vec<(String, String)> = parts
            .iter()
            .map(|p| (field(&p, "type"), field(&p, "value")))
            .collect();
        let wall = super::wall_from_parts(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let diff = wall.and_utc().timestamp().checked_sub(secs)?;
        // Truncated like chrono's offsets in browser.rs, so both zones agree
        // on historical offsets with seconds.
        i32::try_from(diff / 60).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        crate::domain::time::tests::wall(y, mo, d, h, mi, 0)
    }

    fn unix(t: NaiveDateTime, offset_minutes: i32) -> i64 {
        t.and_utc().timestamp() - i64::from(offset_minutes) * 60
    }

    /// New York in 2026: EDT (-4 h) from 2026-03-08 07:00 UTC to
    /// 2026-11-01 06:00 UTC, EST (-5 h) otherwise.
    fn new_york(secs: i64) -> i32 {
        let start = unix(at(2026, 3, 8, 2, 0), -300);
        let end = unix(at(2026, 11, 1, 2, 0), -240);
        if (start..end).contains(&secs) {
            -240
        } else {
            -300
        }
    }

    #[test]
    fn resolves_plain_fold_and_gap_wall_times() {
        assert_eq!(resolve_local(at(2026, 1, 15, 12, 0), new_york), -300);
        assert_eq!(resolve_local(at(2026, 7, 15, 12, 0), new_york), -240);
        // 01:30 on 1 November happens twice: the earlier (EDT) wins.
        assert_eq!(resolve_local(at(2026, 11, 1, 1, 30), new_york), -240);
        assert_eq!(resolve_local(at(2026, 11, 1, 2, 0), new_york), -300);
        assert_eq!(resolve_local(at(2026, 11, 1, 0, 59), new_york), -240);
        // 02:30 on 8 March never happens: the offset before the change,
        // so it reads as 03:30 EDT.
        assert_eq!(resolve_local(at(2026, 3, 8, 2, 30), new_york), -300);
        assert_eq!(resolve_local(at(2026, 3, 8, 3, 0), new_york), -240);
        assert_eq!(resolve_local(at(2026, 3, 8, 1, 59), new_york), -300);
    }

    #[test]
    fn resolves_near_the_ends_of_time_without_overflow() {
        let far = NaiveDateTime::MAX;
        assert_eq!(resolve_local(far, |_| 60), 60);
        assert_eq!(resolve_local(NaiveDateTime::MIN, |_| -60), -60);
    }

    #[test]
    fn names_are_interned_once() {
        let a = intern("Test/Interned");
        let b = intern(&String::from("Test/Interned"));
        assert!(std::ptr::eq(a, b));
        let count = || NAMES.with(|n| n.borrow().len());
        let before = count();
        intern("Test/Interned");
        assert_eq!(count(), before);
        assert!(!std::ptr::eq(a, intern("Test/Other")));
    }

    #[test]
    fn utc_is_known_natively_and_other_names_are_not() {
        let z = Zone::named(" UTC ").unwrap();
        assert_eq!(z.name(), Some("UTC"));
        assert_eq!(z, Zone::named("UTC").unwrap());
        assert_eq!(z.offset_at_unix(1_795_686_801), 0);
        assert_eq!(z.offset_at_local(at(2026, 3, 8, 2, 30)), 0);
        assert_eq!(z.offset_at_instant("2026-11-26T09:53:21+08:00"), 0);
        assert_eq!(z.offset_at_instant("junk"), 0);
        for n in ["Etc/UTC", "GMT"] {
            assert_eq!(Zone::named(n).unwrap().offset_at_unix(0), 0);
        }
        let err = Zone::named("Asia/Tokyo").unwrap_err();
        assert!(err.contains("Asia/Tokyo") && err.contains("Intl"), "{err}");
        assert_eq!(Zone::default(), Zone::browser());
        assert_eq!(Zone::browser().name(), None);
    }

    #[test]
    fn wall_times_come_from_intl_parts() {
        let parts = |v: &[(&'static str, &'static str)]| wall_from_parts(v.iter().copied());
        let tokyo = [
            ("month", "11"),
            ("literal", "/"),
            ("day", "26"),
            ("literal", "/"),
            ("year", "2026"),
            ("literal", ", "),
            ("hour", "18"),
            ("literal", ":"),
            ("minute", "53"),
            ("literal", ":"),
            ("second", "21"),
        ];
        assert_eq!(parts(&tokyo), at(2026, 11, 26, 18, 53).with_second(21));
        let midnight = [
            ("year", "2026"),
            ("month", "1"),
            ("day", "5"),
            ("hour", "24"),
            ("minute", "0"),
            ("second", "0"),
        ];
        assert_eq!(parts(&midnight), Some(at(2026, 1, 5, 0, 0)));
        let bc = [
            ("year", "44"),
            ("era", "BC"),
            ("month", "3"),
            ("day", "15"),
            ("hour", "12"),
            ("minute", "0"),
            ("second", "0"),
        ];
        assert_eq!(parts(&bc), Some(at(-43, 3, 15, 12, 0)));
        assert_eq!(parts(&[("year", "2026")]), None);
        assert_eq!(parts(&[("year", "x"), ("month", "1"), ("day", "1")]), None);
    }
}
