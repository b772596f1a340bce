//! A small SVG chart of the current result page: runs over time stacked by
//! status, and the run-time spread. Drawn from `crate::chart` geometry;
//! colours come from the `--dify-logs-*` properties, so it follows the theme.

use crate::api::model::LogPage;
use crate::api::query::StatusFilter;
use crate::chart::{build_chart, filter_for, spread_geometry, spread_labels, Chart};
use crate::dom::{add, add_text, el, on, set, slot, svg, target_element, text_el};
use crate::reactive::*;
use crate::state::FilterState;
use std::sync::Arc;
use web_sys::{Element, Node};

const WIDTH: i32 = 640;
const HEIGHT: i32 = 110;
const SPREAD_WIDTH: i32 = 600;
const SPREAD_HEIGHT: i32 = 26;

/// The chart above the table; clicking a Succeeded, Failed or Stopped
/// segment filters by that status (Dify filters no others). `parent` gets
/// the chart, rebuilt whenever `page` changes. `page` follows the rows a
/// frame later; until it first arrives, while `rows_shown` is true, an
/// empty frame of the chart's size holds its place, so the rows painted
/// first do not jump down when the chart appears.
pub fn runs_chart(
    parent: &Node,
    page: ArcRwSignal<Option<Arc<LogPage>>>,
    rows_shown: ArcMemo<bool>,
    state: FilterState,
) {
    slot(parent, move || {
        let c = page.with(|p| {
            p.as_ref()
                .map(|p| build_chart(&p.data, crate::browser::offset_at_unix, WIDTH, HEIGHT))
        });
        match c {
            Some(c) if c.empty => None,
            Some(c) => Some(draw(&c, &state).into()),
            None => rows_shown.get().then(|| placeholder().into()),
        }
    });
}

/// The chart's boxes without content: the plot's and the spread's SVGs at
/// their aspect ratios, and the legend and caption at their one-line
/// `min-height`. No text, so no font to look up before the rows' paint.
fn placeholder() -> Element {
    let root = el("div", "dify-logs__chart");
    set(&root, "aria-hidden", "true");
    let plot = svg("svg", "");
    set(&plot, "viewBox", &format!("0 0 {WIDTH} {HEIGHT}"));
    add(&root, &plot);
    add(&root, &el("div", "dify-logs__legend"));
    let fig = el("figure", "dify-logs__spread");
    let spread = svg("svg", "");
    set(&spread, "viewBox", &format!("0 0 {WIDTH} {SPREAD_HEIGHT}"));
    add(&fig, &spread);
    add(&fig, &el("figcaption", ""));
    add(&root, &fig);
    root
}

