//! "Export CSV" and "Export JSON": the current page, or all runs matching
//! the filters (paged by time with [`ExportCursor`], with progress, a
//! Cancel button and a cap).

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::LogEntry;
use crate::api::query::LogQuery;
use crate::components::apps::{target, AppList, Target};
use crate::components::context::{use_widget, WidgetContext};
use crate::components::merged::ask;
use crate::components::part_failed::PartFailed;
use crate::components::split::{prefetch, split_fn, ChunkError};
use crate::domain::cursor::ExportCursor;
use crate::domain::export::csv::to_csv_in_apps;
use crate::domain::export::{export_file_name, plan_export, to_json_in_apps, EXPORT_CAP};
use crate::domain::merge::Merge;
use crate::text::i18n::td_string;
use crate::text::labels::runs;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use web_sys::AbortController;

/// Where an export stands, for the progress bar and the message.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Running {
        done: u64,
        of: u64,
    },
    Done(String),
    /// The export chunk could not be fetched: Retry starts this format again.
    Unavailable(Format),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Format {
    Csv,
    Json,
}

/// The export controls.
#[component]
pub fn ExportControls() -> impl IntoView {
    let w = use_widget();
    let l = w.locale;
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
        let all = all.get_untracked();
        cancel();
        let abort = AbortController::new().ok();
        ctrl.set_value(abort.clone());
        if all {
            let shown_total = w
                .logs
                .shown
                .with_untracked(|p| p.as_ref().map_or(0, |p| p.total));
            progress.set(Progress::Running {
                done: 0,
                of: shown_total.min(EXPORT_CAP),
            });
        }
        leptos::task::spawn_local(async move {
            let outcome = match export_job(w, format, all, abort.clone(), progress).await {
                Ok(job) => job.await,
                Err(ChunkError) => Progress::Unavailable(format),
            };
            let aborted = abort.as_ref().is_some_and(|a| a.signal().aborted());
            let _ = progress.try_set(if aborted { Progress::Idle } else { outcome });
            let _ = ctrl.try_set_value(None);
        });
    };
    let running = move || matches!(progress.get(), Progress::Running { .. });
    view! {
        <div class="dify-logs__export" role="group" aria-label=td_string!(l, export)
            on:pointerenter=move |_| prefetch(preload_export) on:focusin=move |_| prefetch(preload_export)>
            <select aria-label=td_string!(l, export_scope) on:change=move |ev| all.set(event_target_value(&ev) == "all") prop:disabled=running>
                <option value="all" prop:selected=move || all.get()>{td_string!(l, export_all)}</option>
                <option value="page" prop:selected=move || !all.get()>{td_string!(l, export_page)}</option>
            </select>
            <button type="button" class="dify-logs__button" prop:disabled=running on:click=move |_| start(Format::Csv)>
                {td_string!(l, export_csv)}
            </button>
            <button type="button" class="dify-logs__button" prop:disabled=running on:click=move |_| start(Format::Json)>
                {td_string!(l, export_json)}
            </button>
            {move || match progress.get() {
                Progress::Idle => None,
                Progress::Running { done, of } => Some(view! {
                    <span class="dify-logs__export-status" role="status">
                        <progress max=of.max(1) value=done aria-label=td_string!(l, export_progress)></progress>
                        {w.with_fmt(|f| format!(" {} ", td_string!(l, export_done_of, done = f.count(done), of = f.count(of))))}
                        <button type="button" class="dify-logs__button" on:click=move |_| {
                            cancel();
                            progress.set(Progress::Idle);
                        }>{td_string!(l, cancel_export)}</button>
                    </span>
                }.into_any()),
                Progress::Done(m) => Some(view! { <span class="dify-logs__export-status" role="status">{m}</span> }.into_any()),
                Progress::Unavailable(format) => Some(view! { <PartFailed retry=move || start(format) /> }.into_any()),
            }}
        </div>
    }
}

split_fn!(
    export,
    preload_export,
    /// The export as it runs, from the export chunk: the page on screen, or
    /// every run matching the filters; its result is the message to show.
    fn export_job(
        w: WidgetContext,
        format: Format,
        all: bool,
        abort: Option<AbortController>,
        progress: RwSignal<Progress>,
    ) -> Pin<Box<dyn Future<Output = Progress>>> {
        let l = w.locale;
        let exported =
            move |n: usize| w.with_fmt(|f| td_string!(l, exported, runs = runs(f, n as u64)));
        Box::pin(async move {
            if !all {
                let entries = w
                    .logs
                    .shown
                    .with_untracked(|p| p.as_ref().map(|p| p.data.clone()))
                    .unwrap_or_default();
                let apps = w.logs.origin.with_untracked(|o| {
                    o.merged
                        .as_ref()
                        .map(|m| m.apps.iter().map(|&a| w.apps.label(a)).collect::<Vec<_>>())
                });
                save(format, &entries, apps.as_deref());
                return Progress::Done(exported(entries.len()));
            }
            match fetch_all(w, abort.as_ref(), progress).await {
                Ok((entries, apps, capped)) => {
                    save(format, &entries, apps.as_deref());
                    let mut msg = exported(entries.len());
                    if capped {
                        msg.push(' ');
                        msg.push_str(&w.with_fmt(|f| {
                            td_string!(l, export_capped, runs = runs(f, EXPORT_CAP))
                        }));
                    }
                    Progress::Done(msg)
                }
                Err(m) => Progress::Done(m),
            }
        })
    }
);

