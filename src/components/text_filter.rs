//! A text filter (Keyword, Session ID, Account email): applied after a
//! typing pause, at once on Enter or when the field loses focus.

use crate::components::state::FilterState;
use leptos::prelude::*;
use leptos_use_timeout_fn::{use_timeout_fn, UseTimeoutFnReturn};

/// How long typing must pause before a text filter applies, in ms.
pub const DEBOUNCE_MS: f64 = 400.0;

/// One text field bound to the applied filter `applied`.
#[component]
pub fn TextFilter(
    label: &'static str,
    applied: RwSignal<String>,
    state: FilterState,
    input_type: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    let draft = RwSignal::new(applied.get_untracked());
    let apply = move || {
        let v = draft.get_untracked().trim().to_string();
        if v != applied.get_untracked() {
            state.change(|_| applied.set(v));
        }
    };
    let UseTimeoutFnReturn {
        start,
        stop,
        is_pending,
        ..
    } = use_timeout_fn(move |()| apply(), DEBOUNCE_MS);
    let apply_now = move || {
        stop();
        apply();
    };
    // Reflect changes made elsewhere (Reset filters, deep links) unless the
    // user is in the middle of typing.
    Effect::new(move |_| {
        let a = applied.get();
        if !is_pending.get_untracked() && draft.get_untracked().trim() != a {
            draft.set(a);
        }
    });
    view! {
        <label class="dify-logs__field">
            <span class="dify-logs__label">{label}</span>
            <input
                type=input_type
                aria-label=label
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || draft.get()
                on:input=move |ev| {
                    draft.set(event_target_value(&ev));
                    start(());
                }
                on:keydown={
                    let apply_now = apply_now.clone();
                    move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            apply_now();
                        }
                    }
                }
                on:change=move |_| apply_now()
            />
        </label>
    }
}
