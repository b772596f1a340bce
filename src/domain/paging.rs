//! Pagination arithmetic for "Page X of Y" and the four page buttons.

use crate::api::query::MAX_PAGE;

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

    /// The page to show instead when this one is past the end (the data
    /// shrank since the user paged there, possibly to nothing); `None` when
    /// the page is fine.
    pub fn clamp_target(&self) -> Option<u32> {
        (self.page > self.pages()).then(|| self.pages())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(page: u32, limit: u32, total: u64) -> Paging {
        Paging { page, limit, total }
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
