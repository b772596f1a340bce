//! dify-logs: browse a Dify workflow app's logs in any dashboard.
//!
//! The embedding face: `init()` (wasm-bindgen start) defines the
//! `<dify-logs>` element (`element.rs`) and mounts every `[data-dify-logs]`
//! element; `mount(element, options)` mounts one widget and returns a
//! handle with `unmount()`. All three go through [`mount_with`].

pub mod api;
pub mod browser;
pub mod components;
pub mod domain;
pub mod element;
pub mod text;

use api::client::{FetchTransport, Transport};
#[cfg(target_arch = "wasm32")]
use domain::attributes::options_from_attributes;
use domain::options::{parse_options_json, MountOptions};
use leptos::prelude::{ArcRwSignal, Set};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A mounted widget. Dropping it (or `unmount()`) removes the widget,
/// aborts its requests and frees its state.
#[wasm_bindgen]
pub struct WidgetHandle {
    inner: Option<Box<dyn std::any::Any>>,
    root: Option<web_sys::Element>,
    live: Option<ArcRwSignal<MountOptions>>,
}

impl WidgetHandle {
    /// Gives the running widget new options: filters, page size and theme
    /// in place, the rest by building it again with the user's filters
    /// kept. Refused (and nothing changes) for an unknown time zone.
    pub fn update(&self, options: MountOptions) -> Result<(), String> {
        components::host::resolve(&options)?;
        if let Some(live) = &self.live {
            live.set(options);
        }
        Ok(())
    }
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget from the page; calling it twice is harmless.
    pub fn unmount(&mut self) {
        self.inner.take();
        self.live.take();
        if let Some(el) = self.root.take() {
            let _ = el.remove_attribute(MOUNTED_ATTR);
        }
    }
}

/// Dropping a handle unmounts its widget, so the element can hold another.
impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.unmount();
    }
}

const MOUNTED_ATTR: &str = "data-dify-logs-mounted";

/// Mounts a widget into `element` with `options`
/// (`{ apiBase, apiKey?, pageSize?, theme?, locale?, timeZone?, filters? }`). Throws a JS
/// `Error` with a clear message on invalid options; nothing is mounted then.
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue) -> Result<WidgetHandle, JsError> {
    let el: web_sys::HtmlElement = element
        .dyn_into()
        .map_err(|_| JsError::new("dify-logs: mount(element, options) needs a DOM element"))?;
    let text = if options.is_undefined() || options.is_null() {
        "null".to_string()
    } else {
        js_sys::JSON::stringify(&options)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| JsError::new("dify-logs: options must be a plain object"))?
    };
    let opts = parse_options_json(&text).map_err(|m| JsError::new(&m))?;
    mount_with(el, opts, Rc::new(FetchTransport)).map_err(|m| JsError::new(&m))
}

/// Mounts with a given transport: the seam component tests use to feed
/// canned responses.
pub fn mount_with(
    el: web_sys::HtmlElement,
    opts: MountOptions,
    transport: Rc<dyn Transport>,
) -> Result<WidgetHandle, String> {
    if el.has_attribute(MOUNTED_ATTR) {
        return Err("dify-logs: this element already holds a widget; unmount it first".into());
    }
    let mut opts = opts;
    if opts.id.is_none() {
        opts.id = Some(el.id()).filter(|id| !id.is_empty());
    }
    components::host::resolve(&opts)?;
    let _ = el.set_attribute(MOUNTED_ATTR, "");
    let root: web_sys::Element = el.clone().into();
    let live = ArcRwSignal::new(opts);
    let handle = {
        let (live, host) = (live.clone(), root.clone());
        leptos::mount::mount_to(el, move || {
            leptos::view! { <components::host::Host live transport host /> }
        })
    };
    Ok(WidgetHandle {
        inner: Some(Box::new(handle)),
        root: Some(root),
        live: Some(live),
    })
}

thread_local! {
    static DECLARATIVE: std::cell::RefCell<Vec<WidgetHandle>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs on `init()`: mounts every `[data-dify-logs]` element. A bad element
/// gets its message in the console and the page goes on.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    {
        // A page that took the name for something else keeps it; it can
        // still call defineElement with another.
        let _ = element::define(element::DEFAULT_NAME);
        mount_declarative();
    }
}

/// Defines the widget's custom element under `name` (default `dify-logs`),
/// for a page that wants another tag. Throws for a name the browser
/// refuses or one already defined.
#[wasm_bindgen(js_name = defineElement)]
pub fn define_element(name: Option<String>) -> Result<(), JsError> {
    let name = name.unwrap_or_else(|| element::DEFAULT_NAME.to_string());
    element::define(&name).map_err(|m| JsError::new(&m))
}

#[cfg(target_arch = "wasm32")]
fn mount_declarative() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = doc.query_selector_all("[data-dify-logs]") else {
        return;
    };
    for i in 0..list.length() {
        let Some(el) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        if el.has_attribute(MOUNTED_ATTR) {
            continue;
        }
        let result = options_from_attributes(|name| el.get_attribute(name))
            .and_then(|o| mount_with(el.clone(), o, Rc::new(FetchTransport)));
        match result {
            Ok(h) => DECLARATIVE.with(|d| d.borrow_mut().push(h)),
            Err(m) => web_sys::console::error_1(&JsValue::from_str(&m)),
        }
    }
}