fn draw(c: &Chart, state: &FilterState) -> Element {
    let plot = c.plot;
    let summary = format!(
        "Runs on this page per {}: {}",
        c.bucket.label(),
        c.totals
            .iter()
            .map(|(s, n)| format!("{n} {}", s.label()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let root = el("div", "dify-logs__chart");
    let svg_el = svg("svg", "");
    attrs(
        &svg_el,
        &[
            ("viewBox", &format!("0 0 {} {}", c.width, c.height)),
            ("role", "img"),
            ("aria-label", &summary),
        ],
    );
    // One listener for every segment: segments carry no closures.
    let state = state.clone();
    on(&svg_el, "click", move |ev| {
        let filter = target_element(&ev)
            .and_then(|el| el.get_attribute("data-filter"))
            .and_then(|v| StatusFilter::parse(&v));
        if let Some(f) = filter {
            state.change(|st| st.status.set(f));
        }
    });
    add(&root, &svg_el);
    let base = (plot.y + plot.height).to_string();
    line(
        &svg_el,
        "dify-logs__axis",
        plot.x,
        plot.x + plot.width,
        &base,
        &base,
    );
    for t in &c.y_ticks {
        tick(&svg_el, plot.x - 4, t.pos + 3, "end", &t.label);
    }
    for bar in &c.bars {
        let g = svg("g", "");
        for s in &bar.segments {
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
            let r = svg("rect", &class);
            attrs(
                &r,
                &[
                    ("x", &bar.x.to_string()),
                    ("y", &s.y.to_string()),
                    ("width", &bar.width.to_string()),
                    ("height", &s.height.to_string()),
                ],
            );
            if let Some(f) = filter {
                set(&r, "data-filter", f.as_str());
            }
            let title = svg("title", "");
            title.set_text_content(Some(&format!(
                "{}: {} {}",
                bar.label,
                s.count,
                s.status.label()
            )));
            add(&r, &title);
            add(&g, &r);
        }
        add(&svg_el, &g);
    }
    for t in &c.x_ticks {
        tick(
            &svg_el,
            t.pos,
            plot.y + plot.height + 12,
            "middle",
            &t.label,
        );
    }
    let legend = el("div", "dify-logs__legend");
    for (s, n) in &c.totals {
        let item = el("span", "dify-logs__legend-item");
        let sw = svg(
            "svg",
            &format!("dify-logs__legend-swatch dify-logs__seg--{}", s.css_class()),
        );
        attrs(
            &sw,
            &[("width", "10"), ("height", "10"), ("aria-hidden", "true")],
        );
        let r = svg("rect", "");
        attrs(&r, &[("width", "10"), ("height", "10")]);
        add(&sw, &r);
        add(&item, &sw);
        add_text(&item, &format!("{} {n}", s.label()));
        add(&legend, &item);
    }
    add(&root, &legend);
    if let Some(sp) = &c.spread {
        let g = spread_geometry(sp, SPREAD_WIDTH);
        let l = spread_labels(sp);
        let off = (WIDTH - SPREAD_WIDTH) / 2;
        let fig = el("figure", "dify-logs__spread");
        let s = svg("svg", "");
        attrs(
            &s,
            &[
                ("viewBox", &format!("0 0 {WIDTH} {SPREAD_HEIGHT}")),
                ("role", "img"),
                ("aria-label", &l.summary),
            ],
        );
        line(
            &s,
            "dify-logs__spread-range",
            off + g.min_x,
            off + g.max_x,
            "9",
            "9",
        );
        let b = svg("rect", "dify-logs__spread-box");
        attrs(
            &b,
            &[
                ("x", &(off + g.p50_x).to_string()),
                ("y", "4"),
                ("width", &(g.p90_x - g.p50_x).max(2).to_string()),
                ("height", "10"),
            ],
        );
        add(&s, &b);
        line(
            &s,
            "dify-logs__spread-mid",
            off + g.p50_x,
            off + g.p50_x,
            "2",
            "16",
        );
        tick(&s, off + g.min_x, 25, "start", &l.min);
        tick(&s, off + g.max_x, 25, "end", &l.max);
        add(&fig, &s);
        add(
            &fig,
            &text_el("figcaption", "", &format!("Run time: {}", l.summary)),
        );
        add(&root, &fig);
    }
    root
}

fn attrs(e: &Element, list: &[(&str, &str)]) {
    for (k, v) in list {
        set(e, k, v);
    }
}

fn line(parent: &Element, class: &str, x1: i32, x2: i32, y1: &str, y2: &str) {
    let l = svg("line", class);
    attrs(
        &l,
        &[
            ("x1", &x1.to_string()),
            ("x2", &x2.to_string()),
            ("y1", y1),
            ("y2", y2),
        ],
    );
    add(parent, &l);
}

fn tick(parent: &Element, x: i32, y: i32, anchor: &str, label: &str) {
    let t = svg("text", "dify-logs__tick");
    attrs(
        &t,
        &[
            ("x", &x.to_string()),
            ("y", &y.to_string()),
            ("text-anchor", anchor),
        ],
    );
    t.set_text_content(Some(label));
    add(parent, &t);
}
