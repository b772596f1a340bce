//! What the proxy is started with: the app key (never printed), the
//! upstream Dify, the allowed origins and the limits.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;

use super::{AppConfig, Metrics};

/// The Dify app key. Kept in a type whose `Debug` and `Display` print
/// `<redacted>` so it cannot end up in a log line or panic message by
/// accident.
#[derive(Clone)]
pub struct ApiKey {
    value: Arc<str>,
    bearer: HeaderValue,
}

impl ApiKey {
    /// Wraps a key; refuses an empty one or one that cannot go into a
    /// header (the error never contains the key).
    pub fn new(key: &str) -> Result<Self, String> {
        let key = key.trim();
        if key.is_empty() {
            return Err("the API key is empty".into());
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("the API key contains whitespace or control characters".into());
        }
        let mut bearer = HeaderValue::from_str(&format!("Bearer {key}"))
            .map_err(|_| "the API key is not a valid header value".to_string())?;
        bearer.set_sensitive(true);
        Ok(ApiKey {
            value: key.into(),
            bearer,
        })
    }

    /// The key itself, for redaction checks only.
    pub fn expose_secret(&self) -> &str {
        &self.value
    }

    /// `Bearer KEY`, marked sensitive.
    pub(super) fn bearer(&self) -> HeaderValue {
        self.bearer.clone()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Reads the key from `--key-file` if given, else from `DIFY_API_KEY`
/// (`env_value`). Flags are never a source: they show in process lists.
pub fn load_key(env_value: Option<&str>, key_file: Option<&Path>) -> Result<ApiKey, String> {
    if let Some(path) = key_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read --key-file {}: {e}", path.display()))?;
        return ApiKey::new(&text).map_err(|e| format!("--key-file {}: {e}", path.display()));
    }
    match env_value.map(str::trim) {
        None | Some("") => Err(
            "DIFY_API_KEY is not set or empty: export the Dify app key (app-...) or pass --key-file PATH"
                .into(),
        ),
        Some(v) => ApiKey::new(v).map_err(|e| format!("DIFY_API_KEY: {e}")),
    }
}

/// Which Dify apps the proxy serves.
#[derive(Clone, Debug)]
pub enum Upstreams {
    /// One app at `/v1` (`--upstream`, the key from `DIFY_API_KEY` or
    /// `--key-file`).
    One {
        /// Dify's API base, ending in `/v1` (e.g. `https://api.dify.ai/v1`).
        upstream: String,
        key: ApiKey,
    },
    /// Several at `/apps/{slug}/v1`, listed by `GET /apps`, the first also
    /// at `/v1` (`--apps-file`).
    Apps(Vec<AppConfig>),
}

/// Everything `dify-logs-server proxy` is configured with.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// The app or apps, each with its upstream and key.
    pub upstreams: Upstreams,
    /// Also serve the built widget from this directory at `/`.
    pub serve_dir: Option<PathBuf>,
    /// Origins that get CORS headers (exact match); empty: same-origin only.
    pub allow_origins: Vec<String>,
    /// Total time for one upstream exchange, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Upstream bodies larger than this become a 502.
    pub max_response_bytes: usize,
    /// Upstream requests in flight at once; more get a 503.
    pub max_concurrency: usize,
    /// Requests per minute and client IP; 0 turns the limit off.
    pub rate_limit_per_minute: u32,
    /// Where to count requests for `--metrics-addr`; `None`: not counted.
    pub metrics: Option<Metrics>,
    /// Time between two readiness checks of the upstream.
    pub readiness_interval: Duration,
    /// PEM files of extra trusted certificates (`--ca-file`), e.g. a
    /// company's private CA.
    pub ca_files: Vec<PathBuf>,
    /// Whether `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY`
    /// apply to the upstream (the CLI: always; tests that must not depend
    /// on the caller's shell turn it off).
    pub env_proxy: bool,
}

impl ProxyConfig {
    /// The CLI defaults for an upstream and key.
    pub fn new(upstream: impl Into<String>, key: ApiKey) -> Self {
        Self::with_upstreams(Upstreams::One {
            upstream: upstream.into(),
            key,
        })
    }

    /// The CLI defaults for the apps of an apps file.
    pub fn for_apps(apps: Vec<AppConfig>) -> Self {
        Self::with_upstreams(Upstreams::Apps(apps))
    }

    /// The CLI defaults for `upstreams`.
    pub fn with_upstreams(upstreams: Upstreams) -> Self {
        ProxyConfig {
            upstreams,
            serve_dir: None,
            allow_origins: Vec::new(),
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
            max_response_bytes: 4 * 1024 * 1024,
            max_concurrency: 64,
            rate_limit_per_minute: 600,
            metrics: None,
            readiness_interval: Duration::from_secs(10),
            ca_files: Vec::new(),
            env_proxy: true,
        }
    }
}

/// Normalises `--upstream`: http(s), no credentials, query or fragment,
/// no trailing slash.
pub fn parse_upstream(raw: &str) -> Result<reqwest::Url, String> {
    parse_base(raw, "--upstream", "DIFY_API_KEY")
}

/// [`parse_upstream`] for the setting `name`, whose key comes from
/// `key_from`; both go into the messages.
pub(crate) fn parse_base(raw: &str, name: &str, key_from: &str) -> Result<reqwest::Url, String> {
    let url =
        reqwest::Url::parse(raw.trim()).map_err(|e| format!("{name} {raw:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{name} {raw:?}: only http and https are supported"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{name} must not contain credentials; the key comes from {key_from}"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("{name} {raw:?} must not have a query or fragment"));
    }
    if url.host_str().is_none() {
        return Err(format!("{name} {raw:?} has no host"));
    }
    let trimmed = url.as_str().trim_end_matches('/').to_string();
    reqwest::Url::parse(&trimmed).map_err(|e| format!("{name} {raw:?}: {e}"))
}

/// The warning for an API base not ending in `/v1` (Dify's always does,
/// but a reverse proxy in front of it may move it), named as `name`.
pub fn v1_warning(name: &str, base: &reqwest::Url) -> Option<String> {
    (!base.path().ends_with("/v1")).then(|| {
        format!("warning: {name} {base} does not end in /v1; Dify's API base usually does")
    })
}

/// Checks an `--allow-origin` value: a bare `scheme://host[:port]`.
pub fn parse_origin(raw: &str) -> Result<HeaderValue, String> {
    let url = reqwest::Url::parse(raw).map_err(|e| format!("--allow-origin {raw:?}: {e}"))?;
    let origin = url.origin().ascii_serialization();
    if origin != raw.trim_end_matches('/') || origin == "null" {
        return Err(format!(
            "--allow-origin {raw:?} must be an origin like https://dash.example.com (no path, no wildcard)"
        ));
    }
    HeaderValue::from_str(&origin).map_err(|e| format!("--allow-origin {raw:?}: {e}"))
}
