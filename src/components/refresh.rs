//! The Auto-refresh choice (Off, 5 s, 15 s, 60 s).

use crate::components::context::use_widget;
use crate::components::hooks::use_auto_refresh;
use crate::components::select_field::{choices_of, SelectField};
use crate::refresh::AutoRefresh;
use leptos::prelude::*;

/// The select; the refresh itself runs in [`use_auto_refresh`].
#[component]
pub fn AutoRefreshSelect() -> impl IntoView {
    let every = use_auto_refresh(use_widget().logs);
    view! {
        <SelectField
            label="Auto-refresh"
            inline=true
            choices=choices_of(&AutoRefresh::ALL, AutoRefresh::value, AutoRefresh::label)
            selected=Signal::derive(move || every.get().value().to_string())
            on_pick=Callback::new(move |v: String| every.set(AutoRefresh::parse(&v)))
        />
    }
}
