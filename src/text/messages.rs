//! Messages in the widget's language: what went wrong with a request and
//! what to do about it, why the filters make no query, and where Dify would
//! surprise the user.

use crate::api::error::{ApiError, ErrorKind};
use crate::api::query::{LogQuery, KEYWORD_MATCH_CHARS};
use crate::domain::period::{custom_bounds, RangeEnd};
use crate::domain::query::{hints, End, QueryError, QueryHint};
use crate::text::i18n::{td_string, Locale};

impl ApiError {
    /// A headline in plain words, in the locale.
    pub fn title(&self, l: Locale) -> &'static str {
        match self.kind() {
            ErrorKind::RejectedKey => td_string!(l, err_rejected_key),
            ErrorKind::Forbidden => td_string!(l, err_forbidden),
            ErrorKind::InvalidParam => td_string!(l, err_invalid_param),
            ErrorKind::NotFound => td_string!(l, err_not_found),
            ErrorKind::NoApiHere => td_string!(l, err_no_api),
            ErrorKind::RateLimited => td_string!(l, err_rate_limited),
            ErrorKind::ServerError => td_string!(l, err_server),
            ErrorKind::BadGateway => td_string!(l, err_bad_gateway),
            ErrorKind::ProxyUpstream => td_string!(l, err_proxy_upstream),
            ErrorKind::Timeout => td_string!(l, err_timeout),
            ErrorKind::Network => td_string!(l, err_network),
            ErrorKind::Unreadable => td_string!(l, err_unreadable),
            ErrorKind::Other => td_string!(l, err_other),
        }
    }

    /// What the user can do about it, in the locale.
    pub fn advice(&self, l: Locale) -> &'static str {
        match self.kind() {
            ErrorKind::RejectedKey => td_string!(l, hint_rejected_key),
            ErrorKind::Forbidden => td_string!(l, hint_forbidden),
            ErrorKind::InvalidParam => td_string!(l, hint_invalid_param),
            ErrorKind::NotFound => td_string!(l, hint_not_found),
            ErrorKind::NoApiHere => td_string!(l, hint_no_api),
            ErrorKind::RateLimited => td_string!(l, hint_rate_limited),
            ErrorKind::ServerError => td_string!(l, hint_server),
            ErrorKind::BadGateway | ErrorKind::Timeout => td_string!(l, hint_retry_soon),
            ErrorKind::ProxyUpstream => td_string!(l, hint_proxy_upstream),
            ErrorKind::Network => td_string!(l, hint_network),
            ErrorKind::Unreadable => td_string!(l, hint_unreadable),
            ErrorKind::Other => td_string!(l, hint_other),
        }
    }

    /// Dify's own words, code and HTTP status (verbatim), or the browser's
    /// reason in a sentence of the locale, for the details line.
    pub fn detail(&self, l: Locale) -> String {
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
            ApiError::Network(m) => td_string!(l, not_sent, reason = m),
            ApiError::Broken(m) => td_string!(l, broke_reading, reason = m),
            ApiError::Decode(m) => td_string!(l, body_is, reason = m),
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
        write!(
            f,
            "{} ({})",
            self.title(Locale::en),
            self.detail(Locale::en)
        )
    }
}

impl QueryError {
    /// The inline message under the filters, in the locale.
    pub fn message(&self, l: Locale) -> String {
        match self {
            QueryError::InvalidDate(end) => {
                let name = match end {
                    End::From => td_string!(l, from),
                    End::To => td_string!(l, to),
                };
                td_string!(l, invalid_date, name)
            }
            QueryError::FromAfterTo => td_string!(l, from_after_to).into(),
        }
    }
}

/// [`custom_bounds`] with its reason in words: `Err` holds the inline
/// message, in the locale.
pub fn custom_range(
    from: &RangeEnd,
    to: &RangeEnd,
    l: Locale,
) -> Result<(Option<String>, Option<String>), String> {
    custom_bounds(from, to).map_err(|e| e.message(l))
}

impl QueryHint {
    /// The note under the filters, in the locale.
    pub fn message(self, l: Locale) -> String {
        match self {
            QueryHint::KeywordTooLong => {
                td_string!(l, hint_keyword_length, n = KEYWORD_MATCH_CHARS)
            }
            QueryHint::NonAsciiKeyword => td_string!(l, hint_non_ascii).into(),
            QueryHint::KeywordWithSession => td_string!(l, hint_keyword_session).into(),
        }
    }
}

