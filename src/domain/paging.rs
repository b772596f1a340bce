//! Pagination arithmetic for "Page X of Y" and the four page buttons, and
//! for the "All apps" view, which pages by time: "Page X", no last page.

use crate::api::query::MAX_PAGE;

/// Where the user is in the result, derived from a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub limit: u32,
    pub total: u64,
    /// Set in the "All apps" view, where page numbers are not Dify's.
    pub open: Option<OpenEnded>,
}

/// Paging by time across apps: whether Next leads somewhere, and how many
/// apps the total sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenEnded {
    pub has_next: bool,
    pub apps: u32,
}

impl Paging {
    /// Paging by Dify's page numbers (not across apps).
    pub fn numbered(page: u32, limit: u32, total: u64) -> Self {
        Self {
            page,
            limit,
            total,
            open: None,
        }
    }

    /// Number of pages; at least 1 so an empty result reads "Page 1 of 1".
    /// Paging by time, the page after this one when there is one.
    pub fn pages(&self) -> u32 {
        if let Some(o) = self.open {
            return self.page.max(1).saturating_add(u32::from(o.has_next));
        }
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
        match self.open {
            Some(o) => o.has_next,
            None => self.page < self.pages(),
        }
    }

    /// True when "Last page" means something: not when paging by time.
    pub fn has_last(&self) -> bool {
        self.open.is_none()
    }

    /// The page to show instead when this one is past the end (the data
    /// shrank since the user paged there, possibly to nothing); `None` when
    /// the page is fine.
    pub fn clamp_target(&self) -> Option<u32> {
        (self.open.is_none() && self.page > self.pages()).then(|| self.pages())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(page: u32, limit: u32, total: u64) -> Paging {
        Paging::numbered(page, limit, total)
    }

    #[test]
    fn paging_by_time_has_no_last_page() {
        let open = |page, has_next| Paging {
            open: Some(OpenEnded { has_next, apps: 3 }),
            ..p(page, 20, 7)
        };
        assert!(open(1, true).has_next() && !open(1, true).has_last());
        assert!(!open(4, false).has_next());
        assert_eq!(open(4, false).clamp_target(), None);
        assert_eq!(open(4, true).pages(), 5);
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
}
