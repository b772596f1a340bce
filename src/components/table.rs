//! The runs table: a real `<table>`, one row per log keyed by its id.

use crate::api::model::{LogEntry, RunStatus};
use crate::components::status::badge_class;
use crate::components::timers::PendingTimeout;
use crate::dom::{add, bind, button, el, key, on, set, target_element, toggle_class};
use crate::paging::group_digits;
use crate::reactive::*;
use crate::time::{format_duration, format_local, format_relative, format_utc};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{Element, Node};

/// How long a load runs before the table dims and says it is busy.
pub const BUSY_DELAY: std::time::Duration = std::time::Duration::from_millis(200);

/// How many characters of an error the cell shows; the rest is on hover.
const ERROR_CHARS: usize = 60;

/// Column headers, in order.
pub const COLUMNS: [&str; 8] = [
    "Started", "Status", "Run time", "Tokens", "Steps", "User", "Source", "Error",
];

/// What one row shows, derived once from a log entry.
#[derive(Clone, Debug, PartialEq)]
pub struct RowView {
    /// Changes whenever the row's content may change, so a keyed list
    /// re-renders a run that finished since the last refresh.
    pub key: String,
    /// The log entry's id, for focus and selection.
    pub log_id: String,
    /// The workflow run to open in the detail panel.
    pub run_id: Option<String>,
    pub started: String,
    /// Unix seconds, for relative times.
    pub started_at: Option<i64>,
    pub started_title: String,
    pub status: RunStatus,
    pub run_time: String,
    pub tokens: String,
    pub steps: String,
    pub user: String,
    pub user_title: String,
    pub source: String,
    pub error: String,
    pub error_title: String,
}

impl RowView {
    /// Builds the cells; `offset_at` gives the browser's UTC offset for an instant.
    pub fn from_entry(e: &LogEntry, offset_at: impl Fn(i64) -> i32) -> Self {
        let run = e.workflow_run.as_ref();
        let started_at = e.created_at.or_else(|| run.and_then(|r| r.created_at));
        let status = run.map(|r| r.status.clone()).unwrap_or_default();
        let (user, user_title) = user_cell(e);
        let error_full = run.and_then(|r| r.error.clone()).unwrap_or_default();
        let finished = run.and_then(|r| r.finished_at);
        let num = |v: Option<i64>| v.map(group_digits).unwrap_or_else(|| "—".into());
        Self {
            key: format!(
                "{}|{}|{}",
                e.id,
                status.as_str(),
                finished.map(|f| f.to_string()).unwrap_or_default()
            ),
            log_id: e.id.clone(),
            run_id: run.map(|r| r.id.clone()).filter(|id| !id.is_empty()),
            started: started_at
                .map(|t| format_local(t, offset_at(t)))
                .unwrap_or_else(|| "—".into()),
            started_title: started_at.map(format_utc).unwrap_or_default(),
            started_at,
            run_time: match (run, &status) {
                (Some(_), RunStatus::Running) if finished.is_none() => "running…".into(),
                (Some(r), _) => r
                    .elapsed_time
                    .map(format_duration)
                    .unwrap_or_else(|| "—".into()),
                (None, _) => "—".into(),
            },
            tokens: num(run.and_then(|r| r.total_tokens)),
            steps: num(run.and_then(|r| r.total_steps)),
            status,
            user,
            user_title,
            source: e.created_from.clone().unwrap_or_else(|| "—".into()),
            error: shorten(&error_full, ERROR_CHARS),
            error_title: error_full,
        }
    }
}

/// End-user session ID, else account name or e-mail, else a dash; the
/// title says which it is.
pub fn user_cell(e: &LogEntry) -> (String, String) {
    if let Some(s) = e
        .created_by_end_user
        .as_ref()
        .and_then(|u| u.session_id.clone())
        .filter(|s| !s.is_empty())
    {
        return (s.clone(), format!("End user session: {s}"));
    }
    if let Some(a) = &e.created_by_account {
        let email = a.email.clone().filter(|s| !s.is_empty());
        if let Some(n) = a.name.clone().filter(|s| !s.is_empty()) {
            let title = match &email {
                Some(m) => format!("Account: {n} <{m}>"),
                None => format!("Account: {n}"),
            };
            return (n, title);
        }
        if let Some(m) = email {
            return (m.clone(), format!("Account: {m}"));
        }
    }
    ("—".into(), String::new())
}

