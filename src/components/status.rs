//! The status badge: a label for every status Dify reports, verbatim text
//! for any it may add later.

use crate::api::model::RunStatus;
use crate::text::i18n::Locale;
use leptos::prelude::*;

/// A coloured badge with the status's label in `locale` (given, not read
/// from the context: a page draws up to a hundred of them at once).
#[component]
pub fn StatusBadge(status: RunStatus, locale: Locale) -> impl IntoView {
    let class = format!("dify-logs__badge dify-logs__badge--{}", status.css_class());
    let text = status.label(locale).to_string();
    view! { <span class=class>{text}</span> }
}
