//! From and To of the Custom period.

use crate::components::state::FilterState;
use crate::domain::period::RangeEnd;
use crate::domain::time::parse_local_input;
use leptos::prelude::*;

/// A `datetime-local` input, stored with the UTC offset the widget's zone
/// gives for that wall time (so a range across a DST change is exact).
#[component]
pub fn DateFilter(
    label: &'static str,
    value: RwSignal<RangeEnd>,
    state: FilterState,
) -> impl IntoView {
    view! {
        <label class="dify-logs__field">
            <span class="dify-logs__label">{label}</span>
            <input
                type="datetime-local"
                aria-label=label
                prop:value=move || value.with(|v| v.input.clone())
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let off = parse_local_input(&v).map(|t| state.zone.offset_at_local(t)).unwrap_or(0);
                    state.change(|_| value.set(RangeEnd::typed(v, off)));
                }
            />
        </label>
    }
}
