//! One on/off view preference of the Columns menu.

use crate::components::context::use_widget;
use crate::domain::prefs::Toggle;
use leptos::prelude::*;

/// One on/off preference as a labelled checkbox.
#[component]
pub fn PrefToggle(label: &'static str, toggle: Toggle) -> impl IntoView {
    let w = use_widget();
    view! {
        <label class="dify-logs__check">
            <input
                type="checkbox"
                prop:checked=move || w.prefs.with(|p| p.is_on(toggle))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    w.set_prefs.update(|p| p.set(toggle, on));
                }
            />
            {label}
        </label>
    }
}
