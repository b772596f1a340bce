//! The filter bar: App (when there are several), Keyword, Status, Period
//! (+ From/To), Session ID, Account email, Rows per page, Reset filters.

use crate::api::query::StatusFilter;
use crate::components::context::use_widget;
use crate::components::date_filter::DateFilter;
use crate::components::select_field::{choices_of, SelectField};
use crate::components::text_filter::TextFilter;
use crate::domain::period::Period;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// Rows-per-page choices; a configured `pageSize` outside them is added.
const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// The whole filter bar.
#[component]
pub fn Filters() -> impl IntoView {
    let w = use_widget();
    let (state, l) = (w.state, w.locale);
    let sizes = Signal::derive(move || {
        let mut v = PAGE_SIZES.to_vec();
        let cur = state.limit.get();
        if !v.contains(&cur) {
            v.push(cur);
            v.sort_unstable();
        }
        v.into_iter()
            .map(|n| (n.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let statuses = choices_of(&StatusFilter::ALL, StatusFilter::as_str, |s| s.label(l));
    let periods = choices_of(&Period::ALL, Period::value, |p| p.label(l));
    let apps = w.apps;
    let app_choices = Signal::derive(move || apps.choices(td_string!(l, all_apps)));
    view! {
        <div class="dify-logs__filters" role="search">
            <Show when=move || apps.many()>
                <SelectField
                    label=td_string!(l, app)
                    name="app"
                    choices=app_choices
                    selected=Signal::derive(move || state.app.get())
                    on_pick=Callback::new(move |v: String| state.change(|st| st.app.set(v)))
                />
            </Show>
            <TextFilter label=td_string!(l, keyword) applied=state.keyword state=state input_type="search"
                placeholder=td_string!(l, keyword_placeholder) />
            <SelectField
                label=td_string!(l, status)
                name="status"
                choices=statuses
                selected=Signal::derive(move || state.status.get().as_str().to_string())
                on_pick=Callback::new(move |v: String| {
                    let s = StatusFilter::parse(&v).unwrap_or_default();
                    state.change(|st| st.status.set(s));
                })
            />
            <SelectField
                label=td_string!(l, period)
                name="period"
                choices=periods
                selected=Signal::derive(move || state.period.get().value().to_string())
                on_pick=Callback::new(move |v: String| state.set_period(Period::parse(&v).unwrap_or_default()))
            />
            <Show when=move || state.period.get() == Period::Custom>
                <DateFilter label=td_string!(l, from) value=state.custom_from state=state />
                <DateFilter label=td_string!(l, to) value=state.custom_to state=state />
            </Show>
            <TextFilter label=td_string!(l, session_id) applied=state.session_id state=state input_type="text"
                placeholder=td_string!(l, session_placeholder) />
            <TextFilter label=td_string!(l, account_email) applied=state.account state=state input_type="email"
                placeholder=td_string!(l, account_placeholder) />
            <SelectField
                label=td_string!(l, rows_per_page)
                name="limit"
                choices=sizes
                selected=Signal::derive(move || state.limit.get().to_string())
                on_pick=Callback::new(move |v: String| {
                    if let Ok(n) = v.parse::<u32>() {
                        state.change(|st| st.limit.set(n.clamp(1, 100)));
                    }
                })
            />
            <button type="button" class="dify-logs__button dify-logs__reset" on:click=move |_| state.reset()>
                {td_string!(l, reset_filters)}
            </button>
        </div>
    }
}
