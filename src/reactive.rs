//! The widget's reactive core: signals, memos, effects, owners, a local
//! resource and browser timers, with the names and behaviour of the Leptos
//! 0.8 parts the widget used (`ArcRwSignal`, `ArcMemo`, `RenderEffect`,
//! `Effect`, `Owner`, `on_cleanup`, `ArcLocalResource`).
//!
//! Why not `reactive_graph` itself: with the crates it pulls in (async
//! locks, hash maps, channels, its arena) it was ~80 KB of the widget's
//! 360 KB of wasm before wasm-opt, and the size budget is 120 KB gzipped
//! for everything (BENCHMARKS.md). The widget runs on one browser thread,
//! so this core is `Rc`/`RefCell` only, about 300 lines.
//!
//! How it works: every signal, memo and effect is a [`Node`]. Reading a
//! signal or memo inside a memo or effect subscribes the reader. Writing a
//! signal marks its readers dirty and everything downstream "to check";
//! effects so marked are queued and run together in one microtask. A memo
//! recomputes only when read and one of its sources really changed, and
//! its readers run again only if its value changed (`PartialEq`).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::{Rc, Weak};
use std::time::Duration;

#[derive(Clone, Copy, PartialEq, PartialOrd, Debug)]
enum State {
    Clean,
    Check,
    Dirty,
}

/// One signal, memo or effect in the graph.
struct Node {
    state: Cell<State>,
    /// What this node read on its last run (memos and effects).
    sources: RefCell<Vec<Rc<Node>>>,
    /// Who read this node.
    observers: RefCell<Vec<Weak<Node>>>,
    /// Recomputes; returns whether the value changed. `None` for signals
    /// and for disposed effects.
    run: RefCell<Option<Box<dyn FnMut() -> bool>>>,
    effect: bool,
    disposed: Cell<bool>,
}

impl Node {
    fn new(state: State, effect: bool, run: Option<Box<dyn FnMut() -> bool>>) -> Rc<Self> {
        Rc::new(Node {
            state: Cell::new(state),
            sources: RefCell::default(),
            observers: RefCell::default(),
            run: RefCell::new(run),
            effect,
            disposed: Cell::new(false),
        })
    }

    /// Live observers; dead ones are dropped on the way.
    fn observers(&self) -> Vec<Rc<Node>> {
        let mut obs = self.observers.borrow_mut();
        obs.retain(|w| w.strong_count() > 0);
        obs.iter().filter_map(Weak::upgrade).collect()
    }
}

thread_local! {
    static OBSERVER: RefCell<Option<Rc<Node>>> = const { RefCell::new(None) };
    static OWNER: RefCell<Option<Owner>> = const { RefCell::new(None) };
    static QUEUE: RefCell<Vec<Rc<Node>>> = const { RefCell::new(Vec::new()) };
    static SCHEDULED: Cell<bool> = const { Cell::new(false) };
}

/// Subscribes the running memo or effect, if any, to `source`.
fn track(source: &Rc<Node>) {
    OBSERVER.with(|o| {
        if let Some(obs) = o.borrow().as_ref() {
            let mut sources = obs.sources.borrow_mut();
            if !sources.iter().any(|s| Rc::ptr_eq(s, source)) {
                sources.push(source.clone());
                let mut observers = source.observers.borrow_mut();
                // Dropped memos leave dead entries; prune as the list doubles.
                if observers.len() >= 16 && observers.len().is_power_of_two() {
                    observers.retain(|w| w.strong_count() > 0);
                }
                observers.push(Rc::downgrade(obs));
            }
        }
    });
}

/// Raises `node` to `state`; the first raise from clean queues an effect
/// and marks everything downstream to check.
fn mark(node: &Rc<Node>, state: State) {
    let was = node.state.get();
    if was >= state {
        return;
    }
    node.state.set(state);
    if was == State::Clean {
        if node.effect {
            QUEUE.with(|q| q.borrow_mut().push(node.clone()));
            schedule();
        }
        for o in node.observers() {
            mark(&o, State::Check);
        }
    }
}

/// Brings `node` up to date: re-runs it if a source really changed.
fn update(node: &Rc<Node>) {
    if node.state.get() == State::Check {
        let sources = node.sources.borrow().clone();
        for s in sources {
            update(&s);
            if node.state.get() == State::Dirty {
                break;
            }
        }
    }
    let dirty = node.state.get() == State::Dirty;
    // Clean before running, so a write during the run marks it again.
    node.state.set(State::Clean);
    if dirty {
        recompute(node);
    }
}

