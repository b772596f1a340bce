//! Shared by the browser test suites (`components`, `features`,
//! `locale_ui`): real Dify captures, a canned [`Transport`] that
//! records every request, poll helpers and a mounted-widget fixture.
#![allow(dead_code)] // each suite uses only part of this module

use dify_logs::api::client::{LocalFuture, RawResponse, Transport};
use dify_logs::api::error::ApiError;
use dify_logs::domain::options::parse_options_json;
use dify_logs::{mount_with, WidgetHandle};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

// ---------------------------------------------------------------- fixtures

/// Real Dify exchanges (request line, status line, headers, blank line, body).
pub mod captures {
    pub const LOGS_PAGE1: &str = include_str!("../fixtures/dify/01_logs_no_params.txt");
    pub const EMPTY_CJK: &str = include_str!("../fixtures/dify/13_logs_keyword_cjk.txt");
    pub const ACCOUNT_UNKNOWN_400: &str =
        include_str!("../fixtures/dify/26_logs_account_unknown.txt");
    pub const SERVER_ERROR_500: &str =
        include_str!("../fixtures/dify/27_logs_keyword_and_session.txt");
    pub const WRONG_KEY_401: &str = include_str!("../fixtures/dify/29_logs_wrong_key.txt");
    pub const ROOT_404_HTML: &str = include_str!("../fixtures/dify/37_root.txt");
    pub const RUN_DETAIL_OK: &str = include_str!("../fixtures/dify/32_run_detail_succeeded.txt");
    pub const RUN_NOT_FOUND_404: &str =
        include_str!("../fixtures/dify/34_run_detail_nonexistent.txt");
}

/// Status, content type and body of a capture file.
pub fn capture(text: &str) -> RawResponse {
    let (head, body) = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .expect("capture has a blank line before the body");
    let mut lines = head.lines().map(|l| l.trim_end_matches('\r'));
    let request = lines.next().expect("request line");
    assert!(
        request.starts_with("###"),
        "capture starts with the request"
    );
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("HTTP status line");
    let content_type = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    RawResponse {
        status,
        content_type,
        body: body.to_string(),
    }
}

pub fn raw(status: u16, content_type: &str, body: &str) -> RawResponse {
    RawResponse {
        status,
        content_type: content_type.into(),
        body: body.into(),
    }
}

pub fn json_response(v: &Value) -> RawResponse {
    raw(200, "application/json", &v.to_string())
}

/// One log entry shaped like Dify's, with the given status and session.
pub fn entry(id: &str, status: &str, session: &str) -> Value {
    json!({
        "id": id,
        "workflow_run": {
            "id": format!("run-{id}"), "version": "2026-11-26 09:51:52.526910",
            "status": status, "triggered_from": "app-run", "error": null,
            "elapsed_time": 1.5, "total_tokens": 1234, "total_steps": 3,
            "created_at": 1795686944, "finished_at": 1795686950, "exceptions_count": 0
        },
        "details": null,
        "created_from": "service-api",
        "created_by_role": "end_user",
        "created_by_account": null,
        "created_by_end_user": {
            "id": "283fcc56", "type": "service-api", "is_anonymous": false, "session_id": session
        },
        "created_at": 1795686945
    })
}

pub fn page_body(page: u64, limit: u64, total: u64, data: Vec<Value>) -> RawResponse {
    let has_more = page * limit < total;
    json_response(&json!({
        "page": page, "limit": limit, "total": total, "has_more": has_more, "data": data
    }))
}

/// A page for whatever `page`/`limit` the URL asks, out of `total` runs; the
/// rows' session IDs are `{tag}-p{page}-{i}`.
pub fn paged(url: &str, total: u64, tag: &str) -> RawResponse {
    let page: u64 = param(url, "page").and_then(|v| v.parse().ok()).unwrap_or(1);
    let limit: u64 = param(url, "limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let start = (page - 1) * limit;
    let n = total.saturating_sub(start).min(limit);
    let data = (0..n)
        .map(|i| {
            entry(
                &format!("{tag}-{page}-{i}"),
                "succeeded",
                &format!("{tag}-p{page}-{i}"),
            )
        })
        .collect();
    page_body(page, limit, total, data)
}

/// Runs `(log id, created_at)` answered as Dify does: newest first, only
/// those created at or before `created_at__before` (whole seconds here),
/// paged by `page`/`limit`. `session` of each row is its id.
pub fn store_page(url: &str, runs: &[(String, i64)]) -> RawResponse {
    let page: u64 = param(url, "page").and_then(|v| v.parse().ok()).unwrap_or(1);
    let limit: u64 = param(url, "limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let before = param(url, "created_at__before").map(|b| {
        let ms = js_sys::Date::parse(&b);
        assert!(ms.is_finite(), "an ISO instant: {b}");
        (ms / 1000.0) as i64
    });
    let mut hits: Vec<&(String, i64)> = runs
        .iter()
        .filter(|(_, t)| before.is_none_or(|b| *t <= b))
        .collect();
    hits.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
    let data = hits
        .iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|(id, t)| {
            let mut e = entry(id, "succeeded", id);
            e["created_at"] = json!(t);
            e
        })
        .collect();
    page_body(page, limit, hits.len() as u64, data)
}

