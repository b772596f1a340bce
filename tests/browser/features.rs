//! Feature tests: the run detail panel, auto-refresh, the Columns menu and
//! its saved preferences, deep links (`syncUrl`), CSV/JSON export, the runs
//! chart (by mouse and keyboard), what screen readers get (the live region,
//! the table's caption and scroll region) and the theme option. Same set-up as `tests/browser/components.rs`: the
//! whole widget in headless Chromium with a canned transport (see
//! `tests/browser/support.rs`), asserting on the DOM, on the requests sent and on
//! window state (URL, localStorage, downloads).
//!
//! Run with `scripts/browser-tests` (or `CHROMEDRIVER=/usr/bin/chromedriver
//! cargo test -p dify-logs --target wasm32-unknown-unknown --test browser features::`).
//!
//! Not covered: auto-refresh pausing in a hidden tab (`document.hidden`
//! cannot be faked in a headless page without replacing the property the
//! widget reads).
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

use crate::support::*;

// ------------------------------------------------------------------ helpers

/// The widget's stylesheet, so computed styles (hidden columns, theme
/// colours) are real. Added once per page.
fn inject_css() {
    let doc = document();
    if doc.get_element_by_id("dify-logs-test-css").is_some() {
        return;
    }
    let style = doc.create_element("style").unwrap();
    style.set_id("dify-logs-test-css");
    style.set_text_content(Some(include_str!("../../style/dify-logs.css")));
    doc.head().unwrap().append_child(&style).unwrap();
}

