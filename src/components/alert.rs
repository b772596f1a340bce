//! The error banner: Dify's message, code and HTTP status in plain words,
//! with Retry. The rows and filters above and below it stay.

use crate::api::error::ApiError;
use crate::dom::{add, button, el, on, set, text_el};
use std::rc::Rc;
use web_sys::Element;

/// The banner for one failed request.
pub fn error_alert(e: &ApiError, on_retry: Rc<dyn Fn()>) -> Element {
    let alert = el("div", "dify-logs__alert");
    set(&alert, "role", "alert");
    let text = el("div", "dify-logs__alert-text");
    add(
        &text,
        &text_el("strong", "dify-logs__alert-title", e.title()),
    );
    add(
        &text,
        &text_el("span", "dify-logs__alert-detail", &e.detail()),
    );
    add(
        &text,
        &text_el("span", "dify-logs__alert-advice", e.advice()),
    );
    add(&alert, &text);
    let retry = button("dify-logs__button", "Retry");
    on(&retry, "click", move |_| on_retry());
    add(&alert, &retry);
    alert
}
