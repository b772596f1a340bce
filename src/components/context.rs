//! What every view of one widget shares, given once by the root with
//! `provide_context` and read with [`use_widget`]. Each mounted widget has
//! its own owner, so several widgets on a page never see each other's.

use crate::api::client::Client;
use crate::components::apps::Apps;
use crate::components::events::{dispatch, select_detail};
use crate::components::logs::Logs;
use crate::components::state::FilterState;
use crate::domain::prefs::Prefs;
use crate::text::i18n::Locale;
use crate::text::intl::Fmt;
use crate::text::rows::{row_selector, RowView};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Which run the detail panel shows: the run id, and the log id of the row
/// to give focus back to on close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub run_id: Option<String>,
    pub log_id: String,
    /// The app the run belongs to, when the widget shows several.
    pub app: Option<usize>,
}

/// The widget's shared state. `Copy`: every field is a handle.
#[derive(Clone, Copy)]
pub struct WidgetContext {
    /// The filters the user chose.
    pub state: FilterState,
    /// The runs on screen and the request behind them.
    pub logs: Logs,
    /// Saved view preferences (columns, density, relative times).
    pub prefs: Signal<Prefs>,
    /// Changes them (and so saves them).
    pub set_prefs: WriteSignal<Prefs>,
    /// The API client (not `Send`: it holds the browser transport).
    pub client: StoredValue<Client, LocalStorage>,
    /// The apps, when the widget shows several.
    pub apps: Apps,
    /// The run open in the detail panel.
    pub selection: RwSignal<Option<Selection>>,
    /// `Some(now)` while Started shows relative times.
    pub relative_now: Signal<Option<i64>>,
    /// The widget's root element, to find rows by id.
    pub root: NodeRef<html::Div>,
    /// The element the widget is mounted in: its events are dispatched there.
    pub host: StoredValue<Option<web_sys::Element>, LocalStorage>,
    /// The language every text of the widget is in.
    pub locale: Locale,
    /// Dates, numbers and durations in that language (and the widget's zone).
    pub fmt: StoredValue<Fmt, LocalStorage>,
}

impl WidgetContext {
    /// Runs `f` with the formats; English fixed formats once the widget is
    /// gone (a late callback must not panic).
    pub fn with_fmt<T>(&self, f: impl FnOnce(&Fmt) -> T) -> T {
        let mut f = Some(f);
        if let Some(out) = self
            .fmt
            .try_with_value(|fmt| f.take().map(|f| f(fmt)))
            .flatten()
        {
            return out;
        }
        let f = f.take().expect("not run yet");
        f(&Fmt::new(Locale::en, "en"))
    }

    /// Opens the detail panel on a row's run, unless the host page keeps it
    /// closed (`preventDefault()` on `dify-logs:select`).
    pub fn open(&self, row: RowView) {
        if let Some(host) = self.host.get_value() {
            let app = row.app.map(|a| self.apps.app_id(a));
            let detail = select_detail(
                &row.log_id,
                row.run_id.as_deref(),
                row.status.as_str(),
                app.as_deref(),
            );
            if !dispatch(&host, "dify-logs:select", &detail, true) {
                return;
            }
        }
        self.selection.set(Some(Selection {
            run_id: row.run_id,
            log_id: row.log_id,
            app: row.app,
        }));
    }

    /// Closes the detail panel and gives focus back to its row.
    pub fn close(&self) {
        let log_id = self.selection.get_untracked().map(|s| s.log_id);
        self.selection.set(None);
        let (Some(id), Some(root)) = (log_id, self.root.get_untracked()) else {
            return;
        };
        if let Ok(Some(el)) = root.query_selector(&row_selector(&id)) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }

    /// The log id of the row whose run is open.
    pub fn selected_log(&self) -> Signal<Option<String>> {
        let selection = self.selection;
        Signal::derive(move || selection.with(|s| s.as_ref().map(|s| s.log_id.clone())))
    }
}

/// The context of the widget this view belongs to.
pub fn use_widget() -> WidgetContext {
    expect_context::<WidgetContext>()
}
