//! The error banner: Dify's message, code and HTTP status in plain words,
//! with Retry. The rows and filters above and below it stay.

use crate::api::error::ApiError;
use crate::dom::{add, button, el, on, set, text_el};
use std::rc::Rc;
use web_sys::Element;

/// The banner for one failed request of the table.
pub fn error_alert(e: &ApiError, on_retry: Rc<dyn Fn()>) -> Element {
    alert_box(e.title(), &e.detail(), Some(e.advice()), Some(on_retry))
}

/// A `role="alert"` box: a title, the detail, optional advice and an
/// optional Retry button.
pub fn alert_box(
    title: &str,
    detail: &str,
    advice: Option<&str>,
    on_retry: Option<Rc<dyn Fn()>>,
) -> Element {
    let alert = el("div", "dify-logs__alert");
    set(&alert, "role", "alert");
    let text = el("div", "dify-logs__alert-text");
    add(&text, &text_el("strong", "dify-logs__alert-title", title));
    add(&text, &text_el("span", "dify-logs__alert-detail", detail));
    if let Some(a) = advice {
        add(&text, &text_el("span", "dify-logs__alert-advice", a));
    }
    add(&alert, &text);
    if let Some(retry) = on_retry {
        let b = button("dify-logs__button", "Retry");
        on(&b, "click", move |_| retry());
        add(&alert, &b);
    }
    alert
}
