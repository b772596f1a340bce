//! "Export CSV" and "Export JSON": all runs matching the filters (fetched
//! 100 at a time, with progress, cancellable, capped) or the current page.

use crate::api::client::Client;
use crate::api::model::{LogEntry, LogPage};
use crate::api::query::LogQuery;
use crate::dom::on_cleanup_local;
use crate::dom::{add, add_text, bind, button, el, on, select, set, slot, target_value};
use crate::export::{export_file_name, plan_export, to_csv, to_json, EXPORT_CAP};
use crate::paging::format_count;
use crate::reactive::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element, HtmlButtonElement};

/// Where an export stands, for the progress bar and the message.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Running { done: u64, of: u64 },
    Done(String),
    Failed(String),
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Csv,
    Json,
}

/// The export controls.
pub fn export_controls(
    query: ArcMemo<Result<LogQuery, String>>,
    page: ArcRwSignal<Option<Arc<LogPage>>>,
    client: Rc<Client>,
) -> Element {
    // "All matching runs" (or "This page"); the select shows it.
    let all = Rc::new(Cell::new(true));
    let progress = ArcRwSignal::new(Progress::Idle);
    let ctrl: Rc<RefCell<Option<AbortController>>> = Rc::default();
    let cancel = {
        let ctrl = ctrl.clone();
        move || {
            if let Some(c) = ctrl.borrow_mut().take() {
                c.abort();
            }
        }
    };
    {
        on_cleanup_local(cancel.clone());
    }
    let start = {
        let (cancel, all, progress) = (cancel.clone(), all.clone(), progress.clone());
        move |format: Format| {
            let Ok(q) = query.get_untracked() else {
                return;
            };
            if !all.get() {
                let entries = page
                    .get_untracked()
                    .map(|p| p.data.clone())
                    .unwrap_or_default();
                let n = entries.len() as u64;
                save(format, &entries);
                progress.set(Progress::Done(format!(
                    "Exported {}.",
                    format_count(n, "run", "runs")
                )));
                return;
            }
            cancel();
            let abort = AbortController::new().ok();
            *ctrl.borrow_mut() = abort.clone();
            // The plan comes from the export's own first answer: the page on
            // screen may be older than the filters (or the data) by now.
            let shown_total = page.get_untracked().map(|p| p.total).unwrap_or(0);
            progress.set(Progress::Running {
                done: 0,
                of: plan_export(shown_total, 100, EXPORT_CAP).runs,
            });
            let (client, ctrl) = (client.clone(), ctrl.clone());
            let progress = progress.clone();
            crate::reactive::spawn_local(async move {
                let mut entries: Vec<LogEntry> = Vec::new();
                let mut plan = plan_export(0, 100, EXPORT_CAP);
                let mut n = 1;
                loop {
                    let q = LogQuery {
                        page: n,
                        limit: 100,
                        ..q.clone()
                    };
                    let signal = abort.as_ref().map(|a| a.signal());
                    match client.logs(&q, signal).await {
                        Ok(p) => {
                            if n == 1 {
                                plan = plan_export(p.total, 100, EXPORT_CAP);
                            }
                            let last = p.data.is_empty() || !p.has_more || n >= plan.pages;
                            entries.extend(p.data);
                            let _ = progress.try_set(Progress::Running {
                                done: (entries.len() as u64).min(plan.runs),
                                of: plan.runs,
                            });
                            if last {
                                break;
                            }
                            n += 1;
                        }
                        Err(e) => {
                            let aborted = abort.as_ref().is_some_and(|a| a.signal().aborted());
                            let _ = progress.try_set(if aborted {
                                Progress::Idle
                            } else {
                                Progress::Failed(format!("Export failed: {e}"))
                            });
                            return;
                        }
                    }
                }
                entries.truncate(plan.runs as usize);
                let n = entries.len() as u64;
                save(format, &entries);
                let mut msg = format!("Exported {}.", format_count(n, "run", "runs"));
                if plan.capped {
                    msg.push_str(&format!(
                        " Exports stop at {}; narrow the filters to export the rest.",
                        format_count(EXPORT_CAP, "run", "runs")
                    ));
                }
                let _ = progress.try_set(Progress::Done(msg));
                *ctrl.borrow_mut() = None;
            });
        }
    };
    let group = el("div", "dify-logs__export");
    set(&group, "role", "group");
    set(&group, "aria-label", "Export");
    let scope = select(
        "Export scope",
        &[("all", "All matching runs"), ("page", "This page")],
    );
    on(&scope, "change", move |ev| {
        all.set(target_value(&ev) == "all")
    });
    add(&group, &scope);
    let csv = button("dify-logs__button", "Export CSV");
    {
        let start = start.clone();
        on(&csv, "click", move |_| start(Format::Csv));
    }
    let json = button("dify-logs__button", "Export JSON");
    on(&json, "click", move |_| start(Format::Json));
    add(&group, &csv);
    add(&group, &json);
    let p2 = progress.clone();
    bind(move || {
        let running = p2.with(|p| matches!(p, Progress::Running { .. }));
        scope.set_disabled(running);
        for b in [&csv, &json] {
            b.unchecked_ref::<HtmlButtonElement>().set_disabled(running);
        }
    });
    slot(&group, move || {
        let status = el("span", "dify-logs__export-status");
        set(&status, "role", "status");
        match progress.get() {
            Progress::Idle => return None,
            Progress::Running { done, of } => {
                let bar = el("progress", "");
                set(&bar, "max", &of.max(1).to_string());
                set(&bar, "value", &done.to_string());
                set(&bar, "aria-label", "Export progress");
                add(&status, &bar);
                add_text(&status, &format!(" {done} of {of} "));
                let c = button("dify-logs__button", "Cancel export");
                let (cancel, progress) = (cancel.clone(), progress.clone());
                on(&c, "click", move |_| {
                    cancel();
                    progress.set(Progress::Idle);
                });
                add(&status, &c);
            }
            Progress::Done(m) | Progress::Failed(m) => status.set_text_content(Some(&m)),
        }
        Some(status.into())
    });
    group
}

/// Hands the file to the browser as a download.
fn save(format: Format, entries: &[LogEntry]) {
    let (text, mime, ext) = match format {
        Format::Csv => (to_csv(entries), "text/csv;charset=utf-8", "csv"),
        Format::Json => (to_json(entries), "application/json", "json"),
    };
    crate::browser::download(
        &export_file_name(ext, crate::browser::now_secs()),
        mime,
        &text,
    );
}
