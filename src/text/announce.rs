//! What the widget tells a screen reader in words: the announcement after a
//! page of runs loads, and the table's caption naming the filters in force.

use crate::api::query::LogQuery;
use crate::domain::announce::{filters_in_force, InForce, InputEnd};
use crate::domain::paging::Paging;
use crate::domain::period::Period;
use crate::text::i18n::td_string;
use crate::text::intl::{Fmt, WallStyle};
use crate::text::labels::join;

/// "1,000 runs, page 1 of 50", or "No runs match these filters".
pub fn load_announcement(p: &Paging, fmt: &Fmt) -> String {
    let l = fmt.locale();
    if p.total == 0 {
        return td_string!(l, no_runs).into();
    }
    if p.open.is_some() {
        let page = fmt.count(u64::from(p.page.max(1)));
        return td_string!(l, loaded_open, runs = p.total_label(fmt), page);
    }
    td_string!(
        l,
        loaded,
        runs = p.total_label(fmt),
        page = fmt.count(u64::from(p.page.max(1))),
        pages = fmt.count(u64::from(p.pages()))
    )
}

/// The table's caption: "Workflow runs, newest first, filtered by Status:
/// Failed, Period: Last 7 days, Keyword: alice". `custom` is what the From
/// and To inputs hold (`2026-11-20T08:00`), used for a Custom period.
pub fn table_caption(q: &LogQuery, period: Period, custom: (&str, &str), fmt: &Fmt) -> String {
    let l = fmt.locale();
    let pair = |label: &str, value: &str| td_string!(l, caption_pair, label, value);
    let wall = |e: &InputEnd| match e {
        InputEnd::Wall(t) => fmt.wall(*t, WallStyle::DateMinute),
        InputEnd::Text(s) => s.clone(),
    };
    let parts: Vec<String> = filters_in_force(q, period, custom)
        .iter()
        .map(|f| match f {
            InForce::Status(s) => pair(td_string!(l, status), s.label(l)),
            InForce::Period(p) => pair(td_string!(l, period), p.label(l)),
            InForce::Custom { from, to } => {
                let text = match (from.as_ref().map(wall), to.as_ref().map(wall)) {
                    (Some(from), Some(to)) => td_string!(l, period_from_to, from, to),
                    (Some(from), None) => td_string!(l, period_from, from),
                    (None, to) => td_string!(l, period_until, to = to.unwrap_or_default()),
                };
                pair(td_string!(l, period), &text)
            }
            InForce::Keyword(v) => pair(td_string!(l, keyword), v),
            InForce::Session(v) => pair(td_string!(l, session_id), v),
            InForce::Account(v) => pair(td_string!(l, account_email), v),
        })
        .collect();
    if parts.is_empty() {
        td_string!(l, caption_none).into()
    } else {
        td_string!(l, caption_filtered, filters = join(l, &parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::StatusFilter;
    use crate::text::i18n::Locale;

    #[test]
    fn announcements() {
        let en = Fmt::new(Locale::en, "en");
        let p = |page, total| Paging::numbered(page, 20, total);
        let open = Paging {
            open: Some(crate::domain::paging::OpenEnded {
                has_next: true,
                apps: 2,
            }),
            ..p(3, 45)
        };
        assert_eq!(load_announcement(&open, &en), "45 runs in 2 apps, page 3");
        assert_eq!(
            load_announcement(&p(1, 1000), &en),
            "1,000 runs, page 1 of 50"
        );
        assert_eq!(load_announcement(&p(3, 41), &en), "41 runs, page 3 of 3");
        assert_eq!(load_announcement(&p(1, 1), &en), "1 run, page 1 of 1");
        assert_eq!(
            load_announcement(&p(1, 0), &en),
            "No runs match these filters"
        );
    }

    #[test]
    fn captions_name_every_filter_in_force() {
        let en = Fmt::new(Locale::en, "en");
        let none = LogQuery::default();
        assert_eq!(
            table_caption(&none, Period::AllTime, ("", ""), &en),
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
            table_caption(&q, Period::Last7Days, ("", ""), &en),
            "Workflow runs, newest first, filtered by Status: Failed, Period: Last 7 days, \
             Keyword: alice, Session ID: user-bob, Account email: a@example.com"
        );
        let custom = |from, to| table_caption(&none, Period::Custom, (from, to), &en);
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

    #[test]
    fn chinese_and_japanese_captions_and_announcements() {
        let zh = Fmt::new(Locale::zh_Hans, "zh-CN");
        let ja = Fmt::new(Locale::ja, "ja");
        let p = Paging::numbered(2, 20, 1000);
        assert_eq!(
            load_announcement(&p, &zh),
            "1,000 次运行，第 2 页，共 50 页"
        );
        assert_eq!(
            load_announcement(&p, &ja),
            "1,000 件の実行、50 ページ中 2 ページ目"
        );
        let q = LogQuery {
            status: StatusFilter::Failed,
            keyword: "alice".into(),
            ..LogQuery::default()
        };
        assert_eq!(
            table_caption(&q, Period::Last7Days, ("", ""), &zh),
            "工作流运行，最新的在前，筛选条件：状态：失败，时间范围：最近 7 天，关键词：alice"
        );
        assert_eq!(
            table_caption(&q, Period::AllTime, ("", ""), &ja),
            "ワークフローの実行（新しい順、フィルター: ステータス: 失敗、キーワード: alice）"
        );
    }
}
