//! Wire details of Dify's service API that both the demo and the proxy need:
//! the JSON encoding Dify uses, its error bodies, its HTML 404 page and the
//! CORS / version headers that Flask-CORS and Dify put on every `/v1` answer.
//!
//! Everything here is shaped after the real exchanges in
//! `tests/fixtures/dify/` (Dify 1.13.3).

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use serde::Serialize;

/// The Dify version the captures were taken from; sent as `X-Version`.
pub const DIFY_VERSION: &str = "1.13.3";

/// `Access-Control-Expose-Headers` as Dify sends it on every response.
pub const EXPOSE_HEADERS: &str = "X-Env, X-Trace-Id, X-Version";

/// `Access-Control-Allow-Methods` of a Dify preflight (Flask-CORS sorts them).
pub const ALLOW_METHODS: &str = "DELETE, GET, OPTIONS, PATCH, POST, PUT";

/// The methods Flask-CORS accepts in `Access-Control-Request-Method`.
const CORS_METHODS: [&str; 6] = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];

/// Werkzeug's 404 page, byte for byte (capture 37), served for any unknown
/// path under `/v1` - including `/v1/` itself.
pub const NOT_FOUND_HTML: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";

/// nginx's stock 502 page, the usual answer of a reverse proxy whose Dify
/// upstream is down.
pub const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The `Content-Type` of Dify's JSON answers (no charset, as captured).
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// The `Content-Type` of Werkzeug's HTML answers.
pub const HTML_CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// Encodes a value the way Dify's JSON output looks on the wire: compact,
/// `/` escaped as `\/`, non-ASCII escaped as `\uXXXX`, and a trailing
/// newline (Flask-RESTx appends one).
pub fn to_dify_json<T: Serialize + ?Sized>(value: &T) -> String {
    let compact = serde_json::to_string(value).expect("serializing plain data cannot fail");
    let mut out = String::with_capacity(compact.len() + 16);
    // serde_json emits `/` and non-ASCII only inside strings, and every
    // escape it emits is complete, so a character-wise rewrite is safe.
    for c in compact.chars() {
        match c {
            '/' => out.push_str("\\/"),
            c if c.is_ascii() => out.push(c),
            c => push_u_escapes(&mut out, c),
        }
    }
    out.push('\n');
    out
}

/// Appends `c` as one or two (surrogate pair) lowercase `\uXXXX` escapes,
/// like Python's `json.dumps(ensure_ascii=True)`.
pub fn push_u_escapes(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        out.push_str(&format!("\\u{:04x}", unit));
    }
}

/// A response with a Dify-encoded JSON body.
pub fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response<Body> {
    raw_response(status, JSON_CONTENT_TYPE, to_dify_json(value))
}

/// A response with the given content type and body.
pub fn raw_response(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Body>,
) -> Response<Body> {
    let mut resp = Response::new(body.into());
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// Dify's error body field order for handled errors: code, message, status.
#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
    status: u16,
}

/// A Dify error answer `{"code", "message", "status"}`.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response<Body> {
    json_response(
        status,
        &ErrorBody {
            code,
            message,
            status: status.as_u16(),
        },
    )
}

/// Dify's 401, with the `WWW-Authenticate` header it always sends.
pub fn unauthorized(message: &str) -> Response<Body> {
    let mut resp = error_response(StatusCode::UNAUTHORIZED, "unauthorized", message);
    resp.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"api\""),
    );
    resp
}

/// Dify's 400 for a rejected query parameter.
pub fn invalid_param(message: &str) -> Response<Body> {
    error_response(StatusCode::BAD_REQUEST, "invalid_param", message)
}

/// Dify's unhandled-exception 500; note the different field order
/// (`message` first), exactly as capture 27.
pub fn internal_server_error() -> Response<Body> {
    #[derive(Serialize)]
    struct Body500 {
        message: &'static str,
        code: &'static str,
        status: u16,
    }
    json_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        &Body500 {
            message: "Internal Server Error",
            code: "unknown",
            status: 500,
        },
    )
}

