//! Why the upstream could not be used, in words a person can act on. The
//! 502/504's `code` and `message`, the `/readyz` reason and the log line
//! all come from here, so they always agree.
//!
//! The messages name no host: they reach the dashboard's users, who need
//! not learn where Dify runs. The log line adds the host, the route and
//! the error chain as the client reported it.

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use axum::http::StatusCode;
use rustls::{CertificateError, InvalidMessage};

use super::client::{DnsError, Route};

/// The cause of a failed upstream exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The certificate chain leads to no trusted root.
    CertUntrusted,
    /// The certificate is for other names: the names it presents.
    CertNameMismatch(Vec<String>),
    /// The certificate has expired: when, in Unix seconds, if known.
    CertExpired(Option<u64>),
    /// The certificate is not valid yet: from when, if known.
    CertNotYetValid(Option<u64>),
    /// Another certificate problem (bad signature, revoked, wrong purpose).
    CertInvalid(String),
    /// The TLS handshake failed for another reason.
    TlsHandshake(Handshake),
    /// The connection was refused.
    Refused,
    /// The host name was not found.
    Dns,
    /// No connection within the connect time-out.
    ConnectTimeout,
    /// The proxy would not open a tunnel: its reason.
    ProxyTunnel(String),
    /// Another connection failure.
    Unreachable,
    /// Connected, but the answer did not come in time.
    Timeout,
    /// The answer is not valid HTTP, or broke off.
    Garbled,
}

/// How a TLS handshake failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handshake {
    /// The server answered with something that is not TLS (plain http).
    NotTls,
    /// The server closed the connection during the handshake.
    Closed,
    /// Another TLS error, as rustls words it.
    Other(String),
}

/// What the messages may mention besides the cause.
#[derive(Clone, Debug)]
pub(crate) struct Context {
    pub route: Route,
    pub connect_timeout: Duration,
    /// Where the upstream was set, as the messages name it: `--upstream`,
    /// or the app's entry in `--apps-file`.
    pub setting: &'static str,
}

impl Context {
    /// How messages name the upstream of the single app.
    pub const UPSTREAM_FLAG: &'static str = "--upstream";
    /// How messages name an app's upstream in the apps file.
    pub const APPS_FILE: &'static str = "the app's upstream in --apps-file";
}

/// Where a proxy comes from, for messages about it.
const PROXY_VARS: &str = "the proxy in HTTPS_PROXY / HTTP_PROXY / ALL_PROXY";

