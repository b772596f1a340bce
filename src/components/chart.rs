//! The chart above the table. It follows the rows one painted frame later,
//! so it never delays them; until it is first drawn, an empty frame of its
//! size holds its place, so the first rows do not jump down. In a container
//! narrower than [`WIDTH`] it is drawn that wide, so its labels keep their
//! size instead of shrinking with the picture.

use crate::api::model::LogPage;
use crate::components::chart_frame::ChartFrame;
use crate::components::chart_plot::{ChartPlot, HEIGHT, WIDTH};
use crate::components::context::use_widget;
use crate::components::deferred::Deferred;
use crate::components::split::split_fn;
use crate::text::chart::build_chart;
use leptos::prelude::*;
use std::sync::Arc;

/// How long the browser may hold the idle callback back, in ms.
const IDLE_TIMEOUT_MS: u32 = 250;
/// The narrowest chart drawn, in CSS px (a 320 px screen less padding).
const MIN_WIDTH: i32 = 240;

/// The chart of the page on screen.
#[component]
pub fn RunsChart() -> impl IntoView {
    let w = use_widget();
    let shown = w.logs.shown;
    let drawn = RwSignal::new(None::<(Arc<LogPage>, i32)>);
    Effect::new(move |_| {
        shown.track();
        // Reads the page when it runs, so a burst of pages draws the last;
        // measures after the paint, so it forces no layout of its own.
        after_paint(move || {
            let page = shown.try_get_untracked().flatten();
            let _ = drawn.try_set(page.map(|p| (p, chart_width(w.root))));
        });
    });
    move || {
        let Some((page, width)) = drawn.get() else {
            return shown
                .with(|p| p.is_some())
                .then(|| view! { <ChartFrame /> }.into_any());
        };
        let load = move || chart_view(page.clone(), width);
        Some(view! { <Deferred load fallback=|| view! { <ChartFrame /> } /> }.into_any())
    }
}

split_fn!(
    chart,
    preload_chart,
    /// The chart of `page` drawn `width` wide, from the chart chunk; nothing
    /// for a page without runs.
    fn chart_view(page: Arc<LogPage>, width: i32) -> AnyView {
        let w = use_widget();
        let zone = w.state.zone;
        let chart = w.with_fmt(|f| {
            build_chart(
                &page.data,
                move |t| zone.offset_at_unix(t),
                width,
                HEIGHT,
                f,
            )
        });
        if chart.empty {
            ().into_any()
        } else {
            view! { <ChartPlot chart /> }.into_any()
        }
    }
);

/// The width to draw the chart at: the widget's content width in CSS px
/// (the toolbar's, which is always there and spans it), at most [`WIDTH`]
/// (wider boxes scale the drawing up).
fn chart_width(root: NodeRef<leptos::html::Div>) -> i32 {
    let measured = root
        .get_untracked()
        .and_then(|r| r.query_selector(".dify-logs__toolbar").ok().flatten())
        .map(|el| el.client_width())
        .unwrap_or(0);
    if measured <= 0 {
        WIDTH
    } else {
        measured.clamp(MIN_WIDTH, WIDTH)
    }
}

/// Runs `f` after the next frame is painted and after tasks already queued
/// (input, network): an animation frame, then an idle callback, or a zero
/// timeout where the browser has no `requestIdleCallback` (Safari).
fn after_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        let later = wasm_bindgen::closure::Closure::once_into_js(f);
        let Some(w) = web_sys::window() else { return };
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(IDLE_TIMEOUT_MS);
        let callback = wasm_bindgen::JsCast::unchecked_ref(&later);
        if w.request_idle_callback_with_options(callback, &options)
            .is_err()
        {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(callback, 0);
        }
    });
}
