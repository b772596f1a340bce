//! The embedding contract: `mount(element, options)` and `data-*` attributes
//! parsed into [`MountOptions`]. Invalid options are refused with a message
//! the host page's developer can act on, before anything is mounted.

use crate::api::query::{LogQuery, StatusFilter, DEFAULT_LIMIT, MAX_LIMIT};
use crate::domain::apps::{parse_apps, validate_api_base, AppRef};
use crate::domain::deeplink::prefix_for;
use crate::domain::time::parse_instant;
use serde::Deserialize;
use serde_json::Value;

/// Validated options for one widget.
#[derive(Clone, PartialEq)]
pub struct MountOptions {
    /// Dify's service API base, e.g. `https://api.dify.ai/v1` (no trailing
    /// `/`); empty when the widget shows `apps` or `apps_url` instead.
    pub api_base: String,
    /// The app key; `None` when a backend adds it.
    pub api_key: Option<String>,
    /// Rows per page, 1..=100.
    pub page_size: u32,
    /// Filters to start with.
    pub filters: LogQuery,
    /// Colour scheme.
    pub theme: Theme,
    /// Keep filters and page in the host page's query string under this
    /// prefix (`syncUrl` option); `None` leaves the URL alone.
    pub sync_url: Option<String>,
    /// Names this widget's saved view preferences (columns, density); the
    /// mount element's `id` when not given.
    pub id: Option<String>,
    /// A BCP 47 tag (`zh-CN`, `ja`, `en-GB`) asking for a language; when
    /// absent or not one the widget speaks, `<html lang>` and then the
    /// browser's languages decide.
    pub locale: Option<String>,
    /// An IANA time zone (`UTC`, `Asia/Tokyo`) for every time shown and
    /// every period; `None` follows the browser's zone.
    pub time_zone: Option<String>,
    /// Several apps to choose from or merge (the `apps` option).
    pub apps: Vec<AppRef>,
    /// Where to read the apps from (`appsUrl`, e.g. the proxy's `/apps`).
    pub apps_url: Option<String>,
}

impl MountOptions {
    /// True when `other` builds the same widget: the same apps, keys,
    /// language, zone, deep link and name. Filters, page size and theme
    /// are then taken by the running widget in place.
    pub fn same_build(&self, other: &Self) -> bool {
        self.api_base == other.api_base
            && self.api_key == other.api_key
            && self.apps == other.apps
            && self.apps_url == other.apps_url
            && self.locale == other.locale
            && self.time_zone == other.time_zone
            && self.sync_url == other.sync_url
            && self.id == other.id
    }
}

/// Never print the key, not even in a debug dump.
impl std::fmt::Debug for MountOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MountOptions")
            .field("api_base", &self.api_base)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("page_size", &self.page_size)
            .field("filters", &self.filters)
            .field("theme", &self.theme)
            .field("id", &self.id)
            .field("sync_url", &self.sync_url)
            .field("locale", &self.locale)
            .field("time_zone", &self.time_zone)
            .field("apps", &self.apps)
            .field("apps_url", &self.apps_url)
            .finish()
    }
}

/// Light, dark, or follow `prefers-color-scheme`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The root element's class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

fn err(msg: impl std::fmt::Display) -> String {
    format!("dify-logs: {msg}")
}

/// A string option; numbers are accepted as their text, `null`/missing as absent.
fn opt_string(v: Option<&Value>, name: &str) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(err(format!("{name} must be a string"))),
    }
}

/// The `options` object as the host page wrote it. Every field is kept as
/// raw JSON so a wrong type gets a message that names the option, rather
/// than serde's generic one.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOptions {
    #[serde(default)]
    api_base: Option<Value>,
    #[serde(default)]
    api_key: Option<Value>,
    #[serde(default)]
    page_size: Option<Value>,
    #[serde(default)]
    theme: Option<Value>,
    #[serde(default)]
    sync_url: Option<Value>,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    filters: Option<Value>,
    #[serde(default)]
    locale: Option<Value>,
    #[serde(default)]
    time_zone: Option<Value>,
    #[serde(default)]
    apps: Option<Value>,
    #[serde(default)]
    apps_url: Option<Value>,
}

