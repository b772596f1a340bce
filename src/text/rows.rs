//! What one table row shows, derived once from a log entry: plain data,
//! tested natively; `components::row` renders it.

use crate::api::model::{LogEntry, RunStatus};
use crate::domain::prefs::COLUMN_COUNT;
use crate::domain::time::{format_utc, wall_time};
use crate::domain::traceback::error_line;
use crate::text::i18n::{td_string, Locale};
use crate::text::intl::{Fmt, WallStyle};

/// How many characters of an error the cell shows; the rest is on hover.
const ERROR_CHARS: usize = 60;

/// Column headers, in order, in the locale.
pub fn columns(l: Locale) -> [&'static str; COLUMN_COUNT] {
    [
        td_string!(l, col_started),
        td_string!(l, status),
        td_string!(l, col_run_time),
        td_string!(l, col_tokens),
        td_string!(l, col_steps),
        td_string!(l, col_user),
        td_string!(l, col_source),
        td_string!(l, col_error),
    ]
}

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
    /// The app the run belongs to, when the widget shows several.
    pub app: Option<usize>,
    /// Its label, for the App column of the "All apps" view.
    pub app_label: Option<String>,
}

/// An instant as a cell shows it: the time in the widget's zone and
/// language (`—` when there is none), and the exact UTC instant (ISO 8601)
/// for its hover title.
pub fn instant_cell(t: Option<i64>, offset_at: impl Fn(i64) -> i32, fmt: &Fmt) -> (String, String) {
    let shown = t
        .and_then(|t| wall_time(t, offset_at(t)))
        .map_or_else(|| "—".into(), |w| fmt.wall(w, WallStyle::DateTime));
    (shown, t.map(format_utc).unwrap_or_default())
}

impl RowView {
    /// Builds the cells in `fmt`'s locale; `offset_at` gives the widget's
    /// UTC offset for an instant.
    pub fn from_entry(e: &LogEntry, offset_at: impl Fn(i64) -> i32, fmt: &Fmt) -> Self {
        let run = e.workflow_run.as_ref();
        let started_at = e.created_at.or_else(|| run.and_then(|r| r.created_at));
        let status = run.map(|r| r.status.clone()).unwrap_or_default();
        let (user, user_title) = user_cell(e, fmt.locale());
        let error_full = run.and_then(|r| r.error.clone()).unwrap_or_default();
        let finished = run.and_then(|r| r.finished_at);
        let (started, started_title) = instant_cell(started_at, offset_at, fmt);
        Self {
            key: format!("{}|{}|{:?}", e.id, status.as_str(), finished),
            log_id: e.id.clone(),
            run_id: run.map(|r| r.id.clone()).filter(|id| !id.is_empty()),
            started,
            started_title,
            started_at,
            run_time: match (run, &status) {
                (Some(_), RunStatus::Running) if finished.is_none() => {
                    td_string!(fmt.locale(), running_now).into()
                }
                (Some(r), _) => r
                    .elapsed_time
                    .map(|t| fmt.duration(t))
                    .unwrap_or_else(|| "—".into()),
                (None, _) => "—".into(),
            },
            tokens: fmt.count_cell(run.and_then(|r| r.total_tokens)),
            steps: fmt.count_cell(run.and_then(|r| r.total_steps)),
            status,
            user,
            user_title,
            source: e.created_from.clone().unwrap_or_else(|| "—".into()),
            error: shorten(error_line(&error_full), ERROR_CHARS),
            error_title: error_full,
            app: None,
            app_label: None,
        }
    }

    /// The row as one of app `app`'s, showing `label` in the App column.
    pub fn in_app(mut self, app: usize, label: Option<String>) -> Self {
        self.key = format!("{app}|{}", self.key);
        self.app = Some(app);
        self.app_label = label;
        self
    }
}

impl RowView {
    /// The row with Started as "3 min ago" relative to `now`; the key
    /// changes with the text, so a keyed list draws the row again.
    pub fn relative_to(mut self, now: i64, fmt: &Fmt) -> Self {
        if let Some(t) = self.started_at {
            self.started = fmt.relative(t, now);
            self.key.push('|');
            self.key.push_str(&self.started);
        }
        self
    }
}

/// The CSS selector of the row for a log id (quoted and escaped, so any id
/// is safe in it).
pub fn row_selector(log_id: &str) -> String {
    let escaped = log_id.replace('\\', "\\\\").replace('"', "\\\"");
    format!("tr[data-log-id=\"{escaped}\"]")
}