fn recompute(node: &Rc<Node>) {
    let Some(mut run) = node.run.borrow_mut().take() else {
        return;
    };
    unsubscribe(node);
    let prev = OBSERVER.with(|o| o.replace(Some(node.clone())));
    let changed = run();
    OBSERVER.with(|o| *o.borrow_mut() = prev);
    if node.disposed.get() {
        // Disposed by its own run (a slot removing itself): stay stopped.
        unsubscribe(node);
        return;
    }
    *node.run.borrow_mut() = Some(run);
    if changed {
        for o in node.observers() {
            if o.state.get() == State::Check {
                o.state.set(State::Dirty);
            }
        }
    }
}

fn unsubscribe(node: &Rc<Node>) {
    for s in node.sources.take() {
        s.observers
            .borrow_mut()
            .retain(|w| !std::ptr::eq(w.as_ptr(), Rc::as_ptr(node)));
    }
}

/// Stops an effect for good: no more runs, its closure dropped.
fn dispose(node: &Rc<Node>) {
    node.disposed.set(true);
    unsubscribe(node);
    let run = node.run.borrow_mut().take();
    node.state.set(State::Clean);
    drop(run);
}

/// Queues a flush of the pending effects in a microtask.
fn schedule() {
    let already = SCHEDULED.with(|s| s.replace(true));
    #[cfg(target_arch = "wasm32")]
    if !already {
        wasm_bindgen_futures::spawn_local(async { flush() });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = already; // native tests call `flush` themselves
}

/// Runs every queued effect, and those their writes queue, in order.
pub fn flush() {
    SCHEDULED.with(|s| s.set(false));
    let mut i = 0;
    loop {
        let next = QUEUE.with(|q| q.borrow().get(i).cloned());
        let Some(node) = next else { break };
        i += 1;
        update(&node);
    }
    QUEUE.with(|q| q.borrow_mut().clear());
}

// ------------------------------------------------------------------ owners

/// Owns cleanups (listeners, timers, requests) and child owners; cleaning
/// it runs them all. Each effect has one, cleaned before every re-run.
#[derive(Clone, Default)]
pub struct Owner(Rc<OwnerInner>);

#[derive(Default)]
struct OwnerInner {
    cleanups: RefCell<Vec<Box<dyn FnOnce()>>>,
    children: RefCell<Vec<Owner>>,
}

impl Owner {
    /// A new owner, child of the current one if there is one.
    pub fn new() -> Self {
        let o = Owner::default();
        OWNER.with(|cur| {
            if let Some(p) = cur.borrow().as_ref() {
                p.0.children.borrow_mut().push(o.clone());
            }
        });
        o
    }

    /// Runs `f` with this owner current.
    pub fn with<T>(&self, f: impl FnOnce() -> T) -> T {
        let prev = OWNER.with(|o| o.replace(Some(self.clone())));
        let out = f();
        OWNER.with(|o| *o.borrow_mut() = prev);
        out
    }

    /// Cleans the children, then runs this owner's cleanups, newest first.
    pub fn cleanup(&self) {
        for c in self.0.children.take() {
            c.cleanup();
        }
        let mut cleanups = self.0.cleanups.take();
        while let Some(f) = cleanups.pop() {
            f();
        }
    }
}

/// Runs `f` when the current owner is cleaned up.
pub fn on_cleanup(f: impl FnOnce() + 'static) {
    on_cleanup_boxed(Box::new(f));
}

fn on_cleanup_boxed(f: Box<dyn FnOnce()>) {
    OWNER.with(|o| {
        if let Some(o) = o.borrow().as_ref() {
            o.0.cleanups.borrow_mut().push(f);
        }
    });
}

// ----------------------------------------------------------------- effects

/// Creates an effect owned by the current owner; `now` runs it at once,
/// else in the next flush.
fn new_effect(mut f: Box<dyn FnMut()>, now: bool) {
    let owner = Owner::new();
    let run_owner = owner.clone();
    let node = Node::new(
        State::Dirty,
        true,
        Some(Box::new(move || {
            run_owner.cleanup();
            run_owner.with(&mut f);
            true
        })),
    );
    let held = node.clone();
    on_cleanup_boxed(Box::new(move || {
        dispose(&held);
        owner.cleanup();
    }));
    if now {
        update(&node);
    } else {
        QUEUE.with(|q| q.borrow_mut().push(node));
        schedule();
    }
}

/// Runs `f` now and again whenever what it read changes, until the current
/// owner is cleaned up (Leptos's `RenderEffect`).
pub fn render_effect(f: Box<dyn FnMut()>) {
    new_effect(f, true);
}

/// Like [`render_effect`], but the first run waits for the next flush
/// (Leptos's `Effect`).
pub fn deferred_effect(f: Box<dyn FnMut()>) {
    new_effect(f, false);
}

// ----------------------------------------------------------------- signals

/// A readable, writable value; readers re-run when it is set.
pub struct ArcRwSignal<T> {
    node: Rc<Node>,
    value: Rc<RefCell<T>>,
}

impl<T> Clone for ArcRwSignal<T> {
    fn clone(&self) -> Self {
        Self {
            node: self.node.clone(),
            value: self.value.clone(),
        }
    }
}

impl<T: 'static> ArcRwSignal<T> {
    /// A signal holding `value`; clones share it.
    pub fn new(value: T) -> Self {
        Self {
            node: Node::new(State::Clean, false, None),
            value: Rc::new(RefCell::new(value)),
        }
    }

    /// Reads without subscribing.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.value.borrow().clone()
    }

    /// Reads a clone and subscribes the running memo or effect.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        track(&self.node);
        self.get_untracked()
    }

    /// Reads by reference (no clone) and subscribes.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        track(&self.node);
        f(&self.value.borrow())
    }

    /// Replaces the value; readers run again in the next flush.
    pub fn set(&self, value: T) {
        *self.value.borrow_mut() = value;
        self.notify();
    }

    /// Sets; `None` (the value) is returned for Leptos compatibility.
    pub fn try_set(&self, value: T) -> Option<T> {
        self.set(value);
        None
    }

    /// Changes the value in place; readers run again in the next flush.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        f(&mut self.value.borrow_mut());
        self.notify();
    }

    /// Like `update`, returning what `f` returns (Leptos's signature).
    pub fn try_update<U>(&self, f: impl FnOnce(&mut T) -> U) -> Option<U> {
        let out = f(&mut self.value.borrow_mut());
        self.notify();
        Some(out)
    }

    fn notify(&self) {
        for o in self.node.observers() {
            mark(&o, State::Dirty);
        }
    }
}

