//! First/Previous/Next/Last, "Page X of Y" and the run count; "Page X" and
//! no Last in the "All apps" view.

use crate::components::context::use_widget;
use crate::domain::paging::Paging;
use crate::text::i18n::td_string;
use leptos::prelude::*;

/// The pager for the rows on screen. Buttons count from the page asked for
/// last, so two quick clicks go two pages; they are disabled where they
/// would lead nowhere or while nothing is loaded.
#[component]
pub fn Pagination() -> impl IntoView {
    let w = use_widget();
    let paging = w.logs.paging;
    let l = w.locale;
    let page = w.state.page;
    let go = move |target: fn(&Paging) -> u32| {
        move |_| {
            if let Some(p) = paging.get_untracked() {
                let asked = Paging {
                    page: page.get_untracked(),
                    ..p
                };
                page.set(target(&asked).clamp(1, p.pages().max(1)));
            }
        }
    };
    let can_prev = move || paging.with(|p| p.as_ref().is_some_and(|p| p.has_prev()));
    let can_next = move || paging.with(|p| p.as_ref().is_some_and(|p| p.has_next()));
    // Paging by time across apps has no last page to jump to.
    let has_last = move || paging.with(|p| p.as_ref().is_none_or(|p| p.has_last()));
    view! {
        <nav class="dify-logs__pager" aria-label=td_string!(l, pagination)>
            <button type="button" class="dify-logs__button" aria-label=td_string!(l, first_page) title=td_string!(l, first_page)
                disabled=move || !can_prev() on:click=go(|_| 1)>"«"</button>
            <button type="button" class="dify-logs__button" aria-label=td_string!(l, prev_page) title=td_string!(l, prev_page)
                disabled=move || !can_prev() on:click=go(|p| p.page.saturating_sub(1))>"‹"</button>
            // Not a live region: the widget's announcer says the page after each load.
            <span class="dify-logs__page-label">
                {move || paging.with(|p| p.as_ref().map(|p| w.with_fmt(|f| p.label(f))).unwrap_or_default())}
            </span>
            <button type="button" class="dify-logs__button" aria-label=td_string!(l, next_page) title=td_string!(l, next_page)
                disabled=move || !can_next() on:click=go(|p| p.page + 1)>"›"</button>
            <Show when=has_last>
                <button type="button" class="dify-logs__button" aria-label=td_string!(l, last_page) title=td_string!(l, last_page)
                    disabled=move || !can_next() on:click=go(|p| p.pages())>"»"</button>
            </Show>
            <span class="dify-logs__total">
                {move || paging.with(|p| p.as_ref().map(|p| w.with_fmt(|f| p.total_label(f))).unwrap_or_default())}
            </span>
        </nav>
    }
}
