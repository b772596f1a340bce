//! The `<dify-logs>` custom element. A small class (the JS below: a class
//! that extends `HTMLElement` cannot be written in Rust) forwards the
//! element's life to Rust: connecting mounts the widget into the element
//! (light DOM), an attribute or the `options` / `filters` property updates
//! the running widget, and disconnecting unmounts it, unless the element
//! is back in the document by the next microtask (a move).
//!
//! Options come from `domain::attributes::options_from`, as for `mount()`
//! and `data-dify-logs`; bad ones show their message in the element (and
//! in the console and a `dify-logs:error` event) instead of a widget.

use crate::api::client::{FetchTransport, Transport};
use crate::components::events::{dispatch, error_detail};
use crate::domain::attributes::{element_attributes, options_from};
use crate::{mount_with, WidgetHandle};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The tag `init()` defines.
pub const DEFAULT_NAME: &str = "dify-logs";

/// The class that shows a bad configuration in place of the widget.
const ERROR_CLASS: &str = "dify-logs-config-error";

#[wasm_bindgen(inline_js = r#"
export function define_element(name, attrs, connected, disconnected, changed) {
  if (customElements.get(name)) return false;
  class DifyLogsElement extends HTMLElement {
    static get observedAttributes() { return attrs; }
    connectedCallback() {
      // A property set before the class was defined sits on the instance
      // and hides the accessor: move it through the accessor.
      for (const p of ["options", "filters"]) {
        if (Object.prototype.hasOwnProperty.call(this, p)) {
          const v = this[p];
          delete this[p];
          this[p] = v;
        }
      }
      connected(this);
    }
    disconnectedCallback() { disconnected(this); }
    attributeChangedCallback(_name, before, after) {
      if (before !== after && this.isConnected) changed(this);
    }
    get options() { return this.__difyLogsOptions ?? null; }
    set options(v) { this.__difyLogsOptions = v ?? null; if (this.isConnected) changed(this); }
    get filters() { return this.__difyLogsFilters ?? null; }
    set filters(v) { this.__difyLogsFilters = v ?? null; if (this.isConnected) changed(this); }
  }
  customElements.define(name, DifyLogsElement);
  return true;
}
export function element_key(el) { return el.__difyLogsKey; }
export function set_element_key(el, key) { el.__difyLogsKey = key; }
export function element_prop(el, name) {
  const v = el[name];
  return v === undefined || v === null ? undefined : JSON.stringify(v);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn define_element(
        name: &str,
        attrs: js_sys::Array,
        connected: &JsValue,
        disconnected: &JsValue,
        changed: &JsValue,
    ) -> Result<bool, JsValue>;
    fn element_key(el: &web_sys::HtmlElement) -> Option<u32>;
    fn set_element_key(el: &web_sys::HtmlElement, key: u32);
    /// The `options` or `filters` property as JSON text, if set.
    fn element_prop(el: &web_sys::HtmlElement, name: &str) -> Option<String>;
}

