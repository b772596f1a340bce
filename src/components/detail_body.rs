//! What the detail panel shows of a loaded run.

use crate::api::model::RunDetail;
use crate::components::copy_button::CopyButton;
use crate::components::status::StatusBadge;
use crate::paging::group_digits;
use crate::time::{format_duration, format_local, format_utc};
use leptos::prelude::*;

/// Local time with the exact UTC instant for the hover title.
fn local_and_utc(t: Option<i64>) -> (String, String) {
    t.map(|t| {
        (
            format_local(t, crate::browser::offset_at_unix(t)),
            format_utc(t),
        )
    })
    .unwrap_or_else(|| ("—".into(), String::new()))
}

/// Facts, error, inputs (sys.* folded apart) and outputs, with copy buttons.
#[component]
pub fn DetailBody(detail: RunDetail) -> impl IntoView {
    let inputs = detail.inputs_view();
    let outputs = detail.outputs_text();
    let (started, started_utc) = local_and_utc(detail.created_at);
    let (finished, finished_utc) = match detail.finished_at {
        Some(_) => local_and_utc(detail.finished_at),
        None => ("not finished".into(), String::new()),
    };
    let num = |v: Option<i64>| v.map(group_digits).unwrap_or_else(|| "—".into());
    let run_time = detail
        .elapsed_time
        .map(format_duration)
        .unwrap_or_else(|| "—".into());
    let error = detail.error.filter(|e| !e.is_empty());
    view! {
        <dl class="dify-logs__facts">
            <dt>"Status"</dt>
            <dd><StatusBadge status=detail.status /></dd>
            <dt>"Run ID"</dt>
            <dd class="dify-logs__mono">{detail.id.clone()} <CopyButton label="Copy run ID" text=detail.id /></dd>
            <dt>"Run time"</dt>
            <dd>{run_time}</dd>
            <dt>"Tokens"</dt>
            <dd>{num(detail.total_tokens)}</dd>
            <dt>"Steps"</dt>
            <dd>{num(detail.total_steps)}</dd>
            <dt>"Started"</dt>
            <dd title=started_utc>{started}</dd>
            <dt>"Finished"</dt>
            <dd title=finished_utc>{finished}</dd>
        </dl>
        {error.map(|e| view! {
            <section class="dify-logs__detail-section">
                <h4>"Error"</h4>
                <pre class="dify-logs__code dify-logs__code--error">{e}</pre>
            </section>
        })}
        <section class="dify-logs__detail-section">
            <h4>"Inputs" <CopyButton label="Copy inputs" text=inputs.user.clone() /></h4>
            <pre class="dify-logs__code">{inputs.user}</pre>
            {(inputs.system_count > 0).then(|| view! {
                <details class="dify-logs__sys">
                    <summary>{format!("System inputs (sys.*, {})", inputs.system_count)}</summary>
                    <pre class="dify-logs__code">{inputs.system}</pre>
                </details>
            })}
        </section>
        <section class="dify-logs__detail-section">
            <h4>"Outputs" <CopyButton label="Copy outputs" text=outputs.clone() /></h4>
            <pre class="dify-logs__code">{outputs}</pre>
        </section>
    }
}
