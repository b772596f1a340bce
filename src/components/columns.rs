//! The "Columns" menu: show or hide columns, compact rows, relative times.
//! A `<details>` element, so it opens with a click, Enter or Space and
//! needs no focus trap.

use crate::components::context::use_widget;
use crate::components::deferred::Deferred;
use crate::components::pref_toggle::PrefToggle;
use crate::components::split::{prefetch, split_fn};
use crate::domain::prefs::Toggle;
use crate::text::i18n::td_string;
use crate::text::rows::columns;
use leptos::prelude::*;

/// The menu; every change is saved with the preferences. Its body comes
/// from the columns chunk on the first open (fetched on hover or focus).
#[component]
pub fn ColumnsMenu() -> impl IntoView {
    let l = use_widget().locale;
    let wanted = RwSignal::new(false);
    view! {
        <details class="dify-logs__menu">
            <summary class="dify-logs__button" on:click=move |_| wanted.set(true)
                on:pointerenter=move |_| prefetch(preload_columns) on:focus=move |_| prefetch(preload_columns)>{td_string!(l, columns)}</summary>
            <div class="dify-logs__menu-body" role="group" aria-label=td_string!(l, columns)>
                <Show when=move || wanted.get()>
                    <Deferred load=columns_body />
                </Show>
            </div>
        </details>
    }
}

split_fn!(
    columns,
    preload_columns,
    /// The menu's checkboxes, from the columns chunk.
    fn columns_body() -> AnyView {
        let l = use_widget().locale;
        view! {
            {columns(l)
                .into_iter()
                .enumerate()
                .map(|(i, name)| view! { <PrefToggle label=name toggle=Toggle::Column(i) /> })
                .collect_view()}
            <hr />
            <PrefToggle label=td_string!(l, compact_rows) toggle=Toggle::Compact />
            <PrefToggle label=td_string!(l, relative_times) toggle=Toggle::RelativeTime />
        }
        .into_any()
    }
);
