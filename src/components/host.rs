//! What a mount holds: the options as the host page last set them, and the
//! widget built from them. A change of filters, page size or theme goes to
//! the running widget (same DOM, a new request); a change of what the
//! widget is built from (apps, keys, language, zone) builds it again in
//! place, keeping the user's filters and page.

use crate::api::client::{Client, Transport};
use crate::components::hooks::Carry;
use crate::components::widget::LogsWidget;
use crate::domain::options::MountOptions;
use crate::domain::zone::Zone;
use crate::text::i18n;
use crate::text::intl::Fmt;
use leptos::prelude::*;
use std::rc::Rc;

/// The widget's zone and formats for `options`, or why they cannot be had
/// (an unknown `timeZone`).
pub fn resolve(options: &MountOptions) -> Result<(Zone, Fmt), String> {
    let zone = match options.time_zone.as_deref() {
        Some(name) => Zone::named(name).map_err(|m| format!("dify-logs: {m}"))?,
        None => Zone::browser(),
    };
    Ok((zone, widget_fmt(options.locale.as_deref())))
}

/// The widget's language: the `locale` option, else the host page's
/// `<html lang>`, else the browser's languages, else English.
fn widget_fmt(option: Option<&str>) -> Fmt {
    let html = crate::browser::html_lang();
    let browser_langs = crate::browser::languages();
    let candidates = option
        .into_iter()
        .chain(html.as_deref())
        .chain(browser_langs.iter().map(String::as_str));
    let (locale, tag) = i18n::choose(candidates);
    Fmt::new(locale, &tag)
}

/// The widget of one mount, following `live`.
#[component]
pub fn Host(
    live: ArcRwSignal<MountOptions>,
    transport: Rc<dyn Transport>,
    host: web_sys::Element,
) -> impl IntoView {
    let build = {
        let live = live.clone();
        Memo::new(move |prev: Option<&MountOptions>| {
            let now = live.get();
            match prev {
                Some(p) if p.same_build(&now) => p.clone(),
                _ => now,
            }
        })
    };
    let carry = StoredValue::new(Carry::default());
    // Not `Send`: kept where the view closure can reach them.
    let transport = StoredValue::new_local(transport);
    let host = StoredValue::new_local(host);
    let soft = Signal::derive(move || live.with(|o| (o.filters.clone(), o.theme)));
    move || {
        let mut options = build.get();
        let (live_filters, theme) = soft.get_untracked();
        options.theme = theme;
        let c = carry.get_value();
        if let Some(q) = c.query.filter(|_| c.seen.as_ref() == Some(&live_filters)) {
            options.filters = q;
        } else {
            options.filters = live_filters;
        }
        // The zone was checked before the options were set.
        let (zone, fmt) = resolve(&options).unwrap_or_else(|_| (Zone::browser(), widget_fmt(None)));
        let client = Client::new(
            options.api_base.clone(),
            options.api_key.clone(),
            transport.get_value(),
        );
        let host = host.get_value();
        view! { <LogsWidget options client fmt zone host soft carry /> }
    }
}
