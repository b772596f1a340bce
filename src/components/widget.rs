//! The whole widget: filters -> query -> fetch -> table, with loading,
//! empty and error states. Only the newest request may change the screen.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::LogPage;
use crate::api::query::LogQuery;
use crate::components::alert::error_alert;
use crate::components::chart::runs_chart;
use crate::components::columns::columns_menu;
use crate::components::detail::{run_detail_panel, Selection};
use crate::components::export::export_controls;
use crate::components::filters::filters;
use crate::components::pagination::pagination;
use crate::components::table::{runs_table, RowView};
use crate::components::timers::use_interval;
use crate::dom::on_cleanup_local;
use crate::dom::{
    add, add_text, bind, button, effect, el, field, fragment, on, select, set, slot, target_value,
    text_el,
};
use crate::options::MountOptions;
use crate::paging::Paging;
use crate::prefs::Prefs;
use crate::reactive::*;
use crate::refresh::AutoRefresh;
use crate::state::FilterState;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element};

/// Escapes a value for a CSS attribute selector in double quotes.
fn css_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A request is identified by its query, a retry counter (Retry re-sends
/// the same query) and an auto-refresh tick (a background re-query, which
/// does not dim the table).
type RequestKey = (LogQuery, u32, u32);
type LogsOutcome = Option<(RequestKey, Result<Arc<LogPage>, ApiError>)>;

/// Clones the named handles into a block, for closures that move them.
macro_rules! cloned {
    ($($v:ident),+ => $e:expr) => {{
        $(let $v = $v.clone();)+
        $e
    }};
}

/// The root of one widget, built into `host` by `mount()`.
pub fn logs_widget(host: &Element, options: MountOptions, client: Client) {
    let theme = options.theme.class();
    // View preferences, saved per widget (never the key or the filters).
    let prefs_key = crate::prefs::storage_key(options.id.as_deref().unwrap_or("default"));
    let prefs = ArcRwSignal::new(
        crate::browser::load_local(&prefs_key)
            .map(|s| Prefs::from_storage(&s))
            .unwrap_or_default(),
    );
    let mut first = true;
    effect(cloned!(prefs => move || {
        let p = prefs.get();
        if !std::mem::take(&mut first) {
            crate::browser::save_local(&prefs_key, &p.to_storage());
        }
    }));

    // "Now" for relative times, refreshed every 30 s while they are shown.
    let now = ArcRwSignal::new(crate::browser::now_secs());
    use_interval(
        cloned!(prefs, now => move || {
            let on = prefs.get().relative_time;
            if on {
                now.set(crate::browser::now_secs());
            }
            on.then(|| Duration::from_secs(30))
        }),
        cloned!(now => move || {
            let _ = now.try_set(crate::browser::now_secs());
        }),
    );
    let relative_now =
        ArcMemo::new(cloned!(prefs => move |_| prefs.get().relative_time.then(|| now.get())));
    let state = FilterState::new(options.filters.clone());
    let client = Rc::new(client);
    // The request in flight and the key it was sent for.
    let inflight: Rc<RefCell<Option<(RequestKey, AbortController)>>> = Rc::default();

    if let Some(prefix) = options.sync_url.clone() {
        if let Some(link) = crate::deeplink::read(&crate::browser::location_search(), &prefix) {
            state.apply_link(&link);
        }
        effect(cloned!(state => move || {
            if let Ok(query) = state.query() {
                let link = crate::deeplink::LinkState {
                    query,
                    period: state.period.get(),
                };
                let search = crate::browser::location_search();
                crate::browser::replace_search(&crate::deeplink::write(&search, &prefix, &link));
            }
        }));
    }
    let query = ArcMemo::new(cloned!(state => move |_| state.query()));
    let retries = ArcRwSignal::new(0u32);
    let ticks = ArcRwSignal::new(0u32);
    let request_key: ArcMemo<Option<RequestKey>> =
        ArcMemo::new(cloned!(query, retries, ticks => move |_| {
            query.get().ok().map(|q| (q, retries.get(), ticks.get()))
        }));

    // Abort the request in flight as soon as the query changes. The
    // resource below ignores a superseded answer but does not stop its
    // request; this frees the connection for the new one.
    effect(cloned!(inflight, request_key => move || {
        let current = request_key.get();
        let stale = {
            let mut slot = inflight.borrow_mut();
            if slot
                .as_ref()
                .is_some_and(|(k, _)| Some(k) != current.as_ref())
            {
                slot.take()
            } else {
                None
            }
        };
        if let Some((_, c)) = stale {
            c.abort();
        }
    }));
    let logs: ArcLocalResource<LogsOutcome> =
        ArcLocalResource::new(cloned!(inflight, client, request_key => move || {
            let key = request_key.get();
            let (inflight, client) = (inflight.clone(), client.clone());
            async move {
                let key = key?;
                let ctrl = AbortController::new().ok();
                let signal = ctrl.as_ref().map(|c| c.signal());
                if let Some(c) = ctrl {
                    *inflight.borrow_mut() = Some((key.clone(), c));
                }
                let res = client.logs(&key.0, signal).await;
                let mut slot = inflight.borrow_mut();
                if slot.as_ref().is_some_and(|(k, _)| *k == key) {
                    *slot = None;
                }
                Some((key, res.map(Arc::new)))
            }
        }));
    on_cleanup_local(move || {
        if let Some((_, c)) = inflight.borrow_mut().take() {
            c.abort();
        }
    });

    let shown = ArcRwSignal::new(None::<Arc<LogPage>>);
    let error = ArcRwSignal::new(None::<ApiError>);
    let settled = ArcRwSignal::new(None::<RequestKey>);
    let generation = ArcRwSignal::new(0u32);
    effect(
        cloned!(request_key, settled, generation, shown, error => move || {
            let Some(Some((key, res))) = logs.get() else {
                return;
            };
            if request_key.get_untracked().as_ref() != Some(&key) {
                return; // an older request: never replaces a newer one
            }
            match res {
                Ok(page) => {
                    // A different query (not an auto-refresh tick): a fresh list.
                    let same_query = settled
                        .get_untracked()
                        .is_some_and(|s| s.0 == key.0 && s.1 == key.1);
                    if !same_query {
                        generation.update(|g| *g = g.wrapping_add(1));
                    }
                    shown.set(Some(page));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            settled.set(Some(key));
        }),
    );
    // Busy (dimmed) while a different query or a retry is on its way; an
    // auto-refresh of the same query updates the rows in place instead.
    let loading = ArcMemo::new(cloned!(request_key, settled => move |_| {
        let k = request_key.get();
        let user_part = |k: &Option<RequestKey>| k.as_ref().map(|k| (k.0.clone(), k.1));
        k.is_some() && user_part(&settled.get()) != user_part(&k)
    }));
    // Runs that arrived since the user reached this query, for the notice
    // shown while they are not on page 1.
    let baseline = ArcRwSignal::new(None::<(LogQuery, u64)>);
    effect(cloned!(shown, settled, baseline => move || {
        let (Some(page), Some(key)) = (shown.get(), settled.get()) else {
            return;
        };
        // On page 1 the user sees the newest runs: nothing is new to them.
        let on_first = key.0.page == 1;
        let q = LogQuery { page: 1, ..key.0 };
        if on_first || baseline.get_untracked().is_none_or(|(bq, _)| bq != q) {
            baseline.set(Some((q, page.total)));
        }
    }));
    let new_runs = ArcMemo::new(cloned!(shown, state => move |_| {
        let total = shown.get().map(|p| p.total)?;
        let (_, base) = baseline.get()?;
        (state.page.get() > 1 && total > base).then(|| total - base)
    }));

    // The pager describes the rows on screen: it changes with them, in the
    // same repaint, rather than at the click.
    let paging = ArcMemo::new(cloned!(shown, settled, state => move |_| {
        let page = settled
            .with(|k| k.as_ref().map(|k| k.0.page))
            .unwrap_or_else(|| state.page.get());
        shown.get().map(|p| Paging {
            page,
            limit: state.limit.get(),
            total: p.total,
        })
    }));
    // The data shrank below the page the user is on: go to the last page.
    effect(cloned!(loading, paging, state => move || {
        if !loading.get() {
            if let Some(target) = paging.get().and_then(|p| p.clamp_target()) {
                state.page.set(target);
            }
        }
    }));

    let rows = ArcMemo::new(cloned!(shown => move |_| {
        shown
            .get()
            .map(|p| {
                p.data
                    .iter()
                    .map(|e| Rc::new(RowView::from_entry(e, crate::browser::offset_at_unix)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    }));
    let retry: Rc<dyn Fn()> = Rc::new(move || retries.update(|n| *n += 1));
    // Auto-refresh bumps the tick while the page is visible; a hidden tab
    // sends nothing.
    let refresh_every = ArcRwSignal::new(AutoRefresh::Off);
    use_interval(
        cloned!(refresh_every => move || refresh_every.get().seconds().map(Duration::from_secs)),
        move || {
            if !crate::browser::page_hidden() {
                let _ = ticks.try_update(|t| *t = t.wrapping_add(1));
            }
        },
    );

    // The run detail panel, and the row to give focus back to.
    let selection = ArcRwSignal::new(None::<Selection>);
    let root = el("div", "");
    let open: Rc<dyn Fn(RowView)> = Rc::new(cloned!(selection => move |row: RowView| {
        selection.set(Some(Selection {
            run_id: row.run_id,
            log_id: row.log_id,
        }))
    }));
    let close: Rc<dyn Fn()> = Rc::new(cloned!(root, selection => move || {
        let log_id = selection.get_untracked().map(|s| s.log_id);
        selection.set(None);
        if let Some(id) = log_id {
            let sel = format!("tr[data-log-id=\"{}\"]", css_escape(&id));
            if let Ok(Some(el)) = root.query_selector(&sel) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    }));
    let selected_log = ArcMemo::new(cloned!(selection => move |_| {
        selection.with(|s| s.as_ref().map(|s| s.log_id.clone()))
    }));

    bind(cloned!(root, prefs => move || {
        let c = format!("dify-logs dify-logs--{theme}{}", prefs.get().root_classes());
        root.set_class_name(&c);
    }));
    add(&root, &filters(state.clone()));
    slot(
        &root,
        cloned!(query => move || {
            let m = query.with(|q| q.as_ref().err().cloned())?;
            let p = text_el("p", "dify-logs__invalid", &m);
            set(&p, "aria-live", "polite");
            Some(p.into())
        }),
    );
    slot(
        &root,
        cloned!(query => move || {
            let hints = query.with(|q| q.as_ref().ok().map(|q| q.hints()))?;
            let frag = fragment();
            for h in hints {
                let p = text_el("p", "dify-logs__hint", &h);
                set(&p, "role", "note");
                add(&frag, &p);
            }
            Some(frag)
        }),
    );
    slot(
        &root,
        cloned!(error => move || {
            error.with(|e| e.as_ref().map(|e| error_alert(e, retry.clone()).into()))
        }),
    );

    let toolbar = el("div", "dify-logs__toolbar");
    add(&root, &toolbar);
    let refresh_field = field("Auto-refresh", true);
    let choices: Vec<(&str, &str)> = AutoRefresh::ALL
        .iter()
        .map(|a| (a.value(), a.label()))
        .collect();
    let refresh_select = select("Auto-refresh", &choices);
    on(
        &refresh_select,
        "change",
        cloned!(refresh_every => move |ev| {
            refresh_every.set(AutoRefresh::parse(&target_value(&ev)))
        }),
    );
    add(&refresh_field, &refresh_select);
    add(&toolbar, &refresh_field);
    bind(move || refresh_select.set_value(refresh_every.get().value()));
    add(&toolbar, &columns_menu(prefs.clone()));
    add(
        &toolbar,
        &export_controls(query.clone(), shown.clone(), client.clone()),
    );
    slot(
        &toolbar,
        cloned!(state => move || {
            let n = new_runs.get()?;
            let p = text_el(
                "p",
                "dify-logs__new-runs",
                &crate::paging::format_count(n, "new run", "new runs"),
            );
            set(&p, "role", "status");
            add_text(&p, " since you left page 1 ");
            let b = button("dify-logs__button", "Go to first page");
            let page = state.page.clone();
            on(&b, "click", move |_| page.set(1));
            add(&p, &b);
            Some(p.into())
        }),
    );

    // The first load shows a placeholder; after it, chart, table (or the
    // empty state) and pager.
    let first_load = ArcMemo::new(cloned!(shown, error => move |_| {
        shown.with(|s| s.is_none()) && error.with(|e| e.is_none())
    }));
    let empty = ArcMemo::new(cloned!(loading, shown => move |_| {
        !loading.get()
            && error.with(|e| e.is_none())
            && shown.with(|p| p.as_ref().is_some_and(|p| p.data.is_empty()))
    }));
    slot(&root, move || {
        if first_load.get() {
            let ph = el("div", "dify-logs__placeholder");
            set(&ph, "aria-busy", "true");
            bind(cloned!(ph, request_key => move || {
                let busy = request_key.with(|k| k.is_some());
                ph.set_text_content(Some(if busy { "Loading runs…" } else { "" }));
            }));
            return Some(ph.into());
        }
        let frag = fragment();
        // The chart follows one frame after the rows, so it never holds
        // up their paint (the first ones' included).
        let chart_page = ArcRwSignal::new(None);
        effect(cloned!(shown, chart_page => move || {
            let page = shown.get();
            let chart_page = chart_page.clone();
            crate::browser::after_paint(move || {
                let same = match (chart_page.get_untracked(), &page) {
                    (Some(a), Some(b)) => Arc::ptr_eq(&a, b),
                    (a, b) => a.is_none() && b.is_none(),
                };
                if !same {
                    chart_page.set(page);
                }
            });
        }));
        let rows_shown = ArcMemo::new(cloned!(shown => move |_| {
            shown.with(|p| p.as_ref().is_some_and(|p| !p.data.is_empty()))
        }));
        runs_chart(&frag, chart_page, rows_shown, state.clone());
        slot(
            &frag,
            cloned!(empty, state, open, rows, loading, selected_log, relative_now, generation, prefs => move || {
                if empty.get() {
                    let e = el("div", "dify-logs__empty");
                    add(&e, &text_el("p", "", "No runs match these filters"));
                    let b = button("dify-logs__button", "Reset filters");
                    on(&b, "click", cloned!(state => move |_| state.reset()));
                    add(&e, &b);
                    return Some(e.into());
                }
                let prefs = prefs.clone();
                Some(
                    runs_table(
                        rows.clone(),
                        loading.clone(),
                        selected_log.clone(),
                        open.clone(),
                        relative_now.clone(),
                        generation.clone(),
                        Rc::new(move || prefs.update(|p| p.relative_time = !p.relative_time)),
                    )
                    .into(),
                )
            }),
        );
        add(&frag, &pagination(paging.clone(), state.page.clone()));
        Some(frag)
    });
    slot(&root, move || {
        let sel = selection.get()?;
        Some(run_detail_panel(sel, client.clone(), close.clone()).into())
    });
    add(host, &root);
}
