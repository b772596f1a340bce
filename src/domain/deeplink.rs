//! Deep links: a widget's filters and page in the host page's query string
//! under a `dl_` prefix, so a reload or a shared link restores the view.
//! Only our own parameters are touched; the rest of the host page's query
//! string is kept byte for byte. The API key is never written.

use crate::api::query::{
    decode_component, encode_component, LogQuery, StatusFilter, DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE,
};
use crate::domain::period::Period;
use crate::domain::time::parse_instant;

/// The view as a link carries it: the filters, the period choice (a preset
/// is recomputed on load, so "Last 7 days" stays relative) and the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkState {
    pub query: LogQuery,
    pub period: Period,
}

const KEYS: [&str; 10] = [
    "app", "keyword", "status", "period", "after", "before", "session", "account", "page", "limit",
];

/// Reads the widget's parameters from `search` (`?a=1&dl_page=2`); `None`
/// when there are none, so the options' filters apply.
pub fn read(search: &str, prefix: &str) -> Option<LinkState> {
    let mut q = LogQuery::default();
    let mut period = Period::AllTime;
    let mut found = false;
    for part in search.trim_start_matches('?').split('&') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let Some(name) = k.strip_prefix(prefix) else {
            continue;
        };
        let Some(v) = decode_component(v) else {
            continue;
        };
        found |= KEYS.contains(&name);
        match name {
            "app" => q.app = v,
            "keyword" => q.keyword = v,
            "status" => q.status = StatusFilter::parse(&v).unwrap_or_default(),
            "period" => period = Period::parse(&v).unwrap_or_default(),
            "after" if parse_instant(&v).is_some() => q.after = Some(v),
            "before" if parse_instant(&v).is_some() => q.before = Some(v),
            "session" => q.session_id = v,
            "account" => q.account = v,
            "page" => q.page = v.parse().unwrap_or(1u32).clamp(1, MAX_PAGE),
            "limit" => q.limit = v.parse().unwrap_or(q.limit).clamp(1, MAX_LIMIT),
            _ => {}
        }
    }
    if q.after.is_some() || q.before.is_some() {
        period = Period::Custom;
    } else if period == Period::Custom {
        period = Period::AllTime;
    }
    found.then_some(LinkState { query: q, period })
}

/// `search` with the widget's parameters replaced by `state`'s; the other
/// parameters keep their order and exact text. Returns `""` or `?...`.
pub fn write(search: &str, prefix: &str, state: &LinkState) -> String {
    let mut parts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let k = p.split_once('=').map_or(*p, |(k, _)| k);
            !k.strip_prefix(prefix).is_some_and(|n| KEYS.contains(&n))
        })
        .map(str::to_string)
        .collect();
    let q = &state.query;
    let mut put = |name: &str, v: &str| {
        if !v.is_empty() {
            parts.push(format!("{prefix}{name}={}", encode_component(v)));
        }
    };
    put("app", &q.app);
    put("keyword", q.keyword.trim());
    put("status", q.status.as_str());
    match state.period {
        Period::AllTime => {}
        Period::Custom => {
            put("after", q.after.as_deref().unwrap_or(""));
            put("before", q.before.as_deref().unwrap_or(""));
        }
        p => put("period", p.value()),
    }
    put("session", q.session_id.trim());
    put("account", q.account.trim());
    if q.page > 1 {
        put("page", &q.page.to_string());
    }
    if q.limit != DEFAULT_LIMIT {
        put("limit", &q.limit.to_string());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The parameter prefix for the `syncUrl` option: `true` -> `dl_`, a name
/// -> `dl_{name}_` (for several synced widgets on one page).
pub fn prefix_for(name: Option<&str>) -> String {
    match name {
        Some(n) if !n.is_empty() => format!("dl_{n}_"),
        _ => "dl_".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> LinkState {
        LinkState {
            query: LogQuery {
                keyword: "a b&c".into(),
                status: StatusFilter::Failed,
                session_id: "user-alice".into(),
                page: 3,
                limit: 50,
                ..Default::default()
            },
            period: Period::Last7Days,
        }
    }

    #[test]
    fn writes_only_its_own_parameters_and_keeps_the_rest() {
        let out = write("?tab=runs&x=%2B1&dl_page=9&dl_other=keep", "dl_", &state());
        assert_eq!(
            out,
            "?tab=runs&x=%2B1&dl_other=keep&dl_keyword=a%20b%26c&dl_status=failed&dl_period=7d\
             &dl_session=user-alice&dl_page=3&dl_limit=50"
        );
        let back = read(&out, "dl_").unwrap();
        assert_eq!(back.query.keyword, "a b&c");
        assert_eq!(back.query.page, 3);
        assert_eq!(back.period, Period::Last7Days);
        assert_eq!(
            write(
                "?tab=runs&dl_page=2",
                "dl_",
                &LinkState {
                    query: LogQuery::default(),
                    period: Period::AllTime,
                }
            ),
            "?tab=runs"
        );
        assert_eq!(
            write(
                "",
                "dl_",
                &LinkState {
                    query: LogQuery::default(),
                    period: Period::AllTime
                }
            ),
            ""
        );
    }

    #[test]
    fn custom_ranges_travel_as_exact_instants() {
        let mut s = state();
        s.period = Period::Custom;
        s.query.after = Some("2026-11-26T09:53:21+08:00".into());
        let out = write("", "dl_", &s);
        assert!(out.contains("dl_after=2026-11-26T09%3A53%3A21%2B08%3A00"));
        let back = read(&out, "dl_").unwrap();
        assert_eq!(back.period, Period::Custom);
        assert_eq!(
            back.query.after.as_deref(),
            Some("2026-11-26T09:53:21+08:00")
        );
    }

    #[test]
    fn reading_is_tolerant() {
        assert_eq!(read("?tab=runs", "dl_"), None);
        let s = read(
            "?dl_page=abc&dl_limit=500&dl_status=running&dl_after=soon&dl_keyword=%zz",
            "dl_",
        )
        .unwrap();
        assert_eq!(s.query.page, 1);
        assert_eq!(s.query.limit, 100);
        assert_eq!(s.query.status, StatusFilter::All);
        assert_eq!(s.query.after, None);
        assert_eq!(s.query.keyword, "");
        // Another widget's prefix is not ours.
        assert_eq!(read("?dl_b_page=2", "dl_a_"), None);
        assert_eq!(prefix_for(Some("b")), "dl_b_");
        assert_eq!(prefix_for(None), "dl_");
    }

    #[test]
    fn the_chosen_app_travels_and_all_apps_is_the_default() {
        let mut s = state();
        s.query.app = "support-bot".into();
        let out = write("?tab=1", "dl_", &s);
        assert!(
            out.starts_with("?tab=1&dl_app=support-bot&dl_keyword="),
            "{out}"
        );
        assert_eq!(read(&out, "dl_").unwrap().query.app, "support-bot");
        assert_eq!(read("?dl_app=x", "dl_").unwrap().query.app, "x");
        s.query.app.clear();
        assert!(!write("", "dl_", &s).contains("dl_app"));
    }
}