/// End-user session ID, else account name or e-mail, else a dash; the
/// title says which it is, in the locale.
pub fn user_cell(e: &LogEntry, l: Locale) -> (String, String) {
    if let Some(s) = e
        .created_by_end_user
        .as_ref()
        .and_then(|u| u.session_id.clone())
        .filter(|s| !s.is_empty())
    {
        let title = td_string!(l, end_user_session, session = &s);
        return (s, title);
    }
    if let Some(a) = &e.created_by_account {
        let email = a.email.clone().filter(|s| !s.is_empty());
        if let Some(n) = a.name.clone().filter(|s| !s.is_empty()) {
            let who = match &email {
                Some(m) => format!("{n} <{m}>"),
                None => n.clone(),
            };
            return (n, td_string!(l, account_of, who));
        }
        if let Some(m) = email {
            let title = td_string!(l, account_of, who = &m);
            return (m, title);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Native builds format with fixed patterns (no Intl outside a browser).
    fn english() -> Fmt {
        Fmt::new(Locale::en, "en")
    }
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
        assert_eq!(user_cell(&e, Locale::en).0, "user-alice");
        assert_eq!(
            user_cell(&e, Locale::ja).1,
            "エンドユーザーのセッション: user-alice"
        );
        e.created_by_end_user = None;
        assert_eq!(user_cell(&e, Locale::en).0, "Local Admin");
        assert!(user_cell(&e, Locale::en).1.contains("admin@example.com"));
        e.created_by_account.as_mut().unwrap().name = None;
        assert_eq!(user_cell(&e, Locale::en).0, "admin@example.com");
        e.created_by_account = None;
        assert_eq!(user_cell(&e, Locale::en).0, "—");
    }

    #[test]
    fn row_cells_from_a_real_entry() {
        let en = english();
        let body = r#"{"data":[{"id":"fced","workflow_run":{"id":"f772","status":"stopped",
          "error":"Aborted: User requested stop","elapsed_time":45.164847,"total_tokens":12345,
          "total_steps":4,"created_at":1795686944,"finished_at":1795686990},
          "created_from":"service-api","created_by_end_user":{"session_id":"user-carol"},
          "created_at":1795686945}]}"#;
        let page = decode_log_page(body).unwrap();
        let r = RowView::from_entry(&page.data[0], |_| 480, &en);
        assert_eq!(r.started, "2026-11-26 17:55:45");
        assert_eq!(r.started_title, "2026-11-26T09:55:45Z");
        assert_eq!(r.status.label(Locale::en), "Stopped");
        assert_eq!(r.run_time, "45.16 s");
        assert_eq!(r.tokens, "12,345");
        assert_eq!(r.user, "user-carol");
        assert_eq!(r.source, "service-api");
        assert_eq!(r.error, "Aborted: User requested stop");
    }

    #[test]
    fn null_run_and_running_rows() {
        let en = english();
        let page = decode_log_page(
            r#"{"data":[{"id":"a","workflow_run":null},
            {"id":"b","workflow_run":{"id":"r","status":"running","elapsed_time":0.0,"finished_at":null}}]}"#,
        )
        .unwrap();
        let a = RowView::from_entry(&page.data[0], |_| 0, &en);
        assert_eq!(
            (a.started.as_str(), a.run_time.as_str(), a.tokens.as_str()),
            ("—", "—", "—")
        );
        assert_eq!(a.status.label(Locale::en), "Unknown");
        let b = RowView::from_entry(&page.data[1], |_| 0, &en);
        assert_eq!(b.run_time, "running…");
        assert_ne!(a.key, b.key);
    }

    #[test]
    fn relative_rows_have_their_own_key() {
        let en = english();
        let page =
            decode_log_page(r#"{"data":[{"id":"a","created_at":1000},{"id":"b"}]}"#).unwrap();
        let a = RowView::from_entry(&page.data[0], |_| 0, &en);
        let rel = a.clone().relative_to(1000 + 180, &en);
        assert_eq!(rel.started, "3 min ago");
        assert_ne!(rel.key, a.key);
        assert_ne!(rel.key, a.clone().relative_to(1000 + 7200, &en).key);
        let b = RowView::from_entry(&page.data[1], |_| 0, &en);
        assert_eq!(
            b.clone().relative_to(5, &en),
            b,
            "no time, nothing relative"
        );
    }

    #[test]
    fn row_selectors_escape_quotes_and_backslashes() {
        assert_eq!(row_selector("a1"), r#"tr[data-log-id="a1"]"#);
        assert_eq!(row_selector(r#"x"]\y"#), r#"tr[data-log-id="x\"]\\y"]"#);
    }

    #[test]
    fn a_traceback_shows_its_exception_line_and_keeps_the_whole_on_hover() {
        let body = r#"{"data":[{"id":"tb","workflow_run":{"id":"r","status":"failed",
          "error":"Traceback (most recent call last):\n  File \"<string>\", line 19, in <module>\n  File \"<string>\", line 5, in main\nValueError: refusing input: fail again\nerror: exit status 1\n",
          "created_at":1795686944},"created_at":1795686945}]}"#;
        let page = decode_log_page(body).unwrap();
        let r = RowView::from_entry(&page.data[0], |_| 0, &english());
        assert_eq!(r.error, "ValueError: refusing input: fail again");
        assert!(r
            .error_title
            .starts_with("Traceback (most recent call last):"));
        assert!(r.error_title.contains("error: exit status 1"));
    }

    #[test]
    fn long_errors_are_shortened() {
        let long = "x".repeat(100);
        assert_eq!(shorten(&long, 60).chars().count(), 60);
        assert!(shorten(&long, 60).ends_with('…'));
        assert_eq!(shorten("a\n  b", 60), "a b");
    }
}
