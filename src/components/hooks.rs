//! The widget's wiring to the browser, each a small `use_*` function on
//! leptos-use: saved preferences, the clock for relative times, the
//! deep-link URL, and auto-refresh.

use crate::api::query::LogQuery;
use crate::components::logs::Logs;
use crate::components::state::FilterState;
use crate::domain::deeplink;
use crate::domain::options::Theme;
use crate::domain::prefs::{storage_key, Prefs};
use crate::domain::refresh::AutoRefresh;
use codee::string::FromToStringCodec;
use leptos::prelude::*;
use leptos_use_document_visibility::use_document_visibility;
use leptos_use_interval_fn::{use_interval_fn, Pausable};
use leptos_use_storage::use_local_storage;

/// View preferences saved in localStorage under the widget's id (never the
/// key or the filters); written only when the user changes them.
pub fn use_prefs(widget_id: &str) -> (Signal<Prefs>, WriteSignal<Prefs>) {
    let key = storage_key(widget_id);
    let (prefs, set_prefs, _) = use_local_storage::<Prefs, FromToStringCodec>(key);
    (prefs, set_prefs)
}

/// "Now" for relative times: `Some` while they are shown, refreshed every 30 s.
pub fn use_relative_now(prefs: Signal<Prefs>) -> Signal<Option<i64>> {
    let now = RwSignal::new(crate::browser::now_secs());
    let Pausable { pause, resume, .. } =
        use_interval_fn(move || now.set(crate::browser::now_secs()), 30_000);
    Effect::new(move |_| {
        if prefs.with(|p| p.relative_time) {
            now.set(crate::browser::now_secs());
            resume();
        } else {
            pause();
        }
    });
    Signal::derive(move || prefs.with(|p| p.relative_time).then(|| now.get()))
}

/// Keeps filters and page in the host page's query string under `prefix`,
/// after restoring them from it.
pub fn use_url_sync(state: FilterState, prefix: String) {
    if let Some(link) = deeplink::read(&crate::browser::location_search(), &prefix) {
        state.apply_link(&link);
    }
    Effect::new(move |_| {
        if let Ok(query) = state.query() {
            let link = deeplink::LinkState {
                query,
                period: state.period.get(),
            };
            let search = crate::browser::location_search();
            crate::browser::replace_search(&deeplink::write(&search, &prefix, &link));
        }
    });
}

/// Re-queries the page on screen every chosen interval while the tab is
/// visible; a hidden tab sends nothing.
pub fn use_auto_refresh(logs: Logs) -> RwSignal<AutoRefresh> {
    let every = RwSignal::new(AutoRefresh::Off);
    let visibility = use_document_visibility();
    let interval_ms = Signal::derive(move || every.get().seconds().map_or(0, |s| s * 1000));
    let Pausable { pause, resume, .. } = use_interval_fn(
        move || {
            if visibility.get_untracked() != web_sys::VisibilityState::Hidden {
                logs.refresh();
            }
        },
        interval_ms,
    );
    Effect::new(move |_| {
        if interval_ms.get() > 0 {
            resume();
        } else {
            pause();
        }
    });
    every
}

/// What survives a rebuild of the widget (`host.rs`): the query on screen,
/// and the host's filters as the widget last took them (so a change of the
/// host's own that comes with the rebuild is not lost).
#[derive(Clone, Default)]
pub struct Carry {
    pub query: Option<LogQuery>,
    pub seen: Option<LogQuery>,
}

/// Takes the host's filters, page size and theme in place when it changes
/// them (an attribute or property of `<dify-logs>`), and keeps the query on
/// screen in `carry` for a rebuild.
pub fn use_host_options(
    state: FilterState,
    theme: RwSignal<Theme>,
    soft: Signal<(LogQuery, Theme)>,
    carry: StoredValue<Carry>,
) {
    Effect::new(move |prev: Option<(LogQuery, Theme)>| {
        let now = soft.get();
        if let Some((filters, old_theme)) = &prev {
            if *filters != now.0 {
                state.load(&LogQuery {
                    page: 1,
                    ..now.0.clone()
                });
            }
            if *old_theme != now.1 {
                theme.set(now.1);
            }
        }
        let seen = now.0.clone();
        carry.update_value(|c| c.seen = Some(seen));
        now
    });
    Effect::new(move |_| {
        if let Ok(q) = state.query() {
            carry.update_value(|c| c.query = Some(q));
        }
    });
}
