//! Pagination arithmetic for "Page X of Y" and the four page buttons.

use crate::api::query::MAX_PAGE;
use crate::i18n::td_string;
use crate::intl::Fmt;

/// Where the user is in the result, derived from a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub limit: u32,
    pub total: u64,
}

impl Paging {
    /// Number of pages; at least 1 so an empty result reads "Page 1 of 1".
    pub fn pages(&self) -> u32 {
        let limit = u64::from(self.limit.max(1));
        let pages = self.total.div_ceil(limit).max(1);
        pages.min(u64::from(MAX_PAGE)) as u32
    }

    /// True when there is a page before this one.
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    /// True when there is a page after this one.
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }

    /// "Page 2 of 50", in the locale.
    pub fn label(&self, fmt: &Fmt) -> String {
        td_string!(
            fmt.locale(),
            page_of,
            page = fmt.count(u64::from(self.page.max(1))),
            pages = fmt.count(u64::from(self.pages()))
        )
    }

    /// "1 run" / "1,000 runs", in the locale.
    pub fn total_label(&self, fmt: &Fmt) -> String {
        crate::i18n::runs(fmt, self.total)
    }

    /// The page to show instead when this one is past the end (the data
    /// shrank since the user paged there, possibly to nothing); `None` when
    /// the page is fine.
    pub fn clamp_target(&self) -> Option<u32> {
        (self.page > self.pages()).then(|| self.pages())
    }
}

/// 12345 -> "12,345".
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    fn p(page: u32, limit: u32, total: u64) -> Paging {
        Paging { page, limit, total }
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
    fn huge_totals_stop_at_difys_last_page() {
        assert_eq!(p(1, 1, 10_000_000).pages(), MAX_PAGE);
    }

    #[test]
    fn past_the_end_moves_to_the_last_page() {
        assert_eq!(p(9, 20, 100).clamp_target(), Some(5));
        assert_eq!(p(5, 20, 100).clamp_target(), None);
        assert_eq!(p(3, 20, 0).clamp_target(), Some(1));
        assert_eq!(p(1, 20, 0).clamp_target(), None);
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
}
