//! The filter bar: Keyword, Status, Period (+ From/To), Session ID,
//! Account email, Rows per page, Reset filters.

use crate::api::query::StatusFilter;
use crate::components::context::use_widget;
use crate::components::date_filter::DateFilter;
use crate::components::select_field::{choices_of, SelectField};
use crate::components::text_filter::TextFilter;
use crate::time::Period;
use leptos::prelude::*;

/// Rows-per-page choices; a configured `pageSize` outside them is added.
const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// The whole filter bar.
#[component]
pub fn Filters() -> impl IntoView {
    let state = use_widget().state;
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
    let statuses = choices_of(
        &StatusFilter::ALL,
        StatusFilter::as_str,
        StatusFilter::label,
    );
    let periods = choices_of(&Period::ALL, Period::value, Period::label);
    view! {
        <div class="dify-logs__filters" role="search">
            <TextFilter label="Keyword" applied=state.keyword state=state input_type="search"
                placeholder="Inputs, outputs, session or run ID" />
            <SelectField
                label="Status"
                choices=statuses
                selected=Signal::derive(move || state.status.get().as_str().to_string())
                on_pick=Callback::new(move |v: String| {
                    let s = StatusFilter::parse(&v).unwrap_or_default();
                    state.change(|st| st.status.set(s));
                })
            />
            <SelectField
                label="Period"
                choices=periods
                selected=Signal::derive(move || state.period.get().value().to_string())
                on_pick=Callback::new(move |v: String| state.set_period(Period::parse(&v).unwrap_or_default()))
            />
            <Show when=move || state.period.get() == Period::Custom>
                <DateFilter label="From" value=state.custom_from state=state />
                <DateFilter label="To" value=state.custom_to state=state />
            </Show>
            <TextFilter label="Session ID" applied=state.session_id state=state input_type="text"
                placeholder="Exact end-user session ID" />
            <TextFilter label="Account email" applied=state.account state=state input_type="email"
                placeholder="Console account e-mail" />
            <SelectField
                label="Rows per page"
                choices=sizes
                selected=Signal::derive(move || state.limit.get().to_string())
                on_pick=Callback::new(move |v: String| {
                    if let Ok(n) = v.parse::<u32>() {
                        state.change(|st| st.limit.set(n.clamp(1, 100)));
                    }
                })
            />
            <button type="button" class="dify-logs__button dify-logs__reset" on:click=move |_| state.reset()>
                "Reset filters"
            </button>
        </div>
    }
}
