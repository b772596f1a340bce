//! Several apps behind one server, as both the demo and the proxy serve
//! them: `GET /apps` lists them, and `/apps/{slug}/v1/...` is each one's
//! Dify API. The slug rules, the listing and the errors are here so the two
//! answer alike.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde::Serialize;

use crate::dify;

/// The longest slug, in characters.
pub const MAX_SLUG_LEN: usize = 40;

/// Checks a slug: 1 to [`MAX_SLUG_LEN`] lowercase letters, digits and `-`,
/// starting with a letter or digit, so it goes into a URL path as it is.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("slug is empty".into());
    }
    if slug.len() > MAX_SLUG_LEN {
        return Err(format!(
            "slug {slug:?} is longer than {MAX_SLUG_LEN} characters"
        ));
    }
    if !slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || slug.starts_with('-')
    {
        return Err(format!(
            "slug {slug:?} may hold only a-z, 0-9 and -, and must start with a letter or digit (it goes into the URL /apps/{{slug}}/v1)"
        ));
    }
    Ok(())
}

/// One entry of `GET /apps`: what a widget needs to offer the app, and no
/// more (never its upstream or key).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Listed<'a> {
    /// The app's part of `/apps/{slug}/v1`.
    pub slug: &'a str,
    /// The name shown to users.
    pub label: &'a str,
}

/// `GET /apps`: 200 with `[{"slug", "label"}, ...]`, in the configured
/// order. `no-cache`, so a restarted server's new list shows at once.
pub fn listing(apps: &[Listed<'_>]) -> Response<Body> {
    let mut resp = dify::json_response(StatusCode::OK, apps);
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// Splits a path under `/apps/` into the slug and what follows it:
/// `/apps/sales/v1/info` gives `("sales", "/v1/info")`, `/apps/sales`
/// gives `("sales", "")`. `None` for any other path.
pub fn split_app_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("/apps/")?;
    Some(match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    })
}

/// The `/v1...` part of an API path: the path itself for `/v1` and
/// `/v1/...`, what follows the slug for `/apps/{slug}/v1...`.
pub fn v1_part(path: &str) -> Option<&str> {
    let v1 = split_app_path(path).map_or(path, |(_, rest)| rest);
    (v1 == "/v1" || v1.starts_with("/v1/")).then_some(v1)
}

/// The 404 for a slug no app has: Dify's error shape, code
/// `app_not_found`, naming the slug (cut to [`MAX_SLUG_LEN`] characters).
pub fn unknown_app(slug: &str) -> Response<Body> {
    let shown: String = slug.chars().take(MAX_SLUG_LEN).collect();
    let cut = if shown.len() < slug.len() { "..." } else { "" };
    dify::error_response(
        StatusCode::NOT_FOUND,
        "app_not_found",
        &format!("There is no app \"{shown}{cut}\" here: GET /apps lists the apps."),
    )
}

/// The 404 for `/apps...` on a server started for one app: `what` names
/// the server, `how` the option that serves several.
pub fn single_app(what: &str, how: &str) -> Response<Body> {
    dify::error_response(
        StatusCode::NOT_FOUND,
        "not_found",
        &format!("This {what} serves one app, at /v1, and no /apps: start it with {how} to serve several."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "sales", "team-2", "9lives", &"x".repeat(40)] {
            assert_eq!(check_slug(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "Sales",
            "-x",
            "a_b",
            "a b",
            "a/b",
            "caf\u{e9}",
            &"x".repeat(41),
        ] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn app_paths() {
        assert_eq!(
            split_app_path("/apps/sales/v1/info"),
            Some(("sales", "/v1/info"))
        );
        assert_eq!(split_app_path("/apps/sales"), Some(("sales", "")));
        assert_eq!(split_app_path("/apps/"), Some(("", "")));
        assert_eq!(split_app_path("/apps"), None);
        assert_eq!(split_app_path("/v1/info"), None);
        assert_eq!(v1_part("/v1"), Some("/v1"));
        assert_eq!(v1_part("/v1/info"), Some("/v1/info"));
        assert_eq!(v1_part("/apps/a/v1/x"), Some("/v1/x"));
        assert_eq!(v1_part("/apps/a/v1"), Some("/v1"));
        for p in [
            "/apps",
            "/apps/a",
            "/apps/a/v10",
            "/v10",
            "/",
            "/index.html",
        ] {
            assert_eq!(v1_part(p), None, "{p}");
        }
    }
}
