//! What the detail panel shows of a loaded run.

use crate::api::model::RunDetail;
use crate::components::context::{use_widget, WidgetContext};
use crate::components::copy_button::CopyButton;
use crate::components::status::StatusBadge;
use crate::text::i18n::td_string;
use crate::text::rows::instant_cell;
use leptos::prelude::*;

/// The time in the widget's zone and language, and its UTC title.
fn local_and_utc(w: &WidgetContext, t: Option<i64>) -> (String, String) {
    let zone = w.state.zone;
    w.with_fmt(|f| instant_cell(t, |t| zone.offset_at_unix(t), f))
}

/// Facts, error, inputs (sys.* folded apart) and outputs, with copy buttons.
#[component]
pub fn DetailBody(detail: RunDetail) -> impl IntoView {
    let w = use_widget();
    let l = w.locale;
    let inputs = detail.inputs_view();
    let outputs = detail.outputs_text();
    let (started, started_utc) = local_and_utc(&w, detail.created_at);
    let (finished, finished_utc) = match detail.finished_at {
        Some(_) => local_and_utc(&w, detail.finished_at),
        None => (td_string!(l, not_finished).into(), String::new()),
    };
    let num = |v: Option<i64>| w.with_fmt(|f| f.count_cell(v));
    let run_time = detail
        .elapsed_time
        .map(|t| w.with_fmt(|f| f.duration(t)))
        .unwrap_or_else(|| "—".into());
    let error = detail.error.filter(|e| !e.is_empty());
    view! {
        <dl class="dify-logs__facts">
            <dt>{td_string!(l, status)}</dt>
            <dd><StatusBadge status=detail.status locale=l /></dd>
            <dt>{td_string!(l, run_id)}</dt>
            <dd class="dify-logs__mono">{detail.id.clone()} <CopyButton label=td_string!(l, copy_run_id) text=detail.id /></dd>
            <dt>{td_string!(l, col_run_time)}</dt>
            <dd>{run_time}</dd>
            <dt>{td_string!(l, col_tokens)}</dt>
            <dd>{num(detail.total_tokens)}</dd>
            <dt>{td_string!(l, col_steps)}</dt>
            <dd>{num(detail.total_steps)}</dd>
            <dt>{td_string!(l, col_started)}</dt>
            <dd title=started_utc>{started}</dd>
            <dt>{td_string!(l, finished)}</dt>
            <dd title=finished_utc>{finished}</dd>
        </dl>
        {error.map(|e| view! {
            <section class="dify-logs__detail-section">
                <h4>{td_string!(l, col_error)}</h4>
                <pre class="dify-logs__code dify-logs__code--error">{e}</pre>
            </section>
        })}
        <section class="dify-logs__detail-section">
            <h4>{td_string!(l, inputs)} " " <CopyButton label=td_string!(l, copy_inputs) text=inputs.user.clone() /></h4>
            <pre class="dify-logs__code">{inputs.user}</pre>
            {(inputs.system_count > 0).then(|| view! {
                <details class="dify-logs__sys">
                    <summary>{td_string!(l, system_inputs, n = inputs.system_count)}</summary>
                    <pre class="dify-logs__code">{inputs.system}</pre>
                </details>
            })}
        </section>
        <section class="dify-logs__detail-section">
            <h4>{td_string!(l, outputs)} " " <CopyButton label=td_string!(l, copy_outputs) text=outputs.clone() /></h4>
            <pre class="dify-logs__code">{outputs}</pre>
        </section>
    }
}
