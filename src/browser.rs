//! The few facts only the browser knows: the clock, the local time zone,
//! storage, the page's address and its `Intl`. The zone and the clock come from chrono
//! (`Local` and `Utc` read JavaScript's `Date` in the browser); native
//! builds (unit tests, clippy) get the machine's zone.

use chrono::{DateTime, Offset, TimeZone};
use chrono::{Local, Utc};

/// Minutes east of UTC at a unix instant, in the browser's zone (0 beyond
/// chrono's range).
pub fn offset_at_unix(secs: i64) -> i32 {
    DateTime::from_timestamp(secs, 0)
        .map(|t| minutes(Local.offset_from_utc_datetime(&t.naive_utc())))
        .unwrap_or(0)
}

fn minutes(offset: impl Offset) -> i32 {
    offset.fix().local_minus_utc() / 60
}

/// Now, in seconds since the epoch.
pub fn now_secs() -> i64 {
    Utc::now().timestamp()
}

/// A value from localStorage; `None` when absent or storage is blocked.
pub fn load_local(key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(key).ok().flatten())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Stores a value in localStorage; silently does nothing where storage is
/// blocked (private windows, sandboxed frames).
pub fn save_local(key: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
    let _ = (key, value);
}

/// The host page's query string (`?a=1`), or `""`.
pub fn location_search() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

/// Replaces the host page's query string without a reload or a history
/// entry; the path and the fragment stay.
pub fn replace_search(search: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        let loc = w.location();
        let url = format!(
            "{}{}{}",
            loc.pathname().unwrap_or_default(),
            search,
            loc.hash().unwrap_or_default()
        );
        if loc.search().ok().as_deref() != Some(search) {
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    }
    let _ = search;
}

/// Offers `text` as a file download (a Blob behind a temporary link).
pub fn download(file_name: &str, mime: &str, text: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(a) = doc
            .and_then(|d| d.create_element("a").ok())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(file_name);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    let _ = (file_name, mime, text);
}

/// True while the host page's tab is in the background.
pub fn page_hidden() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden())
    }
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// The host page's `<html lang>`, if set.
pub fn html_lang() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .filter(|l| !l.trim().is_empty())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// The browser's languages, `navigator.language` first.
pub fn languages() -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
            return Vec::new();
        };
        let mut out: Vec<String> = nav.language().into_iter().collect();
        out.extend(nav.languages().iter().filter_map(|v| v.as_string()));
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}

/// `Intl` objects through `Reflect`, which catches what a constructor
/// throws (js-sys's own `new` bindings do not): shared by the formats
/// (`text/intl.rs`) and the named zones (`domain/zone.rs`).
#[cfg(target_arch = "wasm32")]
pub mod js {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    /// `new Intl[class](locales, options)`, or `None` when it throws (a
    /// malformed tag, an unknown time zone) or the engine lacks the class.
    pub fn construct(class: &str, locales: &[&str], options: &Object) -> Option<JsValue> {
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let ctor: Function = Reflect::get(&intl, &JsValue::from_str(class))
            .ok()?
            .dyn_into()
            .ok()?;
        let tags: Array = locales.iter().map(|t| JsValue::from_str(t)).collect();
        Reflect::construct(&ctor, &Array::of2(&tags, options)).ok()
    }

    /// An options object from string and number entries.
    pub fn options(entries: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in entries {
            // Setting a property of a fresh plain object cannot fail.
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o
    }
}
