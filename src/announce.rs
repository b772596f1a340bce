//! What the widget tells a screen reader in words: the announcement after a
//! page of runs loads, and the table's caption naming the filters in force.

use crate::api::query::{LogQuery, StatusFilter};
use crate::paging::Paging;
use crate::time::Period;

/// "1,000 runs, page 1 of 50", or "No runs match these filters".
pub fn load_announcement(p: &Paging) -> String {
    if p.total == 0 {
        return "No runs match these filters".into();
    }
    format!(
        "{}, page {} of {}",
        p.total_label(),
        p.page.max(1),
        p.pages()
    )
}

/// The table's caption: "Workflow runs, newest first, filtered by Status:
/// Failed, Period: Last 7 days, Keyword: alice". `custom` is what the From
/// and To inputs show (`2026-11-20T08:00`), used for a Custom period.
pub fn table_caption(q: &LogQuery, period: Period, custom: (&str, &str)) -> String {
    let mut parts: Vec<String> = Vec::new();
    if q.status != StatusFilter::All {
        parts.push(format!("Status: {}", q.status.label()));
    }
    match period {
        Period::AllTime => {}
        Period::Custom => {
            let wall = |s: &str| s.trim().replacen('T', " ", 1);
            match (wall(custom.0), wall(custom.1)) {
                (f, t) if f.is_empty() && t.is_empty() => {}
                (f, t) if t.is_empty() => parts.push(format!("Period: from {f}")),
                (f, t) if f.is_empty() => parts.push(format!("Period: until {t}")),
                (f, t) => parts.push(format!("Period: from {f} to {t}")),
            }
        }
        p => parts.push(format!("Period: {}", p.label())),
    }
    for (label, value) in [
        ("Keyword", &q.keyword),
        ("Session ID", &q.session_id),
        ("Account email", &q.account),
    ] {
        let value = value.trim();
        if !value.is_empty() {
            parts.push(format!("{label}: {value}"));
        }
    }
    if parts.is_empty() {
        "Workflow runs, newest first, no filters".into()
    } else {
        format!(
            "Workflow runs, newest first, filtered by {}",
            parts.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements() {
        let p = |page, total| Paging {
            page,
            limit: 20,
            total,
        };
        assert_eq!(load_announcement(&p(1, 1000)), "1,000 runs, page 1 of 50");
        assert_eq!(load_announcement(&p(3, 41)), "41 runs, page 3 of 3");
        assert_eq!(load_announcement(&p(1, 1)), "1 run, page 1 of 1");
        assert_eq!(load_announcement(&p(1, 0)), "No runs match these filters");
    }

    #[test]
    fn captions_name_every_filter_in_force() {
        let none = LogQuery::default();
        assert_eq!(
            table_caption(&none, Period::AllTime, ("", "")),
            "Workflow runs, newest first, no filters"
        );
        let q = LogQuery {
            status: StatusFilter::Failed,
            keyword: " alice ".into(),
            session_id: "user-bob".into(),
            account: "a@example.com".into(),
            ..LogQuery::default()
        };
        assert_eq!(
            table_caption(&q, Period::Last7Days, ("", "")),
            "Workflow runs, newest first, filtered by Status: Failed, Period: Last 7 days, \
             Keyword: alice, Session ID: user-bob, Account email: a@example.com"
        );
        let custom = |from, to| table_caption(&none, Period::Custom, (from, to));
        assert_eq!(
            custom("2026-11-20T08:00", "2026-11-25T18:30"),
            "Workflow runs, newest first, filtered by Period: from 2026-11-20 08:00 to 2026-11-25 18:30"
        );
        assert_eq!(
            custom("2026-11-20T08:00", ""),
            "Workflow runs, newest first, filtered by Period: from 2026-11-20 08:00"
        );
        assert_eq!(
            custom("", "2026-11-25T18:30"),
            "Workflow runs, newest first, filtered by Period: until 2026-11-25 18:30"
        );
        assert_eq!(custom("", ""), "Workflow runs, newest first, no filters");
    }
}
