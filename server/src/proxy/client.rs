//! The upstream HTTP client: which certificates it trusts, whether it goes
//! through a proxy named in the environment, and a resolver whose failures
//! can be told apart from other connection errors.
//!
//! Trust: the webpki roots built into the binary, the operating system's
//! store (or `SSL_CERT_FILE` / `SSL_CERT_DIR` instead of it, as OpenSSL
//! does) and every `--ca-file`. There is no way to skip verification: the
//! proxy sends the app key to whatever answers the handshake.

use std::error::Error as StdError;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

/// How the upstream is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// Straight to the host in `--upstream`.
    Direct,
    /// Through this proxy (`scheme://host:port`, credentials left out),
    /// taken from `HTTPS_PROXY`, `HTTP_PROXY` or `ALL_PROXY`.
    Proxy(String),
}

impl Route {
    /// Whether the upstream goes through a proxy.
    pub fn is_proxy(&self) -> bool {
        matches!(self, Route::Proxy(_))
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Direct => f.write_str("direct"),
            Route::Proxy(p) => write!(f, "via proxy {p}"),
        }
    }
}

/// What [`build`] needs besides the upstream URL.
pub(crate) struct ClientOptions<'a> {
    pub ca_files: &'a [PathBuf],
    pub env_proxy: bool,
    pub connect_timeout: Duration,
    pub timeout: Duration,
}

/// Builds the upstream client, one for every app since trust and proxy
/// settings are the process's. Returns it with what it trusts, in words
/// (`built-in roots + 145 from the OS store + 1 from --ca-file`). Fails on
/// a bad `--ca-file`.
pub(crate) fn build(opts: &ClientOptions<'_>) -> Result<(reqwest::Client, String), String> {
    let mut extra = Vec::new();
    for path in opts.ca_files {
        extra.extend(load_ca_file(path)?);
    }
    let system = system_roots();
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(opts.connect_timeout)
        .timeout(opts.timeout)
        .pool_idle_timeout(Duration::from_secs(60))
        .dns_resolver(std::sync::Arc::new(SystemResolver));
    if !opts.env_proxy {
        builder = builder.no_proxy();
    }
    for der in system.certs.iter().chain(&extra) {
        let cert = reqwest::Certificate::from_der(der)
            .map_err(|e| format!("cannot use a trusted certificate: {e}"))?;
        builder = builder.add_root_certificate(cert);
    }
    let client = builder
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let trust = format!(
        "built-in roots + {} from {} + {} from --ca-file",
        system.certs.len(),
        system.source,
        extra.len(),
    );
    Ok((client, trust))
}

/// Reads one `--ca-file`: every PEM certificate in it, each checked to be
/// usable as a trust anchor.
pub fn load_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let shown = path.display();
    let bytes =
        std::fs::read(path).map_err(|e| format!("--ca-file {shown}: cannot read it: {e}"))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("--ca-file {shown}: not valid PEM: {e}"))?;
    if certs.is_empty() {
        return Err(format!(
            "--ca-file {shown}: holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)"
        ));
    }
    for (i, cert) in certs.iter().enumerate() {
        rustls::RootCertStore::empty()
            .add(cert.clone())
            .map_err(|e| {
                format!(
                    "--ca-file {shown}: certificate {} is not usable: {e}",
                    i + 1
                )
            })?;
    }
    Ok(certs)
}

/// The operating system's trusted certificates.
struct SystemRoots {
    /// Those a root store accepts; the others are skipped, as browsers do
    /// with the odd malformed entry of an OS store.
    certs: Vec<CertificateDer<'static>>,
    /// Where they came from, for the start-up line.
    source: String,
}

/// Loads the OS store, or `SSL_CERT_FILE` / `SSL_CERT_DIR` instead when
/// either is set; what cannot be read is logged, not fatal, so a broken
/// system store does not stop a proxy that only needs `--ca-file`.
fn system_roots() -> SystemRoots {
    let loaded = rustls_native_certs::load_native_certs();
    for e in &loaded.errors {
        tracing::warn!("trusted certificates: {e}");
    }
    let env: Vec<String> = ["SSL_CERT_FILE", "SSL_CERT_DIR"]
        .into_iter()
        .filter_map(|v| std::env::var_os(v).map(|p| format!("{v}={}", p.to_string_lossy())))
        .collect();
    let source = if env.is_empty() {
        "the OS store".to_string()
    } else {
        env.join(" and ")
    };
    let certs: Vec<_> = loaded
        .certs
        .into_iter()
        .filter(|c| rustls::RootCertStore::empty().add(c.clone()).is_ok())
        .collect();
    if certs.is_empty() && !env.is_empty() {
        tracing::warn!("no usable certificate in {source}");
    }
    SystemRoots { certs, source }
}

/// Whether reqwest will send requests for `base` through a proxy, by the
/// same environment rules it applies (`HTTPS_PROXY`/`https_proxy` for
/// https, `HTTP_PROXY`/`http_proxy` for http, `ALL_PROXY`, `NO_PROXY`;
/// none inside a CGI script, none at all without `env_proxy`). SOCKS
/// proxies are refused: this build only speaks to HTTP proxies.
pub(crate) fn route(base: &reqwest::Url, env_proxy: bool) -> Result<Route, String> {
    if !env_proxy {
        return Ok(Route::Direct);
    }
    let uri: axum::http::Uri = base
        .as_str()
        .parse()
        .map_err(|e| format!("--upstream {base}: {e}"))?;
    let matcher = hyper_util::client::proxy::matcher::Matcher::from_system();
    let Some(intercept) = matcher.intercept(&uri) else {
        return Ok(Route::Direct);
    };
    let proxy = intercept.uri();
    let scheme = proxy.scheme_str().unwrap_or("http");
    let authority = proxy.authority().map_or("", |a| a.as_str());
    if !matches!(scheme, "http" | "https") {
        return Err(format!(
            "the proxy for {} in the environment is {scheme}://{authority}: only http:// and https:// proxies are supported (or list the host in NO_PROXY)",
            base.scheme()
        ));
    }
    Ok(Route::Proxy(format!("{scheme}://{authority}")))
}

/// A name lookup that failed; the classification recognises it by type.
#[derive(Debug)]
pub(crate) struct DnsError {
    host: String,
    source: std::io::Error,
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot resolve {}: {}", self.host, self.source)
    }
}

impl StdError for DnsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// The system resolver (getaddrinfo, on the blocking pool), as reqwest's
/// default, but failing with a [`DnsError`].
struct SystemResolver;

impl reqwest::dns::Resolve for SystemResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map(|addrs| addrs.collect::<Vec<_>>());
            match found {
                Ok(addrs) => Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs),
                Err(source) => {
                    Err(Box::new(DnsError { host, source }) as Box<dyn StdError + Send + Sync>)
                }
            }
        })
    }
}
