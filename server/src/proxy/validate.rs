//! What the proxy accepts: the raw path and query checks that run before
//! anything is forwarded. Everything here works on the URI exactly as the
//! client sent it (still percent-encoded), so an encoded trick cannot slip
//! past a check that only sees the decoded form.

use percent_encoding::percent_decode_str;

/// Longest path accepted (bytes); longer ones get a 414.
pub const MAX_PATH_LEN: usize = 1024;

/// Longest query accepted (bytes); longer ones get a 414.
pub const MAX_QUERY_LEN: usize = 2048;

/// The query keys Dify's `GET /workflows/logs` understands; anything else
/// is refused so the proxy cannot be used to probe other parameters.
pub const LOG_QUERY_KEYS: [&str; 8] = [
    "keyword",
    "status",
    "created_at__before",
    "created_at__after",
    "created_by_end_user_session_id",
    "created_by_account",
    "page",
    "limit",
];

/// The upstream endpoints the proxy forwards.
#[derive(Debug, PartialEq, Eq)]
pub enum Route<'a> {
    /// `/v1/workflows/logs` (query kept).
    Logs,
    /// `/v1/workflows/run/{uuid}`.
    Run(&'a str),
    /// `/v1/info`.
    Info,
}

impl Route<'_> {
    /// The path below the upstream base (which ends in `/v1`).
    pub fn upstream_path(&self) -> String {
        match self {
            Route::Logs => "/workflows/logs".into(),
            Route::Run(id) => format!("/workflows/run/{id}"),
            Route::Info => "/info".into(),
        }
    }
}

/// Why a path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not one of the forwarded endpoints (404).
    NotFound,
    /// A run id that is not a canonical UUID (400).
    BadRunId,
}

/// Whether a raw path is structurally suspicious: backslashes, empty
/// segments (`//`), dot segments (plain or percent-encoded), encoded
/// slashes / backslashes / NULs, or broken percent-encoding. Such paths are
/// refused outright (400), whatever they would have matched.
pub fn path_is_malformed(path: &str) -> bool {
    if !path.starts_with('/') || path.contains('\\') || path.contains("//") {
        return true;
    }
    if !percent_encoding_ok(path) {
        return true;
    }
    let lower = path.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|t| lower.contains(t)) {
        return true;
    }
    path.split('/').skip(1).any(|seg| {
        let decoded: Vec<u8> = percent_decode_str(seg).collect();
        decoded == b"."
            || decoded == b".."
            || seg.bytes().any(|b| b.is_ascii_control() || b >= 0x80)
    })
}

/// Matches a raw `/v1...` path against the forwarded endpoints, exactly
/// (no trailing slash, no case folding, no decoding).
pub fn match_route(path: &str) -> Result<Route<'_>, PathError> {
    match path {
        "/v1/workflows/logs" => Ok(Route::Logs),
        "/v1/info" => Ok(Route::Info),
        _ => match path.strip_prefix("/v1/workflows/run/") {
            Some(id) if !id.is_empty() && !id.contains('/') => {
                if is_uuid(id) {
                    Ok(Route::Run(id))
                } else {
                    Err(PathError::BadRunId)
                }
            }
            _ => Err(PathError::NotFound),
        },
    }
}

/// A hyphenated 8-4-4-4-12 hex UUID, the only form Dify's run ids take.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Every `%` is followed by two hex digits. The decoder passes a broken
/// escape through unchanged, so this is checked first.
fn percent_encoding_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// Bytes allowed unencoded in a query value: RFC 3986 unreserved, the
/// sub-delimiters other than `&` and `=`, and `:` `@` `/` `?`.
fn query_byte_ok(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~!$'()*+,;:@/?".contains(&c)
}

