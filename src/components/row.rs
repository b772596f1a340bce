//! One table row. It holds no listeners: the table's body serves every row.

use crate::components::status::StatusBadge;
use crate::rows::RowView;
use crate::time::format_relative;
use leptos::prelude::*;

/// A run's row; `selected` marks the run open in the detail panel, and
/// `relative_now` switches Started to "3 min ago".
#[component]
pub fn RunRow(
    row: RowView,
    selected: Signal<Option<String>>,
    relative_now: Signal<Option<i64>>,
) -> impl IntoView {
    let RowView {
        log_id,
        started,
        started_at,
        started_title,
        status,
        run_time,
        tokens,
        steps,
        user,
        user_title,
        source,
        error,
        error_title,
        ..
    } = row;
    let id = log_id.clone();
    let is_selected = move || selected.with(|s| s.as_deref() == Some(id.as_str()));
    let started_text = move || match (relative_now.get(), started_at) {
        (Some(now), Some(t)) => format_relative(t, now),
        _ => started.clone(),
    };
    view! {
        <tr class="dify-logs__row" class:dify-logs__row--selected=is_selected tabindex="0" data-log-id=log_id>
            <td class="dify-logs__started dify-logs__c0" title=started_title>{started_text}</td>
            <td class="dify-logs__c1"><StatusBadge status=status /></td>
            <td class="dify-logs__num dify-logs__c2">{run_time}</td>
            <td class="dify-logs__num dify-logs__c3">{tokens}</td>
            <td class="dify-logs__num dify-logs__c4">{steps}</td>
            <td class="dify-logs__user dify-logs__c5" title=user_title>{user}</td>
            <td class="dify-logs__source dify-logs__c6">{source}</td>
            <td class="dify-logs__error dify-logs__c7" title=error_title>{error}</td>
        </tr>
    }
}
