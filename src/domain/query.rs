//! Checks on a query before it goes out: the reason the filters make no
//! query Dify would take, and where Dify would surprise the user. Typed, so
//! the words are chosen in `text/messages.rs`.

use crate::api::query::{LogQuery, KEYWORD_MATCH_CHARS};

/// One end of the Custom period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    From,
    To,
}

/// Why the filters make no query Dify would take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// An end of the Custom period is not a date and time (or not one in
    /// any zone's offset).
    InvalidDate(End),
    /// From is later than To.
    FromAfterTo,
}

/// Where Dify would surprise the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryHint {
    /// Dify matches only the first [`KEYWORD_MATCH_CHARS`] characters.
    KeywordTooLong,
    /// Dify cannot match non-ASCII text inside run inputs or outputs.
    NonAsciiKeyword,
    /// Dify fails (a server error) on a keyword with a session ID.
    KeywordWithSession,
}

/// The hints that apply to `q`, in the order they are shown.
pub fn hints(q: &LogQuery) -> Vec<QueryHint> {
    let mut hints = Vec::new();
    let kw = q.keyword.trim();
    if kw.chars().count() > KEYWORD_MATCH_CHARS {
        hints.push(QueryHint::KeywordTooLong);
    }
    if !kw.is_ascii() {
        hints.push(QueryHint::NonAsciiKeyword);
    }
    if !kw.is_empty() && !q.session_id.trim().is_empty() {
        hints.push(QueryHint::KeywordWithSession);
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_typed_and_ordered() {
        let q = |keyword: &str, session: &str| LogQuery {
            keyword: keyword.into(),
            session_id: session.into(),
            ..LogQuery::default()
        };
        assert!(hints(&q("alpha", "")).is_empty());
        assert_eq!(hints(&q(&"x".repeat(31), "")), [QueryHint::KeywordTooLong]);
        assert_eq!(
            hints(&q(&"你".repeat(31), "s")),
            [
                QueryHint::KeywordTooLong,
                QueryHint::NonAsciiKeyword,
                QueryHint::KeywordWithSession
            ]
        );
        assert!(hints(&q(" ", "s")).is_empty());
    }
}
