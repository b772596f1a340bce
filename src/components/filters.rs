//! The filter bar: Keyword, Status, Period (+ From/To), Session ID,
//! Account email, Rows per page, Reset filters.

use crate::api::query::StatusFilter;
use crate::state::FilterState;
use crate::time::{parse_local_input, Period, RangeEnd};
use leptos::prelude::*;
use std::time::Duration;

/// How long typing must pause before a text filter applies.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

/// Rows-per-page choices; a configured `pageSize` outside them is added.
const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// The whole filter bar.
#[component]
pub fn Filters(state: FilterState) -> impl IntoView {
    let sizes = move || {
        let mut v = PAGE_SIZES.to_vec();
        let cur = state.limit.get();
        if !v.contains(&cur) {
            v.push(cur);
            v.sort_unstable();
        }
        v
    };
    view! {
        <div class="dify-logs__filters" role="search">
            <TextFilter
                label="Keyword"
                applied=state.keyword
                state=state
                input_type="search"
                placeholder="Inputs, outputs, session or run ID"
            />
            <label class="dify-logs__field">
                <span class="dify-logs__label">"Status"</span>
                <select
                    aria-label="Status"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let s = StatusFilter::parse(&v).unwrap_or_default();
                        state.change(|st| st.status.set(s));
                    }
                >
                    {StatusFilter::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() prop:selected=move || state.status.get() == s>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="dify-logs__field">
                <span class="dify-logs__label">"Period"</span>
                <select
                    aria-label="Period"
                    on:change=move |ev| {
                        let p = Period::parse(&event_target_value(&ev)).unwrap_or_default();
                        state.set_period(p);
                    }
                >
                    {Period::ALL
                        .into_iter()
                        .map(|p| {
                            view! {
                                <option value=p.value() prop:selected=move || state.period.get() == p>
                                    {p.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || state.period.get() == Period::Custom>
                <DateFilter label="From" value=state.custom_from state=state />
                <DateFilter label="To" value=state.custom_to state=state />
            </Show>
            <TextFilter
                label="Session ID"
                applied=state.session_id
                state=state
                input_type="text"
                placeholder="Exact end-user session ID"
            />
            <TextFilter
                label="Account email"
                applied=state.account
                state=state
                input_type="email"
                placeholder="Console account e-mail"
            />
            <label class="dify-logs__field">
                <span class="dify-logs__label">"Rows per page"</span>
                <select
                    aria-label="Rows per page"
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            state.change(|st| st.limit.set(n.clamp(1, 100)));
                        }
                    }
                >
                    {move || {
                        sizes()
                            .into_iter()
                            .map(|n| {
                                view! {
                                    <option value=n.to_string() prop:selected=move || state.limit.get() == n>
                                        {n.to_string()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <button type="button" class="dify-logs__button dify-logs__reset" on:click=move |_| state.reset()>
                "Reset filters"
            </button>
        </div>
    }
}

/// A text filter applied after a typing pause, at once on Enter or blur.
#[component]
fn TextFilter(
    label: &'static str,
    applied: RwSignal<String>,
    state: FilterState,
    input_type: &'static str,
    placeholder: &'static str,
) -> impl IntoView {
    let draft = RwSignal::new(applied.get_untracked());
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let cancel = move || {
        if let Some(h) = timer.try_update_value(|t| t.take()).flatten() {
            h.clear();
        }
    };
    let apply = move || {
        cancel();
        let v = draft.get_untracked().trim().to_string();
        if v != applied.get_untracked() {
            state.change(|_| applied.set(v));
        }
    };
    // Reflect changes made elsewhere (Reset filters, deep links) unless the
    // user is in the middle of typing.
    Effect::new(move |_| {
        let a = applied.get();
        let typing = timer.try_with_value(|t| t.is_some()).unwrap_or(false);
        if !typing && draft.get_untracked().trim() != a {
            draft.set(a);
        }
    });
    on_cleanup(cancel);
    view! {
        <label class="dify-logs__field">
            <span class="dify-logs__label">{label}</span>
            <input
                type=input_type
                aria-label=label
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                prop:value=move || draft.get()
                on:input=move |ev| {
                    draft.set(event_target_value(&ev));
                    cancel();
                    let h = set_timeout_with_handle(
                        move || {
                            timer.try_set_value(None);
                            apply();
                        },
                        DEBOUNCE,
                    )
                    .ok();
                    timer.try_set_value(h);
                }
                on:keydown=move |ev| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        apply();
                    }
                }
                on:change=move |_| apply()
            />
        </label>
    }
}

/// A `datetime-local` input for the Custom period, stored with the UTC
/// offset the browser gives for that wall time.
#[component]
fn DateFilter(label: &'static str, value: RwSignal<RangeEnd>, state: FilterState) -> impl IntoView {
    view! {
        <label class="dify-logs__field">
            <span class="dify-logs__label">{label}</span>
            <input
                type="datetime-local"
                aria-label=label
                prop:value=move || value.get().input
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let off = parse_local_input(&v).map(crate::browser::offset_at_local).unwrap_or(0);
                    state.change(|_| value.set(RangeEnd::typed(v, off)));
                }
            />
        </label>
    }
}
