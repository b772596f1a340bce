//! The status badge: a label for every status Dify reports, verbatim text
//! for any it may add later.

use crate::api::model::RunStatus;
use leptos::prelude::*;

/// A coloured badge with the status's label.
#[component]
pub fn StatusBadge(status: RunStatus) -> impl IntoView {
    let class = format!("dify-logs__badge dify-logs__badge--{}", status.css_class());
    view! { <span class=class>{status.label().to_string()}</span> }
}
