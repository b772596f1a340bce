//! The few DOM helpers the views are written with. Signals, memos and
//! resources (`crate::reactive`) hold the state; these functions write the
//! DOM and `bind` ties the two with a render effect.
//!
//! Why not Leptos's `view!`: every typed view and every reactive attribute
//! in it is a separate generic instantiation of tachys and reactive_graph code. For
//! this widget, replacing them took the gzipped build from 272 to 209 KB
//! (see BENCHMARKS.md). These helpers are not generic: one copy of each
//! serves the whole widget.

use crate::reactive::{deferred_effect, on_cleanup, render_effect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, EventTarget, HtmlElement, Node};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

thread_local! {
    static DOC: Document = web_sys::window()
        .and_then(|w| w.document())
        .unwrap_throw();
}

/// The page's document.
pub fn document() -> Document {
    DOC.with(|d| d.clone())
}

/// `<tag class="class">`; an empty class sets none.
pub fn el(tag: &str, class: &str) -> Element {
    // Tag names are ours and valid: creation cannot fail.
    let e = document().create_element(tag).unwrap_throw();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

/// An SVG element.
pub fn svg(tag: &str, class: &str) -> Element {
    let e = document()
        .create_element_ns(Some(SVG_NS), tag)
        .unwrap_throw();
    if !class.is_empty() {
        let _ = e.set_attribute("class", class);
    }
    e
}

/// `<tag class>` holding `text`.
pub fn text_el(tag: &str, class: &str, text: &str) -> Element {
    let e = el(tag, class);
    e.set_text_content(Some(text));
    e
}

/// A `type="button"` button with a class and text.
pub fn button(class: &str, text: &str) -> HtmlElement {
    let b = text_el("button", class, text);
    let _ = b.set_attribute("type", "button");
    b.unchecked_into()
}

/// Sets an attribute.
pub fn set(e: &Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// Adds or removes one class.
pub fn toggle_class(e: &Element, class: &str, on: bool) {
    let _ = e.class_list().toggle_with_force(class, on);
}

/// Appends `child` to `parent`.
pub fn add(parent: &Node, child: &Node) {
    let _ = parent.append_child(child);
}

/// Appends a text node.
pub fn add_text(parent: &Node, text: &str) {
    let t = document().create_text_node(text);
    let _ = parent.append_child(&t);
}

/// Re-runs `f` whatever the signals it reads change, until the current
/// owner is cleaned up. Owners, effects and listeners created inside are
/// cleaned up before each re-run.
pub fn bind(f: impl FnMut() + 'static) {
    bind_boxed(Box::new(f));
}

fn bind_boxed(f: Box<dyn FnMut()>) {
    render_effect(f);
}

/// Runs `f` when the current owner is cleaned up (unmount, or a slot's
/// rebuild); `f` may hold browser objects (`Rc`, `JsValue`).
pub fn on_cleanup_local(f: impl FnOnce() + 'static) {
    on_cleanup(f);
}

/// Runs `f` after the current synchronous work, and again whenever the
/// signals it reads change, until the owner is cleaned up.
pub fn effect(f: impl FnMut() + 'static) {
    deferred_effect(Box::new(f));
}

/// Calls `f` for every `event` on `target` until the current owner is
/// cleaned up; then the listener is removed.
pub fn on(target: &EventTarget, event: &'static str, f: impl FnMut(Event) + 'static) {
    on_boxed(target, event, Box::new(f));
}

fn on_boxed(target: &EventTarget, event: &'static str, f: Box<dyn FnMut(Event)>) {
    let cb = Closure::wrap(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    let target = target.clone();
    on_cleanup_local(move || {
        let _ = target.remove_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    });
}

/// A place in `parent` whose content `f` builds, rebuilt whenever the
/// signals `f` reads change. `None` leaves it empty; a fragment may hold
/// several nodes.
pub fn slot(parent: &Node, f: impl FnMut() -> Option<Node> + 'static) {
    slot_boxed(parent, Box::new(f));
}

fn slot_boxed(parent: &Node, mut f: Box<dyn FnMut() -> Option<Node>>) {
    let anchor: Node = document().create_comment("").into();
    add(parent, &anchor);
    let shown: Rc<RefCell<Vec<Node>>> = Rc::default();
    bind(move || {
        let node = f();
        for old in shown.borrow_mut().drain(..) {
            if let Some(p) = old.parent_node() {
                let _ = p.remove_child(&old);
            }
        }
        let (Some(node), Some(p)) = (node, anchor.parent_node()) else {
            return;
        };
        let nodes = if node.node_type() == Node::DOCUMENT_FRAGMENT_NODE {
            let list = node.child_nodes();
            (0..list.length()).filter_map(|i| list.item(i)).collect()
        } else {
            vec![node.clone()]
        };
        let _ = p.insert_before(&node, Some(&anchor));
        *shown.borrow_mut() = nodes;
    });
}

/// A fragment to gather several nodes for a slot.
pub fn fragment() -> Node {
    document().create_document_fragment().into()
}

/// The element an event happened on.
pub fn target_element(ev: &Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// The value of the input or select an event came from.
pub fn target_value(ev: &Event) -> String {
    let Some(t) = ev.target() else {
        return String::new();
    };
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = t.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    String::new()
}

/// Whether the checkbox an event came from is checked.
pub fn target_checked(ev: &Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// The key of a keyboard event ("" for other events).
pub fn key(ev: &Event) -> String {
    ev.dyn_ref::<web_sys::KeyboardEvent>()
        .map(|k| k.key())
        .unwrap_or_default()
}

/// A `<select>` with `aria-label` and options `(value, label)`.
pub fn select(label: &str, options: &[(&str, &str)]) -> web_sys::HtmlSelectElement {
    let s = el("select", "");
    set(&s, "aria-label", label);
    for (value, text) in options {
        let o = text_el("option", "", text);
        set(&o, "value", value);
        add(&s, &o);
    }
    s.unchecked_into()
}

/// `<label class="dify-logs__field"><span class="dify-logs__label">text</span>…`
pub fn field(text: &str, inline: bool) -> Element {
    let l = el(
        "label",
        if inline {
            "dify-logs__field dify-logs__field--inline"
        } else {
            "dify-logs__field"
        },
    );
    add(&l, &text_el("span", "dify-logs__label", text));
    l
}
