//! The chart's drawing: runs over time stacked by status, a legend, and the
//! run-time spread, from `domain::chart` geometry. Colours come from the
//! `--dify-logs-*` properties, so it follows the theme.

use crate::api::query::StatusFilter;
use crate::components::context::use_widget;
use crate::domain::chart::bars::filter_for;
use crate::domain::chart::spread::spread_geometry;
use crate::text::chart::{count_status, group_label, spread_labels, Chart};
use crate::text::i18n::td_string;
use crate::text::labels::join;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The plot's and the spread's widths in SVG units.
pub const WIDTH: i32 = 640;
/// The plot's height in SVG units.
pub const HEIGHT: i32 = 110;
/// The spread's height in SVG units.
pub const SPREAD_HEIGHT: i32 = 26;
/// The spread's margin on each side, in SVG units.
const SPREAD_INSET: i32 = 20;

/// The drawn chart; clicking a Succeeded, Failed or Stopped segment filters
/// by that status (Dify filters no others). From the keyboard those
/// segments are buttons in one Tab stop: the arrow keys move between them,
/// Enter or Space filters.
#[component]
pub fn ChartPlot(chart: Chart) -> impl IntoView {
    let w = use_widget();
    let (state, l) = (w.state, w.locale);
    let c = chart;
    {
        let plot = c.plot;
        let mut first_link = true;
        let bars = c
            .bars
            .iter()
            .map(|bar| {
                let segs = bar
                    .segments
                    .iter()
                    .map(|s| {
                        let filter = filter_for(&s.status);
                        // Only the first link is in the Tab order (a roving tabindex).
                        let tabindex = filter.map(|_| {
                            if std::mem::take(&mut first_link) {
                                "0"
                            } else {
                                "-1"
                            }
                        });
                        let class = format!(
                            "dify-logs__seg dify-logs__seg--{}{}",
                            s.status.css_class(),
                            if filter.is_some() {
                                " dify-logs__seg--link"
                            } else {
                                ""
                            }
                        );
                        let title = w.with_fmt(|f| {
                            let value = count_status(f, u64::from(s.count), &s.status);
                            td_string!(l, caption_pair, label = &bar.label, value)
                        });
                        view! {
                            <rect
                                class=class
                                x=bar.x
                                y=s.y
                                width=bar.width
                                height=s.height
                                data-filter=filter.map(|f| f.as_str())
                                role=filter.map(|_| "button")
                                tabindex=tabindex
                            >
                                // The segment's name, for a screen reader as for a hover.
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
                    <text class="dify-logs__tick" x=t.pos y=plot.y + plot.height + 12 text-anchor="middle" aria-hidden="true">
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
                    <text class="dify-logs__tick" x=plot.x - 4 y=t.pos + 3 text-anchor="end" aria-hidden="true">{t.label.clone()}</text>
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
                        {w.with_fmt(|f| format!("{} {}", group_label(s, l), f.count(u64::from(*n))))}
                    </span>
                }
            })
            .collect_view();
        let width = c.width;
        let spread = c.spread.map(|sp| {
            let g = spread_geometry(&sp, (width - 2 * SPREAD_INSET).max(1));
            let sl = w.with_fmt(|f| spread_labels(&sp, f));
            let off = SPREAD_INSET;
            view! {
                <figure class="dify-logs__spread">
                    <svg viewBox=format!("0 0 {width} {SPREAD_HEIGHT}") role="img" aria-label=sl.summary.clone()>
                        <line class="dify-logs__spread-range" x1=off + g.min_x x2=off + g.max_x y1="9" y2="9" />
                        <rect class="dify-logs__spread-box" x=off + g.p50_x y="4" width=(g.p90_x - g.p50_x).max(2) height="10" />
                        <line class="dify-logs__spread-mid" x1=off + g.p50_x x2=off + g.p50_x y1="2" y2="16" />
                        <text class="dify-logs__tick" x=off + g.min_x y="25" text-anchor="start">{sl.min.clone()}</text>
                        <text class="dify-logs__tick" x=off + g.max_x y="25" text-anchor="end">{sl.max.clone()}</text>
                    </svg>
                    <figcaption>{td_string!(l, run_time_caption, summary = &sl.summary)}</figcaption>
                </figure>
            }
        });
        let counts: Vec<String> = w.with_fmt(|f| {
            c.totals
                .iter()
                .map(|(s, n)| count_status(f, u64::from(*n), s))
                .collect()
        });
        let mut summary = td_string!(
            l,
            chart_summary,
            bucket = c.bucket.label(l),
            counts = join(l, &counts)
        );
        if !first_link {
            summary = td_string!(
                l,
                sentence_join,
                a = summary,
                b = td_string!(l, chart_filter_hint)
            );
        }
        let filter_of = |ev: &web_sys::Event| {
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.get_attribute("data-filter"))
                .and_then(|v| StatusFilter::parse(&v))
        };
        view! {
            <div class="dify-logs__chart">
                // A group, not an image: it holds the segment buttons. Its
                // name is the summary; the tick labels are left to the eye.
                <svg
                    viewBox=format!("0 0 {} {}", c.width, c.height)
                    role="group"
                    aria-label=summary
                    // One listener per event for every segment: segments carry no closures.
                    on:click=move |ev| {
                        if let Some(f) = filter_of(&ev) {
                            state.change(|st| st.status.set(f));
                        }
                    }
                    on:keydown=move |ev| {
                        let Some(f) = filter_of(&ev) else { return };
                        match ev.key().as_str() {
                            "Enter" | " " => {
                                ev.prevent_default();
                                state.change(|st| st.status.set(f));
                                // The segment goes when the chart is redrawn:
                                // focus the Status select, which now shows the filter.
                                focus_in(w.root, "select[name=\"status\"]");
                            }
                            "ArrowRight" | "ArrowDown" => {
                                ev.prevent_default();
                                step_focus(&ev, 1);
                            }
                            "ArrowLeft" | "ArrowUp" => {
                                ev.prevent_default();
                                step_focus(&ev, -1);
                            }
                            "Home" => {
                                ev.prevent_default();
                                step_focus(&ev, i32::MIN);
                            }
                            "End" => {
                                ev.prevent_default();
                                step_focus(&ev, i32::MAX);
                            }
                            _ => {}
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

/// Moves focus from the event's segment `by` segments along the chart
/// (clamped at the ends), carrying the one `tabindex="0"` with it.
fn step_focus(ev: &web_sys::KeyboardEvent, by: i32) {
    let (Some(from), Some(svg)) = (
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
        ev.current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
    ) else {
        return;
    };
    let Ok(links) = svg.query_selector_all("[data-filter]") else {
        return;
    };
    let all: Vec<web_sys::Element> = (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into().ok())
        .collect();
    let Some(at) = all.iter().position(|e| e.is_same_node(Some(&from))) else {
        return;
    };
    let to = (at as i64 + i64::from(by)).clamp(0, all.len() as i64 - 1) as usize;
    if let Ok(next) = all[to].clone().dyn_into::<web_sys::SvgElement>() {
        let _ = from.set_attribute("tabindex", "-1");
        let _ = next.set_attribute("tabindex", "0");
        let _ = next.focus();
    }
}

/// Focuses the first element matching `selector` inside the widget.
fn focus_in(root: NodeRef<leptos::html::Div>, selector: &str) {
    let el = root
        .get_untracked()
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