/// Werkzeug's HTML 404 (capture 37).
pub fn not_found_html() -> Response<Body> {
    raw_response(StatusCode::NOT_FOUND, HTML_CONTENT_TYPE, NOT_FOUND_HTML)
}

/// nginx's HTML 502.
pub fn bad_gateway_html() -> Response<Body> {
    raw_response(StatusCode::BAD_GATEWAY, "text/html", BAD_GATEWAY_HTML)
}

/// Flask's automatic answer to `OPTIONS` on a known route (capture 31):
/// empty, `text/html`, with `Allow`.
pub fn options_ok() -> Response<Body> {
    with_allow(raw_response(
        StatusCode::OK,
        HTML_CONTENT_TYPE,
        Body::empty(),
    ))
}

/// Flask-RESTx's 405 on a known API route with a method it does not serve.
pub fn method_not_allowed() -> Response<Body> {
    with_allow(error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "The method is not allowed for the requested URL.",
    ))
}

/// `resp` with the `Allow` header of a read-only route.
pub(crate) fn with_allow(mut resp: Response<Body>) -> Response<Body> {
    resp.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_static("GET, HEAD, OPTIONS"),
    );
    resp
}

/// What the CORS headers of an answer depend on, taken from the request
/// before it is consumed.
#[derive(Clone, Debug, Default)]
pub struct CorsInfo {
    origin: Option<HeaderValue>,
    /// `Some(requested headers)` for a preflight whose method is allowed.
    preflight: Option<Option<String>>,
}

impl CorsInfo {
    /// Reads `Origin` and the preflight headers of a request.
    pub fn from_request(method: &Method, headers: &HeaderMap) -> Self {
        let origin = headers
            .get(header::ORIGIN)
            .filter(|v| !v.is_empty())
            .cloned();
        let preflight = if method == Method::OPTIONS {
            headers
                .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                .and_then(|m| m.to_str().ok())
                .filter(|m| CORS_METHODS.contains(&m.to_ascii_uppercase().as_str()))
                .map(|_| {
                    headers
                        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
                })
        } else {
            None
        };
        CorsInfo { origin, preflight }
    }
}

/// Flask-CORS's `Access-Control-Allow-Headers` for a preflight: every
/// requested header (Dify allows any), trimmed and sorted.
fn allow_headers_value(requested: &str) -> String {
    let mut names: Vec<&str> = requested.split(',').map(str::trim).collect();
    names.sort_unstable();
    names.join(", ")
}

/// Puts Dify's CORS and version headers on an answer, the way Flask-CORS
/// and Dify do: `Access-Control-Allow-Origin` is `*` without an `Origin`
/// and echoes it (with `Vary: Origin`) when there is one; preflights also
/// get the allowed methods and the echoed request headers. `env` is the
/// `X-Env` value (`PRODUCTION` on a real server, `DEMO` for the demo).
pub fn apply_dify_headers(resp: &mut Response<Body>, cors: &CorsInfo, env: &str) {
    let h = resp.headers_mut();
    match &cors.origin {
        Some(origin) => {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            h.insert(header::VARY, HeaderValue::from_static("Origin, Cookie"));
        }
        None => {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            h.insert(header::VARY, HeaderValue::from_static("Cookie"));
        }
    }
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    if let Some(requested) = &cors.preflight {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        if let Some(requested) = requested {
            if let Ok(v) = HeaderValue::from_str(&allow_headers_value(requested)) {
                h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v);
            }
        }
    }
    h.insert("x-version", HeaderValue::from_static(DIFY_VERSION));
    if let Ok(v) = HeaderValue::from_str(env) {
        h.insert("x-env", v);
    }
}