/// Cuts `s` to `n` characters with an ellipsis, on one line.
pub fn shorten(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        one_line
            .chars()
            .take(n.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}

/// The table's live parts, shared by its effects and listeners.
struct TableDom {
    body: Element,
    /// Rows on screen, in order, with their DOM.
    rows: Vec<(Rc<RowView>, Element)>,
    /// The selected row's id.
    selected: Option<String>,
}

/// The table; `busy` dims it and sets `aria-busy` while a newer page loads.
/// Clicking a row, or Enter on a focused row, calls `on_open`: one pair of
/// listeners on the body serves every row, so rows carry no closures.
/// Rows are keyed by `RowView::key`: an auto-refresh keeps the DOM of every
/// unchanged row and only builds the rows that are new or changed.
pub fn runs_table(
    rows: ArcMemo<Vec<Rc<RowView>>>,
    busy: ArcMemo<bool>,
    selected: ArcMemo<Option<String>>,
    on_open: Rc<dyn Fn(RowView)>,
    // `Some(now)` shows Started as "3 min ago" relative to `now`.
    relative_now: ArcMemo<Option<i64>>,
    // Changes when a different query's rows arrive (not on auto-refresh).
    generation: ArcRwSignal<u32>,
    // The Started header switches between relative and exact times.
    on_toggle_time: Rc<dyn Fn()>,
) -> Element {
    let wrap = el("div", "dify-logs__table-wrap");
    let table = el("table", "dify-logs__table");
    add(&wrap, &table);
    let head = el("thead", "");
    let head_row = el("tr", "");
    add(&table, &head);
    add(&head, &head_row);
    for (i, c) in COLUMNS.iter().enumerate() {
        let th = el("th", COLUMN_CLASSES[i]);
        set(&th, "scope", "col");
        if i == 0 {
            let b = button("dify-logs__th-button", c);
            set(&b, "title", "Switch between relative and exact times");
            let toggle = on_toggle_time.clone();
            on(&b, "click", move |_| toggle());
            let (b2, relative_now) = (b.clone(), relative_now.clone());
            bind(move || {
                let on = relative_now.get().is_some();
                set(&b2, "aria-pressed", if on { "true" } else { "false" });
            });
            add(&th, &b);
        } else {
            th.set_text_content(Some(c));
        }
        add(&head_row, &th);
    }
    let body = el("tbody", "");
    add(&table, &body);
    set(&table, "aria-busy", "false");
    {
        // Busy shows only once a load takes longer than BUSY_DELAY: a fast
        // page change then costs one repaint, not three (dim, rows, undim).
        let (wrap, table) = (wrap.clone(), table.clone());
        let show = Rc::new(move |on: bool| {
            toggle_class(&wrap, "dify-logs__table-wrap--busy", on);
            set(&table, "aria-busy", if on { "true" } else { "false" });
        });
        let pending = PendingTimeout::new();
        let shown = Rc::new(std::cell::Cell::new(false));
        bind(move || {
            pending.cancel();
            if !busy.get() {
                if shown.replace(false) {
                    show(false);
                }
                return;
            }
            let (show, shown) = (show.clone(), shown.clone());
            pending.start(
                move || {
                    shown.set(true);
                    show(true);
                },
                BUSY_DELAY,
            );
        });
    }

    let dom = Rc::new(RefCell::new(TableDom {
        body: body.clone(),
        rows: Vec::new(),
        selected: None,
    }));
    let open_from = {
        let dom = dom.clone();
        move |ev: &web_sys::Event| {
            let id = target_element(ev)
                .and_then(|el| el.closest("tr[data-log-id]").ok().flatten())
                .and_then(|tr| tr.get_attribute("data-log-id"));
            let row = id.and_then(|id| {
                let d = dom.borrow();
                d.rows
                    .iter()
                    .find(|(r, _)| r.log_id == id)
                    .map(|(r, _)| RowView::clone(r))
            });
            if let Some(row) = row {
                on_open(row);
            }
        }
    };
    {
        let open_from = open_from.clone();
        on(&body, "click", move |ev| open_from(&ev));
    }
    on(&body, "keydown", move |ev| {
        if key(&ev) == "Enter" {
            ev.prevent_default();
            open_from(&ev);
        }
    });

    // Rows: rebuilt for a new query, diffed by key on auto-refresh.
    {
        let dom = dom.clone();
        let (relative_now, selected) = (relative_now.clone(), selected.clone());
        let mut last_generation = None;
        bind(move || {
            let g = generation.get();
            let now = relative_now.get_untracked();
            let sel = selected.get_untracked();
            rows.with(|new| {
                let mut d = dom.borrow_mut();
                d.selected = sel;
                let fresh = last_generation != Some(g);
                last_generation = Some(g);
                d.update(new, fresh, now);
            });
        });
    }
    // Selection: move one class.
    {
        let dom = dom.clone();
        let selected = selected.clone();
        bind(move || {
            let sel = selected.get();
            let mut d = dom.borrow_mut();
            for (r, tr) in &d.rows {
                let on = sel.as_deref() == Some(r.log_id.as_str());
                if on || Some(&r.log_id) == d.selected.as_ref() {
                    toggle_class(tr, "dify-logs__row--selected", on);
                }
            }
            d.selected = sel;
        });
    }
    // Relative or exact times: rewrite the Started cells.
    {
        let mut first = true;
        bind(move || {
            let now = relative_now.get();
            if std::mem::take(&mut first) {
                return;
            }
            for (r, tr) in &dom.borrow().rows {
                if let Some(td) = tr.first_element_child() {
                    td.set_text_content(Some(&r.started_text(now)));
                }
            }
        });
    }
    wrap
}

/// One class per column, for hiding columns and widths.
const COLUMN_CLASSES: [&str; 8] = [
    "dify-logs__c0",
    "dify-logs__c1",
    "dify-logs__c2",
    "dify-logs__c3",
    "dify-logs__c4",
    "dify-logs__c5",
    "dify-logs__c6",
    "dify-logs__c7",
];

impl RowView {
    /// What the Started cell shows: relative to `now`, or the local time.
    pub fn started_text(&self, now: Option<i64>) -> String {
        match (now, self.started_at) {
            (Some(now), Some(t)) => format_relative(t, now),
            _ => self.started.clone(),
        }
    }

    /// Appends the row's `<tr>` as HTML, every text and attribute escaped.
    /// A page of rows becomes one string and one parse by the browser,
    /// instead of ~40 DOM calls per row: the table's main cost (BENCHMARKS.md).
    pub fn push_html(&self, out: &mut String, now: Option<i64>, selected: bool) {
        out.push_str(if selected {
            "<tr class=\"dify-logs__row dify-logs__row--selected\" tabindex=\"0\" data-log-id=\""
        } else {
            "<tr class=\"dify-logs__row\" tabindex=\"0\" data-log-id=\""
        });
        push_escaped(out, &self.log_id);
        out.push_str("\">");
        let cell = |out: &mut String, class: &str, text: &str, title: &str| {
            out.push_str("<td class=\"");
            out.push_str(class);
            if !title.is_empty() {
                out.push_str("\" title=\"");
                push_escaped(out, title);
            }
            out.push_str("\">");
            push_escaped(out, text);
            out.push_str("</td>");
        };
        cell(
            out,
            "dify-logs__started dify-logs__c0",
            &self.started_text(now),
            &self.started_title,
        );
        out.push_str("<td class=\"dify-logs__c1\"><span class=\"");
        out.push_str(&badge_class(&self.status));
        out.push_str("\">");
        push_escaped(out, self.status.label());
        out.push_str("</span></td>");
        cell(out, "dify-logs__num dify-logs__c2", &self.run_time, "");
        cell(out, "dify-logs__num dify-logs__c3", &self.tokens, "");
        cell(out, "dify-logs__num dify-logs__c4", &self.steps, "");
        cell(
            out,
            "dify-logs__user dify-logs__c5",
            &self.user,
            &self.user_title,
        );
        cell(out, "dify-logs__source dify-logs__c6", &self.source, "");
        cell(
            out,
            "dify-logs__error dify-logs__c7",
            &self.error,
            &self.error_title,
        );
        out.push_str("</tr>");
    }
}

/// Appends `s` with the five characters that matter in HTML text and
/// quoted attribute values escaped, so nothing from the API becomes markup
/// (and CR kept as CR, as `textContent` would).
pub fn push_escaped(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            // The HTML parser would turn these into LF and U+FFFD.
            b'\r' => "&#13;",
            b'\0' => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

impl TableDom {
    /// Shows `new`: all rows built afresh, or (`fresh == false`) unchanged
    /// rows kept and only new or changed ones built, then put in order.
    fn update(&mut self, new: &[Rc<RowView>], fresh: bool, now: Option<i64>) {
        let sel = self.selected.clone();
        let is_sel = |r: &RowView| sel.as_deref() == Some(r.log_id.as_str());
        if fresh {
            let mut html = String::with_capacity(new.len() * 640);
            for r in new {
                r.push_html(&mut html, now, is_sel(r));
            }
            self.body.set_inner_html(&html);
            self.rows = new.iter().cloned().zip(children(&self.body)).collect();
            return;
        }
        let mut old: Vec<Option<(Rc<RowView>, Element)>> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(Some)
            .collect();
        // Rows kept by key; the rest are built together from one string.
        let kept: Vec<Option<Element>> = new
            .iter()
            .map(|r| {
                old.iter_mut()
                    .find(|o| o.as_ref().is_some_and(|(k, _)| k.key == r.key))
                    .and_then(Option::take)
                    .map(|(_, tr)| tr)
            })
            .collect();
        let mut html = String::new();
        for (r, k) in new.iter().zip(&kept) {
            if k.is_none() {
                r.push_html(&mut html, now, is_sel(r));
            }
        }
        let mut built = if html.is_empty() {
            Vec::new()
        } else {
            let scratch = el("tbody", "");
            scratch.set_inner_html(&html);
            children(&scratch)
        }
        .into_iter();
        let rows: Vec<(Rc<RowView>, Element)> = new
            .iter()
            .zip(kept)
            .filter_map(|(r, k)| Some((r.clone(), k.or_else(|| built.next())?)))
            .collect();
        for (_, tr) in old.into_iter().flatten() {
            tr.remove();
        }
        // Put the rows in order, moving only those out of place.
        let mut cursor = self.body.first_child();
        for (_, tr) in &rows {
            let node: &Node = tr;
            if cursor.as_ref() == Some(node) {
                cursor = node.next_sibling();
            } else {
                let _ = self.body.insert_before(node, cursor.as_ref());
            }
        }
        self.rows = rows;
    }
}

/// The element children of `parent`, in order.
fn children(parent: &Element) -> Vec<Element> {
    std::iter::successors(parent.first_element_child(), |e| e.next_element_sibling()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{decode_log_page, Account, EndUser};

    #[test]
    fn user_falls_back_session_then_account_then_dash() {
        let mut e = LogEntry {
            created_by_end_user: Some(EndUser {
                session_id: Some("user-alice".into()),
                ..Default::default()
            }),
            created_by_account: Some(Account {
                name: Some("Local Admin".into()),
                email: Some("admin@example.com".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(user_cell(&e).0, "user-alice");
        e.created_by_end_user = None;
        assert_eq!(user_cell(&e).0, "Local Admin");
        assert!(user_cell(&e).1.contains("admin@example.com"));
        e.created_by_account.as_mut().unwrap().name = None;
        assert_eq!(user_cell(&e).0, "admin@example.com");
        e.created_by_account = None;
        assert_eq!(user_cell(&e).0, "—");
    }

    #[test]
    fn row_cells_from_a_real_entry() {
        let body = r#"{"data":[{"id":"fced","workflow_run":{"id":"f772","status":"stopped",
          "error":"Aborted: User requested stop","elapsed_time":45.164847,"total_tokens":12345,
          "total_steps":4,"created_at":1795686944,"finished_at":1795686990},
          "created_from":"service-api","created_by_end_user":{"session_id":"user-carol"},
          "created_at":1795686945}]}"#;
        let page = decode_log_page(body).unwrap();
        let r = RowView::from_entry(&page.data[0], |_| 480);
        assert_eq!(r.started, "2026-11-26 17:55:45");
        assert_eq!(r.started_title, "2026-11-26T09:55:45Z");
        assert_eq!(r.status.label(), "Stopped");
        assert_eq!(r.run_time, "45.16 s");
        assert_eq!(r.tokens, "12,345");
        assert_eq!(r.user, "user-carol");
        assert_eq!(r.source, "service-api");
        assert_eq!(r.error, "Aborted: User requested stop");
    }

    #[test]
    fn null_run_and_running_rows() {
        let page = decode_log_page(
            r#"{"data":[{"id":"a","workflow_run":null},
            {"id":"b","workflow_run":{"id":"r","status":"running","elapsed_time":0.0,"finished_at":null}}]}"#,
        )
        .unwrap();
        let a = RowView::from_entry(&page.data[0], |_| 0);
        assert_eq!(
            (a.started.as_str(), a.run_time.as_str(), a.tokens.as_str()),
            ("—", "—", "—")
        );
        assert_eq!(a.status.label(), "Unknown");
        let b = RowView::from_entry(&page.data[1], |_| 0);
        assert_eq!(b.run_time, "running…");
        assert_ne!(a.key, b.key);
    }

    #[test]
    fn row_html_escapes_everything_from_the_api() {
        let page = decode_log_page(
            r#"{"data":[{"id":"x\"><img src=x onerror=alert(1)>","created_from":"<b>&amp;</b>",
            "created_by_account":{"name":"O'Brien"},
            "workflow_run":{"id":"r","status":"<script>","error":"a\r\nb\u0000"}}]}"#,
        )
        .unwrap();
        let r = RowView::from_entry(&page.data[0], |_| 0);
        let mut html = String::new();
        r.push_html(&mut html, None, true);
        assert!(html.starts_with(
            "<tr class=\"dify-logs__row dify-logs__row--selected\" tabindex=\"0\" \
             data-log-id=\"x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
        ));
        assert!(html.contains(">&lt;b&gt;&amp;amp;&lt;/b&gt;</td>"));
        assert!(html.contains("title=\"Account: O&#39;Brien\">O&#39;Brien</td>"));
        assert!(html.contains("dify-logs__badge--other\">&lt;script&gt;</span>"));
        assert!(html.contains("title=\"a&#13;\nb\u{FFFD}\""));
        assert_eq!(html.matches("<td").count(), 8);
        assert_eq!(
            html.matches('<').count(),
            20,
            "only the row's own tags: {html}"
        );
        assert!(html.ends_with("</td></tr>"));
    }

    #[test]
    fn escaping_leaves_plain_text_alone() {
        let mut out = String::from("a");
        push_escaped(&mut out, "2026-11-26 17:55:45 — ✓");
        assert_eq!(out, "a2026-11-26 17:55:45 — ✓");
        push_escaped(&mut out, "&&");
        assert_eq!(out, "a2026-11-26 17:55:45 — ✓&amp;&amp;");
    }

    #[test]
    fn long_errors_are_shortened() {
        let long = "x".repeat(100);
        assert_eq!(shorten(&long, 60).chars().count(), 60);
        assert!(shorten(&long, 60).ends_with('…'));
        assert_eq!(shorten("a\n  b", 60), "a b");
    }
}