/// A derived value, recomputed lazily and only when a source changed;
/// readers re-run only when it is different.
pub struct ArcMemo<T> {
    node: Rc<Node>,
    value: Rc<RefCell<Option<T>>>,
}

impl<T> Clone for ArcMemo<T> {
    fn clone(&self) -> Self {
        Self {
            node: self.node.clone(),
            value: self.value.clone(),
        }
    }
}

impl<T: PartialEq + 'static> ArcMemo<T> {
    /// `f` gets the previous value, if any.
    pub fn new(f: impl Fn(Option<&T>) -> T + 'static) -> Self {
        let value: Rc<RefCell<Option<T>>> = Rc::default();
        let v = value.clone();
        let run = move || {
            let new = f(v.borrow().as_ref());
            let changed = v.borrow().as_ref() != Some(&new);
            if changed {
                *v.borrow_mut() = Some(new);
            }
            changed
        };
        Self {
            node: Node::new(State::Dirty, false, Some(Box::new(run))),
            value,
        }
    }

    /// Reads by reference, recomputing first if needed, and subscribes.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        update(&self.node);
        track(&self.node);
        f(self.value.borrow().as_ref().expect("memo computed"))
    }

    /// Reads a clone and subscribes.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.with(T::clone)
    }

    /// Reads a clone without subscribing.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        update(&self.node);
        self.value.borrow().clone().expect("memo computed")
    }
}

// ---------------------------------------------------------------- resource

/// The latest result of an async `fetcher`, re-run whenever what it read
/// (synchronously) changes; answers of superseded runs are dropped.
pub struct ArcLocalResource<T> {
    value: ArcRwSignal<Option<T>>,
}

impl<T> Clone for ArcLocalResource<T> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone(),
        }
    }
}

