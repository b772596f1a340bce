//! The Auto-refresh choice (Off, 5 s, 15 s, 60 s).

use crate::components::context::use_widget;
use crate::components::hooks::use_auto_refresh;
use crate::components::select_field::{choices_of, SelectField};
use crate::domain::refresh::AutoRefresh;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// The select; the refresh itself runs in [`use_auto_refresh`].
#[component]
pub fn AutoRefreshSelect() -> impl IntoView {
    let w = use_widget();
    let l = w.locale;
    let every = use_auto_refresh(w.logs);
    view! {
        <SelectField
            label=td_string!(l, auto_refresh)
            name="refresh"
            inline=true
            choices=choices_of(&AutoRefresh::ALL, AutoRefresh::value, |a| a.label(l))
            selected=Signal::derive(move || every.get().value().to_string())
            on_pick=Callback::new(move |v: String| every.set(AutoRefresh::parse(&v)))
        />
    }
}