impl Cause {
    /// The Dify-shaped error `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Cause::CertUntrusted => "upstream_cert_untrusted",
            Cause::CertNameMismatch(_) => "upstream_cert_name_mismatch",
            Cause::CertExpired(_) => "upstream_cert_expired",
            Cause::CertNotYetValid(_) => "upstream_cert_not_yet_valid",
            Cause::CertInvalid(_) => "upstream_cert_invalid",
            Cause::TlsHandshake(_) => "upstream_tls_handshake",
            Cause::Refused => "upstream_refused",
            Cause::Dns => "upstream_dns",
            Cause::ConnectTimeout => "upstream_connect_timeout",
            Cause::ProxyTunnel(_) => "upstream_proxy",
            Cause::Timeout => "gateway_timeout",
            Cause::Unreachable | Cause::Garbled => "bad_gateway",
        }
    }

    /// 504 for time-outs, else 502.
    pub fn status(&self) -> StatusCode {
        match self {
            Cause::ConnectTimeout | Cause::Timeout => StatusCode::GATEWAY_TIMEOUT,
            _ => StatusCode::BAD_GATEWAY,
        }
    }

    /// The `message`: what went wrong and what to do about it.
    pub(crate) fn message(&self, cx: &Context) -> String {
        let proxy = cx.route.is_proxy();
        let up = cx.setting;
        match self {
            Cause::CertUntrusted => "Dify's TLS certificate is not trusted: it was issued by an unknown certificate authority. If Dify uses a private CA, pass your CA with --ca-file.".into(),
            Cause::CertNameMismatch(names) if names.is_empty() => format!("Dify's TLS certificate is not valid for the host name in {up}. Use a name the certificate is for, or give Dify a certificate for that name."),
            Cause::CertNameMismatch(names) => format!("Dify's TLS certificate is for other names ({}), not for the host in {up}. Use one of those names in {up}, or give Dify a certificate for that host.", names.join(", ")),
            Cause::CertExpired(Some(t)) => format!("Dify's TLS certificate expired on {}. Renew it, or check the clock of the proxy's machine.", date(*t)),
            Cause::CertExpired(None) => "Dify's TLS certificate has expired. Renew it, or check the clock of the proxy's machine.".into(),
            Cause::CertNotYetValid(Some(t)) => format!("Dify's TLS certificate is not valid until {}. Check the clocks of the proxy's machine and of Dify.", date(*t)),
            Cause::CertNotYetValid(None) => "Dify's TLS certificate is not valid yet. Check the clocks of the proxy's machine and of Dify.".into(),
            Cause::CertInvalid(detail) => format!("Dify's TLS certificate was rejected ({detail})."),
            Cause::TlsHandshake(Handshake::NotTls) => format!("The TLS handshake with Dify failed: the server did not answer in TLS; it may speak plain http on that port. Check the scheme and port in {up}."),
            Cause::TlsHandshake(Handshake::Closed) => format!("The TLS handshake with Dify failed: the server closed the connection. Check that the port in {up} serves https."),
            Cause::TlsHandshake(Handshake::Other(detail)) => format!("The TLS handshake with Dify failed ({detail}). Check that the port in {up} serves https."),
            Cause::Refused if proxy => format!("The connection was refused by {PROXY_VARS}. Check that proxy, or list Dify's host in NO_PROXY."),
            Cause::Refused => format!("Dify refused the connection: nothing accepts connections at the host and port in {up}. Check the port, and that Dify is running."),
            Cause::Dns if proxy => format!("The host name of {PROXY_VARS} was not found (DNS). Check that variable."),
            Cause::Dns => format!("The host name in {up} was not found (DNS). Check its spelling, and that this machine's DNS knows it."),
            Cause::ConnectTimeout if proxy => format!("Connecting to {PROXY_VARS} timed out after {} s. Check that proxy, or list Dify's host in NO_PROXY.", cx.connect_timeout.as_secs()),
            Cause::ConnectTimeout => format!("Connecting to Dify timed out after {} s: no answer from the host and port in {up} (a firewall dropping the connection, or the wrong address?).", cx.connect_timeout.as_secs()),
            Cause::ProxyTunnel(detail) => format!("{} would not open a tunnel to Dify ({detail}). Check the proxy's rules and credentials, or list Dify's host in NO_PROXY.", capitalise(PROXY_VARS)),
            Cause::Unreachable => "Dify could not be reached.".into(),
            Cause::Timeout => "Dify did not answer in time.".into(),
            Cause::Garbled => "Dify sent an answer that is not valid HTTP.".into(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `2026-01-31 12:00 UTC`.
fn date(unix: u64) -> String {
    i64::try_from(unix)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map_or_else(
            || format!("{unix} (Unix time)"),
            |d| d.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
}

/// Classifies a client error by walking its chain of sources: rustls's
/// error for TLS, the resolver's [`DnsError`], hyper-util's tunnel error,
/// the I/O error kind; then reqwest's own time-out and connect flags.
pub(crate) fn classify(e: &reqwest::Error) -> Cause {
    let mut io_kind = None;
    for err in chain(e) {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return from_tls(tls);
        }
        if err.is::<DnsError>() {
            return Cause::Dns;
        }
        // hyper-util does not export its tunnel error type; its variants
        // without a source are the proxy's answers to CONNECT.
        if err.source().is_none() {
            if let Some(detail) = err.to_string().strip_prefix("tunnel error: ") {
                return Cause::ProxyTunnel(tunnel_detail(detail));
            }
        }
        if let Some(io) = err.downcast_ref::<io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
    }
    if e.is_timeout() {
        return if e.is_connect() {
            Cause::ConnectTimeout
        } else {
            Cause::Timeout
        };
    }
    match io_kind {
        Some(io::ErrorKind::ConnectionRefused) => Cause::Refused,
        // A connection that ends before any HTTP: only a TLS handshake
        // reads at that stage (a tunnel's EOF is a tunnel error).
        Some(io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset) if e.is_connect() => {
            Cause::TlsHandshake(Handshake::Closed)
        }
        _ if e.is_connect() => Cause::Unreachable,
        _ => Cause::Garbled,
    }
}

/// The chain of `e` and its sources. An `io::Error` wrapping another error
/// reports that error's source as its own, skipping the error itself, so
/// the walk steps into it explicitly.
fn chain<'a>(
    e: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(e), |&err: &&'a (dyn StdError + 'static)| {
        match err.downcast_ref::<io::Error>().and_then(|io| io.get_ref()) {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        }
    })
}

