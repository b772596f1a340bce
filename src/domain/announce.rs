//! What the table's caption names for a screen reader: the filters in
//! force, in the order they are read, as typed values (`text/announce.rs`
//! puts them into words).

use crate::api::query::{LogQuery, StatusFilter};
use crate::domain::period::Period;
use crate::domain::time::parse_local_input;
use chrono::NaiveDateTime;

/// One end of a Custom period as its input holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputEnd {
    /// A date and time.
    Wall(NaiveDateTime),
    /// Text that is not one, named as it is.
    Text(String),
}

/// A filter in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InForce {
    Status(StatusFilter),
    /// A preset period.
    Period(Period),
    /// A Custom period with at least one end.
    Custom {
        from: Option<InputEnd>,
        to: Option<InputEnd>,
    },
    Keyword(String),
    Session(String),
    Account(String),
}

/// The filters in force, in the caption's order. `custom` is what the From
/// and To inputs hold (`2026-11-20T08:00`), used for a Custom period.
pub fn filters_in_force(q: &LogQuery, period: Period, custom: (&str, &str)) -> Vec<InForce> {
    let mut out = Vec::new();
    if q.status != StatusFilter::All {
        out.push(InForce::Status(q.status));
    }
    let end = |s: &str| match parse_local_input(s.trim()) {
        Some(t) => Some(InputEnd::Wall(t)),
        None => Some(s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| InputEnd::Text(s.into())),
    };
    match period {
        Period::AllTime => {}
        Period::Custom => {
            let (from, to) = (end(custom.0), end(custom.1));
            if from.is_some() || to.is_some() {
                out.push(InForce::Custom { from, to });
            }
        }
        p => out.push(InForce::Period(p)),
    }
    for (kind, value) in [
        (InForce::Keyword as fn(String) -> InForce, &q.keyword),
        (InForce::Session, &q.session_id),
        (InForce::Account, &q.account),
    ] {
        let value = value.trim();
        if !value.is_empty() {
            out.push(kind(value.into()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::tests::wall;

    #[test]
    fn filters_in_force_in_the_captions_order() {
        let q = LogQuery {
            status: StatusFilter::Failed,
            keyword: " alice ".into(),
            account: "a@example.com".into(),
            ..LogQuery::default()
        };
        assert_eq!(
            filters_in_force(&q, Period::Last7Days, ("", "")),
            [
                InForce::Status(StatusFilter::Failed),
                InForce::Period(Period::Last7Days),
                InForce::Keyword("alice".into()),
                InForce::Account("a@example.com".into()),
            ]
        );
        let none = LogQuery::default();
        assert!(filters_in_force(&none, Period::Custom, (" ", "")).is_empty());
        assert_eq!(
            filters_in_force(&none, Period::Custom, ("2026-11-20T08:00", "soon")),
            [InForce::Custom {
                from: Some(InputEnd::Wall(wall(2026, 11, 20, 8, 0, 0))),
                to: Some(InputEnd::Text("soon".into())),
            }]
        );
    }
}
