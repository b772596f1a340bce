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
use serde::Serialize;

/// The filters, as the events carry them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryDetail {
    pub keyword: String,
    pub status: &'static str,
    pub after: Option<String>,
    pub before: Option<String>,
    pub session_id: String,
    pub account: String,
    pub app: String,
}

impl From<&LogQuery> for QueryDetail {
    fn from(q: &LogQuery) -> Self {
        Self {
            keyword: q.keyword.trim().to_string(),
            status: q.status.as_str(),
            after: q.after.clone(),
            before: q.before.clone(),
            session_id: q.session_id.trim().to_string(),
            account: q.account.trim().to_string(),
            app: q.app.clone(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadDetail {
    total: u64,
    page: u32,
    page_size: u32,
    query: QueryDetail,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FiltersDetail {
    #[serde(flatten)]
    query: QueryDetail,
    page_size: u32,
}

#[derive(Serialize)]
struct ErrorDetail {
    code: String,
    message: String,
    status: Option<u16>,
}

/// `dify-logs:select`'s detail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectDetail {
    pub log_id: String,
    pub run_id: Option<String>,
    pub status: String,
    pub app: Option<String>,
}

/// Dispatches `name` on `host` with `detail`; false when a listener called
/// `preventDefault()` on a cancelable event.
pub fn dispatch(
    host: &web_sys::Element,
    name: &str,
    detail: &impl Serialize,
    cancelable: bool,
) -> bool {
    let detail = serde_json::to_string(detail)
        .ok()
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .unwrap_or(wasm_bindgen::JsValue::NULL);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(cancelable);
    init.set_detail(&detail);
    match web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(ev) => host.dispatch_event(&ev).unwrap_or(true),
        Err(_) => true,
    }
}

/// The words of an error for programs: English, whatever the widget shows.
fn error_detail(e: &ApiError) -> ErrorDetail {
    let l = Locale::en;
    ErrorDetail {
        code: e.code(),
        message: format!("{} {}", e.title(l), e.detail(l)).trim().to_string(),
        status: e.status(),
    }
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
        let detail = LoadDetail {
            total: p.total,
            page: p.page,
            page_size: p.limit,
            query: QueryDetail::from(&key.0),
        };
        dispatch(&h1, "dify-logs:load", &detail, false);
    });
    Effect::new(move |_| {
        if let Some(e) = logs.error.get() {
            dispatch(&h2, "dify-logs:error", &error_detail(&e), false);
        }
    });
    // Not for the filters the widget starts with: only changes.
    Effect::new(move |prev: Option<Option<(QueryDetail, u32)>>| {
        let now = logs
            .query
            .with(|q| q.as_ref().ok().map(|q| (QueryDetail::from(q), q.limit)));
        if let (Some(Some(before)), Some(now)) = (&prev, &now) {
            if before != now {
                let detail = FiltersDetail {
                    query: now.0.clone(),
                    page_size: now.1,
                };
                dispatch(&h3, "dify-logs:filters", &detail, false);
            }
        }
        now.or(prev.flatten())
    });
}