/// `n` runs `{tag}-{i}`, one every 7 s back from 2026-11-26T10:00:00Z
/// (`{tag}-0` the newest).
pub fn store_runs(tag: &str, n: usize) -> Vec<(String, i64)> {
    (0..n)
        .map(|i| (format!("{tag}-{i}"), 1_795_687_200 - 7 * i as i64))
        .collect()
}

/// A query parameter of a recorded URL, percent-decoded.
pub fn param(url: &str, key: &str) -> Option<String> {
    let (_, q) = url.split_once('?')?;
    q.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| {
            js_sys::decode_uri_component(v)
                .expect("valid percent-encoding")
                .into()
        })
    })
}

// -------------------------------------------------------- canned transport

/// What the fake API answers to one request.
#[derive(Clone)]
pub struct Answer {
    pub result: Result<RawResponse, ApiError>,
    pub delay_ms: u32,
    /// Like `fetch`: when the request's signal is aborted by the end of the
    /// delay, the answer is a network error instead of `result`.
    pub abortable: bool,
}

pub fn ok(r: RawResponse) -> Answer {
    Answer {
        result: Ok(r),
        delay_ms: 0,
        abortable: false,
    }
}

pub fn network_error(msg: &str) -> Answer {
    Answer {
        result: Err(ApiError::Network(msg.into())),
        delay_ms: 0,
        abortable: false,
    }
}

impl Answer {
    pub fn after(mut self, ms: u32) -> Self {
        self.delay_ms = ms;
        self
    }

    /// See [`Answer::abortable`].
    pub fn abortable(mut self) -> Self {
        self.abortable = true;
        self
    }
}

/// One request as the widget sent it.
#[derive(Clone)]
pub struct Sent {
    pub url: String,
    pub authorization: Option<String>,
    pub signal: Option<AbortSignal>,
}

pub type Responder = Rc<dyn Fn(&str) -> Answer>;

/// Records every request and answers it with `responder(url)`.
pub struct FakeApi {
    pub sent: RefCell<Vec<Sent>>,
    pub responder: RefCell<Responder>,
}

impl Transport for FakeApi {
    fn get(
        &self,
        url: String,
        authorization: Option<String>,
        abort: Option<AbortSignal>,
    ) -> LocalFuture<Result<RawResponse, ApiError>> {
        let responder = self.responder.borrow().clone();
        let answer = responder(&url);
        let signal = abort.clone();
        self.sent.borrow_mut().push(Sent {
            url,
            authorization,
            signal: abort,
        });
        Box::pin(async move {
            if answer.delay_ms > 0 {
                sleep(answer.delay_ms).await;
            }
            if answer.abortable && signal.is_some_and(|s| s.aborted()) {
                return Err(ApiError::Network("signal is aborted without reason".into()));
            }
            answer.result
        })
    }
}

// ------------------------------------------------------------ async helpers

/// Waits `ms` milliseconds (a JS `setTimeout` promise).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Polls `cond` every 10 ms; panics with `what` after `timeout_ms`.
pub async fn wait_within(timeout_ms: u32, what: &str, cond: impl Fn() -> bool) {
    let deadline = now_ms() + f64::from(timeout_ms);
    loop {
        if cond() {
            return;
        }
        if now_ms() > deadline {
            panic!("timed out after {timeout_ms} ms waiting for: {what}");
        }
        sleep(10).await;
    }
}

/// [`wait_within`] with a generous default.
pub async fn wait_until(what: &str, cond: impl Fn() -> bool) {
    wait_within(3_000, what, cond).await
}

// --------------------------------------------------------------- DOM helpers

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn text_of(e: &Element) -> String {
    e.text_content().unwrap_or_default().trim().to_string()
}

pub fn fire(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// Picks an option of a select the way a user does (value, then `change`).
pub fn choose(select: &HtmlSelectElement, value: &str) {
    select.set_value(value);
    assert_eq!(select.value(), value, "the select has an option {value:?}");
    fire(select, "change");
}

/// Replaces an input's text and fires `input`, as typing does.
pub fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    fire(input, "input");
}

/// Sets an input's value and fires `change` (blur after typing, date pickers).
pub fn change_to(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    fire(input, "change");
}

pub fn press_enter(input: &HtmlInputElement) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

