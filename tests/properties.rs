//! Property tests of the pure modules: whatever the network, the page or the
//! user sends, decoding and parsing never panic, and the query builder's
//! output always parses back to the same filters.
#![cfg(not(target_arch = "wasm32"))]

use dify_logs::api::error::ApiError;
use dify_logs::api::model::{decode_app_info, decode_log_page, decode_run_detail};
use dify_logs::api::query::{LogQuery, StatusFilter};
use dify_logs::options::{options_from_attributes, parse_options};
use dify_logs::time::{format_utc, parse_instant, parse_local_input, Civil};
use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON, biased towards the shapes Dify sends.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("succeeded"),
            Just("running"),
            Just("data"),
            Just("workflow_run"),
            Just("id")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("page".to_string()),
                        Just("limit".to_string()),
                        Just("total".to_string()),
                        Just("has_more".to_string()),
                        Just("data".to_string()),
                        Just("id".to_string()),
                        Just("workflow_run".to_string()),
                        Just("status".to_string()),
                        Just("created_at".to_string()),
                        Just("elapsed_time".to_string()),
                        Just("created_by_end_user".to_string()),
                        Just("session_id".to_string()),
                        Just("apiBase".to_string()),
                        Just("pageSize".to_string()),
                        Just("filters".to_string()),
                        "[a-z]{1,6}",
                    ],
                    inner,
                ),
                0..6,
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![".{0,40}", "[ -~]{0,40}", "[a-z0-9@+%&=: -]{0,40}"]
}

fn query() -> impl Strategy<Value = LogQuery> {
    let trimmed = text().prop_map(|s| s.trim().to_string());
    let instant = || {
        prop_oneof![
            Just(None),
            (0i64..4_000_000_000).prop_map(|t| Some(format_utc(t))),
            (0i64..4_000_000_000, -720i32..840).prop_map(|(t, o)| {
                Some(dify_logs::time::iso_with_offset(Civil::from_unix(t, o), o))
            }),
        ]
    };
    (
        trimmed.clone(),
        prop::sample::select(StatusFilter::ALL.to_vec()),
        instant(),
        instant(),
        trimmed.clone(),
        trimmed,
        1u32..=99_999,
        1u32..=100,
    )
        .prop_map(
            |(keyword, status, after, before, session_id, account, page, limit)| LogQuery {
                keyword,
                status,
                after,
                before,
                session_id,
                account,
                page,
                limit,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_on_any_json(v in json()) {
        let body = v.to_string();
        let page = decode_log_page(&body);
        if let Ok(p) = &page {
            // A decoded page is always something the table can show.
            prop_assert!(p.data.iter().all(|e| e.id.len() < 1_000_000));
        }
        let _ = decode_run_detail(&body);
        let _ = decode_app_info(&body);
        let _ = ApiError::from_response(500, "application/json", &body).detail();
    }

    #[test]
    fn decoders_never_panic_on_any_text(body in ".{0,200}") {
        let is_object = body.trim_start().starts_with('{');
        prop_assert!(decode_log_page(&body).is_err() || is_object, "decoded a non-object");
        let _ = decode_run_detail(&body);
        let _ = ApiError::from_response(404, "text/html", &body).title();
    }

    #[test]
    fn query_string_round_trips(q in query()) {
        let qs = q.to_query_string();
        prop_assert!(!qs.contains('+'), "a raw + would be a space to Dify: {}", qs);
        prop_assert!(!qs.contains(' '));
        prop_assert_eq!(LogQuery::from_query_string(&qs).unwrap(), q);
    }

    #[test]
    fn options_parser_never_panics(v in json()) {
        if let Ok(o) = parse_options(&v) {
            prop_assert!((1..=100).contains(&o.page_size));
            prop_assert!(!o.api_base.is_empty() && !o.api_base.ends_with('/'));
        }
    }

    #[test]
    fn attribute_parser_never_panics(base in text(), size in text(), status in text()) {
        let _ = options_from_attributes(|n| match n {
            "data-api-base" => Some(base.clone()),
            "data-page-size" => Some(size.clone()),
            "data-status" => Some(status.clone()),
            _ => None,
        });
    }

    #[test]
    fn time_parsers_never_panic_and_round_trip(s in text(), t in -10_000_000_000i64..10_000_000_000) {
        let _ = parse_instant(&s);
        let _ = parse_local_input(&s);
        if (0..253_402_300_800).contains(&t) {
            prop_assert_eq!(parse_instant(&format_utc(t)), Some(t));
        }
    }
}
