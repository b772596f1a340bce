//! The run detail side panel: `GET /workflows/run/{id}` with status, times,
//! inputs (sys.* folded apart) and outputs, copy buttons, Escape to close.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::model::RunDetail;
use crate::components::alert::alert_box;
use crate::components::status::status_badge;
use crate::dom::on_cleanup_local;
use crate::dom::{add, add_text, button, el, fragment, key, on, set, slot, text_el};
use crate::paging::group_digits;
use crate::reactive::*;
use crate::time::{format_duration, format_local, format_utc};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element, HtmlElement, Node};

/// Which run the panel shows: the run id, and the log id of the row to give
/// focus back to on close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub run_id: Option<String>,
    pub log_id: String,
}

/// The side panel for one run; `on_close` runs on Escape or the close button.
pub fn run_detail_panel(
    selection: Selection,
    client: Rc<Client>,
    on_close: Rc<dyn Fn()>,
) -> Element {
    let inflight: Rc<RefCell<Option<AbortController>>> = Rc::default();
    let run_id = selection.run_id.clone();
    let detail: ArcLocalResource<Option<Result<RunDetail, ApiError>>> = {
        let inflight = inflight.clone();
        ArcLocalResource::new(move || {
            let run_id = run_id.clone();
            let (inflight, client) = (inflight.clone(), client.clone());
            async move {
                let Some(id) = run_id else {
                    return Some(Err(ApiError::Decode(
                        "This log entry has no workflow run to show.".into(),
                    )));
                };
                let ctrl = AbortController::new().ok();
                *inflight.borrow_mut() = ctrl.clone();
                Some(client.run(&id, ctrl.as_ref().map(|c| c.signal())).await)
            }
        })
    };
    on_cleanup_local(move || {
        if let Some(c) = inflight.borrow_mut().take() {
            c.abort();
        }
    });

    let panel = el("aside", "dify-logs__detail");
    set(&panel, "role", "dialog");
    set(&panel, "aria-label", "Run details");
    set(&panel, "tabindex", "-1");
    let close_on_escape = on_close.clone();
    on(&panel, "keydown", move |ev| {
        if key(&ev) == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            close_on_escape();
        }
    });
    let head = el("header", "dify-logs__detail-head");
    add(
        &head,
        &text_el("h3", "dify-logs__detail-title", "Run details"),
    );
    let close = button("dify-logs__button", "✕");
    set(&close, "aria-label", "Close run details");
    on(&close, "click", move |_| on_close());
    add(&head, &close);
    add(&panel, &head);
    slot(&panel, move || {
        Some(match detail.get().flatten() {
            None => {
                let p = text_el("p", "dify-logs__detail-loading", "Loading run…");
                set(&p, "aria-busy", "true");
                p.into()
            }
            Some(Err(e)) => {
                let title = if e.kind() == crate::api::error::ErrorKind::NotFound {
                    "This run was not found"
                } else {
                    e.title()
                };
                alert_box(title, &e.detail(), None, None).into()
            }
            Some(Ok(d)) => detail_body(&d),
        })
    });
    // Focus the panel once it is in the page.
    let p2: HtmlElement = panel.clone().unchecked_into();
    crate::reactive::spawn_local(async move {
        let _ = p2.focus();
    });
    panel
}

fn detail_body(detail: &RunDetail) -> Node {
    let inputs = detail.inputs_view();
    let outputs = detail.outputs_text();
    let time = |t: Option<i64>| {
        t.map(|t| {
            (
                format_local(t, crate::browser::offset_at_unix(t)),
                format_utc(t),
            )
        })
        .unwrap_or_else(|| ("—".into(), String::new()))
    };
    let (started, started_utc) = time(detail.created_at);
    let (finished, finished_utc) = match detail.finished_at {
        Some(_) => time(detail.finished_at),
        None => ("not finished".into(), String::new()),
    };
    let num = |v: Option<i64>| v.map(group_digits).unwrap_or_else(|| "—".into());
    let out = fragment();
    let facts = el("dl", "dify-logs__facts");
    add(&out, &facts);
    let fact = |term: &str, class: &str, text: &str, title: &str| {
        add(&facts, &text_el("dt", "", term));
        let dd = text_el("dd", class, text);
        if !title.is_empty() {
            set(&dd, "title", title);
        }
        add(&facts, &dd);
        dd
    };
    let status = fact("Status", "", "", "");
    add(&status, &status_badge(&detail.status));
    let id = fact("Run ID", "dify-logs__mono", &detail.id, "");
    add_text(&id, " ");
    add(&id, &copy_button("Copy run ID", detail.id.clone()));
    fact(
        "Run time",
        "",
        &detail
            .elapsed_time
            .map(format_duration)
            .unwrap_or_else(|| "—".into()),
        "",
    );
    fact("Tokens", "", &num(detail.total_tokens), "");
    fact("Steps", "", &num(detail.total_steps), "");
    fact("Started", "", &started, &started_utc);
    fact("Finished", "", &finished, &finished_utc);
    if let Some(e) = detail.error.as_deref().filter(|e| !e.is_empty()) {
        let sec = el("section", "dify-logs__detail-section");
        add(&sec, &text_el("h4", "", "Error"));
        add(
            &sec,
            &text_el("pre", "dify-logs__code dify-logs__code--error", e),
        );
        add(&out, &sec);
    }
    let sec = section(
        &out,
        "Inputs",
        copy_button("Copy inputs", inputs.user.clone()),
    );
    add(&sec, &text_el("pre", "dify-logs__code", &inputs.user));
    if inputs.system_count > 0 {
        let sys = el("details", "dify-logs__sys");
        add(
            &sys,
            &text_el(
                "summary",
                "",
                &format!("System inputs (sys.*, {})", inputs.system_count),
            ),
        );
        add(&sys, &text_el("pre", "dify-logs__code", &inputs.system));
        add(&sec, &sys);
    }
    let sec = section(
        &out,
        "Outputs",
        copy_button("Copy outputs", outputs.clone()),
    );
    add(&sec, &text_el("pre", "dify-logs__code", &outputs));
    out
}

/// `<section><h4>title <copy/></h4>…` appended to `parent`.
fn section(parent: &Node, title: &str, copy: Element) -> Element {
    let sec = el("section", "dify-logs__detail-section");
    let h = text_el("h4", "", title);
    add_text(&h, " ");
    add(&h, &copy);
    add(&sec, &h);
    add(parent, &sec);
    sec
}

/// Copies `text` to the clipboard and says so for a moment.
fn copy_button(label: &str, text: String) -> Element {
    let b = button("dify-logs__button dify-logs__copy", "Copy");
    set(&b, "aria-label", label);
    set(&b, "title", label);
    let b2 = b.clone();
    on(&b, "click", move |_| {
        let ok = web_sys::window()
            .map(|w| w.navigator().clipboard())
            .map(|c| {
                let _ = c.write_text(&text);
            })
            .is_some();
        if ok {
            b2.set_text_content(Some("Copied"));
            let b3 = b2.clone();
            set_timeout(
                move || b3.set_text_content(Some("Copy")),
                std::time::Duration::from_millis(1500),
            );
        }
    });
    b.into()
}
