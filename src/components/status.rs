//! The status badge: a label for every status Dify reports, verbatim text
//! for any it may add later.

use crate::api::model::RunStatus;
use crate::components::context::use_widget;
use leptos::prelude::*;

/// A coloured badge with the status's label.
#[component]
pub fn StatusBadge(status: RunStatus) -> impl IntoView {
    let class = format!("dify-logs__badge dify-logs__badge--{}", status.css_class());
    let text = status.label(use_widget().locale).to_string();
    view! { <span class=class>{text}</span> }
}
