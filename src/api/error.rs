//! What went wrong with a request, in classes a user can act on.

use serde::Deserialize;

/// A failed request, classified from the HTTP status and Dify's
/// `{code, message, status}` body.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with an error status.
    Http {
        status: u16,
        /// Dify's `code` (`unauthorized`, `invalid_param`, ...), when the body was Dify JSON.
        code: Option<String>,
        /// Dify's `message`, when the body was Dify JSON.
        message: Option<String>,
        /// The body was HTML rather than JSON (a web server, not Dify's API).
        html: bool,
    },
    /// No response: network down, CORS refused, DNS. Holds the browser's
    /// reason.
    Network(String),
    /// The connection dropped while the body was read; the browser's reason.
    Broken(String),
    /// A 2xx response whose body could not be read as the expected JSON;
    /// what is wrong with it ("not JSON (...)").
    Decode(String),
}

/// The class of an error, which decides the message and what the user can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    RejectedKey,
    Forbidden,
    InvalidParam,
    NotFound,
    NoApiHere,
    RateLimited,
    ServerError,
    BadGateway,
    /// dify-logs-server's proxy could not use Dify for a reason of its set-up
    /// (certificate, name, port, DNS, egress proxy): its `upstream_*` codes.
    ProxyUpstream,
    Timeout,
    Network,
    Unreadable,
    Other,
}

impl ErrorKind {
    /// The class as a snake-case word (`rejected_key`, `network`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Self::RejectedKey => "rejected_key",
            Self::Forbidden => "forbidden",
            Self::InvalidParam => "invalid_param",
            Self::NotFound => "not_found",
            Self::NoApiHere => "no_api_here",
            Self::RateLimited => "rate_limited",
            Self::ServerError => "server_error",
            Self::BadGateway => "bad_gateway",
            Self::ProxyUpstream => "proxy_upstream",
            Self::Timeout => "timeout",
            Self::Network => "network",
            Self::Unreadable => "unreadable",
            Self::Other => "other",
        }
    }
}

#[derive(Deserialize)]
struct DifyErrorBody {
    code: Option<serde_json::Value>,
    message: Option<serde_json::Value>,
}

impl ApiError {
    /// Builds the error for a non-2xx response from its status and body.
    pub fn from_response(status: u16, content_type: &str, body: &str) -> Self {
        let trimmed = body.trim_start();
        let html = content_type.contains("text/html")
            || trimmed.starts_with('<')
                && trimmed
                    .get(..15)
                    .is_some_and(|s| s.to_ascii_lowercase().contains("html"));
        let parsed = serde_json::from_str::<DifyErrorBody>(body).ok();
        let text = |v: Option<serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
            _ => None,
        };
        let (code, message) = match parsed {
            Some(b) => (text(b.code), text(b.message)),
            None => (None, None),
        };
        ApiError::Http {
            status,
            code,
            message,
            html,
        }
    }

    /// The class, from Dify's code first and the HTTP status second.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Network(_) | ApiError::Broken(_) => ErrorKind::Network,
            ApiError::Decode(_) => ErrorKind::Unreadable,
            ApiError::Http {
                status, code, html, ..
            } => match (*status, code.as_deref()) {
                (_, Some("unauthorized")) | (401, _) => ErrorKind::RejectedKey,
                (502..=504, Some(c)) if c.starts_with("upstream_") => ErrorKind::ProxyUpstream,
                (_, Some("forbidden" | "app_unavailable")) | (403, _) => ErrorKind::Forbidden,
                (_, Some("invalid_param" | "bad_request")) | (400 | 422, _) => {
                    ErrorKind::InvalidParam
                }
                (404, Some(_)) if !html => ErrorKind::NotFound,
                (404 | 405, _) => ErrorKind::NoApiHere,
                (429, _) | (_, Some("too_many_requests" | "rate_limit_exceeded")) => {
                    ErrorKind::RateLimited
                }
                (504, _) | (408, _) => ErrorKind::Timeout,
                (502 | 503, _) => ErrorKind::BadGateway,
                (500..=599, _) => ErrorKind::ServerError,
                _ => ErrorKind::Other,
            },
        }
    }

    /// A stable code for programs (the host page's `dify-logs:error`):
    /// Dify's own code when it sent one, else the class's.
    pub fn code(&self) -> String {
        match self {
            ApiError::Http { code: Some(c), .. } => c.clone(),
            _ => self.kind().code().to_string(),
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::i18n::Locale;

    fn json(status: u16, body: &str) -> ApiError {
        ApiError::from_response(status, "application/json", body)
    }

    #[test]
    fn classifies_difys_real_errors() {
        let e = json(
            401,
            r#"{"code":"unauthorized","message":"Access token is invalid","status":401}"#,
        );
        assert_eq!(e.kind(), ErrorKind::RejectedKey);
        assert_eq!(
            e.detail(Locale::en),
            "Access token is invalid · code unauthorized · HTTP 401"
        );
        let e = json(403, r#"{"code":"forbidden","message":"x","status":403}"#);
        assert_eq!(e.kind(), ErrorKind::Forbidden);
        let e = json(
            400,
            r#"{"code":"invalid_param","message":"Account not found: n@x","status":400}"#,
        );
        assert_eq!(e.kind(), ErrorKind::InvalidParam);
        let e = json(
            404,
            r#"{"code":"not_found","message":"Workflow run not found.","status":404}"#,
        );
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let e = json(
            500,
            r#"{"message":"Internal Server Error","code":"unknown","status":500}"#,
        );
        assert_eq!(e.kind(), ErrorKind::ServerError);
    }

    #[test]
    fn html_404_means_wrong_base_url() {
        let e = ApiError::from_response(
            404,
            "text/html; charset=utf-8",
            "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>",
        );
        assert_eq!(e.kind(), ErrorKind::NoApiHere);
        assert!(e.title(Locale::en).contains("/v1"));
        let e = ApiError::from_response(404, "", "<!doctype html><html>");
        assert_eq!(e.kind(), ErrorKind::NoApiHere);
    }

    #[test]
    fn gateway_and_rate_limits() {
        assert_eq!(
            ApiError::from_response(502, "text/html", "<html>").kind(),
            ErrorKind::BadGateway
        );
        assert_eq!(json(429, "{}").kind(), ErrorKind::RateLimited);
        assert_eq!(json(504, "").kind(), ErrorKind::Timeout);
        assert_eq!(json(418, "").kind(), ErrorKind::Other);
    }

    #[test]
    fn the_proxys_upstream_causes_are_their_own_class() {
        let untrusted = r#"{"code":"upstream_cert_untrusted","message":"Dify's TLS certificate is not trusted: it was issued by an unknown certificate authority. If Dify uses a private CA, pass your CA with --ca-file.","status":502}"#;
        assert_eq!(json(502, untrusted).kind(), ErrorKind::ProxyUpstream);
        let timeout = r#"{"code":"upstream_connect_timeout","message":"Connecting to Dify timed out after 10 s","status":504}"#;
        assert_eq!(json(504, timeout).kind(), ErrorKind::ProxyUpstream);
        // The proxy's other gateway errors, and Dify's own, stay as they were.
        let plain = r#"{"code":"bad_gateway","message":"Dify could not be reached.","status":502}"#;
        assert_eq!(json(502, plain).kind(), ErrorKind::BadGateway);
        assert_eq!(
            json(500, r#"{"code":"upstream_x"}"#).kind(),
            ErrorKind::ServerError
        );
    }
}
