//! `proxy --apps-file`: the apps one proxy serves, read from TOML.
//!
//! ```toml
//! [[app]]
//! slug = "support"                       # /apps/support/v1/...
//! label = "Support assistant"            # shown to users
//! upstream = "https://api.dify.ai/v1"    # that app's Dify API base
//! key_env = "DIFY_KEY_SUPPORT"           # or: key_file = "keys/support"
//! ```
//!
//! A key is never written in the file itself: it names an environment
//! variable or a file of its own, so the list can be committed, shared
//! and backed up without the keys.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::config::{parse_base, ApiKey};
use crate::apps::check_slug;

/// The longest label, in characters.
pub const MAX_LABEL_LEN: usize = 100;

/// One app of the proxy: checked, with its key loaded.
#[derive(Clone, Debug)]
pub struct AppConfig {
    slug: String,
    label: String,
    upstream: reqwest::Url,
    key: ApiKey,
}

impl AppConfig {
    /// Checks an app's slug, label and upstream (parsed as `--upstream`
    /// is); the error names the field at fault.
    pub fn new(slug: &str, label: &str, upstream: &str, key: ApiKey) -> Result<Self, String> {
        check_slug(slug)?;
        let label = label.trim();
        if label.is_empty() {
            return Err("label is empty".into());
        }
        if label.chars().count() > MAX_LABEL_LEN {
            return Err(format!("label is longer than {MAX_LABEL_LEN} characters"));
        }
        if label.chars().any(char::is_control) {
            return Err("label contains control characters".into());
        }
        let upstream = parse_base(upstream, "upstream", "key_env or key_file")?;
        Ok(AppConfig {
            slug: slug.into(),
            label: label.into(),
            upstream,
            key,
        })
    }

    /// The app's part of `/apps/{slug}/v1`.
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The name shown to users.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The app's Dify API base, normalised.
    pub fn upstream(&self) -> &reqwest::Url {
        &self.upstream
    }

    /// The app's key, sent only to its upstream.
    pub fn key(&self) -> &ApiKey {
        &self.key
    }
}

/// Refuses two apps with one slug.
pub fn check_unique(apps: &[AppConfig]) -> Result<(), String> {
    for (i, a) in apps.iter().enumerate() {
        if let Some(j) = apps[..i].iter().position(|b| b.slug == a.slug) {
            return Err(format!(
                "apps {} and {} have the same slug {:?}; each app needs its own",
                j + 1,
                i + 1,
                a.slug
            ));
        }
    }
    Ok(())
}

/// The file as written: every field optional here, so that what is
/// missing gets a message of ours that names the app.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    app: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    slug: Option<String>,
    label: Option<String>,
    upstream: Option<String>,
    key_env: Option<String>,
    key_file: Option<PathBuf>,
    /// Only to refuse it with a message that says why.
    key: Option<toml::Value>,
}

/// Reads `--apps-file PATH`; `env` looks up each `key_env`. Every error
/// starts with `--apps-file PATH:` and names the app and the field.
pub fn load_apps_file(
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<AppConfig>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--apps-file {}: cannot read it: {e}", path.display()))?;
    parse_apps(&text, path, env).map_err(|e| format!("--apps-file {}: {e}", path.display()))
}

/// The apps in `text`, the contents of `file` (a relative `key_file` is
/// found next to it).
pub fn parse_apps(
    text: &str,
    file: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<AppConfig>, String> {
    let doc: FileDoc = toml::from_str(text).map_err(|e| {
        format!(
            "not a valid apps file: {}",
            e.to_string().trim_end().replace('\n', "\n  ")
        )
    })?;
    if doc.app.is_empty() {
        return Err("lists no app: add one [[app]] table per app (slug, label, upstream, and key_env or key_file)".into());
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    let apps = doc
        .app
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let name = match &entry.slug {
                Some(s) => format!("app {} ({s:?})", i + 1),
                None => format!("app {}", i + 1),
            };
            entry_to_app(entry, dir, env).map_err(|e| format!("{name}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_unique(&apps)?;
    Ok(apps)
}

fn entry_to_app(
    entry: Entry,
    dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<AppConfig, String> {
    let missing = |field: &str, what: &str| format!("{field} is missing ({what})");
    let slug = entry
        .slug
        .ok_or_else(|| missing("slug", "its part of /apps/{slug}/v1, e.g. \"sales\""))?;
    let label = entry
        .label
        .ok_or_else(|| missing("label", "the name shown to users"))?;
    let upstream = entry.upstream.ok_or_else(|| {
        missing(
            "upstream",
            "the app's Dify API base, e.g. \"https://api.dify.ai/v1\"",
        )
    })?;
    if entry.key.is_some() {
        return Err("has a key field: keys are never written in the apps file; put the key in an environment variable named by key_env, or in a file of its own named by key_file".into());
    }
    let key = match (entry.key_env, entry.key_file) {
        (Some(_), Some(_)) => {
            return Err("has both key_env and key_file: give one of them".into())
        }
        (None, None) => return Err("has no key: add key_env = \"VARIABLE\" (an environment variable holding the app's key) or key_file = \"PATH\" (a file holding it)".into()),
        (Some(var), None) => key_from_env(&var, env)?,
        (None, Some(file)) => key_from_file(&dir.join(file))?,
    };
    AppConfig::new(&slug, &label, &upstream, key)
}

fn key_from_env(var: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ApiKey, String> {
    if var.is_empty() {
        return Err("key_env is empty: name the environment variable that holds the key".into());
    }
    match env(var) {
        None => Err(format!(
            "key_env {var} is not set: export the app's key (app-...) in it"
        )),
        Some(v) if v.trim().is_empty() => Err(format!(
            "key_env {var} is empty: export the app's key (app-...) in it"
        )),
        Some(v) => ApiKey::new(&v).map_err(|e| format!("key_env {var}: {e}")),
    }
}

fn key_from_file(path: &Path) -> Result<ApiKey, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("key_file {shown}: cannot read it: {e}"))?;
    ApiKey::new(&text).map_err(|e| format!("key_file {shown}: {e}"))
}

#[cfg(test)]
mod tests;
