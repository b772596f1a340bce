//! First/Previous/Next/Last, "Page X of Y" and the run count.

use crate::dom::{add, bind, button, el, on, set, text_el};
use crate::paging::Paging;
use crate::reactive::*;
use web_sys::Element;

/// The pager for the page on screen (`paging`); `page` is the page asked
/// for. Buttons are disabled where they would lead nowhere or while nothing
/// is loaded.
pub fn pagination(paging: ArcMemo<Option<Paging>>, page: ArcRwSignal<u32>) -> Element {
    let nav = el("nav", "dify-logs__pager");
    set(&nav, "aria-label", "Pagination");
    let label = text_el("span", "dify-logs__page-label", "");
    set(&label, "aria-live", "polite");
    let total = el("span", "dify-logs__total");
    type Target = fn(&Paging) -> u32;
    let buttons: [(&str, &str, Target, bool); 4] = [
        ("First page", "«", |_| 1, false),
        ("Previous page", "‹", |p| p.page.saturating_sub(1), false),
        ("Next page", "›", |p| p.page + 1, true),
        ("Last page", "»", |p| p.pages(), true),
    ];
    let mut built = Vec::new();
    for (i, (name, glyph, target, forward)) in buttons.into_iter().enumerate() {
        let b = button("dify-logs__button", glyph);
        set(&b, "aria-label", name);
        set(&b, "title", name);
        let (paging, page) = (paging.clone(), page.clone());
        // From the page asked for last, so two quick clicks go two pages.
        on(&b, "click", move |_| {
            if let Some(p) = paging.get_untracked() {
                let p = Paging {
                    page: page.get_untracked(),
                    ..p
                };
                page.set(target(&p).clamp(1, p.pages().max(1)));
            }
        });
        if i == 2 {
            add(&nav, &label);
        }
        add(&nav, &b);
        built.push((b, forward));
    }
    add(&nav, &total);
    bind(move || {
        let p = paging.get();
        let can_prev = p.as_ref().is_some_and(|p| p.has_prev());
        let can_next = p.as_ref().is_some_and(|p| p.has_next());
        for (b, forward) in &built {
            let b: &web_sys::HtmlButtonElement = wasm_bindgen::JsCast::unchecked_ref(b);
            b.set_disabled(!if *forward { can_next } else { can_prev });
        }
        label.set_text_content(Some(&p.as_ref().map(|p| p.label()).unwrap_or_default()));
        total.set_text_content(Some(&p.map(|p| p.total_label()).unwrap_or_default()));
    });
    nav
}
