//! The apps one widget shows: the `apps` option (`[{id, label, apiBase,
//! apiKey?}]`) or the list at `appsUrl`, each turned into an [`AppRef`].
//! With more than one, the widget offers an App select and an "All apps"
//! view that merges their runs (`domain::merge`).

use crate::api::apps::ListedApp;
use serde_json::Value;

/// The most apps one widget asks at once: one request each per page.
pub const MAX_APPS: usize = 20;

/// One app the widget can ask.
#[derive(Clone, PartialEq, Eq)]
pub struct AppRef {
    /// Stable and URL-safe: the deep link and the App select carry it.
    pub id: String,
    /// What users read.
    pub label: String,
    /// The app's service API base (no trailing `/`).
    pub api_base: String,
    /// The app's key; `None` when a backend adds it.
    pub api_key: Option<String>,
}

/// Never print a key.
impl std::fmt::Debug for AppRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppRef")
            .field("id", &self.id)
            .field("label", &self.label)
            .field("api_base", &self.api_base)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .finish()
    }
}

/// `apiBase` must be an http(s) URL or a path on this origin (`/v1`); the
/// trailing slash is dropped so paths join cleanly.
pub fn validate_api_base(s: &str) -> Result<String, String> {
    let s = s.trim().trim_end_matches('/');
    let ok_scheme = s.starts_with("https://") || s.starts_with("http://");
    let ok_path = s.starts_with('/') && !s.starts_with("//");
    if s.is_empty() || !(ok_scheme || ok_path) {
        return Err(format!(
            "dify-logs: apiBase must be an http(s) URL or a path such as \"/v1\", got \"{s}\""
        ));
    }
    if s.contains(['?', '#', ' ']) || s.chars().any(|c| c.is_control()) {
        return Err(format!(
            "dify-logs: apiBase must not contain a query, fragment or spaces, got \"{s}\""
        ));
    }
    Ok(s.to_string())
}

/// An app id: 1 to 64 ASCII letters, digits, `-` and `_`.
pub fn valid_app_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads the `apps` option. Every problem names the app by its place.
pub fn parse_apps(v: &Value) -> Result<Vec<AppRef>, String> {
    let list = v
        .as_array()
        .ok_or("apps must be a list like [{ id: \"support\", label: \"Support\", apiBase: \"/apps/support/v1\" }]")?;
    if list.len() > MAX_APPS {
        return Err(format!(
            "apps lists {} apps; at most {MAX_APPS}",
            list.len()
        ));
    }
    let mut out: Vec<AppRef> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let at = format!("apps[{i}]");
        let obj = item
            .as_object()
            .ok_or_else(|| format!("{at} must be an object with id, label and apiBase"))?;
        let id = text(obj.get("id")).unwrap_or_default();
        if !valid_app_id(&id) {
            return Err(format!(
                "{at}.id must be 1 to 64 letters, digits, \"-\" or \"_\", got \"{id}\""
            ));
        }
        let base = text(obj.get("apiBase"))
            .ok_or_else(|| format!("{at}.apiBase is required (the app's service API base)"))?;
        let api_base = validate_api_base(&base)
            .map_err(|m| format!("{at}: {}", m.trim_start_matches("dify-logs: ")))?;
        let api_key = text(obj.get("apiKey"));
        if api_key
            .as_deref()
            .is_some_and(|k| k.chars().any(char::is_control))
        {
            return Err(format!("{at}.apiKey contains control characters"));
        }
        if out.iter().any(|a| a.id == id) {
            return Err(format!("{at}.id \"{id}\" is used twice"));
        }
        out.push(AppRef {
            label: text(obj.get("label")).unwrap_or_else(|| id.clone()),
            id,
            api_base,
            api_key,
        });
    }
    Ok(out)
}

/// The apps of a server's list at `apps_url` (`/apps` gives
/// `/apps/{slug}/v1`). Entries without a usable slug are skipped; a list
/// with none left is an error.
pub fn apps_from_listing(apps_url: &str, listed: &[ListedApp]) -> Result<Vec<AppRef>, String> {
    let mut out: Vec<AppRef> = Vec::new();
    for app in listed {
        let slug = app.slug.trim();
        if !valid_app_id(slug) || out.iter().any(|a| a.id == slug) || out.len() == MAX_APPS {
            continue;
        }
        let label = app.label.trim();
        out.push(AppRef {
            id: slug.to_string(),
            label: if label.is_empty() { slug } else { label }.to_string(),
            api_base: format!("{apps_url}/{slug}/v1"),
            api_key: None,
        });
    }
    if out.is_empty() {
        return Err(format!("the app list at {apps_url} names no app"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_apps_option() {
        let apps = parse_apps(&json!([
            {"id": "support", "label": "Support bot", "apiBase": "/apps/support/v1/"},
            {"id": "ingest", "apiBase": "https://x/v1", "apiKey": "app-1"}
        ]))
        .unwrap();
        assert_eq!(apps[0].api_base, "/apps/support/v1");
        assert_eq!(apps[1].label, "ingest");
        assert!(!format!("{apps:?}").contains("app-1"));
        let e = |v: Value| parse_apps(&v).unwrap_err();
        assert!(e(json!({})).contains("apps must be a list"));
        assert!(e(json!([1])).contains("apps[0] must be an object"));
        assert!(e(json!([{"id": "a b", "apiBase": "/v1"}])).contains("apps[0].id"));
        assert!(e(json!([{"id": "a"}])).contains("apps[0].apiBase is required"));
        assert!(e(json!([{"id": "a", "apiBase": "ftp://x"}])).contains("apps[0]: "));
        let twice = json!([{"id": "a", "apiBase": "/v1"}, {"id": "a", "apiBase": "/v2"}]);
        assert!(e(twice).contains("apps[1].id \"a\" is used twice"));
        let many: Vec<Value> = (0..21)
            .map(|i| json!({"id": format!("a{i}"), "apiBase": "/v1"}))
            .collect();
        assert!(e(Value::Array(many)).contains("at most 20"));
    }

    #[test]
    fn a_servers_list() {
        let listed = |slug: &str, label: &str| ListedApp {
            slug: slug.into(),
            label: label.into(),
        };
        let apps = apps_from_listing(
            "/apps",
            &[
                listed("support", "Support bot"),
                listed("../x", "bad"),
                listed("ingest", ""),
                listed("support", "again"),
            ],
        )
        .unwrap();
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0].api_base, "/apps/support/v1");
        assert_eq!(apps[1].label, "ingest");
        assert!(apps_from_listing("/apps", &[])
            .unwrap_err()
            .contains("names no app"));
    }
}