/// `options.filters`, read the same way.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFilters {
    #[serde(default)]
    keyword: Option<Value>,
    #[serde(default)]
    status: Option<Value>,
    #[serde(default)]
    after: Option<Value>,
    #[serde(default)]
    before: Option<Value>,
    #[serde(default)]
    session_id: Option<Value>,
    #[serde(default)]
    account: Option<Value>,
    #[serde(default)]
    app: Option<Value>,
}

const NOT_AN_OBJECT: &str =
    "options must be an object like { apiBase: \"https://api.dify.ai/v1\" }";

/// Parses the `options` object given to `mount`, as JSON text.
pub fn parse_options_json(text: &str) -> Result<MountOptions, String> {
    // Through a `Value`: a repeated key then takes its last value, as in
    // JavaScript, rather than failing the derive type.
    let v: Value = serde_json::from_str(text).map_err(|_| err("options must be a plain object"))?;
    parse_options(&v)
}

/// Parses the `options` object given to `mount`, as a JSON value.
pub fn parse_options(v: &Value) -> Result<MountOptions, String> {
    if !v.is_object() {
        return Err(err(NOT_AN_OBJECT));
    }
    from_raw(RawOptions::deserialize(v).map_err(|_| err(NOT_AN_OBJECT))?)
}

fn from_raw(o: RawOptions) -> Result<MountOptions, String> {
    let apps = match o.apps.as_ref() {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_apps(v).map_err(err)?,
    };
    let apps_url = opt_string(o.apps_url.as_ref(), "appsUrl")?
        .map(|u| {
            validate_api_base(&u).map_err(|_| {
                err(format!(
                    "appsUrl must be an http(s) URL or a path such as \"/apps\", got \"{u}\""
                ))
            })
        })
        .transpose()?;
    if !apps.is_empty() && apps_url.is_some() {
        return Err(err("give apps or appsUrl, not both"));
    }
    let api_base = match opt_string(o.api_base.as_ref(), "apiBase")? {
        Some(base) => validate_api_base(&base)?,
        None if !apps.is_empty() || apps_url.is_some() => String::new(),
        None => return Err(err(
            "apiBase is required: the Dify service API base URL, e.g. \"https://api.dify.ai/v1\" (or apps / appsUrl for several apps)",
        )),
    };
    let api_key = opt_string(o.api_key.as_ref(), "apiKey")?;
    if api_key
        .as_deref()
        .is_some_and(|k| k.chars().any(|c| c.is_control()))
    {
        return Err(err("apiKey contains control characters"));
    }
    let page_size = match o.page_size.as_ref() {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(Value::Number(n)) => n
            .as_u64()
            .filter(|n| (1..=u64::from(MAX_LIMIT)).contains(n))
            .map(|n| n as u32)
            .ok_or_else(|| {
                err(format!(
                    "pageSize must be a whole number from 1 to 100, got {n}"
                ))
            })?,
        Some(Value::String(s)) => s
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                err(format!(
                    "pageSize must be a whole number from 1 to 100, got \"{s}\""
                ))
            })?,
        Some(_) => return Err(err("pageSize must be a number from 1 to 100")),
    };
    let theme = match opt_string(o.theme.as_ref(), "theme")?.as_deref() {
        None | Some("auto") => Theme::Auto,
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        Some(other) => {
            return Err(err(format!(
                "theme must be \"auto\", \"light\" or \"dark\", got \"{other}\""
            )))
        }
    };
    let id = opt_string(o.id.as_ref(), "id")?;
    let locale = opt_string(o.locale.as_ref(), "locale")?.filter(|l| !l.trim().is_empty());
    let time_zone = match opt_string(o.time_zone.as_ref(), "timeZone")? {
        Some(z) if z.trim().is_empty() => None,
        Some(z) if z.len() > 64 || !z.chars().all(|c| c.is_ascii_graphic()) => {
            return Err(err(format!(
                "timeZone must be an IANA zone name such as \"UTC\" or \"Asia/Tokyo\", got \"{z}\""
            )))
        }
        z => z.map(|z| z.trim().to_string()),
    };
    let sync_url = match o.sync_url.as_ref() {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(prefix_for(None)),
        Some(Value::String(s)) => match s.trim() {
            "false" | "off" => None,
            "" | "true" | "on" => Some(prefix_for(None)),
            name if name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
            {
                Some(prefix_for(Some(name)))
            }
            other => {
                return Err(err(format!(
                    "syncUrl must be true or a short name of letters and digits, got \"{other}\""
                )))
            }
        },
        Some(_) => return Err(err("syncUrl must be true, false or a short name")),
    };
    let mut filters = LogQuery {
        limit: page_size,
        ..LogQuery::default()
    };
    match o.filters {
        None | Some(Value::Null) => {}
        Some(v @ Value::Object(_)) => {
            let f = RawFilters::deserialize(v).map_err(|_| err("filters must be an object"))?;
            filters.keyword =
                opt_string(f.keyword.as_ref(), "filters.keyword")?.unwrap_or_default();
            filters.session_id =
                opt_string(f.session_id.as_ref(), "filters.sessionId")?.unwrap_or_default();
            filters.account =
                opt_string(f.account.as_ref(), "filters.account")?.unwrap_or_default();
            // Checked against the apps once they are known: a list read from
            // `appsUrl` arrives later.
            filters.app = opt_string(f.app.as_ref(), "filters.app")?.unwrap_or_default();
            if let Some(s) = opt_string(f.status.as_ref(), "filters.status")? {
                filters.status = StatusFilter::parse(&s).ok_or_else(|| {
                    err(format!(
                        "filters.status must be \"succeeded\", \"failed\" or \"stopped\", got \"{s}\""
                    ))
                })?;
            }
            for (key, value, slot) in [
                ("after", f.after, &mut filters.after),
                ("before", f.before, &mut filters.before),
            ] {
                if let Some(s) = opt_string(value.as_ref(), &format!("filters.{key}"))? {
                    if parse_instant(&s).is_none() {
                        return Err(err(format!(
                            "filters.{key} must be an ISO 8601 date or instant, got \"{s}\""
                        )));
                    }
                    *slot = Some(s);
                }
            }
        }
        Some(_) => return Err(err("filters must be an object")),
    }
    Ok(MountOptions {
        api_base,
        api_key,
        page_size,
        filters,
        theme,
        id,
        sync_url,
        locale,
        time_zone,
        apps,
        apps_url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_api_base_is_required() {
        let o = parse_options_json(r#"{"apiBase": "https://api.dify.ai/v1/"}"#).unwrap();
        assert_eq!(o.api_base, "https://api.dify.ai/v1");
        assert_eq!(o.api_key, None);
        assert_eq!(o.page_size, 20);
        assert_eq!(o.filters, LogQuery::default());
    }

    #[test]
    fn full_options() {
        let o = parse_options_json(
            r#"{
            "apiBase": "/v1", "apiKey": "app-x", "pageSize": 50, "theme": "dark",
            "filters": {"keyword": "alpha", "status": "failed", "after": "2026-11-01",
                        "before": "2026-11-26T00:00:00+08:00", "sessionId": "s", "account": "a@b.c"}
        }"#,
        )
        .unwrap();
        assert_eq!(o.api_key.as_deref(), Some("app-x"));
        assert_eq!(o.filters.limit, 50);
        assert_eq!(o.filters.status, StatusFilter::Failed);
        assert_eq!(o.filters.after.as_deref(), Some("2026-11-01"));
        assert_eq!(o.theme, Theme::Dark);
        assert!(!format!("{o:?}").contains("app-x"));
    }

    #[test]
    fn invalid_options_have_clear_messages() {
        let e = |v: &str| parse_options_json(v).unwrap_err();
        assert!(e(r#"{}"#).contains("apiBase is required"));
        assert!(e(r#"null"#).contains("options must be an object"));
        assert!(e(r#"{"apiBase": "ftp://x"}"#).contains("http(s)"));
        assert!(e(r#"{"apiBase": "/v1", "pageSize": 0}"#).contains("1 to 100"));
        assert!(e(r#"{"apiBase": "/v1", "pageSize": 101}"#).contains("1 to 100"));
        assert!(e(r#"{"apiBase": "/v1", "pageSize": 2.5}"#).contains("1 to 100"));
        assert!(
            e(r#"{"apiBase": "/v1", "filters": {"status": "running"}}"#).contains("filters.status")
        );
        assert!(e(r#"{"apiBase": "/v1", "filters": {"after": "soon"}}"#).contains("filters.after"));
        assert!(e(r#"{"apiBase": "/v1", "theme": "pink"}"#).contains("theme"));
        assert!(e(r#"{"apiBase": "/v1", "apiKey": {"k": 1}}"#).contains("apiKey must be a string"));
        assert!(e(r#"{"apiBase": "/v1", "apiKey": "a\nb"}"#).contains("control"));
    }

    #[test]
    fn numbers_and_strings_in_options() {
        let o = parse_options_json(
            r#"{"apiBase": "/v1", "apiKey": 123, "pageSize": "10", "id": 1.5, "syncUrl": true}"#,
        )
        .unwrap();
        assert_eq!(o.api_key.as_deref(), Some("123"));
        assert_eq!(o.page_size, 10);
        assert_eq!(o.id.as_deref(), Some("1.5"));
        assert!(o.sync_url.is_some());
        let o = parse_options_json(
            r#"{"apiBase": "/v1", "pageSize": 100, "apiKey": " ", "theme": null}"#,
        )
        .unwrap();
        assert_eq!((o.page_size, o.api_key, o.theme), (100, None, Theme::Auto));
        let e = |v: &str| parse_options_json(v).unwrap_err();
        assert!(e(r#"{"apiBase": "/v1", "pageSize": 2.0}"#).contains("got 2.0"));
        assert!(e(r#"{"apiBase": "/v1", "pageSize": -1}"#).contains("1 to 100"));
        assert!(e(r#"{"apiBase": "/v1", "pageSize": true}"#).contains("1 to 100"));
        assert!(e(r#"{"apiBase": "/v1", "filters": []}"#).contains("filters must be an object"));
        assert!(e(r#"[{"apiBase": "/v1"}]"#).contains("options must be an object"));
        assert!(e("{apiBase: '/v1'}").contains("options must be a plain object"));
        // A repeated key: the last one counts.
        let o = parse_options_json(r#"{"apiBase": "ftp://x", "apiBase": "/v2"}"#).unwrap();
        assert_eq!(o.api_base, "/v2");
    }

    #[test]
    fn apps_and_apps_url_stand_in_for_api_base() {
        let o = parse_options_json(r#"{"appsUrl": "/apps/"}"#).unwrap();
        assert_eq!(
            (o.api_base.as_str(), o.apps_url.as_deref()),
            ("", Some("/apps"))
        );
        let o = parse_options_json(r#"{"apps": [{"id": "a", "apiBase": "/a/v1"}]}"#).unwrap();
        assert_eq!(o.apps[0].api_base, "/a/v1");
        let e = |v: &str| parse_options_json(v).unwrap_err();
        assert!(e(r#"{"appsUrl": "apps"}"#).contains("appsUrl must be"));
        assert!(e(r#"{"apps": [{"id": "a"}]}"#).contains("dify-logs: apps[0].apiBase"));
        assert!(
            e(r#"{"apps": [{"id": "a", "apiBase": "/v1"}], "appsUrl": "/apps"}"#)
                .contains("not both")
        );
    }

    #[test]
    fn locale_and_time_zone_options() {
        let o = parse_options_json(
            r#"{"apiBase": "/v1", "locale": "zh-CN", "timeZone": "Asia/Tokyo"}"#,
        )
        .unwrap();
        assert_eq!(o.locale.as_deref(), Some("zh-CN"));
        assert_eq!(o.time_zone.as_deref(), Some("Asia/Tokyo"));
        let o = parse_options_json(r#"{"apiBase": "/v1", "locale": "", "timeZone": " "}"#).unwrap();
        assert_eq!((o.locale, o.time_zone), (None, None));
        let e = parse_options_json(r#"{"apiBase": "/v1", "locale": {"tag": "ja"}}"#).unwrap_err();
        assert!(e.contains("locale must be a string"), "{e}");
        let e = parse_options_json(r#"{"apiBase": "/v1", "timeZone": "Mars Base"}"#).unwrap_err();
        assert!(e.contains("timeZone must be an IANA zone name"), "{e}");
    }
}
