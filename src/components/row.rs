//! One table row. It is static: no listeners (the table's body serves every
//! row) and no reactive closures, so a row owns nothing that outlives it.
//! Selection and relative times are applied by the table.

use crate::components::status::StatusBadge;
use crate::text::i18n::Locale;
use crate::text::rows::RowView;
use leptos::prelude::*;

/// A run's row, its texts in `locale`.
#[component]
pub fn RunRow(row: RowView, locale: Locale) -> impl IntoView {
    let RowView {
        log_id,
        started,
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
        app_label,
        ..
    } = row;
    view! {
        <tr class="dify-logs__row" tabindex="0" data-log-id=log_id>
            <td class="dify-logs__started dify-logs__c0" title=started_title>{started}</td>
            {app_label.map(|a| view! { <td class="dify-logs__app">{a}</td> })}
            <td class="dify-logs__c1"><StatusBadge status=status locale /></td>
            <td class="dify-logs__num dify-logs__c2">{run_time}</td>
            <td class="dify-logs__num dify-logs__c3">{tokens}</td>
            <td class="dify-logs__num dify-logs__c4">{steps}</td>
            <td class="dify-logs__user dify-logs__c5" title=user_title>{user}</td>
            <td class="dify-logs__source dify-logs__c6">{source}</td>
            <td class="dify-logs__error dify-logs__c7" title=error_title>{error}</td>
        </tr>
    }
}
