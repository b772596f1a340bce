//! The status badge: a label for every status Dify reports, verbatim text
//! for any it may add later.

use crate::api::model::RunStatus;
use crate::dom::text_el;
use web_sys::Element;

/// A coloured badge with the status's label.
pub fn status_badge(status: &RunStatus) -> Element {
    text_el("span", &badge_class(status), status.label())
}

/// The badge's classes; the table writes them into its row HTML.
pub fn badge_class(status: &RunStatus) -> String {
    format!("dify-logs__badge dify-logs__badge--{}", status.css_class())
}
