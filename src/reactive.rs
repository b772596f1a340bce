//! The parts of Leptos 0.8 the widget uses, in one place: its reactive
//! system (`reactive_graph`: signals, memos, effects, owners),
//! `LocalResource` (`leptos_server`) and the browser timers (`leptos_dom`).
//! The `leptos` facade crate is not used: it also links server-function
//! stream classes (wasm-streams) that a client-only widget never calls.
//!
//! The widget uses the reference-counted forms (`ArcRwSignal`, `ArcMemo`,
//! `ArcLocalResource`) rather than the arena-backed `Copy` handles: the
//! arena's per-type code was ~10 KB of the gzipped wasm.

pub use any_spawner::Executor;
pub use leptos_dom::helpers::{
    set_interval_with_handle, set_timeout, set_timeout_with_handle, IntervalHandle, TimeoutHandle,
};
pub use leptos_server::ArcLocalResource;
pub use reactive_graph::computed::ArcMemo;
pub use reactive_graph::effect::{Effect, RenderEffect};
pub use reactive_graph::owner::{on_cleanup, Owner};
pub use reactive_graph::prelude::*;
pub use reactive_graph::signal::ArcRwSignal;

/// Runs a future on the browser's event loop.
pub fn spawn_local(fut: impl std::future::Future<Output = ()> + 'static) {
    Executor::spawn_local(fut);
}
