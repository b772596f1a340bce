//! Options written as HTML attributes: `data-*` on an element that
//! `init()` mounts (`data-api-base`), and kebab-case on the `<dify-logs>`
//! element (`api-base`), where the `options` and `filters` properties give
//! the rest. One mapping for both, parsed by `options::parse_options`, so
//! every way of embedding accepts and refuses the same things.

use crate::domain::options::{parse_options, MountOptions};
use serde_json::{Map, Value};

/// Attribute (without prefix) → option.
const OPTION_ATTRIBUTES: [(&str, &str); 8] = [
    ("api-base", "apiBase"),
    ("api-key", "apiKey"),
    ("page-size", "pageSize"),
    ("theme", "theme"),
    ("sync-url", "syncUrl"),
    ("locale", "locale"),
    ("time-zone", "timeZone"),
    ("apps-url", "appsUrl"),
];

/// Attribute (without prefix) → `filters` member.
const FILTER_ATTRIBUTES: [(&str, &str); 7] = [
    ("keyword", "keyword"),
    ("status", "status"),
    ("after", "after"),
    ("before", "before"),
    ("session-id", "sessionId"),
    ("account", "account"),
    ("app", "app"),
];

/// Every attribute the `<dify-logs>` element watches.
pub fn element_attributes() -> Vec<&'static str> {
    OPTION_ATTRIBUTES
        .iter()
        .chain(FILTER_ATTRIBUTES.iter())
        .map(|(a, _)| *a)
        .chain(["id"])
        .collect()
}

/// Options from attributes named `{prefix}{name}` (`get` reads one), over
/// `base` (an `options` object) and `filters` (a `filters` object):
/// attributes win over the objects, `filters` over `base.filters`.
pub fn options_from(
    prefix: &str,
    base: Option<&Value>,
    filters: Option<&Value>,
    get: impl Fn(&str) -> Option<String>,
) -> Result<MountOptions, String> {
    let mut o = match base {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err("dify-logs: options must be an object".into()),
    };
    let mut f = match (filters, o.remove("filters")) {
        (Some(Value::Object(m)), _) => m.clone(),
        (Some(Value::Null) | None, Some(Value::Object(m))) => m,
        (Some(Value::Null) | None, None | Some(Value::Null)) => Map::new(),
        _ => return Err("dify-logs: filters must be an object".into()),
    };
    for (attr, key) in OPTION_ATTRIBUTES {
        if let Some(v) = get(&format!("{prefix}{attr}")) {
            o.insert(key.into(), Value::String(v));
        }
    }
    if let Some(id) = get("id") {
        o.insert("id".into(), Value::String(id));
    }
    for (attr, key) in FILTER_ATTRIBUTES {
        if let Some(v) = get(&format!("{prefix}{attr}")) {
            f.insert(key.into(), Value::String(v));
        }
    }
    o.insert("filters".into(), Value::Object(f));
    parse_options(&Value::Object(o))
}

/// Options from a `data-dify-logs` element's attributes (`data-api-base`,
/// `data-api-key`, `data-page-size`, `data-status`, ...).
pub fn options_from_attributes(
    get: impl Fn(&str) -> Option<String>,
) -> Result<MountOptions, String> {
    options_from("data-", None, None, get)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::query::StatusFilter;
    use serde_json::json;

    fn from<'a>(attrs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |n| {
            attrs
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn data_attributes_map_to_options() {
        let attrs = [
            ("data-api-base", "/v1"),
            ("data-page-size", "10"),
            ("data-status", "stopped"),
            ("data-apps-url", "/apps"),
            ("data-locale", "ja"),
        ];
        let o = options_from_attributes(from(&attrs)).unwrap();
        assert_eq!(o.page_size, 10);
        assert_eq!(o.filters.status, StatusFilter::Stopped);
        assert_eq!(o.apps_url.as_deref(), Some("/apps"));
        assert_eq!(o.locale.as_deref(), Some("ja"));
        assert!(options_from_attributes(|_| None).is_err());
        // The element's own names are not data attributes.
        assert!(options_from_attributes(from(&[("api-base", "/v1")])).is_err());
    }

    #[test]
    fn element_attributes_win_over_its_properties() {
        let base = json!({"apiBase": "/v0", "pageSize": 50, "filters": {"keyword": "a", "account": "x@y.z"}});
        let filters = json!({"keyword": "b", "status": "failed"});
        let attrs = [("api-base", "/v1"), ("session-id", "s-1"), ("id", "runs")];
        let o = options_from("", Some(&base), Some(&filters), from(&attrs)).unwrap();
        assert_eq!(o.api_base, "/v1");
        assert_eq!(o.page_size, 50);
        assert_eq!(
            o.filters.keyword, "b",
            "the filters property over options.filters"
        );
        assert_eq!(
            o.filters.account, "",
            "a filters property replaces options.filters whole"
        );
        assert_eq!(o.filters.status, StatusFilter::Failed);
        assert_eq!(o.filters.session_id, "s-1");
        assert_eq!(o.id.as_deref(), Some("runs"));
        let o = options_from("", Some(&base), None, from(&[])).unwrap();
        assert_eq!(o.filters.account, "x@y.z");
        let e = options_from("", Some(&json!([1])), None, from(&[])).unwrap_err();
        assert!(e.contains("options must be an object"));
        let e =
            options_from("", None, Some(&json!("x")), from(&[("api-base", "/v1")])).unwrap_err();
        assert!(e.contains("filters must be an object"));
        assert!(element_attributes().contains(&"time-zone"));
    }
}
