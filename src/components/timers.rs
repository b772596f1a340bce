//! A repeating timer tied to the widget's life.

use crate::dom::effect;
use crate::dom::on_cleanup_local;
use crate::reactive::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// Calls `on_tick` every `every()`; `None` stops it. `every` is tracked, so
/// the timer restarts when the signals it reads change, and it is cleared
/// when the owner is cleaned up.
pub fn use_interval(every: impl Fn() -> Option<Duration> + 'static, on_tick: impl Fn() + 'static) {
    use_interval_boxed(Box::new(every), Rc::new(on_tick));
}

fn use_interval_boxed(every: Box<dyn Fn() -> Option<Duration>>, on_tick: Rc<dyn Fn()>) {
    let timer: Rc<Cell<Option<IntervalHandle>>> = Rc::default();
    let stop = {
        let timer = timer.clone();
        move || {
            if let Some(h) = timer.take() {
                h.clear();
            }
        }
    };
    {
        let stop = stop.clone();
        effect(move || {
            stop();
            if let Some(period) = every() {
                let tick = on_tick.clone();
                timer.set(set_interval_with_handle(move || tick(), period).ok());
            }
        });
    }
    on_cleanup_local(stop);
}

/// At most one pending timeout: starting one clears the previous, and the
/// owner's cleanup clears the last. Used for the keyword debounce and the
/// table's delayed busy state.
#[derive(Clone, Default)]
pub struct PendingTimeout(Rc<Cell<Option<TimeoutHandle>>>);

impl PendingTimeout {
    /// A handle cleared when the current owner is cleaned up.
    pub fn new() -> Self {
        let t = Self::default();
        let c = t.clone();
        on_cleanup_local(move || c.cancel());
        t
    }

    /// Runs `f` after `delay`, replacing any pending call.
    pub fn start(&self, f: impl FnOnce() + 'static, delay: Duration) {
        self.cancel();
        let slot = self.0.clone();
        let h = set_timeout_with_handle(
            move || {
                slot.set(None);
                f();
            },
            delay,
        );
        self.0.set(h.ok());
    }

    /// Clears the pending call, if any.
    pub fn cancel(&self) {
        if let Some(h) = self.0.take() {
            h.clear();
        }
    }

    /// True while a call is waiting.
    pub fn is_pending(&self) -> bool {
        self.0.get().is_some()
    }
}
