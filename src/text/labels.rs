//! The names of the choices and states the widget shows, in its language:
//! run statuses, the status, period and auto-refresh choices, the pager,
//! and counts of runs.

use crate::api::model::RunStatus;
use crate::api::query::StatusFilter;
use crate::domain::paging::Paging;
use crate::domain::period::Period;
use crate::domain::refresh::AutoRefresh;
use crate::text::i18n::{td_string, Locale};
use crate::text::intl::Fmt;

impl RunStatus {
    /// The badge text a user reads, in the locale; a status Dify added
    /// after this widget is shown as Dify wrote it.
    pub fn label(&self, l: Locale) -> &str {
        match self {
            Self::Running => td_string!(l, run_running),
            Self::Succeeded => td_string!(l, run_succeeded),
            Self::Failed => td_string!(l, run_failed),
            Self::Stopped => td_string!(l, run_stopped),
            Self::PartialSucceeded => td_string!(l, run_partial),
            Self::Paused => td_string!(l, run_paused),
            Self::Other(s) => s,
            Self::Unknown => td_string!(l, run_unknown),
        }
    }
}

impl StatusFilter {
    /// What the "Status" select shows, in the locale.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::All => td_string!(l, status_all),
            Self::Succeeded => td_string!(l, run_succeeded),
            Self::Failed => td_string!(l, run_failed),
            Self::Stopped => td_string!(l, run_stopped),
        }
    }
}

impl Period {
    /// What the "Period" select shows, in the locale.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::AllTime => td_string!(l, period_all),
            Self::Today => td_string!(l, period_today),
            Self::Last7Days => td_string!(l, period_7d),
            Self::Last4Weeks => td_string!(l, period_4w),
            Self::Last3Months => td_string!(l, period_3m),
            Self::Last12Months => td_string!(l, period_12m),
            Self::Custom => td_string!(l, period_custom),
        }
    }
}

impl AutoRefresh {
    /// What the "Auto-refresh" select shows, in the locale.
    pub fn label(self, l: Locale) -> String {
        match self.seconds() {
            None => td_string!(l, refresh_off).into(),
            Some(n) => td_string!(l, refresh_every, n),
        }
    }
}

impl Paging {
    /// "Page 2 of 50" ("Page 2" when paging by time), in the locale.
    pub fn label(&self, fmt: &Fmt) -> String {
        if self.open.is_some() {
            let page = fmt.count(u64::from(self.page.max(1)));
            return td_string!(fmt.locale(), page_n, page);
        }
        td_string!(
            fmt.locale(),
            page_of,
            page = fmt.count(u64::from(self.page.max(1))),
            pages = fmt.count(u64::from(self.pages()))
        )
    }

    /// "1 run" / "1,000 runs" ("1,234 runs in 3 apps" across apps), in
    /// the locale.
    pub fn total_label(&self, fmt: &Fmt) -> String {
        match self.open {
            Some(o) => td_string!(
                fmt.locale(),
                runs_in_apps,
                runs = runs(fmt, self.total),
                apps = fmt.count(u64::from(o.apps))
            ),
            None => runs(fmt, self.total),
        }
    }
}

/// A count of runs: "1 run", "1,234 runs", "3 次运行". English is the one
/// language here whose plural differs, and only at exactly 1.
pub fn runs(fmt: &Fmt, n: u64) -> String {
    let l = fmt.locale();
    let n_text = fmt.count(n);
    if n == 1 {
        td_string!(l, runs_one, n = n_text)
    } else {
        td_string!(l, runs, n = n_text)
    }
}

/// Joins a list of phrases with the locale's comma (`, `, `，`, `、`).
pub fn join(l: Locale, parts: &[String]) -> String {
    parts.join(td_string!(l, list_sep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(page: u32, limit: u32, total: u64) -> Paging {
        Paging::numbered(page, limit, total)
    }

    #[test]
    fn paging_across_apps_reads_page_and_apps() {
        use crate::domain::paging::OpenEnded;
        let open = Paging {
            open: Some(OpenEnded {
                has_next: true,
                apps: 3,
            }),
            ..p(2, 20, 1234)
        };
        let en = Fmt::new(Locale::en, "en");
        assert_eq!(open.label(&en), "Page 2");
        assert_eq!(open.total_label(&en), "1,234 runs in 3 apps");
        let zh = Fmt::new(Locale::zh_Hans, "zh-CN");
        assert_eq!(open.label(&zh), "第 2 页");
        assert_eq!(open.total_label(&zh), "3 个应用共 1,234 次运行");
        let ja = Fmt::new(Locale::ja, "ja");
        assert_eq!(open.label(&ja), "2 ページ目");
        assert_eq!(open.total_label(&ja), "3 アプリで 1,234 件の実行");
    }

    #[test]
    fn pages_and_buttons() {
        assert_eq!(p(1, 20, 1000).pages(), 50);
        assert_eq!(p(1, 20, 1001).pages(), 51);
        assert_eq!(p(1, 20, 0).pages(), 1);
        let en = Fmt::new(Locale::en, "en");
        assert_eq!(p(1, 20, 0).label(&en), "Page 1 of 1");
        assert!(!p(1, 20, 1000).has_prev());
        assert!(p(1, 20, 1000).has_next());
        assert!(p(25, 20, 1000).has_prev() && p(25, 20, 1000).has_next());
        assert!(!p(50, 20, 1000).has_next());
        assert_eq!(p(2, 20, 1000).label(&en), "Page 2 of 50");
        let zh = Fmt::new(Locale::zh_Hans, "zh-CN");
        assert_eq!(p(2, 20, 1000).label(&zh), "第 2 页，共 50 页");
        let ja = Fmt::new(Locale::ja, "ja");
        assert_eq!(p(2, 20, 1000).label(&ja), "2 / 50 ページ");
    }

    #[test]
    fn counts_read_naturally() {
        let en = Fmt::new(Locale::en, "en");
        assert_eq!(p(1, 20, 1).total_label(&en), "1 run");
        assert_eq!(p(1, 20, 0).total_label(&en), "0 runs");
        assert_eq!(p(1, 20, 1234567).total_label(&en), "1,234,567 runs");
        assert_eq!(
            p(1, 20, 1234567).total_label(&Fmt::new(Locale::ja, "ja")),
            "1,234,567 件の実行"
        );
    }
    #[test]
    fn run_counts_follow_each_language() {
        let en = Fmt::new(Locale::en, "en");
        assert_eq!(runs(&en, 1), "1 run");
        assert_eq!(runs(&en, 1_234), "1,234 runs");
        assert_eq!(runs(&Fmt::new(Locale::zh_Hans, "zh"), 1), "1 次运行");
        assert_eq!(runs(&Fmt::new(Locale::ja, "ja"), 2), "2 件の実行");
        assert_eq!(join(Locale::ja, &["a".into(), "b".into()]), "a、b");
    }
}