pub fn new_container() -> HtmlElement {
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

// ------------------------------------------------------------ the fixture

/// A widget mounted into a fresh `<div>` on `document.body`, with a fake API.
/// Dropping it unmounts the widget and removes the div.
pub struct Widget {
    pub root: HtmlElement,
    pub handle: Option<WidgetHandle>,
    pub api: Rc<FakeApi>,
}

impl Widget {
    pub fn mount(options: Value, responder: impl Fn(&str) -> Answer + 'static) -> Self {
        Self::mount_on(new_container(), options, responder)
    }

    /// Mounts into `root` (already on the page, e.g. with an `id`).
    pub fn mount_on(
        root: HtmlElement,
        options: Value,
        responder: impl Fn(&str) -> Answer + 'static,
    ) -> Self {
        let api = Rc::new(FakeApi {
            sent: RefCell::new(Vec::new()),
            responder: RefCell::new(Rc::new(responder)),
        });
        let opts = parse_options_json(&options.to_string()).expect("valid options");
        let transport: Rc<dyn Transport> = api.clone();
        let handle = mount_with(root.clone(), opts, transport).expect("mounts");
        Self {
            root,
            handle: Some(handle),
            api,
        }
    }

    /// Mounts with `apiBase: "/v1"` and the given responder.
    pub fn with(responder: impl Fn(&str) -> Answer + 'static) -> Self {
        Self::mount(json!({ "apiBase": "/v1" }), responder)
    }

    pub fn respond_with(&self, responder: impl Fn(&str) -> Answer + 'static) {
        *self.api.responder.borrow_mut() = Rc::new(responder);
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.api.sent.borrow().clone()
    }

    pub fn urls(&self) -> Vec<String> {
        self.sent().into_iter().map(|s| s.url).collect()
    }

    pub fn count(&self) -> usize {
        self.api.sent.borrow().len()
    }

    pub fn last_url(&self) -> String {
        self.urls().pop().unwrap_or_default()
    }

    /// Waits for request number `n` (1-based) and returns its URL.
    pub async fn request(&self, n: usize) -> String {
        wait_until(
            &format!("request #{n} (sent so far: {:?})", self.urls()),
            || self.count() >= n,
        )
        .await;
        self.urls()[n - 1].clone()
    }

    pub fn q(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn qa(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    pub fn labelled(&self, label: &str) -> Element {
        self.q(&format!("[aria-label=\"{label}\"]"))
            .unwrap_or_else(|| panic!("no control labelled {label:?}"))
    }

    pub fn input(&self, label: &str) -> HtmlInputElement {
        self.labelled(label).dyn_into().expect("an <input>")
    }

    pub fn select(&self, label: &str) -> HtmlSelectElement {
        self.labelled(label).dyn_into().expect("a <select>")
    }

    pub fn button(&self, label: &str) -> web_sys::HtmlButtonElement {
        self.labelled(label).dyn_into().expect("a <button>")
    }

    /// A button by its text, inside `scope` (a selector).
    pub fn button_with_text(&self, scope: &str, text: &str) -> web_sys::HtmlButtonElement {
        self.qa(&format!("{scope} button"))
            .into_iter()
            .find(|b| text_of(b) == text)
            .unwrap_or_else(|| panic!("no button {text:?} in {scope}"))
            .dyn_into()
            .unwrap()
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// The table's rows as cell texts.
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.qa("table.dify-logs__table tr.dify-logs__row")
            .iter()
            .map(|tr| {
                let cells = tr.query_selector_all("td").unwrap();
                (0..cells.length())
                    .filter_map(|i| cells.item(i))
                    .map(|c| c.text_content().unwrap_or_default().trim().to_string())
                    .collect()
            })
            .collect()
    }

    /// The User column of every row.
    pub fn users(&self) -> Vec<String> {
        self.qa("tr.dify-logs__row .dify-logs__user")
            .iter()
            .map(text_of)
            .collect()
    }

    pub fn badges(&self) -> Vec<String> {
        self.qa("tr.dify-logs__row span.dify-logs__badge")
            .iter()
            .map(text_of)
            .collect()
    }

    pub fn page_label(&self) -> String {
        self.q(".dify-logs__page-label")
            .map(|e| text_of(&e))
            .unwrap_or_default()
    }

    pub fn total_label(&self) -> String {
        self.q(".dify-logs__total")
            .map(|e| text_of(&e))
            .unwrap_or_default()
    }

    pub fn alert(&self) -> Option<Element> {
        self.q("[role=\"alert\"]")
    }

    pub fn alert_text(&self) -> String {
        self.alert().map(|e| text_of(&e)).unwrap_or_default()
    }

    pub async fn wait_rows(&self, n: usize) {
        wait_until(
            &format!("{n} rows (now {}: {:?})", self.rows().len(), self.text()),
            || self.rows().len() == n,
        )
        .await;
    }

    /// Waits until the first row's User cell reads `user`.
    pub async fn wait_first_user(&self, user: &str) {
        wait_until(
            &format!("first row by {user:?} (users now {:?})", self.users()),
            || self.users().first().map(String::as_str) == Some(user),
        )
        .await;
    }

    pub fn unmount(&mut self) {
        if let Some(mut h) = self.handle.take() {
            h.unmount();
        }
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        self.unmount();
        self.root.remove();
    }
}

/// Capture 01 for every request.
pub fn capture_01(_url: &str) -> Answer {
    ok(capture(captures::LOGS_PAGE1))
}
