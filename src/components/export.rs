//! "Export CSV" and "Export JSON": all runs matching the filters (fetched
//! 100 at a time, with progress, cancellable, capped) or the current page.

use crate::api::client::Client;
use crate::api::model::{LogEntry, LogPage};
use crate::api::query::LogQuery;
use crate::export::{export_file_name, plan_export, to_csv, to_json, EXPORT_CAP};
use crate::paging::format_count;
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::AbortController;

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
#[component]
pub fn ExportControls(
    query: Memo<Result<LogQuery, String>>,
    page: ReadSignal<Option<Arc<LogPage>>>,
    client: StoredValue<Client, LocalStorage>,
) -> impl IntoView {
    let all = RwSignal::new(true);
    let progress = RwSignal::new(Progress::Idle);
    let ctrl: StoredValue<Option<AbortController>, LocalStorage> = StoredValue::new_local(None);
    let cancel = move || {
        if let Some(c) = ctrl.try_update_value(|c| c.take()).flatten() {
            c.abort();
        }
    };
    on_cleanup(cancel);
    let start = move |format: Format| {
        let Ok(q) = query.get_untracked() else {
            return;
        };
        if !all.get_untracked() {
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
        ctrl.set_value(abort.clone());
        // The plan comes from the export's own first answer: the page on
        // screen may be older than the filters (or the data) by now.
        let shown_total = page.get_untracked().map(|p| p.total).unwrap_or(0);
        progress.set(Progress::Running {
            done: 0,
            of: plan_export(shown_total, 100, EXPORT_CAP).runs,
        });
        leptos::task::spawn_local(async move {
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
                let Some(fut) = client.try_with_value(|c| c.logs(&q, signal)) else {
                    return;
                };
                match fut.await {
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
            let _ = ctrl.try_set_value(None);
        });
    };
    let running = move || matches!(progress.get(), Progress::Running { .. });
    view! {
        <div class="dify-logs__export" role="group" aria-label="Export">
            <select
                aria-label="Export scope"
                on:change=move |ev| all.set(event_target_value(&ev) == "all")
                prop:disabled=running
            >
                <option value="all" prop:selected=move || all.get()>"All matching runs"</option>
                <option value="page" prop:selected=move || !all.get()>"This page"</option>
            </select>
            <button type="button" class="dify-logs__button" prop:disabled=running on:click=move |_| start(Format::Csv)>
                "Export CSV"
            </button>
            <button type="button" class="dify-logs__button" prop:disabled=running on:click=move |_| start(Format::Json)>
                "Export JSON"
            </button>
            {move || match progress.get() {
                Progress::Idle => None,
                Progress::Running { done, of } => Some(view! {
                    <span class="dify-logs__export-status" role="status">
                        <progress max=of.max(1) value=done aria-label="Export progress"></progress>
                        {format!(" {done} of {of} ")}
                        <button type="button" class="dify-logs__button" on:click=move |_| {
                            cancel();
                            progress.set(Progress::Idle);
                        }>"Cancel export"</button>
                    </span>
                }.into_any()),
                Progress::Done(m) | Progress::Failed(m) => Some(view! {
                    <span class="dify-logs__export-status" role="status">{m}</span>
                }.into_any()),
            }}
        </div>
    }
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
