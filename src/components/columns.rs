//! The "Columns" menu: show or hide columns, compact rows, relative times.
//! A `<details>` element, so it opens with a click, Enter or Space and
//! needs no focus trap.

use crate::components::table::COLUMNS;
use crate::prefs::Prefs;
use leptos::prelude::*;

/// The menu; every change is saved by the owner of `prefs`.
#[component]
pub fn ColumnsMenu(prefs: RwSignal<Prefs>) -> impl IntoView {
    view! {
        <details class="dify-logs__menu">
            <summary class="dify-logs__button">"Columns"</summary>
            <div class="dify-logs__menu-body" role="group" aria-label="Columns">
                {COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        view! {
                            <label class="dify-logs__check">
                                <input
                                    type="checkbox"
                                    prop:checked=move || !prefs.get().hidden[i]
                                    on:change=move |ev| {
                                        let show = event_target_checked(&ev);
                                        prefs.update(|p| p.hidden[i] = !show);
                                    }
                                />
                                {*name}
                            </label>
                        }
                    })
                    .collect_view()}
                <hr />
                <PrefToggle prefs=prefs label="Compact rows" get=|p| p.compact set=|p, on| p.compact = on />
                <PrefToggle
                    prefs=prefs
                    label="Relative times"
                    get=|p| p.relative_time
                    set=|p, on| p.relative_time = on
                />
            </div>
        </details>
    }
}

/// One on/off preference as a labelled checkbox.
#[component]
fn PrefToggle(
    prefs: RwSignal<Prefs>,
    label: &'static str,
    get: fn(&Prefs) -> bool,
    set: fn(&mut Prefs, bool),
) -> impl IntoView {
    view! {
        <label class="dify-logs__check">
            <input
                type="checkbox"
                prop:checked=move || get(&prefs.get())
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    prefs.update(|p| set(p, on));
                }
            />
            {label}
        </label>
    }
}
