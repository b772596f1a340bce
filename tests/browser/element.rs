//! The `<dify-logs>` element and the widget's events, on canned responses
//! (`element::set_transport`): each attribute's effect on the request,
//! live changes without a remount, connect / move / disconnect, every
//! event's detail, `preventDefault()` on select, two elements on a page.

use crate::support::*;
use dify_logs::api::client::Transport;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

#[wasm_bindgen(inline_js = r#"
export function record_events(el) {
  const seen = [];
  for (const name of ["dify-logs:load", "dify-logs:select", "dify-logs:error", "dify-logs:filters"]) {
    el.addEventListener(name, (e) => seen.push({ type: e.type, detail: e.detail, bubbles: e.bubbles, cancelable: e.cancelable }));
  }
  el.__seen = seen;
}
export function events_json(el) { return JSON.stringify(el.__seen || []); }
export function prevent_select(el) { el.addEventListener("dify-logs:select", (e) => e.preventDefault()); }
export function set_prop(el, name, json) { el[name] = json === null ? null : JSON.parse(json); }
"#)]
extern "C" {
    fn record_events(el: &Element);
    fn events_json(el: &Element) -> String;
    fn prevent_select(el: &Element);
    fn set_prop(el: &Element, name: &str, json: Option<String>);
}

/// A fake API for elements, and an element (not yet in the page).
struct Fixture {
    api: Rc<FakeApi>,
}

impl Fixture {
    fn new(responder: impl Fn(&str) -> Answer + 'static) -> Self {
        let _ = dify_logs::element::define("dify-logs");
        let api = Rc::new(FakeApi {
            sent: RefCell::new(Vec::new()),
            responder: RefCell::new(Rc::new(responder)),
        });
        let t: Rc<dyn Transport> = api.clone();
        dify_logs::element::set_transport(Some(t));
        Self { api }
    }

    fn element(&self, attrs: &[(&str, &str)]) -> HtmlElement {
        let el: HtmlElement = document()
            .create_element("dify-logs")
            .unwrap()
            .unchecked_into();
        for (k, v) in attrs {
            el.set_attribute(k, v).unwrap();
        }
        el
    }

    fn urls(&self) -> Vec<String> {
        self.api
            .sent
            .borrow()
            .iter()
            .map(|s| s.url.clone())
            .collect()
    }

    async fn request(&self, n: usize) -> String {
        wait_until(&format!("request #{n} ({:?})", self.urls()), || {
            self.api.sent.borrow().len() >= n
        })
        .await;
        self.urls()[n - 1].clone()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        dify_logs::element::set_transport(None);
    }
}

fn rows(el: &Element) -> usize {
    el.query_selector_all("tr.dify-logs__row").unwrap().length() as usize
}

async fn wait_rows(el: &Element, n: usize) {
    wait_until(&format!("{n} rows"), || rows(el) == n).await;
}

fn events(el: &Element) -> Vec<Value> {
    serde_json::from_str(&events_json(el)).unwrap()
}

fn events_of(el: &Element, kind: &str) -> Vec<Value> {
    events(el)
        .into_iter()
        .filter(|e| e["type"] == kind)
        .collect()
}

/// True when `el`'s filter bar is still the node `bar`.
fn same_bar(bar: &Element, el: &Element) -> bool {
    el.query_selector(".dify-logs__filters")
        .unwrap()
        .is_some_and(|now| bar.is_same_node(Some(&now)))
}

fn body() -> HtmlElement {
    document().body().unwrap()
}