/// Re-validates the query of `/v1/workflows/logs` before it is forwarded
/// verbatim: only known keys, each at most once, `key=value` pairs with
/// well-formed percent-encoding that decodes to UTF-8 without control
/// characters. The error is a message safe to return (it never echoes
/// the input).
pub fn validate_logs_query(query: &str) -> Result<(), &'static str> {
    if query.is_empty() {
        return Ok(());
    }
    let mut seen = [false; LOG_QUERY_KEYS.len()];
    for pair in query.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            return Err("Malformed query: expected key=value pairs.");
        };
        let Some(idx) = LOG_QUERY_KEYS.iter().position(|k| *k == key) else {
            return Err("Unknown query parameter; allowed: keyword, status, created_at__before, created_at__after, created_by_end_user_session_id, created_by_account, page, limit.");
        };
        if std::mem::replace(&mut seen[idx], true) {
            return Err("A query parameter is repeated.");
        }
        if !value.bytes().all(|c| c == b'%' || query_byte_ok(c)) || !percent_encoding_ok(value) {
            return Err("Malformed query: invalid characters or percent-encoding.");
        }
        // `+` (a space) cannot change the outcome, so plain percent-decoding
        // is enough to check the decoded text.
        match percent_decode_str(value).decode_utf8() {
            Ok(s) if !s.chars().any(char::is_control) => {}
            _ => return Err("Malformed query: a value is not valid UTF-8 text."),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b9c7b6e-3c43-4a56-9d3f-1a2b3c4d5e6f";

    #[test]
    fn routes_match_exactly() {
        assert_eq!(match_route("/v1/workflows/logs"), Ok(Route::Logs));
        assert_eq!(match_route("/v1/info"), Ok(Route::Info));
        assert_eq!(
            match_route(&format!("/v1/workflows/run/{ID}")),
            Ok(Route::Run(ID))
        );
        for p in [
            "/v1",
            "/v1/",
            "/v1/info/",
            "/v1/INFO",
            "/v1/workflows/logs/",
            "/v1/workflows/run/",
            "/v1/workflows/run",
            "/v1/chat-messages",
            "/v1/workflows/run/a/b",
        ] {
            assert_eq!(match_route(p), Err(PathError::NotFound), "{p}");
        }
        for p in [
            "x",
            "0b9c7b6e3c434a569d3f1a2b3c4d5e6f",
            "%30b9c7b6e-3c43-4a56-9d3f-1a2b3c4d5e6",
        ] {
            assert_eq!(
                match_route(&format!("/v1/workflows/run/{p}")),
                Err(PathError::BadRunId),
                "{p}"
            );
        }
    }

    #[test]
    fn malformed_paths() {
        for p in [
            "/v1/../v1/info",
            "/v1/./info",
            "/v1/%2e%2e/info",
            "/v1/.%2E/info",
            "/v1/%2E/info",
            "/v1//info",
            "/v1\\info",
            "/v1%2finfo",
            "/v1/workflows%2Flogs",
            "/v1/info%00",
            "/v1/info%",
            "/v1/info%4",
            "/v1/info%zz",
            "relative",
            "/%5c",
        ] {
            assert!(path_is_malformed(p), "{p}");
        }
        for p in [
            "/",
            "/v1/info",
            "/index.html",
            "/pkg/app.js",
            "/a%20b",
            "/..a",
        ] {
            assert!(!path_is_malformed(p), "{p}");
        }
    }

    #[test]
    fn logs_query() {
        for q in [
            "",
            "page=1&limit=20",
            "keyword=hello%20world&status=failed",
            "keyword=%E4%BD%A0",
            "created_at__before=2026-01-01T00:00:00Z&created_at__after=2025-01-01T00:00:00%2B00:00",
            "keyword=a+b",
            "created_by_end_user_session_id=abc&created_by_account=x%40y.z",
        ] {
            assert_eq!(validate_logs_query(q), Ok(()), "{q}");
        }
        for q in [
            "foo=1",
            "page",
            "page=1&page=2",
            "page=1&&limit=2",
            "keyword=%zz",
            "keyword=%4",
            "keyword=%FF",
            "keyword=%0a",
            "keyword=a#b",
            "keyword=a\"b",
            "Page=1",
            "page%3D1=2",
        ] {
            assert!(validate_logs_query(q).is_err(), "{q}");
        }
    }

    #[test]
    fn upstream_paths() {
        assert_eq!(Route::Logs.upstream_path(), "/workflows/logs");
        assert_eq!(Route::Info.upstream_path(), "/info");
        assert_eq!(
            Route::Run(ID).upstream_path(),
            format!("/workflows/run/{ID}")
        );
    }
}
