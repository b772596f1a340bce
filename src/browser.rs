//! The few facts only the browser knows: the clock and the local time zone.
//! Native builds (unit tests, clippy) get UTC so the pure modules stay
//! testable without a browser.

use crate::time::Civil;

/// Minutes east of UTC at a unix instant, in the browser's zone.
pub fn offset_at_unix(secs: i64) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
        let off = d.get_timezone_offset();
        if off.is_finite() {
            return -(off as i32);
        }
    }
    let _ = secs;
    0
}

/// Minutes east of UTC at a local wall time (for `datetime-local` values,
/// which carry no zone).
pub fn offset_at_local(local: Civil) -> i32 {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_with_year_month_day_hr_min_sec(
            local.year as u32,
            local.month as i32 - 1,
            local.day as i32,
            local.hour as i32,
            local.minute as i32,
            local.second as i32,
        );
        let off = d.get_timezone_offset();
        if off.is_finite() {
            return -(off as i32);
        }
    }
    let _ = local;
    0
}

/// Offset in force at an ISO instant (0 when it does not parse).
pub fn offset_at_instant(iso: &str) -> i32 {
    crate::time::parse_instant(iso)
        .map(offset_at_unix)
        .unwrap_or(0)
}

/// Now, in seconds since the epoch.
pub fn now_secs() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}