#[wasm_bindgen_test]
async fn each_attribute_shapes_the_request() {
    let f = Fixture::new(|url| ok(paged(url, 95, "el")));
    let el = f.element(&[
        ("api-base", "/custom/v1/"),
        ("api-key", "app-el"),
        ("page-size", "50"),
        ("keyword", "alpha"),
        ("status", "failed"),
        ("after", "2026-11-01T00:00:00Z"),
        ("before", "2026-11-02T00:00:00Z"),
        ("session-id", "s-1"),
        ("account", "a@b.c"),
        ("theme", "dark"),
        ("locale", "ja"),
        ("time-zone", "Asia/Tokyo"),
    ]);
    body().append_child(&el).unwrap();
    let url = f.request(1).await;
    assert!(url.starts_with("/custom/v1/workflows/logs?"), "{url}");
    for (k, v) in [
        ("limit", "50"),
        ("keyword", "alpha"),
        ("status", "failed"),
        ("created_at__after", "2026-11-01T00:00:00Z"),
        ("created_at__before", "2026-11-02T00:00:00Z"),
        ("created_by_end_user_session_id", "s-1"),
        ("created_by_account", "a@b.c"),
    ] {
        assert_eq!(param(&url, k).as_deref(), Some(v), "{k} in {url}");
    }
    assert_eq!(
        f.api.sent.borrow()[0].authorization.as_deref(),
        Some("Bearer app-el")
    );
    wait_rows(&el, 50).await;
    let root = el.query_selector(".dify-logs").unwrap().unwrap();
    assert!(root.class_name().contains("dify-logs--dark"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("ja"));
    el.remove();
}

#[wasm_bindgen_test]
async fn a_changed_attribute_requeries_without_a_remount() {
    let f = Fixture::new(|url| ok(paged(url, 95, "live")));
    let el = f.element(&[("api-base", "/v1")]);
    record_events(&el);
    body().append_child(&el).unwrap();
    wait_rows(&el, 20).await;
    let bar = el.query_selector(".dify-logs__filters").unwrap().unwrap();
    el.set_attribute("status", "stopped").unwrap();
    let url = f.request(2).await;
    assert_eq!(param(&url, "status").as_deref(), Some("stopped"));
    let bar_after = el.query_selector(".dify-logs__filters").unwrap().unwrap();
    assert!(bar.is_same_node(Some(&bar_after)), "the same filter bar");
    let select: web_sys::HtmlSelectElement = el
        .query_selector("select[name=\"status\"]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(select.value(), "stopped");
    // A property: the filters object, then the page size.
    set_prop(&el, "filters", Some(r#"{"keyword": "beta"}"#.into()));
    let url = f.request(3).await;
    assert_eq!(param(&url, "keyword").as_deref(), Some("beta"));
    assert_eq!(
        param(&url, "status").as_deref(),
        Some("stopped"),
        "attributes win"
    );
    el.set_attribute("page-size", "10").unwrap();
    let url = f.request(4).await;
    assert_eq!(param(&url, "limit").as_deref(), Some("10"));
    wait_rows(&el, 10).await;
    assert!(same_bar(&bar, &el));
    // The theme is taken in place too.
    el.set_attribute("theme", "dark").unwrap();
    wait_until("dark", || {
        el.query_selector(".dify-logs--dark").unwrap().is_some()
    })
    .await;
    assert_eq!(f.urls().len(), 4, "a theme is no request");
    // A new locale re-renders the texts, keeping the filters and the host.
    el.set_attribute("locale", "zh-CN").unwrap();
    wait_until("Chinese texts", || {
        el.query_selector(".dify-logs")
            .unwrap()
            .and_then(|r| r.get_attribute("lang"))
            .as_deref()
            == Some("zh-CN")
    })
    .await;
    let url = f.request(5).await;
    assert_eq!(
        param(&url, "keyword").as_deref(),
        Some("beta"),
        "filters kept: {url}"
    );
    assert_eq!(param(&url, "limit").as_deref(), Some("10"));
    let filters = events_of(&el, "dify-logs:filters");
    assert!(filters.len() >= 3, "{filters:?}");
    assert_eq!(filters[0]["detail"]["status"], "stopped");
    assert_eq!(filters.last().unwrap()["detail"]["pageSize"], 10);
    el.remove();
}

#[wasm_bindgen_test]
async fn connect_move_disconnect_and_reconnect() {
    let f = Fixture::new(|url| ok(paged(url, 40, "cx")).after(300).abortable());
    let el = f.element(&[("api-base", "/v1")]);
    body().append_child(&el).unwrap();
    let _ = f.request(1).await;
    wait_rows(&el, 20).await;
    let bar = el.query_selector(".dify-logs__filters").unwrap().unwrap();
    // Moved into another parent: the same widget, no new request.
    let other = new_container();
    other.append_child(&el).unwrap();
    sleep(50).await;
    assert!(same_bar(&bar, &el));
    assert_eq!(f.urls().len(), 1);
    // A request in flight when it leaves is aborted, and nothing follows.
    el.set_attribute("status", "failed").unwrap();
    let _ = f.request(2).await;
    el.remove();
    sleep(20).await;
    let sent = f.api.sent.borrow().clone();
    assert!(
        sent[1].signal.as_ref().is_some_and(|s| s.aborted()),
        "aborted on disconnect"
    );
    assert!(
        el.query_selector(".dify-logs").unwrap().is_none(),
        "unmounted"
    );
    sleep(400).await;
    assert_eq!(f.urls().len(), 2, "no request after the element left");
    // Back in the page: a fresh widget with the element's attributes.
    other.append_child(&el).unwrap();
    let url = f.request(3).await;
    assert_eq!(param(&url, "status").as_deref(), Some("failed"));
    wait_rows(&el, 20).await;
    el.remove();
    other.remove();
}

#[wasm_bindgen_test]
async fn every_event_with_its_detail_and_select_can_be_prevented() {
    let f = Fixture::new(|url| {
        if url.contains("/workflows/run/") {
            ok(capture(captures::RUN_DETAIL_OK))
        } else if param(url, "status").as_deref() == Some("failed") {
            ok(capture(captures::WRONG_KEY_401))
        } else {
            ok(paged(url, 45, "ev"))
        }
    });
    let el = f.element(&[("api-base", "/v1"), ("api-key", "app-secret-ev")]);
    record_events(&el);
    body().append_child(&el).unwrap();
    wait_rows(&el, 20).await;
    wait_until("a load event", || {
        !events_of(&el, "dify-logs:load").is_empty()
    })
    .await;
    let load = &events_of(&el, "dify-logs:load")[0];
    assert_eq!(load["bubbles"], true);
    assert_eq!(
        load["detail"],
        json!({"total": 45, "page": 1, "pageSize": 20, "query": {
            "keyword": "", "status": "", "after": null, "before": null,
            "sessionId": "", "account": "", "app": ""}})
    );

    // Select: the detail, then the panel opens.
    let row = el
        .query_selector("tr[data-log-id=\"ev-1-0\"]")
        .unwrap()
        .unwrap();
    fire(&row, "click");
    wait_until("the panel", || {
        el.query_selector("[role=\"dialog\"]").unwrap().is_some()
    })
    .await;
    let select = &events_of(&el, "dify-logs:select")[0];
    assert_eq!(select["cancelable"], true);
    assert_eq!(
        select["detail"],
        json!({"logId": "ev-1-0", "runId": "run-ev-1-0", "status": "succeeded", "app": null})
    );
    let close: HtmlElement = el
        .query_selector("[aria-label=\"Close run details\"]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    close.click();
    // preventDefault keeps the panel closed and asks nothing.
    prevent_select(&el);
    let before = f.urls().len();
    let row = el
        .query_selector("tr[data-log-id=\"ev-1-1\"]")
        .unwrap()
        .unwrap();
    fire(&row, "click");
    sleep(100).await;
    assert!(el.query_selector("[role=\"dialog\"]").unwrap().is_none());
    assert_eq!(f.urls().len(), before, "no run request");
    assert_eq!(events_of(&el, "dify-logs:select").len(), 2);

    // An error, after a filter change.
    el.set_attribute("status", "failed").unwrap();
    wait_until("an error event", || {
        !events_of(&el, "dify-logs:error").is_empty()
    })
    .await;
    let error = &events_of(&el, "dify-logs:error")[0];
    assert_eq!(error["detail"]["status"], 401);
    assert_eq!(error["detail"]["code"], "unauthorized");
    assert!(error["detail"]["message"].as_str().unwrap().len() > 10);
    let filters = events_of(&el, "dify-logs:filters");
    assert_eq!(filters.last().unwrap()["detail"]["status"], "failed");
    assert!(
        !events_json(&el).contains("app-secret-ev"),
        "the key is in no event"
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn bad_attributes_show_a_clear_message_and_then_mount() {
    let f = Fixture::new(|url| ok(paged(url, 5, "bad")));
    let el = f.element(&[("api-base", "/v1"), ("page-size", "500")]);
    record_events(&el);
    body().append_child(&el).unwrap();
    sleep(30).await;
    let msg = el
        .query_selector("[role=\"alert\"]")
        .unwrap()
        .expect("a message");
    assert!(text_of(&msg).contains("pageSize must be a whole number from 1 to 100"));
    assert!(f.urls().is_empty(), "no request with a bad parameter");
    assert_eq!(
        events_of(&el, "dify-logs:error")[0]["detail"]["code"],
        "invalid_options"
    );
    el.set_attribute("page-size", "5").unwrap();
    wait_rows(&el, 5).await;
    assert!(el
        .query_selector(".dify-logs-config-error")
        .unwrap()
        .is_none());
    // A bad value on a running widget: the message replaces it.
    el.set_attribute("time-zone", "Mars/Base").unwrap();
    wait_until("the zone message", || {
        el.query_selector(".dify-logs-config-error")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(el.query_selector(".dify-logs").unwrap().is_none());
    el.remove();
}

#[wasm_bindgen_test]
async fn two_elements_on_one_page_are_independent() {
    let f = Fixture::new(|url| {
        let tag = if url.starts_with("/a/") { "A" } else { "B" };
        ok(paged(url, 30, tag))
    });
    let a = f.element(&[("api-base", "/a/v1"), ("id", "el-a")]);
    let b = f.element(&[("api-base", "/b/v1"), ("id", "el-b"), ("page-size", "10")]);
    record_events(&a);
    record_events(&b);
    body().append_child(&a).unwrap();
    body().append_child(&b).unwrap();
    wait_rows(&a, 20).await;
    wait_rows(&b, 10).await;
    b.set_attribute("status", "failed").unwrap();
    wait_until("b's filters event", || {
        !events_of(&b, "dify-logs:filters").is_empty()
    })
    .await;
    sleep(50).await;
    assert!(
        events_of(&a, "dify-logs:filters").is_empty(),
        "a's filters stayed"
    );
    let a_urls: Vec<String> = f
        .urls()
        .into_iter()
        .filter(|u| u.starts_with("/a/"))
        .collect();
    assert_eq!(a_urls.len(), 1);
    a.remove();
    b.remove();
}

#[wasm_bindgen_test]
fn define_element_refuses_bad_and_taken_names() {
    let _ = dify_logs::element::define("dify-logs");
    let e = dify_logs::element::define("dify-logs").unwrap_err();
    assert!(e.contains("already defined"), "{e}");
    let e = dify_logs::element::define("nodash").unwrap_err();
    assert!(e.contains("cannot define <nodash>"), "{e}");
    assert!(dify_logs::element::define("my-runs-table").is_ok());
}
