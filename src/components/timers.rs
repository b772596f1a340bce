//! A repeating timer tied to the component's life.

use leptos::prelude::*;
use std::time::Duration;

/// Calls `on_tick` every `every()`; `None` stops it. `every` is tracked, so
/// the timer restarts when the signals it reads change, and it is cleared
/// when the component goes away.
pub fn use_interval(
    every: impl Fn() -> Option<Duration> + 'static,
    on_tick: impl Fn() + Clone + 'static,
) {
    let timer: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);
    let stop = move || {
        if let Some(h) = timer.try_update_value(|t| t.take()).flatten() {
            h.clear();
        }
    };
    Effect::new(move |_| {
        stop();
        if let Some(period) = every() {
            let tick = on_tick.clone();
            timer.try_set_value(set_interval_with_handle(tick, period).ok());
        }
    });
    on_cleanup(stop);
}