/// The proxy's refusal in words.
fn tunnel_detail(detail: &str) -> String {
    match detail {
        "proxy authorization required" => "it requires authorization (407)".into(),
        "unsuccessful" => "it answered CONNECT with an error".into(),
        "unexpected end of file" => "it closed the connection".into(),
        other => other.to_string(),
    }
}

fn from_tls(e: &rustls::Error) -> Cause {
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::UnknownIssuer => Cause::CertUntrusted,
            CertificateError::NotValidForName => Cause::CertNameMismatch(Vec::new()),
            CertificateError::NotValidForNameContext { presented, .. } => {
                Cause::CertNameMismatch(presented.iter().filter_map(|n| name(n)).collect())
            }
            CertificateError::Expired => Cause::CertExpired(None),
            CertificateError::ExpiredContext { not_after, .. } => {
                Cause::CertExpired(Some(not_after.as_secs()))
            }
            CertificateError::NotValidYet => Cause::CertNotYetValid(None),
            CertificateError::NotValidYetContext { not_before, .. } => {
                Cause::CertNotYetValid(Some(not_before.as_secs()))
            }
            _ => Cause::CertInvalid(e.to_string()),
        },
        // The first byte of a record is not a TLS content type: an answer
        // in plain text, typically `HTTP/1.1 400`.
        rustls::Error::InvalidMessage(InvalidMessage::InvalidContentType) => {
            Cause::TlsHandshake(Handshake::NotTls)
        }
        _ => Cause::TlsHandshake(Handshake::Other(e.to_string())),
    }
}

/// A presented subject name as a person writes it: webpki gives them as
/// `DnsName("x.example")` and `IpAddress(10.0.0.1)`; other kinds
/// (directory names, URIs) are left out.
fn name(presented: &str) -> Option<String> {
    let inner = |prefix: &str, suffix: &str| {
        presented
            .strip_prefix(prefix)
            .and_then(|s| s.strip_suffix(suffix))
            .map(str::to_string)
    };
    inner("DnsName(\"", "\")").or_else(|| inner("IpAddress(", ")"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(route: Route) -> Context {
        Context {
            route,
            connect_timeout: Duration::from_secs(5),
            setting: Context::UPSTREAM_FLAG,
        }
    }

    #[test]
    fn presented_names_are_cleaned() {
        assert_eq!(name("DnsName(\"a.example\")").as_deref(), Some("a.example"));
        assert_eq!(name("IpAddress(10.0.0.1)").as_deref(), Some("10.0.0.1"));
        assert_eq!(name("DirectoryName"), None);
    }

    #[test]
    fn tls_errors_map_to_causes() {
        use rustls::pki_types::UnixTime;
        let cert = |c| from_tls(&rustls::Error::InvalidCertificate(c));
        assert_eq!(cert(CertificateError::UnknownIssuer), Cause::CertUntrusted);
        assert_eq!(
            cert(CertificateError::ExpiredContext {
                time: UnixTime::since_unix_epoch(Duration::from_secs(1_800_000_000)),
                not_after: UnixTime::since_unix_epoch(Duration::from_secs(1_700_000_000)),
            }),
            Cause::CertExpired(Some(1_700_000_000))
        );
        assert!(matches!(
            cert(CertificateError::BadSignature),
            Cause::CertInvalid(_)
        ));
        assert_eq!(
            from_tls(&rustls::Error::InvalidMessage(
                InvalidMessage::InvalidContentType
            )),
            Cause::TlsHandshake(Handshake::NotTls)
        );
    }

    #[test]
    fn every_cause_has_its_own_code_and_a_message() {
        let causes = [
            Cause::CertUntrusted,
            Cause::CertNameMismatch(vec!["a.example".into()]),
            Cause::CertExpired(Some(1_700_000_000)),
            Cause::CertNotYetValid(None),
            Cause::CertInvalid("x".into()),
            Cause::TlsHandshake(Handshake::NotTls),
            Cause::Refused,
            Cause::Dns,
            Cause::ConnectTimeout,
            Cause::ProxyTunnel("x".into()),
        ];
        let mut codes: Vec<_> = causes.iter().map(Cause::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), causes.len());
        for c in &causes {
            for route in [Route::Direct, Route::Proxy("http://p:3128".into())] {
                let m = c.message(&cx(route));
                assert!(m.ends_with('.') && !m.contains("p:3128"), "{m}");
            }
        }
        assert_eq!(
            Cause::CertExpired(Some(1_700_000_000)).message(&cx(Route::Direct)),
            "Dify's TLS certificate expired on 2023-11-14 22:13 UTC. Renew it, or check the clock of the proxy's machine."
        );
    }
}