thread_local! {
    /// The transport of widgets mounted by elements: `fetch`, or canned
    /// answers in the browser tests ([`set_transport`]).
    static TRANSPORT: RefCell<Option<Rc<dyn Transport>>> = const { RefCell::new(None) };
    /// The widgets of connected elements, by the key stored on each.
    static MOUNTED: RefCell<HashMap<u32, WidgetHandle>> = RefCell::new(HashMap::new());
    static NEXT_KEY: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// The seam for tests: elements mounted from now on use `t` (`None`:
/// `fetch`).
#[doc(hidden)]
pub fn set_transport(t: Option<Rc<dyn Transport>>) {
    TRANSPORT.with(|slot| *slot.borrow_mut() = t);
}

fn transport() -> Rc<dyn Transport> {
    TRANSPORT
        .with(|t| t.borrow().clone())
        .unwrap_or_else(|| Rc::new(FetchTransport))
}

fn key_of(el: &web_sys::HtmlElement) -> u32 {
    element_key(el).unwrap_or_else(|| {
        let key = NEXT_KEY.with(|k| {
            let v = k.get();
            k.set(v.wrapping_add(1));
            v
        });
        set_element_key(el, key);
        key
    })
}

/// Defines the element under `name`; an error names what the browser
/// refused (an invalid name) or that the name is taken.
pub fn define(name: &str) -> Result<(), String> {
    let attrs: js_sys::Array = element_attributes()
        .into_iter()
        .map(JsValue::from_str)
        .collect();
    let cb = |f: fn(web_sys::HtmlElement)| {
        // One set per defined name, for the life of the page.
        Closure::<dyn Fn(web_sys::HtmlElement)>::new(f).into_js_value()
    };
    match define_element(name, attrs, &cb(connected), &cb(disconnected), &cb(changed)) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!(
            "dify-logs: <{name}> is already defined on this page"
        )),
        Err(e) => Err(format!(
            "dify-logs: cannot define <{name}>: {}",
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the browser refused the name".into())
        )),
    }
}

/// The element's options: its `options` and `filters` properties under its
/// attributes.
fn read_options(el: &web_sys::HtmlElement) -> Result<crate::domain::options::MountOptions, String> {
    let prop = |name: &str| -> Result<Option<Value>, String> {
        element_prop(el, name)
            .map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|_| format!("dify-logs: the {name} property must be a plain object"))
    };
    let (base, filters) = (prop("options")?, prop("filters")?);
    options_from("", base.as_ref(), filters.as_ref(), |n| el.get_attribute(n))
}

fn connected(el: web_sys::HtmlElement) {
    let key = key_of(&el);
    if MOUNTED.with(|m| m.borrow().contains_key(&key)) {
        return; // moved: the widget came along
    }
    mount_into(&el, key);
}

fn disconnected(el: web_sys::HtmlElement) {
    // A move disconnects and connects again at once: wait for the next
    // microtask before letting the widget go.
    wasm_bindgen_futures::spawn_local(async move {
        if !el.is_connected() {
            let key = key_of(&el);
            let handle = MOUNTED.with(|m| m.borrow_mut().remove(&key));
            drop(handle); // unmounts: aborts requests, frees its state
        }
    });
}

fn changed(el: web_sys::HtmlElement) {
    let key = key_of(&el);
    let updated = MOUNTED.with(|m| {
        m.borrow()
            .get(&key)
            .map(|h| read_options(&el).and_then(|o| h.update(o)))
    });
    match updated {
        Some(Ok(())) => {}
        Some(Err(msg)) => {
            MOUNTED.with(|m| m.borrow_mut().remove(&key));
            show_error(&el, &msg);
        }
        None => mount_into(&el, key),
    }
}

fn mount_into(el: &web_sys::HtmlElement, key: u32) {
    clear_error(el);
    match read_options(el).and_then(|o| mount_with(el.clone(), o, transport())) {
        Ok(handle) => {
            MOUNTED.with(|m| m.borrow_mut().insert(key, handle));
        }
        Err(msg) => show_error(el, &msg),
    }
}

/// The message in the element, the console and a `dify-logs:error` event.
fn show_error(el: &web_sys::HtmlElement, msg: &str) {
    clear_error(el);
    web_sys::console::error_1(&JsValue::from_str(msg));
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(p) = doc.create_element("p") {
            p.set_class_name(ERROR_CLASS);
            let _ = p.set_attribute("role", "alert");
            p.set_text_content(Some(msg));
            let _ = el.append_child(&p);
        }
    }
    let detail = error_detail("invalid_options", msg, None);
    dispatch(el, "dify-logs:error", &detail, false);
}

fn clear_error(el: &web_sys::HtmlElement) {
    if let Ok(Some(p)) = el.query_selector(&format!(":scope > .{ERROR_CLASS}")) {
        p.remove();
    }
}