/// How Dify reads the `Authorization` header (`validate_and_get_api_token`):
/// the outcome for a given expected key.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthOutcome {
    /// The key matched.
    Ok,
    /// A 401 with this message.
    Unauthorized(&'static str),
    /// Python's tuple unpacking failed: an unhandled 500.
    Crash,
}

/// Checks an `Authorization` header value against the app key exactly as
/// Dify does: a space is required, the scheme is compared case-insensitively
/// with `bearer`, then the token must match.
pub fn check_authorization(value: Option<&[u8]>, key: &str) -> AuthOutcome {
    let Some(raw) = value else {
        return AuthOutcome::Unauthorized(
            "Authorization header must be provided and start with 'Bearer'",
        );
    };
    let value = String::from_utf8_lossy(raw);
    if !value.contains(' ') {
        return AuthOutcome::Unauthorized(
            "Authorization header must be provided and start with 'Bearer'",
        );
    }
    // Python: auth_scheme, auth_token = auth_header.split(None, 1)
    let trimmed = value.trim_start();
    let Some(split) = trimmed.find(char::is_whitespace) else {
        return AuthOutcome::Crash;
    };
    let (scheme, rest) = trimmed.split_at(split);
    let token = rest.trim_start();
    if token.is_empty() {
        return AuthOutcome::Crash;
    }
    if scheme.to_lowercase() != "bearer" {
        return AuthOutcome::Unauthorized("Authorization scheme must be 'Bearer'");
    }
    if token != key {
        return AuthOutcome::Unauthorized("Access token is invalid");
    }
    AuthOutcome::Ok
}

/// The answer for a failed [`check_authorization`], or `None` if it passed.
pub fn auth_failure_response(outcome: AuthOutcome) -> Option<Response<Body>> {
    match outcome {
        AuthOutcome::Ok => None,
        AuthOutcome::Unauthorized(msg) => Some(unauthorized(msg)),
        AuthOutcome::Crash => Some(internal_server_error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dify_json_escapes_slash_and_non_ascii() {
        // A list: this is about escaping, not about key order.
        let v = serde_json::json!(["https://x/y", "你好😀"]);
        let s = to_dify_json(&v);
        assert_eq!(
            s,
            "[\"https:\\/\\/x\\/y\",\"\\u4f60\\u597d\\ud83d\\ude00\"]\n"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn error_bodies_match_captures() {
        let body = to_dify_json(&ErrorBody {
            code: "unauthorized",
            message: "Access token is invalid",
            status: 401,
        });
        assert_eq!(
            body,
            "{\"code\":\"unauthorized\",\"message\":\"Access token is invalid\",\"status\":401}\n"
        );
        assert_eq!(NOT_FOUND_HTML.len(), 207);
    }

    #[test]
    fn authorization_like_dify() {
        use AuthOutcome::*;
        let msg1 = "Authorization header must be provided and start with 'Bearer'";
        assert_eq!(check_authorization(None, "k"), Unauthorized(msg1));
        assert_eq!(
            check_authorization(Some(b"Bearer"), "k"),
            Unauthorized(msg1)
        );
        assert_eq!(
            check_authorization(Some(b"Bearerk"), "k"),
            Unauthorized(msg1)
        );
        assert_eq!(
            check_authorization(Some(b"Basic x"), "k"),
            Unauthorized("Authorization scheme must be 'Bearer'")
        );
        assert_eq!(
            check_authorization(Some(b"Bearer nope"), "k"),
            Unauthorized("Access token is invalid")
        );
        assert_eq!(check_authorization(Some(b"Bearer k"), "k"), Ok);
        assert_eq!(check_authorization(Some(b"bEARER   k"), "k"), Ok);
        assert_eq!(check_authorization(Some(b"Bearer "), "k"), Crash);
    }

    #[test]
    fn preflight_headers_sorted() {
        assert_eq!(
            allow_headers_value("content-type, authorization"),
            "authorization, content-type"
        );
    }
}