impl<T: Clone + 'static> ArcLocalResource<T> {
    /// Starts `fetcher` now, and again whenever what it read changes.
    pub fn new<Fut: Future<Output = T> + 'static>(fetcher: impl Fn() -> Fut + 'static) -> Self {
        let value = ArcRwSignal::new(None);
        let runs = Rc::new(Cell::new(0u64));
        let v = value.clone();
        render_effect(Box::new(move || {
            let fut = fetcher();
            let n = runs.get() + 1;
            runs.set(n);
            let (v, runs) = (v.clone(), runs.clone());
            spawn_local(async move {
                let out = fut.await;
                if runs.get() == n {
                    v.set(Some(out));
                }
            });
        }));
        Self { value }
    }

    /// The latest answer (`None` before the first); tracked.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}

/// Runs a future on the browser's event loop.
pub fn spawn_local(fut: impl Future<Output = ()> + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(fut);
    #[cfg(not(target_arch = "wasm32"))]
    drop(fut);
}

// ------------------------------------------------------------------ timers

/// A pending `setTimeout`.
#[derive(Clone, Copy, Debug)]
pub struct TimeoutHandle(i32);

impl TimeoutHandle {
    /// Cancels the timeout if it has not fired.
    pub fn clear(self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.0);
        }
    }
}

/// A running `setInterval`.
#[derive(Clone, Copy, Debug)]
pub struct IntervalHandle(i32);

impl IntervalHandle {
    /// Stops the interval.
    pub fn clear(self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.0);
        }
    }
}

fn millis(d: Duration) -> i32 {
    d.as_millis().min(i32::MAX as u128) as i32
}

/// Calls `f` once after `delay`.
pub fn set_timeout(f: impl FnOnce() + 'static, delay: Duration) {
    let _ = set_timeout_with_handle(f, delay);
}

/// Calls `f` once after `delay`, unless the handle is cleared first.
pub fn set_timeout_with_handle(
    f: impl FnOnce() + 'static,
    delay: Duration,
) -> Result<TimeoutHandle, wasm_bindgen::JsValue> {
    timeout_boxed(Box::new(f), millis(delay))
}

fn timeout_boxed(f: Box<dyn FnOnce()>, ms: i32) -> Result<TimeoutHandle, wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let w = web_sys::window().ok_or(wasm_bindgen::JsValue::NULL)?;
    w.set_timeout_with_callback_and_timeout_and_arguments_0(js_once(f).unchecked_ref(), ms)
        .map(TimeoutHandle)
}

/// A JS function that calls `f` once. Unlike `Closure::once_into_js`, `f`
/// is freed when the function is garbage-collected even if it never ran
/// (a cleared timeout), so clearing timers leaks nothing.
pub fn js_once(f: impl FnOnce() + 'static) -> wasm_bindgen::JsValue {
    let mut f = Some(f);
    let cb: Box<dyn FnMut()> = Box::new(move || {
        if let Some(f) = f.take() {
            f()
        }
    });
    wasm_bindgen::closure::Closure::wrap(cb).into_js_value()
}

/// Calls `f` every `period` until the handle is cleared.
pub fn set_interval_with_handle(
    f: impl FnMut() + 'static,
    period: Duration,
) -> Result<IntervalHandle, wasm_bindgen::JsValue> {
    interval_boxed(Box::new(f), millis(period))
}

