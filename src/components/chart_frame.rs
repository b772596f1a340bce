//! The chart's place, held until the chart is drawn.

use crate::components::chart_plot::{HEIGHT, SPREAD_HEIGHT, WIDTH};
use leptos::prelude::*;

/// The chart's boxes without content, at the drawn chart's size. No text,
/// so no font is looked up before the rows' paint.
#[component]
pub fn ChartFrame() -> impl IntoView {
    view! {
        <div class="dify-logs__chart" aria-hidden="true">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}")></svg>
            <div class="dify-logs__legend"></div>
            <figure class="dify-logs__spread">
                <svg viewBox=format!("0 0 {WIDTH} {SPREAD_HEIGHT}")></svg>
                <figcaption></figcaption>
            </figure>
        </div>
    }
}
