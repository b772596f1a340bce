//! The chart's drawing: runs over time stacked by status, a legend, and the
//! run-time spread, from `crate::chart` geometry. Colours come from the
//! `--dify-logs-*` properties, so it follows the theme.

use crate::api::query::StatusFilter;
use crate::chart::{filter_for, spread_geometry, spread_labels, Chart};
use crate::components::context::use_widget;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The plot's and the spread's widths in SVG units.
pub const WIDTH: i32 = 640;
/// The plot's height in SVG units.
pub const HEIGHT: i32 = 110;
/// The spread's height in SVG units.
pub const SPREAD_HEIGHT: i32 = 26;
const SPREAD_WIDTH: i32 = 600;

/// The drawn chart; clicking a Succeeded, Failed or Stopped segment filters
/// by that status (Dify filters no others).
#[component]
pub fn ChartPlot(chart: Chart) -> impl IntoView {
    let state = use_widget().state;
    let c = chart;
    {
        let plot = c.plot;
        let bars = c
            .bars
            .iter()
            .map(|bar| {
                let segs = bar
                    .segments
                    .iter()
                    .map(|s| {
                        let filter = filter_for(&s.status);
                        let class = format!(
                            "dify-logs__seg dify-logs__seg--{}{}",
                            s.status.css_class(),
                            if filter.is_some() {
                                " dify-logs__seg--link"
                            } else {
                                ""
                            }
                        );
                        let title = format!("{}: {} {}", bar.label, s.count, s.status.label());
                        view! {
                            <rect
                                class=class
                                x=bar.x
                                y=s.y
                                width=bar.width
                                height=s.height
                                data-filter=filter.map(|f| f.as_str())
                            >
                                <title>{title}</title>
                            </rect>
                        }
                    })
                    .collect_view();
                view! { <g>{segs}</g> }
            })
            .collect_view();
        let x_ticks = c
            .x_ticks
            .iter()
            .map(|t| {
                view! {
                    <text class="dify-logs__tick" x=t.pos y=plot.y + plot.height + 12 text-anchor="middle">
                        {t.label.clone()}
                    </text>
                }
            })
            .collect_view();
        let y_ticks = c
            .y_ticks
            .iter()
            .map(|t| {
                view! {
                    <text class="dify-logs__tick" x=plot.x - 4 y=t.pos + 3 text-anchor="end">{t.label.clone()}</text>
                }
            })
            .collect_view();
        let legend = c
            .totals
            .iter()
            .map(|(s, n)| {
                let class = format!("dify-logs__legend-swatch dify-logs__seg--{}", s.css_class());
                view! {
                    <span class="dify-logs__legend-item">
                        <svg class=class width="10" height="10" aria-hidden="true"><rect width="10" height="10" /></svg>
                        {format!("{} {n}", s.label())}
                    </span>
                }
            })
            .collect_view();
        let spread = c.spread.map(|sp| {
            let g = spread_geometry(&sp, SPREAD_WIDTH);
            let l = spread_labels(&sp);
            let off = (WIDTH - SPREAD_WIDTH) / 2;
            view! {
                <figure class="dify-logs__spread">
                    <svg viewBox=format!("0 0 {WIDTH} {SPREAD_HEIGHT}") role="img" aria-label=l.summary.clone()>
                        <line class="dify-logs__spread-range" x1=off + g.min_x x2=off + g.max_x y1="9" y2="9" />
                        <rect class="dify-logs__spread-box" x=off + g.p50_x y="4" width=(g.p90_x - g.p50_x).max(2) height="10" />
                        <line class="dify-logs__spread-mid" x1=off + g.p50_x x2=off + g.p50_x y1="2" y2="16" />
                        <text class="dify-logs__tick" x=off + g.min_x y="25" text-anchor="start">{l.min.clone()}</text>
                        <text class="dify-logs__tick" x=off + g.max_x y="25" text-anchor="end">{l.max.clone()}</text>
                    </svg>
                    <figcaption>{format!("Run time: {}", l.summary)}</figcaption>
                </figure>
            }
        });
        let summary = format!(
            "Runs on this page per {}: {}",
            c.bucket.label(),
            c.totals
                .iter()
                .map(|(s, n)| format!("{n} {}", s.label()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        view! {
            <div class="dify-logs__chart">
                <svg
                    viewBox=format!("0 0 {} {}", c.width, c.height)
                    role="img"
                    aria-label=summary
                    on:click=move |ev| {
                        // One listener for every segment: segments carry no closures.
                        let filter = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|el| el.get_attribute("data-filter"))
                            .and_then(|v| StatusFilter::parse(&v));
                        if let Some(f) = filter {
                            state.change(|st| st.status.set(f));
                        }
                    }
                >
                    <line class="dify-logs__axis" x1=plot.x x2=plot.x + plot.width y1=plot.y + plot.height y2=plot.y + plot.height />
                    {y_ticks}
                    {bars}
                    {x_ticks}
                </svg>
                <div class="dify-logs__legend">{legend}</div>
                {spread}
            </div>
        }
    }
}