fn interval_boxed(f: Box<dyn FnMut()>, ms: i32) -> Result<IntervalHandle, wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let w = web_sys::window().ok_or(wasm_bindgen::JsValue::NULL)?;
    // Kept alive by the browser for the page's life, as Leptos does.
    let cb = wasm_bindgen::closure::Closure::wrap(f).into_js_value();
    w.set_interval_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms)
        .map(IntervalHandle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counter() -> (Rc<Cell<u32>>, impl Fn() + Clone) {
        let c = Rc::new(Cell::new(0));
        let c2 = c.clone();
        (c, move || c2.set(c2.get() + 1))
    }

    #[test]
    fn effects_rerun_on_change_and_memos_cut_equal_values() {
        let owner = Owner::new();
        let n = ArcRwSignal::new(1);
        let parity = {
            let n = n.clone();
            ArcMemo::new(move |_| n.get() % 2)
        };
        let (runs, bump) = counter();
        let seen = Rc::new(Cell::new(9));
        {
            let (parity, seen) = (parity.clone(), seen.clone());
            owner.with(|| {
                render_effect(Box::new(move || {
                    bump();
                    seen.set(parity.get());
                }))
            });
        }
        assert_eq!((runs.get(), seen.get()), (1, 1), "runs at once");
        n.set(3); // same parity: the memo stops it
        flush();
        assert_eq!(runs.get(), 1);
        n.set(4);
        flush();
        assert_eq!((runs.get(), seen.get()), (2, 0));
        owner.cleanup();
        n.set(5);
        flush();
        assert_eq!(runs.get(), 2, "disposed with its owner");
    }

    #[test]
    fn deferred_effects_wait_for_the_flush_and_batch_writes() {
        let owner = Owner::new();
        let a = ArcRwSignal::new(0);
        let (runs, bump) = counter();
        {
            let a = a.clone();
            owner.with(|| {
                deferred_effect(Box::new(move || {
                    a.get();
                    bump();
                }))
            });
        }
        assert_eq!(runs.get(), 0);
        flush();
        assert_eq!(runs.get(), 1);
        a.set(1);
        a.set(2);
        a.update(|v| *v += 1);
        flush();
        assert_eq!(runs.get(), 2, "three writes, one run");
        assert_eq!(a.get_untracked(), 3);
        owner.cleanup();
    }

    #[test]
    fn nested_effects_and_cleanups_go_with_each_rerun() {
        let owner = Owner::new();
        let outer = ArcRwSignal::new(0);
        let inner = ArcRwSignal::new(0);
        let (inner_runs, bump) = counter();
        let (cleanups, count_cleanup) = counter();
        {
            let (outer, inner) = (outer.clone(), inner.clone());
            owner.with(|| {
                render_effect(Box::new(move || {
                    outer.get();
                    let (inner, bump, count_cleanup) =
                        (inner.clone(), bump.clone(), count_cleanup.clone());
                    on_cleanup(count_cleanup);
                    render_effect(Box::new(move || {
                        inner.get();
                        bump();
                    }));
                }))
            });
        }
        assert_eq!(inner_runs.get(), 1);
        outer.set(1);
        flush();
        assert_eq!((inner_runs.get(), cleanups.get()), (2, 1), "rebuilt once");
        inner.set(1);
        flush();
        assert_eq!(inner_runs.get(), 3, "only the live inner effect runs");
        owner.cleanup();
        assert_eq!(cleanups.get(), 2);
        inner.set(2);
        flush();
        assert_eq!(inner_runs.get(), 3);
    }

    #[test]
    fn an_effect_that_writes_what_it_reads_settles() {
        let owner = Owner::new();
        let a = ArcRwSignal::new(0);
        {
            let a = a.clone();
            owner.with(|| {
                render_effect(Box::new(move || {
                    if a.get() < 5 {
                        a.update(|v| *v += 1);
                    }
                }))
            });
        }
        flush();
        assert_eq!(a.get_untracked(), 5);
        owner.cleanup();
    }

    #[test]
    fn memos_are_lazy_and_see_their_previous_value() {
        let a = ArcRwSignal::new(2);
        let (runs, bump) = counter();
        let m = {
            let a = a.clone();
            ArcMemo::new(move |prev: Option<&i32>| {
                bump();
                a.get() + prev.copied().unwrap_or(0)
            })
        };
        assert_eq!(runs.get(), 0);
        assert_eq!(m.get_untracked(), 2);
        assert_eq!(m.get_untracked(), 2);
        assert_eq!(runs.get(), 1);
        a.set(3);
        assert_eq!(m.get_untracked(), 5);
        assert_eq!(runs.get(), 2);
    }

    #[test]
    fn a_diamond_runs_its_effect_once_per_write() {
        let owner = Owner::new();
        let a = ArcRwSignal::new(1);
        let b = {
            let a = a.clone();
            ArcMemo::new(move |_| a.get() * 2)
        };
        let c = {
            let a = a.clone();
            ArcMemo::new(move |_| a.get() * 3)
        };
        let (runs, bump) = counter();
        let sum = Rc::new(Cell::new(0));
        {
            let sum = sum.clone();
            owner.with(|| {
                render_effect(Box::new(move || {
                    bump();
                    sum.set(b.get() + c.get());
                }))
            });
        }
        a.set(2);
        flush();
        assert_eq!((runs.get(), sum.get()), (2, 10));
        owner.cleanup();
    }
}
