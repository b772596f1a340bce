//! The runs table: a real `<table>`, one row per log, keyed by its id and
//! state so a run that finished since the last refresh is drawn again.

use crate::components::context::use_widget;
use crate::components::detail::preload_detail;
use crate::components::row::RunRow;
use crate::components::split::prefetch;
use crate::text::announce::table_caption;
use crate::text::i18n::td_string;
use crate::text::rows::{columns, row_selector};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const SELECTED: &str = "dify-logs__row--selected";

/// The table, in a focusable region that scrolls sideways when the widget
/// is narrower than the table. Clicking a row, or Enter on a focused row,
/// opens its run: one pair of listeners on the body serves every row. Rows
/// are static; the table marks the selected one and swaps in relative
/// times, so no row subscribes to a signal (a dropped subscriber stays in a
/// signal's list until that signal changes, which grew memory with every
/// page shown).
#[component]
pub fn RunsTable() -> impl IntoView {
    let w = use_widget();
    let logs = w.logs;
    let relative = w.relative_now;
    let rows = Memo::new(move |_| {
        let now = relative.get();
        logs.rows.with(|rs| match now {
            Some(now) => {
                w.with_fmt(|f| rs.iter().cloned().map(|r| r.relative_to(now, f)).collect())
            }
            None => rs.clone(),
        })
    });
    let body = NodeRef::<html::Tbody>::new();
    let selected = w.selected_log();
    Effect::new(move |_| {
        rows.track();
        let (Some(body), id) = (body.get(), selected.get()) else {
            return;
        };
        if let Ok(marked) = body.query_selector_all(&format!("tr.{SELECTED}")) {
            for i in 0..marked.length() {
                if let Some(el) = marked
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.class_list().remove_1(SELECTED);
                }
            }
        }
        let row = id.and_then(|id| body.query_selector(&row_selector(&id)).ok().flatten());
        if let Some(row) = row {
            let _ = row.class_list().add_1(SELECTED);
        }
    });
    let open_from = move |ev: &web_sys::Event| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("tr[data-log-id]").ok().flatten())
            .and_then(|tr| tr.get_attribute("data-log-id"));
        let row = id.and_then(|id| {
            logs.rows
                .with_untracked(|rs| rs.iter().find(|r| r.log_id == id).cloned())
        });
        if let Some(row) = row {
            w.open(row);
        }
    };
    // The detail chunk is fetched on the first hover or focus of a row, not
    // once per pointer move.
    let warmed = StoredValue::new(false);
    let warm_detail = move || {
        if !warmed.get_value() {
            warmed.set_value(true);
            prefetch(preload_detail);
        }
    };
    let busy = move || logs.busy.get();
    // The App column, in the "All apps" view.
    let merged = move || logs.origin.with(|o| o.merged.is_some());
    let l = w.locale;
    let heads = columns(l);
    let state = w.state;
    // The caption names the filters of the rows on screen, not of a request
    // still on its way.
    let caption = Memo::new(move |_| {
        let query = logs.settled.with(|k| k.as_ref().map(|k| k.0.clone()))?;
        Some(state.custom_from.with(|from| {
            state.custom_to.with(|to| {
                let custom = (from.input.as_str(), to.input.as_str());
                w.with_fmt(|f| table_caption(&query, state.period.get(), custom, f))
            })
        }))
    });
    view! {
        <div class="dify-logs__table-wrap" class:dify-logs__table-wrap--busy=busy
            role="region" aria-label=td_string!(l, runs_region) tabindex="0">
            <table class="dify-logs__table" aria-busy=move || if busy() { "true" } else { "false" }>
                <caption class="dify-logs__sr-only">{move || caption.get().unwrap_or_default()}</caption>
                                <thead>
                    <tr>
                        <th scope="col" class="dify-logs__c0">
                            <button
                                type="button"
                                class="dify-logs__th-button"
                                title=td_string!(l, relative_toggle)
                                aria-pressed=move || if relative.get().is_some() { "true" } else { "false" }
                                on:click=move |_| w.set_prefs.update(|p| p.relative_time = !p.relative_time)
                            >
                                {heads[0]}
                            </button>
                        </th>
                        {move || merged().then(|| view! { <th scope="col" class="dify-logs__app">{td_string!(l, col_app)}</th> })}
                        {heads
                            .iter()
                            .enumerate()
                            .skip(1)
                            .map(|(i, c)| view! { <th scope="col" class=format!("dify-logs__c{i}")>{*c}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody
                    node_ref=body
                    on:click=move |ev| open_from(&ev)
                    on:pointerover=move |_| warm_detail()
                    on:focusin=move |_| warm_detail()
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            open_from(&ev);
                        }
                    }
                >
                    // Rebuilt for each new query, diffed in place on
                    // auto-refresh: rebuilding frees the rows' owners, which
                    // their parent otherwise keeps until it is cleaned up.
                    {move || {
                        logs.generation.track();
                        view! {
                            <For each=move || rows.get() key=|r| r.key.clone() let:row>
                                <RunRow row=row locale=l />
                            </For>
                        }
                    }}
                </tbody>
            </table>
        </div>
    }
}
