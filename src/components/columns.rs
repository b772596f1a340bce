//! The "Columns" menu: show or hide columns, compact rows, relative times.
//! A `<details>` element, so it opens with a click, Enter or Space and
//! needs no focus trap.

use crate::components::table::COLUMNS;
use crate::dom::{add, add_text, bind, el, on, set, target_checked, text_el};
use crate::prefs::Prefs;
use crate::reactive::*;
use web_sys::{Element, HtmlInputElement};

type Get = fn(&Prefs, usize) -> bool;
type Set = fn(&mut Prefs, usize, bool);

/// The menu; every change is saved by the owner of `prefs`.
pub fn columns_menu(prefs: ArcRwSignal<Prefs>) -> Element {
    let menu = el("details", "dify-logs__menu");
    add(&menu, &text_el("summary", "dify-logs__button", "Columns"));
    let body = el("div", "dify-logs__menu-body");
    set(&body, "role", "group");
    set(&body, "aria-label", "Columns");
    add(&menu, &body);
    let column: (Get, Set) = (|p, i| !p.hidden[i], |p, i, on| p.hidden[i] = !on);
    for (i, name) in COLUMNS.iter().enumerate() {
        check(&body, &prefs, name, i, column);
    }
    add(&body, &el("hr", ""));
    check(
        &body,
        &prefs,
        "Compact rows",
        0,
        (|p, _| p.compact, |p, _, on| p.compact = on),
    );
    check(
        &body,
        &prefs,
        "Relative times",
        0,
        (|p, _| p.relative_time, |p, _, on| p.relative_time = on),
    );
    menu
}

/// One on/off preference as a labelled checkbox.
fn check(
    parent: &Element,
    prefs: &ArcRwSignal<Prefs>,
    label: &str,
    i: usize,
    (get, put): (Get, Set),
) {
    let l = el("label", "dify-logs__check");
    let input: HtmlInputElement = wasm_bindgen::JsCast::unchecked_into(el("input", ""));
    set(&input, "type", "checkbox");
    let p2 = prefs.clone();
    on(&input, "change", move |ev| {
        let on = target_checked(&ev);
        let prefs = &p2;
        prefs.update(|p| put(p, i, on));
    });
    add(&l, &input);
    add_text(&l, label);
    add(parent, &l);
    let prefs = prefs.clone();
    bind(move || input.set_checked(prefs.with(|p| get(p, i))));
}