impl LogQuery {
    /// Warnings where Dify would surprise the user, in the locale; empty
    /// when none apply.
    pub fn hints(&self, l: Locale) -> Vec<String> {
        hints(self).into_iter().map(|h| h.message(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::tests::wall;
    use crate::domain::time::{format_utc, iso_with_offset, parse_local_input, wall_time};
    use crate::text::fixed::format_local;

    fn json(status: u16, body: &str) -> ApiError {
        ApiError::from_response(status, "application/json", body)
    }

    #[test]
    fn explanations_speak_the_locale_and_keep_difys_words() {
        let e = json(
            401,
            r#"{"code":"unauthorized","message":"Access token is invalid","status":401}"#,
        );
        assert_eq!(e.title(Locale::zh_Hans), "API 密钥被拒绝");
        assert_eq!(e.title(Locale::ja), "API キーが拒否されました");
        assert_eq!(
            e.detail(Locale::ja),
            "Access token is invalid · code unauthorized · HTTP 401"
        );
        let net = ApiError::Network("Failed to fetch".into());
        assert_eq!(
            net.detail(Locale::en),
            "The request could not be sent (Failed to fetch)."
        );
        assert_eq!(
            net.detail(Locale::zh_Hans),
            "请求无法发送（Failed to fetch）。"
        );
        assert_eq!(
            net.title(Locale::ja),
            "サーバーに接続できませんでした（ネットワークまたは CORS のエラー）"
        );
    }

    #[test]
    fn the_proxys_reason_is_shown_verbatim_with_advice_for_its_set_up() {
        let e = json(
            502,
            r#"{"code":"upstream_cert_untrusted","message":"Dify's TLS certificate is not trusted: it was issued by an unknown certificate authority. If Dify uses a private CA, pass your CA with --ca-file.","status":502}"#,
        );
        assert_eq!(e.title(Locale::en), "The proxy could not connect to Dify");
        assert!(e.advice(Locale::en).contains("proxy's set-up"));
        assert_eq!(
            e.title(Locale::ja),
            "プロキシが Dify に接続できませんでした"
        );
        assert_eq!(
            e.detail(Locale::zh_Hans),
            "Dify's TLS certificate is not trusted: it was issued by an unknown certificate authority. If Dify uses a private CA, pass your CA with --ca-file. · code upstream_cert_untrusted · HTTP 502"
        );
    }

    #[test]
    fn pydantic_message_is_shortened() {
        let e = json(
            400,
            r#"{"code":"invalid_param","message":"1 validation error for WorkflowLogQuery\nlimit\n  Input should be less than or equal to 100 [type=less_than_equal]\n    For further information visit https://errors.pydantic.dev","status":400}"#,
        );
        assert_eq!(
            e.detail(Locale::en),
            "1 validation error for WorkflowLogQuery: limit: Input should be less than or equal to 100 [type=less_than_equal] · code invalid_param · HTTP 400"
        );
    }
    #[test]
    fn hints_warn_where_dify_surprises() {
        let mut q = LogQuery {
            keyword: "x".repeat(31),
            ..Default::default()
        };
        assert_eq!(q.hints(Locale::en).len(), 1);
        q.keyword = "你好".into();
        assert!(q.hints(Locale::en)[0].contains("non-ASCII"));
        q.keyword = "alpha".into();
        assert!(q.hints(Locale::en).is_empty());
        q.session_id = "user-alice".into();
        assert!(q.hints(Locale::en)[0].contains("Session ID"));
        assert!(q.hints(Locale::zh_Hans)[0].contains("会话 ID"));
        assert!(q.hints(Locale::ja)[0].contains("セッション ID"));
    }

    #[test]
    fn wall_times_and_impossible_dates() {
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_local(-1, 0), "1969-12-31 23:59:59");
        assert_eq!(wall_time(0, -90), Some(wall(1969, 12, 31, 22, 30, 0)));
        assert_eq!(parse_local_input("2026-02-29T00:00"), None);
        assert_eq!(
            parse_local_input("2028-02-29T00:00"),
            Some(wall(2028, 2, 29, 0, 0, 0))
        );
        for bad in [
            "2026-11-26T24:00",
            "2026-11-26T23:60",
            "2026-11-26T23:59:60",
        ] {
            assert_eq!(parse_local_input(bad), None, "{bad}");
        }
        // Beyond chrono's range or a day's offset: nothing, never a panic.
        assert_eq!(format_utc(i64::MAX), "");
        assert_eq!(format_local(i64::MIN, 0), "");
        assert_eq!(iso_with_offset(wall(2026, 1, 5, 1, 0, 0), 24 * 60), None);
        let far = RangeEnd::typed("2026-11-26T08:00".into(), 24 * 60);
        assert!(custom_range(&far, &RangeEnd::default(), Locale::en).is_err());
    }

    #[test]
    fn custom_range_validates_order_and_includes_the_to_minute() {
        let t = |v: &str, o| RangeEnd::typed(v.into(), o);
        assert_eq!(
            custom_range(
                &t("2026-11-26T08:00", 480),
                &t("2026-11-26T09:30", 480),
                Locale::en
            )
            .unwrap(),
            (
                Some("2026-11-26T08:00:00+08:00".into()),
                Some("2026-11-26T09:30:59+08:00".into())
            )
        );
        assert_eq!(
            custom_range(
                &t("2026-11-26T10:00", 0),
                &t("2026-11-26T09:00", 0),
                Locale::en
            ),
            Err("From is later than To.".into())
        );
        assert_eq!(
            custom_range(&t("", 0), &t("", 0), Locale::en).unwrap(),
            (None, None)
        );
        assert!(custom_range(&t("junk", 0), &t("", 0), Locale::en).is_err());
        assert!(custom_range(
            &t("2026-11-26T10:00", 0),
            &t("2026-11-26T10:00", 0),
            Locale::en
        )
        .is_ok());
        // Same wall time, but From is in a later offset: still valid.
        assert!(custom_range(
            &t("2026-11-26T10:00", 60),
            &t("2026-11-26T10:00", 0),
            Locale::en
        )
        .is_ok());
    }

    #[test]
    fn exact_instants_are_sent_as_given() {
        let a = RangeEnd::exact("2026-11-26T09:53:21Z", 480);
        assert_eq!(a.input, "2026-11-26T17:53");
        let b = RangeEnd::exact("2026-11-26T10:00:00Z", 480);
        assert_eq!(
            custom_range(&a, &b, Locale::en).unwrap(),
            (
                Some("2026-11-26T09:53:21Z".into()),
                Some("2026-11-26T10:00:00Z".into())
            )
        );
        assert!(custom_range(&b, &a, Locale::en).is_err());
        // Once the user types, the typed value wins.
        let typed = RangeEnd::typed("2026-11-26T18:00".into(), 480);
        assert_eq!(
            custom_range(&a, &typed, Locale::en).unwrap().1.as_deref(),
            Some("2026-11-26T18:00:59+08:00")
        );
    }
}
