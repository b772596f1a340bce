//! The widget's DOM events for the host page, dispatched on the element it
//! is mounted in and bubbling: `dify-logs:load` after a page is on screen,
//! `dify-logs:error` when an error is shown, `dify-logs:filters` when the
//! filters change, and `dify-logs:select` (cancelable) when a run is
//! opened. Details are plain data; the API key is never in them.

use crate::api::error::ApiError;
use crate::api::query::LogQuery;
use crate::components::logs::Logs;
use crate::text::i18n::Locale;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// A plain object for an event's detail. Built with `Reflect` rather than
/// serde: serializing to JSON text would bring serde_json's writer into the
/// first-rows code for four small objects.
fn object(members: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in members {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn text(s: &str) -> JsValue {
    JsValue::from_str(s)
}

fn text_or_null(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

/// The filters, as the events carry them (`query`, and `filters`' detail).
fn query_members(q: &LogQuery) -> Vec<(&'static str, JsValue)> {
    vec![
        ("keyword", text(q.keyword.trim())),
        ("status", text(q.status.as_str())),
        ("after", text_or_null(q.after.as_deref())),
        ("before", text_or_null(q.before.as_deref())),
        ("sessionId", text(q.session_id.trim())),
        ("account", text(q.account.trim())),
        ("app", text(&q.app)),
    ]
}

/// `dify-logs:select`'s detail.
pub fn select_detail(
    log_id: &str,
    run_id: Option<&str>,
    status: &str,
    app: Option<&str>,
) -> JsValue {
    object(&[
        ("logId", text(log_id)),
        ("runId", text_or_null(run_id)),
        ("status", text(status)),
        ("app", text_or_null(app)),
    ])
}

/// `dify-logs:error`'s detail.
pub fn error_detail(code: &str, message: &str, status: Option<u16>) -> JsValue {
    object(&[
        ("code", text(code)),
        ("message", text(message)),
        ("status", status.map_or(JsValue::NULL, JsValue::from)),
    ])
}

/// Dispatches `name` on `host` with `detail`; false when a listener called
/// `preventDefault()` on a cancelable event.
pub fn dispatch(host: &web_sys::Element, name: &str, detail: &JsValue, cancelable: bool) -> bool {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(cancelable);
    init.set_detail(detail);
    match web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(ev) => host.dispatch_event(&ev).unwrap_or(true),
        Err(_) => true,
    }
}

/// The words of an error for programs: English, whatever the widget shows.
fn api_error_detail(e: &ApiError) -> JsValue {
    let l = Locale::en;
    let message = format!("{} {}", e.title(l), e.detail(l));
    error_detail(&e.code(), message.trim(), e.status())
}

/// Dispatches `load`, `error` and `filters` on `host` as the widget's
/// state changes.
pub fn use_events(logs: Logs, host: web_sys::Element) {
    let (h1, h2, h3) = (host.clone(), host.clone(), host);
    Effect::new(move |_| {
        let (Some(p), Some(key)) = (logs.paging.get(), logs.settled.get()) else {
            return;
        };
        if logs.error.with(Option::is_some) {
            return; // the page on screen is the one already announced
        }
        let detail = object(&[
            ("total", JsValue::from(p.total as f64)),
            ("page", JsValue::from(p.page)),
            ("pageSize", JsValue::from(p.limit)),
            ("query", object(&query_members(&key.0))),
        ]);
        dispatch(&h1, "dify-logs:load", &detail, false);
    });
    Effect::new(move |_| {
        if let Some(e) = logs.error.get() {
            dispatch(&h2, "dify-logs:error", &api_error_detail(&e), false);
        }
    });
    // Not for the filters the widget starts with: only changes.
    Effect::new(move |prev: Option<Option<LogQuery>>| {
        let now = logs.query.with(|q| {
            q.as_ref().ok().map(|q| LogQuery {
                page: 1,
                ..q.clone()
            })
        });
        if let (Some(Some(before)), Some(now)) = (&prev, &now) {
            if before != now {
                let mut members = query_members(now);
                members.push(("pageSize", JsValue::from(now.limit)));
                dispatch(&h3, "dify-logs:filters", &object(&members), false);
            }
        }
        now.or(prev.flatten())
    });
}
