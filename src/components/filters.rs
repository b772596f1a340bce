//! The filter bar: Keyword, Status, Period (+ From/To), Session ID,
//! Account email, Rows per page, Reset filters.

use crate::api::query::StatusFilter;
use crate::components::timers::PendingTimeout;
use crate::dom::{
    add, bind, button, el, field, fragment, key, on, select, set, slot, target_value, text_el,
};
use crate::reactive::*;
use crate::state::FilterState;
use crate::time::{parse_local_input, Period, RangeEnd};
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, Node};

/// How long typing must pause before a text filter applies.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

/// Rows-per-page choices; a configured `pageSize` outside them is added.
const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// The whole filter bar.
pub fn filters(state: FilterState) -> Element {
    let bar = el("div", "dify-logs__filters");
    set(&bar, "role", "search");
    text_filter(
        &bar,
        "Keyword",
        &state.keyword,
        &state,
        "search",
        "Inputs, outputs, session or run ID",
    );

    let statuses: Vec<(&str, &str)> = StatusFilter::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect();
    let status = labelled_select(&bar, "Status", &statuses);
    let st = state.clone();
    on(&status, "change", move |ev| {
        let state = &st;
        let s = StatusFilter::parse(&target_value(&ev)).unwrap_or_default();
        state.change(|st| st.status.set(s));
    });
    let (s2, sig) = (status.clone(), state.status.clone());
    bind(move || s2.set_value(sig.get().as_str()));

    let periods: Vec<(&str, &str)> = Period::ALL.iter().map(|p| (p.value(), p.label())).collect();
    let period = labelled_select(&bar, "Period", &periods);
    let st = state.clone();
    on(&period, "change", move |ev| {
        let state = &st;
        state.set_period(Period::parse(&target_value(&ev)).unwrap_or_default());
    });
    let (p2, sig) = (period.clone(), state.period.clone());
    bind(move || p2.set_value(sig.get().value()));

    let st = state.clone();
    slot(&bar, move || {
        let state = &st;
        if state.period.get() != Period::Custom {
            return None;
        }
        let frag = fragment();
        date_filter(&frag, "From", &state.custom_from, state);
        date_filter(&frag, "To", &state.custom_to, state);
        Some(frag)
    });
    text_filter(
        &bar,
        "Session ID",
        &state.session_id,
        &state,
        "text",
        "Exact end-user session ID",
    );
    text_filter(
        &bar,
        "Account email",
        &state.account,
        &state,
        "email",
        "Console account e-mail",
    );

    let size = labelled_select(&bar, "Rows per page", &[]);
    let st = state.clone();
    on(&size, "change", move |ev| {
        let state = &st;
        if let Ok(n) = target_value(&ev).parse::<u32>() {
            state.change(|st| st.limit.set(n.clamp(1, 100)));
        }
    });
    let limit = state.limit.clone();
    bind(move || {
        // A configured pageSize outside the usual choices is added.
        let cur = limit.get();
        let mut sizes = PAGE_SIZES.to_vec();
        if !sizes.contains(&cur) {
            let at = sizes.iter().position(|&n| n > cur).unwrap_or(sizes.len());
            sizes.insert(at, cur);
        }
        size.set_text_content(None);
        for n in sizes {
            let n = n.to_string();
            let o = text_el("option", "", &n);
            set(&o, "value", &n);
            add(&size, &o);
        }
        size.set_value(&cur.to_string());
    });

    let reset = button("dify-logs__button dify-logs__reset", "Reset filters");
    on(&reset, "click", move |_| state.reset());
    add(&bar, &reset);
    bar
}

/// A labelled `<select>` appended to `parent`.
fn labelled_select(parent: &Node, label: &str, options: &[(&str, &str)]) -> HtmlSelectElement {
    let l = field(label, false);
    let s = select(label, options);
    add(&l, &s);
    add(parent, &l);
    s
}

/// A text filter applied after a typing pause, at once on Enter or blur.
fn text_filter(
    parent: &Node,
    label: &'static str,
    applied: &ArcRwSignal<String>,
    state: &FilterState,
    input_type: &str,
    placeholder: &str,
) {
    let l = field(label, false);
    let input: HtmlInputElement = el("input", "").unchecked_into();
    for (k, v) in [
        ("type", input_type),
        ("aria-label", label),
        ("placeholder", placeholder),
        ("autocomplete", "off"),
        ("spellcheck", "false"),
    ] {
        set(&input, k, v);
    }
    add(&l, &input);
    add(parent, &l);

    // The pending debounce timer, while the user is typing.
    let timer = PendingTimeout::new();
    let apply = {
        let (input, timer) = (input.clone(), timer.clone());
        let (applied, state) = (applied.clone(), state.clone());
        move || {
            timer.cancel();
            let v = input.value().trim().to_string();
            if v != applied.get_untracked() {
                state.change(|_| applied.set(v));
            }
        }
    };
    // Reflect changes made elsewhere (Reset filters, deep links) unless the
    // user is in the middle of typing.
    {
        let (input, timer, applied) = (input.clone(), timer.clone(), applied.clone());
        bind(move || {
            let a = applied.get();
            if !timer.is_pending() && input.value().trim() != a {
                input.set_value(&a);
            }
        });
    }
    {
        let apply = apply.clone();
        on(&input, "input", move |_| {
            timer.start(apply.clone(), DEBOUNCE)
        });
    }
    {
        let apply = apply.clone();
        on(&input, "keydown", move |ev| {
            if key(&ev) == "Enter" {
                ev.prevent_default();
                apply();
            }
        });
    }
    on(&input, "change", move |_| apply());
}

/// A `datetime-local` input for the Custom period, stored with the UTC
/// offset the browser gives for that wall time.
fn date_filter(parent: &Node, label: &str, value: &ArcRwSignal<RangeEnd>, state: &FilterState) {
    let l = field(label, false);
    let input: HtmlInputElement = el("input", "").unchecked_into();
    set(&input, "type", "datetime-local");
    set(&input, "aria-label", label);
    add(&l, &input);
    add(parent, &l);
    let (v2, state) = (value.clone(), state.clone());
    on(&input, "change", move |ev| {
        let value = &v2;
        let v = target_value(&ev);
        let off = parse_local_input(&v)
            .map(crate::browser::offset_at_local)
            .unwrap_or(0);
        state.change(|_| value.set(RangeEnd::typed(v, off)));
    });
    let value = value.clone();
    bind(move || {
        let v = value.with(|v| v.input.clone());
        if input.value() != v {
            input.set_value(&v);
        }
    });
}