/// The export's own words for a failed request.
fn failed(w: WidgetContext, e: &ApiError, app: Option<String>) -> String {
    let l = w.locale;
    let mut error = format!("{} ({})", e.title(l), e.detail(l));
    if let Some(app) = app {
        error = td_string!(l, app_failed, app, error);
    }
    td_string!(l, export_failed, error)
}

/// Every run matching the current filters, newest first, at most
/// [`EXPORT_CAP`], with each run's app label in the "All apps" view;
/// `true` when the cap cut it short.
async fn fetch_all(
    w: WidgetContext,
    abort: Option<&AbortController>,
    progress: RwSignal<Progress>,
) -> Result<(Vec<LogEntry>, Option<Vec<String>>, bool), String> {
    let query = w.logs.query.get_untracked()?;
    let list = w.apps.list.get_untracked().unwrap_or_default();
    let base = w.client.try_get_value().ok_or_else(String::new)?;
    match target(&list, &query.app, &base) {
        Target::One(client, _) => fetch_one(w, client, &query, abort, progress)
            .await
            .map(|(e, capped)| (e, None, capped)),
        Target::All(list) => fetch_merged(w, list, &query, abort, progress)
            .await
            .map(|(e, apps, capped)| (e, Some(apps), capped)),
    }
}

/// One app's runs, paged by time with [`ExportCursor`].
async fn fetch_one(
    w: WidgetContext,
    client: Client,
    query: &LogQuery,
    abort: Option<&AbortController>,
    progress: RwSignal<Progress>,
) -> Result<(Vec<LogEntry>, bool), String> {
    let mut cursor = ExportCursor::new(query);
    let mut entries: Vec<LogEntry> = Vec::new();
    // The plan comes from the export's own first answer: the page on screen
    // may be older than the filters (or the data) by now.
    let mut plan = None;
    while let Some(q) = cursor.next_query() {
        let page = client
            .logs(&q, abort.map(|a| a.signal()))
            .await
            .map_err(|e| failed(w, &e, None))?;
        let plan = *plan.get_or_insert_with(|| plan_export(page.total, 100, EXPORT_CAP));
        entries.extend(cursor.take(page));
        let _ = progress.try_set(Progress::Running {
            done: (entries.len() as u64).min(plan.runs),
            of: plan.runs,
        });
        if plan.capped && entries.len() as u64 >= plan.runs {
            entries.truncate(plan.runs as usize);
            return Ok((entries, true));
        }
    }
    Ok((entries, false))
}

/// Every app's runs merged by time ([`Merge`]), each with its app's label.
/// A failed app fails the export: a file that silently misses an app's
/// runs would look complete.
async fn fetch_merged(
    w: WidgetContext,
    list: AppList,
    query: &LogQuery,
    abort: Option<&AbortController>,
    progress: RwSignal<Progress>,
) -> Result<(Vec<LogEntry>, Vec<String>, bool), String> {
    let mut merge = Merge::new(query, list.len(), 100);
    let (mut entries, mut apps) = (Vec::new(), Vec::new());
    let mut plan = None;
    loop {
        let Some(rows) = merge.take_page() else {
            let wanted = merge.wanted();
            let answers = ask(&list, &wanted, abort.map(|a| a.signal())).await;
            for ((a, _), answer) in wanted.into_iter().zip(answers) {
                let page = answer.map_err(|e| failed(w, &e, Some(list[a].app.label.clone())))?;
                merge.feed(a, page);
            }
            continue;
        };
        let plan = *plan.get_or_insert_with(|| plan_export(merge.total(), 100, EXPORT_CAP));
        if rows.is_empty() {
            return Ok((entries, apps, false));
        }
        for r in rows {
            apps.push(list[r.app].app.label.clone());
            entries.push(r.entry);
        }
        let _ = progress.try_set(Progress::Running {
            done: (entries.len() as u64).min(plan.runs),
            of: plan.runs,
        });
        if plan.capped && entries.len() as u64 >= plan.runs {
            entries.truncate(plan.runs as usize);
            apps.truncate(plan.runs as usize);
            return Ok((entries, apps, true));
        }
    }
}

/// Hands the file to the browser as a download.
fn save(format: Format, entries: &[LogEntry], apps: Option<&[String]>) {
    let (text, mime, ext) = match format {
        Format::Csv => (
            to_csv_in_apps(entries, apps),
            "text/csv;charset=utf-8",
            "csv",
        ),
        Format::Json => (to_json_in_apps(entries, apps), "application/json", "json"),
    };
    crate::browser::download(
        &export_file_name(ext, crate::browser::now_secs()),
        mime,
        &text,
    );
}