/// `getComputedStyle(el)[prop]`.
fn computed(el: &Element, prop: &str) -> String {
    let window = web_sys::window().unwrap();
    let get: js_sys::Function = js_sys::Reflect::get(&window, &"getComputedStyle".into())
        .unwrap()
        .unchecked_into();
    let style = get.call1(&window, el).unwrap();
    js_sys::Reflect::get(&style, &prop.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn html(el: Element) -> HtmlElement {
    el.dyn_into().expect("an HTML element")
}

/// A bubbling, cancelable `keydown` of `key` on `target`.
fn key_down(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// The same DOM node.
fn same(a: &Element, b: &Element) -> bool {
    a.is_same_node(Some(&**b))
}

fn active_element() -> Option<Element> {
    document().active_element()
}

pub(crate) fn location() -> web_sys::Location {
    web_sys::window().unwrap().location()
}

pub(crate) fn replace_url(url: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
}

/// Puts the page's original URL back when dropped (other tests share the
/// page). Declare it before the widget so the widget goes first.
pub(crate) struct UrlGuard(String);

impl UrlGuard {
    pub(crate) fn new() -> Self {
        Self(location().href().unwrap())
    }
}

impl Drop for UrlGuard {
    fn drop(&mut self) {
        replace_url(&self.0);
    }
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Every localStorage entry as `key=value`.
fn storage_dump() -> Vec<String> {
    let s = storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .map(|k| {
            let v = s.get_item(&k).unwrap().unwrap_or_default();
            format!("{k}={v}")
        })
        .collect()
}

/// A fresh `<div id=...>` on the page.
fn container_with_id(id: &str) -> HtmlElement {
    let el = new_container();
    el.set_id(id);
    el
}

/// Unix seconds now.
fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The body of a capture (after the blank line), as JSON.
fn capture_json(text: &str) -> Value {
    serde_json::from_str(&capture(text).body).unwrap()
}

/// A page of `entries` answered for any URL.
fn one_page(entries: Vec<Value>) -> RawPage {
    let n = entries.len() as u64;
    RawPage(json!({"page": 1, "limit": 20, "total": n, "has_more": false, "data": entries}))
}

/// A fixed page body, cloned into every answer.
#[derive(Clone)]
struct RawPage(Value);

impl RawPage {
    fn answer(&self) -> Answer {
        ok(json_response(&self.0))
    }
}

// --- downloads: `<a download>.click()` is recorded instead of saving a file.

#[wasm_bindgen(inline_js = r#"
export function install_download_spy() {
  window.__difyDownloads = [];
  if (window.__difyDownloadSpy) return;
  window.__difyDownloadSpy = true;
  // Keep every object URL's blob: the widget revokes the URL right after
  // click(), and reading the blob's bytes keeps a byte order mark that
  // fetch or XHR text decoding would drop.
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (obj) {
    const url = createObjectURL.call(URL, obj);
    blobs.set(url, obj);
    return url;
  };
  const original = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (!this.hasAttribute("download")) return original.call(this);
    window.__difyDownloads.push({ name: this.download, href: this.href, blob: blobs.get(this.href) });
  };
}
export function mouse_click(el) {
  el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
}
export async function downloads_json() {
  const out = [];
  for (const d of window.__difyDownloads || []) {
    const rec = { name: d.name, href: d.href, type: null, text: null };
    if (d.blob) {
      rec.type = d.blob.type;
      const buf = await d.blob.arrayBuffer();
      rec.text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(buf);
    }
    out.push(rec);
  }
  return JSON.stringify(out);
}
"#)]
extern "C" {
    pub(crate) fn install_download_spy();
    /// A promise of the downloads as JSON.
    fn downloads_json() -> js_sys::Promise;
    /// A real `MouseEvent` click (SVG elements have no `click()`).
    fn mouse_click(el: &Element);
}

/// `{name, href, type, text}` of every download since the spy was
/// installed; `text` is the file's content decoded as UTF-8, BOM kept.
pub(crate) async fn downloads() -> Vec<Value> {
    let json = wasm_bindgen_futures::JsFuture::from(downloads_json())
        .await
        .unwrap();
    serde_json::from_str(&json.as_string().unwrap()).unwrap()
}

/// `dify-logs-YYYY-MM-DDTHHMM.{ext}`.
fn is_export_name(name: &str, ext: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("dify-logs-")
        .and_then(|r| r.strip_suffix(&format!(".{ext}")))
    else {
        return false;
    };
    let b = stamp.as_bytes();
    b.len() == 15
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b.iter()
            .enumerate()
            .all(|(i, c)| matches!(i, 4 | 7 | 10) || c.is_ascii_digit())
}

// --- widget queries used here only

const DIALOG: &str = "[role=\"dialog\"][aria-label=\"Run details\"]";

fn dialog(w: &Widget) -> Option<Element> {
    w.q(DIALOG)
}

/// The `<dd>` after the `<dt>` reading `label` in the detail panel.
fn fact(w: &Widget, label: &str) -> Element {
    w.qa(&format!("{DIALOG} dl dt"))
        .into_iter()
        .find(|dt| text_of(dt) == label)
        .and_then(|dt| dt.next_element_sibling())
        .unwrap_or_else(|| panic!("no fact {label:?} in the panel"))
}

fn row_elements(w: &Widget) -> Vec<Element> {
    w.qa("tr.dify-logs__row")
}

/// The widget's root element (`div.dify-logs`).
fn widget_root(w: &Widget) -> Element {
    w.q(".dify-logs").expect("the widget root")
}

pub(crate) fn export_status(w: &Widget) -> String {
    w.q(".dify-logs__export [role=\"status\"]")
        .map(|e| text_of(&e))
        .unwrap_or_default()
}

pub(crate) fn export_button(w: &Widget, text: &str) -> web_sys::HtmlButtonElement {
    w.button_with_text(".dify-logs__export", text)
}

/// URLs of the export's page requests (`limit=100`).
fn export_urls(w: &Widget) -> Vec<String> {
    w.urls()
        .into_iter()
        .filter(|u| param(u, "limit").as_deref() == Some("100"))
        .collect()
}

/// A URL's query parameters other than `page` and `limit`, in order.
fn filters_of(url: &str) -> Vec<String> {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.starts_with("page=") && !p.starts_with("limit="))
        .map(str::to_string)
        .collect()
}

/// The Columns menu's checkbox labelled `name`. The menu's body comes
/// from a chunk of its own on first open: this opens the menu as a user
/// would when it has not been opened yet, and waits for the body.
async fn menu_checkbox(w: &Widget, name: &str) -> web_sys::HtmlInputElement {
    let find = || {
        w.qa(".dify-logs__menu label")
            .into_iter()
            .find(|l| text_of(l) == name)
            .and_then(|l| l.query_selector("input[type=\"checkbox\"]").unwrap())
    };
    if w.qa(".dify-logs__menu input[type=\"checkbox\"]").is_empty() {
        let menu = w.q("details.dify-logs__menu").expect("a <details> menu");
        if !menu.has_attribute("open") {
            html(menu.query_selector("summary").unwrap().unwrap()).click();
        }
    }
    wait_within(
        2_000,
        &format!("the checkbox {name:?} in the Columns menu"),
        || find().is_some(),
    )
    .await;
    find().unwrap().dyn_into().unwrap()
}

fn started_cells(w: &Widget) -> Vec<String> {
    w.rows().into_iter().map(|r| r[0].clone()).collect()
}

// ============================================================ 1. run detail

fn detail_or_logs(url: &str) -> Answer {
    if url.contains("/workflows/run/") {
        ok(capture(captures::RUN_DETAIL_OK))
    } else {
        ok(capture(captures::LOGS_PAGE1))
    }
}

#[wasm_bindgen_test]
async fn clicking_a_row_opens_the_run_detail_panel() {
    let w = Widget::with(detail_or_logs);
    w.wait_rows(20).await;
    assert!(dialog(&w).is_none(), "no panel before a row is chosen");
    let logs = capture_json(captures::LOGS_PAGE1);
    let run_id = logs["data"][2]["workflow_run"]["id"].as_str().unwrap();

    html(row_elements(&w)[2].clone()).click();
    wait_until("the run details dialog", || dialog(&w).is_some()).await;
    assert_eq!(
        w.request(2).await,
        format!("/v1/workflows/run/{run_id}"),
        "the panel asks for the clicked row's run"
    );
    wait_until("the run's facts", || {
        w.text().contains("f113107d-4fa6-4efe-bc27-d50e7fea0740")
    })
    .await;
    let panel = dialog(&w).unwrap();
    assert_eq!(w.count(), 2, "one detail request: {:?}", w.urls());
    assert!(
        row_elements(&w)[2]
            .class_list()
            .contains("dify-logs__row--selected"),
        "the opened row is marked"
    );
    assert_eq!(
        text_of(&fact(&w, "Status")),
        "Succeeded",
        "status badge from the detail"
    );
    assert!(fact(&w, "Status")
        .query_selector("span.dify-logs__badge--succeeded")
        .unwrap()
        .is_some());
    assert!(text_of(&fact(&w, "Run ID")).starts_with("f113107d-4fa6-4efe-bc27-d50e7fea0740"));
    assert_eq!(text_of(&fact(&w, "Run time")), "33 ms");
    assert_eq!(text_of(&fact(&w, "Tokens")), "0");
    assert_eq!(text_of(&fact(&w, "Steps")), "3");
    assert_eq!(
        fact(&w, "Started").get_attribute("title").as_deref(),
        Some("2026-11-26T09:53:10Z")
    );

    let pres: Vec<String> = panel
        .query_selector_all("pre")
        .map(|l| {
            (0..l.length())
                .filter_map(|i| l.item(i))
                .map(|n| n.text_content().unwrap_or_default())
                .collect()
        })
        .unwrap();
    assert!(
        pres[0].contains("\"query\": \"alpha\""),
        "inputs pretty-printed: {:?}",
        pres[0]
    );
    assert!(
        !pres[0].contains("sys."),
        "sys.* folded apart: {:?}",
        pres[0]
    );
    let details = panel
        .query_selector("details")
        .unwrap()
        .expect("a <details> for system inputs");
    let summary = details.query_selector("summary").unwrap().unwrap();
    assert_eq!(text_of(&summary), "System inputs (sys.*, 6)");
    assert!(text_of(&details).contains("\"sys.user_id\": \"user-alice\""));
    assert!(!details.has_attribute("open"), "system inputs start folded");
    assert!(
        pres.iter().any(|p| p.contains("\"result\": \"alpha\"")),
        "outputs pretty-printed: {pres:?}"
    );
    for label in ["Copy run ID", "Copy inputs", "Copy outputs"] {
        let b = w.button(label);
        assert!(panel.contains(Some(&**b)), "{label} is in the panel");
    }

    // The close button closes it.
    w.button("Close run details").click();
    wait_until("the panel to close", || dialog(&w).is_none()).await;
}

/// Replaces `navigator.clipboard` with one whose `writeText` resolves or
/// rejects; returns what was there, for [`restore_clipboard`].
fn fake_clipboard(accept: bool) -> JsValue {
    let nav: JsValue = web_sys::window().unwrap().navigator().into();
    let saved = js_sys::Reflect::get(&nav, &"clipboard".into()).unwrap();
    let f = js_sys::Function::new_with_args(
        "t",
        if accept {
            "window.__copied = t; return Promise.resolve();"
        } else {
            "return Promise.reject(new DOMException('denied', 'NotAllowedError'));"
        },
    );
    let fake = js_sys::Object::new();
    js_sys::Reflect::set(&fake, &"writeText".into(), &f).unwrap();
    let desc = js_sys::Object::new();
    js_sys::Reflect::set(&desc, &"value".into(), &fake).unwrap();
    js_sys::Reflect::set(&desc, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::define_property(&nav.into(), &"clipboard".into(), &desc).unwrap();
    saved
}

fn restore_clipboard(saved: JsValue) {
    let nav: js_sys::Object = web_sys::window().unwrap().navigator().into();
    let desc = js_sys::Object::new();
    js_sys::Reflect::set(&desc, &"value".into(), &saved).unwrap();
    js_sys::Reflect::set(&desc, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Reflect::define_property(&nav, &"clipboard".into(), &desc).unwrap();
}

/// "Copied" appears only once the browser accepted the write.
#[wasm_bindgen_test]
async fn copy_says_copied_only_when_the_clipboard_took_it() {
    let w = Widget::with(detail_or_logs);
    w.wait_rows(20).await;
    html(row_elements(&w)[0].clone()).click();
    wait_until("the run's facts", || w.q(&format!("{DIALOG} dl")).is_some()).await;

    let saved = fake_clipboard(false);
    w.button("Copy run ID").click();
    sleep(150).await;
    let refused = w.button("Copy run ID").text_content().unwrap_or_default();
    restore_clipboard(saved);
    assert_eq!(refused, "Copy", "a refused write is not reported as copied");

    let saved = fake_clipboard(true);
    w.button("Copy run ID").click();
    wait_until("Copied", || {
        w.button("Copy run ID").text_content().as_deref() == Some("Copied")
    })
    .await;
    let copied = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__copied".into()).unwrap();
    restore_clipboard(saved);
    let logs = capture_json(captures::RUN_DETAIL_OK);
    assert_eq!(copied.as_string().as_deref(), logs["id"].as_str());
}

#[wasm_bindgen_test]
async fn enter_opens_the_panel_and_escape_returns_focus_to_the_row() {
    let w = Widget::with(detail_or_logs);
    w.wait_rows(20).await;
    let row = html(row_elements(&w)[4].clone());
    row.focus().unwrap();
    key_down(&row, "Enter");
    wait_until("the run details dialog", || dialog(&w).is_some()).await;
    let logs = capture_json(captures::LOGS_PAGE1);
    let run_id = logs["data"][4]["workflow_run"]["id"].as_str().unwrap();
    assert_eq!(w.request(2).await, format!("/v1/workflows/run/{run_id}"));
    wait_until("the run's facts", || {
        w.text().contains("System inputs (sys.*, 6)")
    })
    .await;
    let panel = dialog(&w).unwrap();
    assert!(
        active_element().is_some_and(|a| same(&a, &panel)),
        "the panel takes focus when it opens"
    );

    key_down(&panel, "Escape");
    wait_until("the panel to close on Escape", || dialog(&w).is_none()).await;
    let focused = active_element().expect("something has focus");
    assert!(
        same(&focused, &row),
        "focus is back on the row, not on {}",
        focused.outer_html()
    );
    assert!(w.q("tr.dify-logs__row--selected").is_none());
    assert_eq!(w.count(), 2, "closing sends nothing: {:?}", w.urls());
}

#[wasm_bindgen_test]
async fn a_missing_run_says_it_was_not_found_in_the_panel() {
    let w = Widget::with(|url| {
        if url.contains("/workflows/run/") {
            ok(capture(captures::RUN_NOT_FOUND_404))
        } else {
            ok(capture(captures::LOGS_PAGE1))
        }
    });
    w.wait_rows(20).await;
    html(row_elements(&w)[0].clone()).click();
    wait_until("the panel's alert", || {
        w.q(&format!("{DIALOG} [role=\"alert\"]")).is_some()
    })
    .await;
    let alert = w.q(&format!("{DIALOG} [role=\"alert\"]")).unwrap();
    assert!(
        text_of(&alert).contains("This run was not found"),
        "{}",
        text_of(&alert)
    );
    assert_eq!(
        w.qa("[role=\"alert\"]").len(),
        1,
        "only the panel shows an error; the table keeps its rows"
    );
    assert_eq!(w.rows().len(), 20);
}

#[wasm_bindgen_test]
async fn a_log_without_a_run_shows_a_message_and_sends_nothing() {
    let mut no_run = entry("no-run", "succeeded", "user-x");
    no_run["workflow_run"] = Value::Null;
    let page = one_page(vec![no_run, entry("b", "failed", "user-y")]);
    let w = Widget::with(move |_| page.answer());
    w.wait_rows(2).await;
    html(row_elements(&w)[0].clone()).click();
    wait_until("the panel's message", || {
        dialog(&w).is_some_and(|d| text_of(&d).contains("no workflow run"))
    })
    .await;
    sleep(100).await;
    assert_eq!(w.count(), 1, "no detail request: {:?}", w.urls());
    assert!(w
        .q(&format!("{DIALOG} [role=\"alert\"]"))
        .is_some_and(|a| text_of(&a).contains("This log entry has no workflow run to show.")));
}

/// "now" and "3 min. ago" (Chromium's short English; the dot varies with
/// its CLDR data).
fn is_relative(cells: &[String]) -> bool {
    cells.len() == 2
        && cells[0] == "now"
        && cells[1].starts_with("3 min")
        && cells[1].ends_with(" ago")
}

const XSS: &str = "<img src=x onerror=window.__xssDetail=1>";

#[wasm_bindgen_test]
async fn hostile_strings_in_the_run_detail_stay_text() {
    let inputs = json!({"query": XSS, "sys.user_id": XSS}).to_string();
    let detail = json!({
        "id": "run-x", "workflow_id": "w", "status": XSS,
        "inputs": inputs,
        "outputs": {"html": format!("{XSS}<script>window.__xssDetail=2</script>")},
        "error": XSS, "total_steps": 1, "total_tokens": 2,
        "created_at": 1795686790, "finished_at": 1795686791, "elapsed_time": 1.0
    });
    let page = one_page(vec![entry("x", "failed", "user-x")]);
    let w = Widget::with(move |url| {
        if url.contains("/workflows/run/") {
            ok(json_response(&detail))
        } else {
            page.answer()
        }
    });
    w.wait_rows(1).await;
    html(row_elements(&w)[0].clone()).click();
    wait_until("the detail body", || w.q(&format!("{DIALOG} dl")).is_some()).await;
    sleep(200).await; // time for an injected image to fail and fire onerror
    let panel = dialog(&w).unwrap();
    assert!(
        panel.query_selector("img, script").unwrap().is_none(),
        "{}",
        panel.inner_html()
    );
    let flag = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__xssDetail".into()).unwrap();
    assert!(flag.is_undefined(), "window.__xssDetail was set");
    let text = text_of(&panel);
    assert!(text.contains(&format!("\"query\": \"{XSS}\"")), "{text}");
    assert!(
        text.contains("<script>window.__xssDetail=2</script>"),
        "{text}"
    );
    assert_eq!(text_of(&fact(&w, "Status")), XSS, "unknown status verbatim");
}

// ========================================================= 2. auto-refresh

#[wasm_bindgen_test]
async fn auto_refresh_updates_rows_in_place_without_going_busy_and_off_stops_it() {
    let calls = Rc::new(Cell::new(0u32));
    let c = calls.clone();
    let w = Widget::with(move |_| {
        c.set(c.get() + 1);
        let mut first = entry("a", "running", "user-a");
        first["workflow_run"]["finished_at"] = Value::Null;
        if c.get() == 1 {
            one_page(vec![first, entry("b", "succeeded", "user-b")]).answer()
        } else {
            // The run finished since: the refresh shows it, slowly.
            one_page(vec![
                entry("a", "succeeded", "user-a"),
                entry("b", "succeeded", "user-b"),
            ])
            .answer()
            .after(600)
        }
    });
    w.wait_rows(2).await;
    assert_eq!(w.badges(), ["Running", "Succeeded"]);
    let select = w.select("Auto-refresh");
    let options: Vec<(String, String)> = (0..select.length())
        .filter_map(|i| select.item(i))
        .map(|o| (o.get_attribute("value").unwrap_or_default(), text_of(&o)))
        .collect();
    let labels: Vec<&str> = options.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(labels, ["Off", "5 s", "15 s", "60 s"]);
    assert_eq!(select.value(), "off", "off by default");
    let table = w.q("table.dify-logs__table").unwrap();
    wait_until("the first load's announcement", || {
        announced(&w) == "2 runs, page 1 of 1"
    })
    .await;
    let announcement = raw_announcement(&w);

    choose(&select, "5");
    let started = now_ms();
    sleep(4_000).await;
    assert_eq!(w.count(), 1, "nothing before 5 s: {:?}", w.urls());
    let second = {
        wait_within(3_000, "the auto-refresh request", || w.count() >= 2).await;
        w.urls()[1].clone()
    };
    let waited = now_ms() - started;
    assert!(
        (4_500.0..6_500.0).contains(&waited),
        "refreshed after {waited} ms"
    );
    assert_eq!(second, w.urls()[0], "the same query again");

    // While the slow refresh is in flight the table stays as it is.
    let mut samples = 0;
    let mut busy_seen = Vec::new();
    let deadline = now_ms() + 2_000.0;
    while w.badges().first().map(String::as_str) != Some("Succeeded") {
        assert!(now_ms() < deadline, "the refresh never landed");
        samples += 1;
        if table.get_attribute("aria-busy").as_deref() == Some("true")
            || w.q(".dify-logs__table-wrap--busy").is_some()
            || w.q(".dify-logs__placeholder").is_some()
        {
            busy_seen.push(now_ms());
        }
        sleep(15).await;
    }
    assert!(samples >= 10, "sampled while in flight ({samples} samples)");
    assert!(busy_seen.is_empty(), "the table went busy during a refresh");
    assert_eq!(w.badges(), ["Succeeded", "Succeeded"], "rows updated");
    assert!(
        w.q("table.dify-logs__table")
            .is_some_and(|t| same(&t, &table)),
        "the same table, updated in place"
    );
    assert_eq!(table.get_attribute("aria-busy").as_deref(), Some("false"));
    assert_eq!(
        raw_announcement(&w),
        announcement,
        "an auto-refresh is not announced again"
    );

    // Off stops refreshing.
    choose(&select, "off");
    let n = w.count();
    sleep(5_600).await;
    assert_eq!(w.count(), n, "no refresh after Off: {:?}", w.urls());
}

#[wasm_bindgen_test]
async fn refresh_on_a_later_page_announces_new_runs() {
    let total = Rc::new(Cell::new(63u64));
    let t = total.clone();
    let w = Widget::with(move |url| ok(paged(url, t.get(), "nr")));
    w.wait_rows(20).await;
    w.button("Next page").click();
    assert!(w.request(2).await.contains("page=2"));
    wait_until("page 2", || w.page_label() == "Page 2 of 4").await;
    assert!(w.q(".dify-logs__new-runs").is_none());

    total.set(66);
    choose(&w.select("Auto-refresh"), "5");
    wait_within(7_000, "the auto-refresh request", || w.count() >= 3).await;
    assert_eq!(
        w.urls()[2],
        w.urls()[1],
        "the refresh asks for page 2 again"
    );
    wait_until("the new-runs notice", || {
        w.q(".dify-logs__new-runs[role=\"status\"]").is_some()
    })
    .await;
    let notice = w.q(".dify-logs__new-runs[role=\"status\"]").unwrap();
    assert!(
        text_of(&notice).starts_with("3 new runs"),
        "{}",
        text_of(&notice)
    );
    assert_eq!(w.page_label(), "Page 2 of 4", "still on page 2");

    w.button_with_text(".dify-logs__new-runs", "Go to first page")
        .click();
    let back = w.request(4).await;
    assert_eq!(param(&back, "page").as_deref(), Some("1"), "{back}");
    wait_until("page 1", || w.page_label() == "Page 1 of 4").await;
    wait_until("the notice to go", || w.q(".dify-logs__new-runs").is_none()).await;
    choose(&w.select("Auto-refresh"), "off");
}

// ========================================================= 3. columns menu

#[wasm_bindgen_test]
async fn columns_menu_hides_columns_sets_density_and_is_remembered() {
    inject_css();
    const ID: &str = "features-columns";
    let key = format!("dify-logs:prefs:{ID}");
    storage().remove_item(&key).unwrap();
    let options = json!({"apiBase": "/v1", "apiKey": "app-secret-prefs-key"});
    let mut w = Widget::mount_on(container_with_id(ID), options.clone(), capture_01);
    w.wait_rows(20).await;

    let menu = w.q("details.dify-logs__menu").expect("a <details> menu");
    let summary = menu.query_selector("summary").unwrap().unwrap();
    assert_eq!(text_of(&summary), "Columns");
    html(summary).click();
    assert!(menu.has_attribute("open"), "the summary opens the menu");

    let tokens_th = w
        .qa("th")
        .into_iter()
        .find(|th| text_of(th) == "Tokens")
        .unwrap();
    assert_ne!(computed(&tokens_th, "display"), "none");
    let tokens = menu_checkbox(&w, "Tokens").await;
    assert!(tokens.checked());
    tokens.click();
    wait_until("the hide class on the root", || {
        widget_root(&w).class_list().contains("dify-logs--hide-c3")
    })
    .await;
    assert!(!tokens.checked());
    assert_eq!(
        computed(&tokens_th, "display"),
        "none",
        "Tokens header hidden"
    );
    let cells = w.qa("td.dify-logs__c3");
    assert_eq!(cells.len(), 20);
    assert!(
        cells.iter().all(|td| computed(td, "display") == "none"),
        "every Tokens cell hidden"
    );
    let steps_th = w
        .qa("th")
        .into_iter()
        .find(|th| text_of(th) == "Steps")
        .unwrap();
    assert_ne!(computed(&steps_th, "display"), "none", "other columns stay");

    let compact = menu_checkbox(&w, "Compact rows").await;
    assert!(!compact.checked());
    compact.click();
    wait_until("the compact class", || {
        widget_root(&w).class_list().contains("dify-logs--compact")
    })
    .await;
    assert_eq!(computed(&w.qa("td.dify-logs__c0")[0], "padding-top"), "2px");

    wait_until("the saved preferences", || {
        storage().get_item(&key).unwrap().as_deref() == Some("v1;hide=3;compact")
    })
    .await;
    assert!(
        storage_dump()
            .iter()
            .all(|e| !e.contains("app-secret-prefs-key")),
        "the key is never stored: {:?}",
        storage_dump()
    );

    // A new widget on an element with the same id starts with them.
    w.unmount();
    w.root.remove();
    let w2 = Widget::mount_on(container_with_id(ID), options, capture_01);
    w2.wait_rows(20).await;
    let classes = widget_root(&w2).class_name();
    assert!(classes.contains("dify-logs--hide-c3"), "{classes}");
    assert!(classes.contains("dify-logs--compact"), "{classes}");
    assert!(!menu_checkbox(&w2, "Tokens").await.checked());
    assert!(menu_checkbox(&w2, "Compact rows").await.checked());
    assert!(menu_checkbox(&w2, "Steps").await.checked());

    // Another id has its own (default) preferences.
    let other = Widget::mount_on(
        container_with_id("features-other"),
        json!({"apiBase": "/v1"}),
        capture_01,
    );
    other.wait_rows(20).await;
    assert_eq!(
        widget_root(&other).class_name(),
        "dify-logs dify-logs--auto"
    );
    drop(other);
    drop(w2);
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn relative_times_show_minutes_ago() {
    const ID: &str = "features-relative";
    let key = format!("dify-logs:prefs:{ID}");
    storage().remove_item(&key).unwrap();
    let now = now_secs();
    let mut older = entry("older", "succeeded", "user-a");
    older["created_at"] = json!(now - 180);
    older["workflow_run"]["created_at"] = json!(now - 180);
    let mut fresh = entry("fresh", "succeeded", "user-b");
    fresh["created_at"] = json!(now - 5);
    fresh["workflow_run"]["created_at"] = json!(now - 5);
    let page = one_page(vec![fresh, older]);
    let w = Widget::mount_on(
        container_with_id(ID),
        json!({"apiBase": "/v1"}),
        move |_| page.answer(),
    );
    w.wait_rows(2).await;
    let absolute = started_cells(&w);
    // "Dec 3, 2026, 13:18:12": the date and the time to the second.
    assert!(
        absolute
            .iter()
            .all(|c| c.contains(", 20") && c.matches(':').count() == 2),
        "local date and time by default: {absolute:?}"
    );

    let relative = menu_checkbox(&w, "Relative times").await;
    relative.click();
    wait_until("relative Started cells", || is_relative(&started_cells(&w))).await;
    assert!(
        w.qa("td.dify-logs__started")[1]
            .get_attribute("title")
            .is_some_and(|t| t.ends_with('Z')),
        "the exact UTC instant stays on hover"
    );
    wait_until("saved", || {
        storage().get_item(&key).unwrap().as_deref() == Some("v1;relative")
    })
    .await;

    relative.click();
    wait_until("absolute again", || started_cells(&w) == absolute).await;

    // The Started header is the same switch, one click away.
    let header = w
        .q("th.dify-logs__c0 button")
        .expect("Started header button");
    assert_eq!(
        header.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    header.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_until("relative via the header", || {
        is_relative(&started_cells(&w))
    })
    .await;
    assert_eq!(
        header.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    header.unchecked_ref::<web_sys::HtmlElement>().click();
    wait_until("absolute via the header", || started_cells(&w) == absolute).await;
    drop(w);
    storage().remove_item(&key).unwrap();
}

// ============================================================ 4. deep links

#[wasm_bindgen_test]
async fn sync_url_reads_the_link_and_writes_only_its_own_parameters() {
    let _url = UrlGuard::new();
    replace_url("?tab=runs&dl_status=failed&dl_page=3&x=%2B1");
    let w = Widget::mount(
        json!({"apiBase": "/v1", "apiKey": "app-deeplink-secret", "syncUrl": true}),
        |url| ok(paged(url, 100, "dl")),
    );
    let first = w.request(1).await;
    assert_eq!(
        param(&first, "status").as_deref(),
        Some("failed"),
        "{first}"
    );
    assert_eq!(param(&first, "page").as_deref(), Some("3"), "{first}");
    w.wait_rows(20).await;
    assert_eq!(w.page_label(), "Page 3 of 5");
    assert_eq!(w.select("Status").value(), "failed");
    assert_eq!(
        location().search().unwrap(),
        "?tab=runs&x=%2B1&dl_status=failed&dl_page=3"
    );

    let kw = w.input("Keyword");
    type_into(&kw, "alpha beta");
    press_enter(&kw);
    let second = w.request(2).await;
    assert_eq!(param(&second, "keyword").as_deref(), Some("alpha beta"));
    assert_eq!(param(&second, "page").as_deref(), Some("1"));
    wait_until("the keyword in the URL", || {
        location().search().unwrap().contains("dl_keyword=")
    })
    .await;
    let search = location().search().unwrap();
    assert_eq!(
        search, "?tab=runs&x=%2B1&dl_keyword=alpha%20beta&dl_status=failed",
        "the host's parameters kept exactly, page 1 dropped"
    );
    assert!(search.starts_with("?tab=runs&x=%2B1&"));
    assert!(!search.contains("dl_page"));
    assert!(!location().href().unwrap().contains("app-deeplink-secret"));
    assert!(!location().href().unwrap().contains("deeplink-secret"));

    // Paging is written too, and back to page 1 drops it again.
    w.button("Next page").click();
    w.request(3).await;
    wait_until("dl_page=2 in the URL", || {
        location().search().unwrap().ends_with("&dl_page=2")
    })
    .await;
    assert!(!location().href().unwrap().contains("app-deeplink-secret"));
}

#[wasm_bindgen_test]
async fn sync_url_restores_period_page_size_keyword_and_account() {
    let _url = UrlGuard::new();
    replace_url("?dl_keyword=alpha%20beta&dl_period=7d&dl_limit=50&dl_account=a%2Bb%40x.io");
    let w = Widget::mount(json!({"apiBase": "/v1", "syncUrl": true}), |url| {
        ok(paged(url, 120, "dl"))
    });
    let first = w.request(1).await;
    assert_eq!(param(&first, "keyword").as_deref(), Some("alpha beta"));
    assert_eq!(param(&first, "limit").as_deref(), Some("50"));
    assert_eq!(
        param(&first, "created_by_account").as_deref(),
        Some("a+b@x.io")
    );
    let after = param(&first, "created_at__after").expect("a 7-day range");
    assert!(param(&first, "created_at__before").is_some(), "{first}");
    let days = (now_secs() as f64 - js_sys::Date::parse(&after) / 1000.0) / 86_400.0;
    assert!((6.0..8.0).contains(&days), "{after} is about 7 days ago");
    w.wait_rows(50).await;
    assert_eq!(w.input("Keyword").value(), "alpha beta");
    assert_eq!(w.select("Period").value(), "7d");
    assert_eq!(w.select("Rows per page").value(), "50");
    let search = location().search().unwrap();
    assert!(
        search.contains("dl_period=7d") && !search.contains("dl_after"),
        "a preset stays relative in the link: {search}"
    );
    assert!(search.contains("dl_limit=50"), "{search}");
}

#[wasm_bindgen_test]
async fn without_sync_url_the_page_url_is_untouched() {
    let _url = UrlGuard::new();
    let search = "?tab=runs&dl_status=failed&dl_page=3&x=%2B1";
    replace_url(search);
    let w = Widget::with(|url| ok(paged(url, 100, "plain")));
    assert_eq!(
        w.request(1).await,
        "/v1/workflows/logs?page=1&limit=20",
        "the link is not read"
    );
    w.wait_rows(20).await;
    choose(&w.select("Status"), "stopped");
    w.request(2).await;
    w.button("Next page").click();
    w.request(3).await;
    sleep(100).await;
    assert_eq!(location().search().unwrap(), search);
}

// =============================================================== 5. export

#[wasm_bindgen_test]
async fn export_this_page_as_csv() {
    install_download_spy();
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    let scope = w.select("Export scope");
    assert_eq!(scope.value(), "all", "all matching runs by default");
    choose(&scope, "page");
    export_button(&w, "Export CSV").click();
    wait_until("the export message", || !export_status(&w).is_empty()).await;
    assert_eq!(export_status(&w), "Exported 20 runs.");
    assert_eq!(w.count(), 1, "this page needs no request: {:?}", w.urls());

    let files = downloads().await;
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0]["name"].as_str().unwrap();
    assert!(is_export_name(name, "csv"), "{name}");
    assert!(files[0]["href"].as_str().unwrap().starts_with("blob:"));
    assert_eq!(files[0]["type"], "text/csv;charset=utf-8");
    let text = files[0]["text"].as_str().expect("the blob behind the link");
    assert!(
        text.starts_with("\u{FEFF}log_id,run_id,started_utc,status,"),
        "{text:.80}"
    );
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 21, "header and 20 runs");
    let logs = capture_json(captures::LOGS_PAGE1);
    assert!(lines[1].starts_with(&format!(
        "{},{},",
        logs["data"][0]["id"].as_str().unwrap(),
        logs["data"][0]["workflow_run"]["id"].as_str().unwrap()
    )));
}

#[wasm_bindgen_test]
async fn export_all_matching_runs_as_json_fetches_every_page() {
    install_download_spy();
    let runs = store_runs("ex", 250);
    let w = Widget::with(move |url| {
        let delay = if param(url, "limit").as_deref() == Some("100") {
            250
        } else {
            0
        };
        ok(store_page(url, &runs)).after(delay)
    });
    w.wait_rows(20).await;
    choose(&w.select("Status"), "failed");
    let listed = w.request(2).await;
    wait_until("the filtered page", || w.total_label() == "250 runs").await;
    sleep(50).await;

    export_button(&w, "Export JSON").click();
    wait_until("the export progress bar", || {
        w.q("progress[aria-label=\"Export progress\"]").is_some()
    })
    .await;
    let bar = w.q("progress[aria-label=\"Export progress\"]").unwrap();
    assert_eq!(bar.get_attribute("max").as_deref(), Some("250"));
    assert!(
        export_button(&w, "Export CSV").disabled(),
        "no second export meanwhile"
    );
    wait_within(4_000, "the export to finish", || {
        export_status(&w).starts_with("Exported")
    })
    .await;
    assert_eq!(export_status(&w), "Exported 250 runs.");
    assert!(w.q("progress").is_none());

    // Paged by time: the first request has the user's filters alone, the
    // next ones go back from the oldest run seen (its whole second: Dify's
    // bound is inclusive and its log times whole seconds).
    let pages = export_urls(&w);
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert_eq!(filters_of(&pages[0]), filters_of(&listed));
    assert_eq!(param(&pages[0], "created_at__before"), None);
    assert_eq!(
        param(&pages[1], "created_at__before").as_deref(),
        Some("2026-11-26T09:48:27Z"),
        "run ex-99 was created at 09:48:27"
    );
    for u in &pages {
        assert_eq!(param(u, "status").as_deref(), Some("failed"), "{u}");
        assert_eq!(param(u, "page").as_deref(), Some("1"), "{u}");
    }
    let files = downloads().await;
    assert_eq!(files.len(), 1);
    assert!(is_export_name(files[0]["name"].as_str().unwrap(), "json"));
    assert_eq!(files[0]["type"], "application/json");
    let runs: Vec<Value> = serde_json::from_str(files[0]["text"].as_str().unwrap()).unwrap();
    let ids: Vec<&str> = runs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..250).map(|i| format!("ex-{i}")).collect();
    assert_eq!(ids, expected, "every run once, newest first");
}

/// Runs keep arriving while an export pages back in time: every run that
/// matched when it started is in the file exactly once.
#[wasm_bindgen_test]
async fn runs_arriving_during_an_export_are_neither_lost_nor_repeated() {
    install_download_spy();
    let store = Rc::new(RefCell::new(store_runs("old", 230)));
    let exports = Rc::new(Cell::new(0u32));
    let (s, n) = (store.clone(), exports.clone());
    let w = Widget::with(move |url| {
        let answer = ok(store_page(url, &s.borrow()));
        if param(url, "limit").as_deref() == Some("100") {
            // After each export page, five newer runs arrive.
            n.set(n.get() + 1);
            let k = n.get();
            s.borrow_mut().extend((0..5).map(|i| {
                (
                    format!("new-{k}-{i}"),
                    1_795_687_300 + i64::from(k * 10 + i),
                )
            }));
        }
        answer
    });
    w.wait_rows(20).await;
    export_button(&w, "Export CSV").click();
    wait_within(4_000, "the export to finish", || {
        export_status(&w).starts_with("Exported")
    })
    .await;
    assert_eq!(export_status(&w), "Exported 230 runs.");
    let files = downloads().await;
    let text = files[0]["text"].as_str().unwrap();
    let ids: Vec<&str> = text
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no run twice");
    for i in 0..230 {
        assert!(
            unique.contains(&format!("old-{i}").as_str()),
            "old-{i} is missing"
        );
    }
    assert!(exports.get() >= 3, "paged: {:?}", export_urls(&w));
}

#[wasm_bindgen_test]
async fn cancel_export_aborts_the_request_in_flight() {
    install_download_spy();
    let w = Widget::with(|url| {
        if param(url, "limit").as_deref() == Some("100") {
            ok(paged(url, 250, "cx")).after(1_200).abortable()
        } else {
            ok(paged(url, 250, "cx"))
        }
    });
    w.wait_rows(20).await;
    export_button(&w, "Export CSV").click();
    let url = w.request(2).await;
    assert_eq!(param(&url, "limit").as_deref(), Some("100"));
    wait_until("the progress bar", || w.q("progress").is_some()).await;
    w.button_with_text(".dify-logs__export", "Cancel export")
        .click();
    assert!(
        w.sent()[1].signal.as_ref().unwrap().aborted(),
        "the export's request was aborted"
    );
    wait_until("the progress bar to go", || w.q("progress").is_none()).await;
    sleep(1_500).await;
    assert!(
        !export_status(&w).contains("Exported"),
        "{}",
        export_status(&w)
    );
    assert!(downloads().await.is_empty(), "nothing was saved");
    assert_eq!(w.count(), 2, "no further page requested: {:?}", w.urls());
    assert!(!export_button(&w, "Export CSV").disabled());
}

#[wasm_bindgen_test]
async fn export_stops_at_the_cap() {
    install_download_spy();
    let runs = store_runs("cap", 6_000);
    let w = Widget::with(move |url| ok(store_page(url, &runs)));
    w.wait_rows(20).await;
    export_button(&w, "Export CSV").click();
    wait_within(30_000, "the capped export to finish", || {
        export_status(&w).starts_with("Exported")
    })
    .await;
    let msg = export_status(&w);
    assert!(msg.starts_with("Exported 5,000 runs."), "{msg}");
    assert!(msg.contains("Exports stop at 5,000 runs"), "{msg}");
    let pages = export_urls(&w);
    // Each page after the first asks again for its predecessor's oldest
    // second, so holds 99 new runs here: 100 + 50 × 99 ≥ 5,000.
    assert_eq!(pages.len(), 51, "{:?}", &pages[..3]);
    let files = downloads().await;
    let text = files[0]["text"].as_str().unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 5_001, "header and 5,000 runs");
    assert!(
        lines[5_000].starts_with("cap-4999,"),
        "the newest 5,000: {}",
        lines[5_000]
    );
}

#[wasm_bindgen_test]
// The plan comes from the export's own first answer, not from the total of
// the (possibly stale) page on screen.
async fn export_right_after_a_filter_change_exports_every_matching_run() {
    install_download_spy();
    let w = Widget::with(|url| {
        let failed = param(url, "status").as_deref() == Some("failed");
        let answer = ok(paged(url, if failed { 250 } else { 63 }, "race"));
        if failed && param(url, "limit").as_deref() == Some("20") {
            answer.after(800) // the table's filtered page is slow
        } else {
            answer
        }
    });
    w.wait_rows(20).await;
    assert_eq!(w.total_label(), "63 runs");
    choose(&w.select("Status"), "failed");
    w.request(2).await;
    export_button(&w, "Export JSON").click();
    wait_within(5_000, "the export to finish", || {
        export_status(&w).starts_with("Exported")
    })
    .await;
    let pages = export_urls(&w);
    assert!(
        pages
            .iter()
            .all(|u| param(u, "status").as_deref() == Some("failed")),
        "{pages:?}"
    );
    assert_eq!(
        export_status(&w),
        "Exported 250 runs.",
        "pages fetched: {pages:?}"
    );
    let files = downloads().await;
    let runs: Vec<Value> = serde_json::from_str(files[0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(runs.len(), 250);
}

// ================================================================ 6. chart

fn seg(w: &Widget, class: &str) -> Option<Element> {
    w.q(&format!("rect.dify-logs__seg.dify-logs__seg--{class}"))
}

/// The chart follows the rows in an idle callback after their frame
/// (`browser::after_paint`), which the browser runs within 250 ms.
async fn chart_caught_up() {
    sleep(400).await;
}

#[wasm_bindgen_test]
async fn chart_shows_the_page_and_filters_by_a_clicked_status() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    wait_until("the chart's segments", || {
        !w.qa(".dify-logs__chart svg rect.dify-logs__seg").is_empty()
    })
    .await;
    let chart = w.q(".dify-logs__chart").expect("a chart");
    assert!(!w.qa(".dify-logs__chart svg rect.dify-logs__seg").is_empty());
    let table = w.q("table.dify-logs__table").unwrap();
    assert!(
        chart.compare_document_position(&table) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0,
        "the chart is above the table"
    );

    // Legend counts are the page's.
    let logs = capture_json(captures::LOGS_PAGE1);
    let count = |s: &str| {
        logs["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["workflow_run"]["status"] == s)
            .count()
    };
    let legend: Vec<String> = w
        .qa(".dify-logs__legend-item")
        .iter()
        .map(text_of)
        .collect();
    for (status, label) in [
        ("succeeded", "Succeeded"),
        ("failed", "Failed"),
        ("stopped", "Stopped"),
        ("running", "Running"),
    ] {
        let want = format!("{label} {}", count(status));
        assert!(legend.contains(&want), "{want:?} in {legend:?}");
    }
    let caption = w.q(".dify-logs__chart figcaption").expect("a figcaption");
    assert!(
        text_of(&caption).starts_with("Run time:"),
        "{}",
        text_of(&caption)
    );

    // Running is not a filter Dify has: not a link, clicking does nothing.
    let running = seg(&w, "running").expect("a running segment");
    assert!(!running.class_list().contains("dify-logs__seg--link"));
    mouse_click(&running);
    sleep(150).await;
    assert_eq!(w.count(), 1);

    // From page 2, a failed segment filters by failed on page 1.
    w.button("Next page").click();
    w.request(2).await;
    wait_until("page 2", || w.page_label() == "Page 2 of 4").await;
    chart_caught_up().await;
    let failed = seg(&w, "failed.dify-logs__seg--link").expect("a failed link segment");
    mouse_click(&failed);
    let url = w.request(3).await;
    assert_eq!(url, "/v1/workflows/logs?status=failed&page=1&limit=20");
    assert_eq!(w.select("Status").value(), "failed");
    w.wait_rows(20).await;
    chart_caught_up().await;

    let stopped = seg(&w, "stopped.dify-logs__seg--link").expect("a stopped link segment");
    mouse_click(&stopped);
    assert_eq!(
        w.request(4).await,
        "/v1/workflows/logs?status=stopped&page=1&limit=20"
    );
}

/// On the first load the chart is drawn after the rows' frame; its place is
/// held meanwhile, so the rows do not jump down when it appears.
#[wasm_bindgen_test]
async fn the_first_rows_do_not_move_when_the_chart_appears() {
    inject_css();
    let w = Widget::with(capture_01);
    // A MutationObserver runs right after the rows go in, before the idle
    // callback that draws the chart.
    let first_top = Rc::new(Cell::new(None::<f64>));
    let seen = first_top.clone();
    let root = w.root.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if seen.get().is_none() {
            if let Some(tr) = root.query_selector("tbody tr").unwrap() {
                seen.set(Some(tr.get_bounding_client_rect().top()));
            }
        }
    });
    let mo = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    mo.observe_with_options(&w.root, &init).unwrap();
    w.wait_rows(20).await;
    wait_until("the chart's segments", || {
        !w.qa(".dify-logs__chart svg rect.dify-logs__seg").is_empty()
    })
    .await;
    mo.disconnect();
    let first = first_top.get().expect("the rows seen as they went in");
    let chart = w.q(".dify-logs__chart").unwrap().get_bounding_client_rect();
    assert!(chart.height() > 100.0, "a drawn chart: {}", chart.height());
    let now = w.q("tbody tr").unwrap().get_bounding_client_rect().top();
    assert!(
        (now - first).abs() < 1.0,
        "the first row moved from {first} to {now} when the chart appeared"
    );
}

/// Where the browser has no `requestIdleCallback` (Safari), the chart is
/// drawn after a zero timeout instead.
#[wasm_bindgen_test]
async fn without_request_idle_callback_the_chart_is_still_drawn() {
    let window = web_sys::window().unwrap();
    let name = JsValue::from_str("requestIdleCallback");
    let saved = js_sys::Reflect::get(&window, &name).unwrap();
    assert!(saved.is_function(), "this browser has requestIdleCallback");
    js_sys::Reflect::set(&window, &name, &JsValue::UNDEFINED).unwrap();
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    let deadline = now_ms() + 2_000.0;
    let drawn = || !w.qa(".dify-logs__chart svg rect.dify-logs__seg").is_empty();
    while !drawn() && now_ms() < deadline {
        sleep(10).await;
    }
    // Put it back before asserting, so a failure here fails no other test.
    js_sys::Reflect::set(&window, &name, &saved).unwrap();
    assert!(drawn(), "no chart within 2 s without requestIdleCallback");
}

/// From the keyboard the link segments are one Tab stop: arrows move
/// along them, Enter or Space filters and focus goes to the Status select.
#[wasm_bindgen_test]
async fn chart_segments_filter_from_the_keyboard() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    wait_until("the chart's segments", || {
        !w.qa(".dify-logs__chart svg rect.dify-logs__seg").is_empty()
    })
    .await;
    let svg = w.q(".dify-logs__chart > svg").unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("group"));
    let summary = svg.get_attribute("aria-label").unwrap_or_default();
    assert!(
        summary.starts_with("Runs on this page per ")
            && summary.ends_with(". Succeeded, Failed and Stopped segments filter the table"),
        "{summary:?}"
    );
    let links = w.qa(".dify-logs__chart rect.dify-logs__seg--link");
    assert!(links.len() >= 3, "{} link segments", links.len());
    let tabindex = |e: &Element| e.get_attribute("tabindex").unwrap_or_default();
    let tabbable: Vec<String> = links.iter().map(tabindex).collect();
    assert_eq!(tabbable[0], "0", "the first link is the chart's Tab stop");
    assert!(tabbable[1..].iter().all(|t| t == "-1"), "{tabbable:?}");
    for l in &links {
        assert_eq!(l.get_attribute("role").as_deref(), Some("button"));
        // Named by its <title>: "09:00: 3 Failed".
        let name = l
            .first_element_child()
            .map(|t| text_of(&t))
            .unwrap_or_default();
        assert!(name.contains(": "), "{name:?}");
    }
    let running = seg(&w, "running").unwrap();
    assert!(running.get_attribute("tabindex").is_none() && running.get_attribute("role").is_none());

    let focus = |e: &Element| {
        e.clone()
            .dyn_into::<web_sys::SvgElement>()
            .unwrap()
            .focus()
            .unwrap()
    };
    let focused = |e: &Element| active_element().is_some_and(|a| same(&a, e));
    focus(&links[0]);
    key_down(&links[0], "ArrowRight");
    assert!(focused(&links[1]), "ArrowRight moves to the next segment");
    assert_eq!(
        (tabindex(&links[0]), tabindex(&links[1])),
        ("-1".into(), "0".into())
    );
    key_down(&links[1], "ArrowLeft");
    assert!(focused(&links[0]));
    key_down(&links[0], "ArrowLeft");
    assert!(focused(&links[0]), "the first stays first");
    key_down(&links[0], "End");
    assert!(focused(links.last().unwrap()));
    key_down(links.last().unwrap(), "Home");
    assert!(focused(&links[0]));
    assert_eq!(w.count(), 1, "moving sends nothing");

    let failed = seg(&w, "failed.dify-logs__seg--link").unwrap();
    focus(&failed);
    key_down(&failed, "Enter");
    assert_eq!(
        w.request(2).await,
        "/v1/workflows/logs?status=failed&page=1&limit=20"
    );
    let status = w.select("Status");
    assert_eq!(status.value(), "failed");
    assert!(
        focused(&status),
        "focus goes to the Status select, not to the page"
    );
    w.wait_rows(20).await;
    chart_caught_up().await;
    let stopped = seg(&w, "stopped.dify-logs__seg--link").unwrap();
    focus(&stopped);
    key_down(&stopped, " ");
    assert_eq!(
        w.request(3).await,
        "/v1/workflows/logs?status=stopped&page=1&limit=20"
    );
}

// ======================================================== 7. screen readers

/// The live region's text, trimmed.
fn announced(w: &Widget) -> String {
    w.q(".dify-logs__announce")
        .map(|e| text_of(&e))
        .unwrap_or_default()
}

/// The live region's text as it is (a repeat ends in a no-break space).
fn raw_announcement(w: &Widget) -> String {
    w.q(".dify-logs__announce")
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_polite_live_region_announces_each_load_and_the_error() {
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    let region = w.q(".dify-logs__announce").expect("a live region");
    assert_eq!(region.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    wait_until("the first load's announcement", || {
        announced(&w) == "63 runs, page 1 of 4"
    })
    .await;
    w.button("Next page").click();
    wait_until("page 2 announced", || {
        announced(&w) == "63 runs, page 2 of 4"
    })
    .await;

    w.respond_with(|_| network_error("offline"));
    w.button("Next page").click();
    wait_until("the error announced", || {
        announced(&w).starts_with("Runs could not be loaded: ")
    })
    .await;
    let title = text_of(&w.q(".dify-logs__alert-title").unwrap());
    assert_eq!(announced(&w), format!("Runs could not be loaded: {title}"));
    // The same failure after Retry is announced again.
    let before = raw_announcement(&w);
    w.button_with_text("[role=\"alert\"]", "Retry").click();
    w.request(4).await;
    wait_until("the repeated error announced", || {
        raw_announcement(&w) != before
    })
    .await;
    assert_eq!(announced(&w), format!("Runs could not be loaded: {title}"));

    w.respond_with(|url| ok(paged(url, 0, "none")));
    w.button_with_text("[role=\"alert\"]", "Retry").click();
    wait_until("no runs announced", || {
        announced(&w) == "No runs match these filters"
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_table_scrolls_in_a_named_region_and_its_caption_names_the_filters() {
    inject_css();
    let w = Widget::with(capture_01);
    w.wait_rows(20).await;
    let wrap = w.q(".dify-logs__table-wrap").unwrap();
    assert_eq!(wrap.get_attribute("role").as_deref(), Some("region"));
    assert_eq!(wrap.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(wrap.get_attribute("aria-label").as_deref(), Some("Runs"));
    let caption = || text_of(&w.q("table.dify-logs__table > caption").unwrap());
    assert_eq!(caption(), "Workflow runs, newest first, no filters");
    let c = w.q("table.dify-logs__table > caption").unwrap();
    let rect = c.get_bounding_client_rect();
    assert!(
        rect.width() <= 1.0 && rect.height() <= 1.0,
        "the caption is not shown"
    );

    choose(&w.select("Status"), "failed");
    w.request(2).await;
    wait_until("the caption of the failed runs", || {
        caption() == "Workflow runs, newest first, filtered by Status: Failed"
    })
    .await;
}

// ================================================================ 8. theme

#[wasm_bindgen_test]
async fn dark_theme_uses_a_dark_background() {
    inject_css();
    let dark = Widget::mount(json!({"apiBase": "/v1", "theme": "dark"}), capture_01);
    let light = Widget::mount(json!({"apiBase": "/v1", "theme": "light"}), capture_01);
    dark.wait_rows(20).await;
    light.wait_rows(20).await;
    let d = widget_root(&dark);
    let l = widget_root(&light);
    assert!(d.class_list().contains("dify-logs--dark"));
    assert!(!d.class_list().contains("dify-logs--light"));
    assert!(l.class_list().contains("dify-logs--light"));
    let (dbg, lbg) = (
        computed(&d, "background-color"),
        computed(&l, "background-color"),
    );
    assert_eq!(lbg, "rgb(255, 255, 255)");
    assert_ne!(dbg, lbg, "dark does not use the light background");
    assert_eq!(dbg, "rgb(17, 24, 39)");
    assert_ne!(computed(&d, "color"), computed(&l, "color"));
}
