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
    /// No response: network down, CORS refused, DNS, connection dropped.
    Network(String),
    /// A 2xx response whose body could not be read as the expected JSON.
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
    Timeout,
    Network,
    Unreadable,
    Other,
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
            ApiError::Network(_) => ErrorKind::Network,
            ApiError::Decode(_) => ErrorKind::Unreadable,
            ApiError::Http {
                status, code, html, ..
            } => match (*status, code.as_deref()) {
                (_, Some("unauthorized")) | (401, _) => ErrorKind::RejectedKey,
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

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A headline in plain words.
    pub fn title(&self) -> &'static str {
        match self.kind() {
            ErrorKind::RejectedKey => "The API key was rejected",
            ErrorKind::Forbidden => "This app or its API access is disabled",
            ErrorKind::InvalidParam => "Dify rejected a filter",
            ErrorKind::NotFound => "Not found",
            ErrorKind::NoApiHere => "No Dify API at this base URL - it should end in /v1",
            ErrorKind::RateLimited => "Too many requests",
            ErrorKind::ServerError => "Dify had a server error",
            ErrorKind::BadGateway => "The server in front of Dify could not reach it",
            ErrorKind::Timeout => "Dify took too long to answer",
            ErrorKind::Network => "Could not reach the server (network or CORS failure)",
            ErrorKind::Unreadable => "The response could not be read",
            ErrorKind::Other => "The request failed",
        }
    }

    /// What the user can do about it.
    pub fn advice(&self) -> &'static str {
        match self.kind() {
            ErrorKind::RejectedKey => "Check the app's API key (Dify: API Access > API Key).",
            ErrorKind::Forbidden => "Enable the app's API access in Dify, or ask its owner.",
            ErrorKind::InvalidParam => "Change the filters and try again.",
            ErrorKind::NotFound => "It may have been deleted.",
            ErrorKind::NoApiHere => "Check apiBase: it should look like https://api.dify.ai/v1.",
            ErrorKind::RateLimited => "Wait a moment, then retry.",
            ErrorKind::ServerError => "Retry later; if it persists, check the Dify server's logs.",
            ErrorKind::BadGateway | ErrorKind::Timeout => "Retry in a moment.",
            ErrorKind::Network => {
                "Check the address, your connection, and that the server allows this page's origin."
            }
            ErrorKind::Unreadable => "The server may not be a Dify API. Check apiBase.",
            ErrorKind::Other => "Retry, or check the server.",
        }
    }

    /// Dify's own words, code and HTTP status, for the details line.
    pub fn detail(&self) -> String {
        match self {
            ApiError::Http {
                status,
                code,
                message,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(m) = message {
                    parts.push(first_line(m));
                }
                if let Some(c) = code {
                    parts.push(format!("code {c}"));
                }
                parts.push(format!("HTTP {status}"));
                parts.join(" · ")
            }
            ApiError::Network(m) => m.clone(),
            ApiError::Decode(m) => m.clone(),
        }
    }
}

/// Dify's pydantic messages span several lines; the first ones say it all.
fn first_line(m: &str) -> String {
    let lines: Vec<&str> = m
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For further information"))
        .collect();
    let text = lines.join(": ");
    if text.chars().count() > 300 {
        text.chars().take(300).collect::<String>() + "…"
    } else {
        text
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.title(), self.detail())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            e.detail(),
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
        assert!(e.title().contains("/v1"));
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
    fn pydantic_message_is_shortened() {
        let e = json(
            400,
            r#"{"code":"invalid_param","message":"1 validation error for WorkflowLogQuery\nlimit\n  Input should be less than or equal to 100 [type=less_than_equal]\n    For further information visit https://errors.pydantic.dev","status":400}"#,
        );
        assert_eq!(
            e.detail(),
            "1 validation error for WorkflowLogQuery: limit: Input should be less than or equal to 100 [type=less_than_equal] · code invalid_param · HTTP 400"
        );
    }
}
