//! dify-logs: browse a Dify workflow app's logs in any dashboard.
//!
//! The embedding face: `init()` (wasm-bindgen start) mounts every
//! `[data-dify-logs]` element; `mount(element, options)` mounts one widget
//! and returns a handle with `unmount()`.

pub mod api;
pub mod browser;
pub mod components;
pub mod domain;
pub mod text;

use api::client::{Client, FetchTransport, Transport};
#[cfg(target_arch = "wasm32")]
use domain::attributes::options_from_attributes;
use domain::options::{parse_options_json, MountOptions};
use domain::zone;
use std::rc::Rc;
use text::{i18n, intl};
use wasm_bindgen::prelude::*;

/// A mounted widget. Dropping it (or `unmount()`) removes the widget,
/// aborts its requests and frees its state.
#[wasm_bindgen]
pub struct WidgetHandle {
    inner: Option<Box<dyn std::any::Any>>,
    root: Option<web_sys::Element>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget from the page; calling it twice is harmless.
    pub fn unmount(&mut self) {
        self.inner.take();
        if let Some(el) = self.root.take() {
            let _ = el.remove_attribute(MOUNTED_ATTR);
        }
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
    let zone = match opts.time_zone.as_deref() {
        Some(name) => zone::Zone::named(name).map_err(|m| format!("dify-logs: {m}"))?,
        None => zone::Zone::browser(),
    };
    let fmt = widget_fmt(opts.locale.as_deref());
    let client = Client::new(opts.api_base.clone(), opts.api_key.clone(), transport);
    let _ = el.set_attribute(MOUNTED_ATTR, "");
    let root: web_sys::Element = el.clone().into();
    let handle = leptos::mount::mount_to(el, move || {
        leptos::view! { <components::widget::LogsWidget options=opts client=client fmt=fmt zone=zone /> }
    });
    Ok(WidgetHandle {
        inner: Some(Box::new(handle)),
        root: Some(root),
    })
}

/// The widget's language: the `locale` option, else the host page's
/// `<html lang>`, else the browser's languages, else English.
fn widget_fmt(option: Option<&str>) -> intl::Fmt {
    let html = browser::html_lang();
    let browser_langs = browser::languages();
    let candidates = option
        .into_iter()
        .chain(html.as_deref())
        .chain(browser_langs.iter().map(String::as_str));
    let (locale, tag) = i18n::choose(candidates);
    intl::Fmt::new(locale, &tag)
}

thread_local! {
    static DECLARATIVE: std::cell::RefCell<Vec<WidgetHandle>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs on `init()`: mounts every `[data-dify-logs]` element. A bad element
/// gets its message in the console and the page goes on.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    mount_declarative();
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
