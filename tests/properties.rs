//! Property tests of the pure modules: whatever the network, the page or the
//! user sends, decoding and parsing never panic, the query builder's output
//! always parses back to the same filters, and serde decoding gives a page
//! or a clear error for any body.
#![cfg(not(target_arch = "wasm32"))]

use dify_logs::api::error::ApiError;
use dify_logs::api::json::{parse_tolerant, pretty};
use dify_logs::api::model::{decode_app_info, decode_log_page, decode_run_detail, LogEntry};
use dify_logs::api::query::{LogQuery, StatusFilter};
use dify_logs::domain::attributes::{element_attributes, options_from, options_from_attributes};
use dify_logs::domain::options::{parse_options, parse_options_json};
use dify_logs::domain::period::RangeEnd;
use dify_logs::domain::time::{
    format_utc, iso_with_offset, parse_instant, parse_local_input, to_local_input, wall_time,
};
use dify_logs::text::fixed::format_local;
use dify_logs::text::i18n::Locale;
use dify_logs::text::messages::custom_range;
use proptest::prelude::*;
use serde_json::Value;

const LOCALES: [Locale; 3] = [Locale::en, Locale::zh_Hans, Locale::ja];

/// Arbitrary JSON, biased towards the shapes Dify sends.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Decimals as Dify sends them (run times, scores). Arbitrary bit
        // patterns would test serde_json's float printing, not the widget.
        (-1_000_000_000i64..1_000_000_000).prop_map(|n| {
            serde_json::Number::from_f64(n as f64 / 1000.0).map_or(Value::Null, Value::Number)
        }),
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
            (0i64..4_000_000_000, -720i32..840)
                .prop_map(|(t, o)| wall_time(t, o).and_then(|w| iso_with_offset(w, o))),
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
                app: String::new(),
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
        let error = ApiError::from_response(500, "application/json", &body);
        for l in LOCALES {
            let _ = (error.title(l), error.detail(l), error.advice(l));
        }
    }

    #[test]
    fn decoders_never_panic_on_any_text(body in ".{0,200}") {
        let is_object = body.trim_start().starts_with('{');
        prop_assert!(decode_log_page(&body).is_err() || is_object, "decoded a non-object");
        let _ = decode_run_detail(&body);
        let error = ApiError::from_response(404, "text/html", &body);
        for l in LOCALES {
            let _ = (error.title(l), error.detail(l), error.advice(l));
        }
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
        let result = parse_options(&v);
        prop_assert_eq!(&result, &parse_options_json(&v.to_string()));
        if let Ok(o) = result {
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

    /// Any string in any attribute of `<dify-logs>` gives options whose
    /// requests Dify takes, or a clear error; never a panic.
    #[test]
    fn element_attributes_give_a_widget_or_a_clear_error(
        values in prop::collection::vec(attribute_value(), 16),
    ) {
        let names = element_attributes();
        let get = |n: &str| names.iter().position(|a| *a == n).and_then(|i| values.get(i).cloned()).flatten();
        match options_from("", None, None, get) {
            Ok(o) => {
                prop_assert!((1..=100).contains(&o.page_size));
                prop_assert!(!o.api_base.is_empty() || o.apps_url.is_some());
                let q = LogQuery::from_query_string(&o.filters.to_query_string());
                prop_assert!(q.is_ok(), "the query string reads back");
                let q = q.unwrap();
                prop_assert_eq!(q.status, o.filters.status);
                prop_assert_eq!(q.limit, o.page_size);
                for end in [&o.filters.after, &o.filters.before].into_iter().flatten() {
                    prop_assert!(parse_instant(end).is_some(), "{} is an instant", end);
                }
            }
            Err(m) => prop_assert!(m.starts_with("dify-logs: ") && m.len() > 20, "{}", m),
        }
    }

    #[test]
    fn time_parsers_never_panic_and_round_trip(s in text(), t in -10_000_000_000i64..10_000_000_000) {
        let _ = parse_instant(&s);
        let _ = parse_local_input(&s);
        if (0..253_402_300_800).contains(&t) {
            prop_assert_eq!(parse_instant(&format_utc(t)), Some(t));
        }
    }

    #[test]
    fn local_times_round_trip(t in 0i64..253_402_000_000, o in -720i32..840) {
        let iso = wall_time(t, o).and_then(|w| iso_with_offset(w, o)).unwrap();
        prop_assert_eq!(parse_instant(&iso), Some(t));
        let input = to_local_input(&iso, o).unwrap();
        prop_assert_eq!(&format_local(t, o)[..16], input.replacen('T', " ", 1));
        // Typed back into From, the input is the instant's minute.
        let from = custom_range(&RangeEnd::typed(input, o), &RangeEnd::default(), Locale::en)
            .unwrap()
            .0;
        prop_assert_eq!(from.and_then(|f| parse_instant(&f)), Some(t - t.rem_euclid(60)));
    }

    #[test]
    fn json_ish_text_gives_a_page_or_an_error(text in json_ish()) {
        let _ = decode_log_page(&text);
        let _ = decode_log_page(&format!("{{\"data\":[{{\"id\":{text}}}]}}"));
        let _ = decode_run_detail(&format!("{{\"id\":\"r\",\"inputs\":{text}}}"));
        let ours = parse_tolerant::<Value>(&text);
        match (&ours, serde_json::from_str::<Value>(&text)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, &b),
            (Err(_), Err(_)) => {}
            // Where the two differ on purpose: lone surrogates become U+FFFD,
            // and numbers beyond f64 become null.
            (Ok(_), Err(e)) => {
                let e = e.to_string();
                // serde_json words a lone high surrogate at the end of a
                // string as "unexpected end of hex escape".
                let lone_surrogate = e.contains("surrogate") || e.contains("hex escape");
                prop_assert!(lone_surrogate || e.contains("number out of range"), "{}", e);
            }
            (Err(e), Ok(_)) => prop_assert!(false, "refused valid JSON {:?}: {}", text, e),
        }
    }

    #[test]
    fn arbitrary_strings_in_a_page_never_panic(text in ".{0,300}") {
        let _ = decode_log_page(&format!("{{\"data\":[{text}]}}"));
        let _ = decode_run_detail(&format!("{{\"id\":\"x\",\"outputs\":{text}}}"));
        prop_assert_eq!(pretty(&text).is_empty(), text.is_empty());
    }

    #[test]
    fn run_details_are_pretty_printed_in_the_key_order_sent(v in json()) {
        let text = v.to_string();
        let sent: Value = serde_json::from_str(&text).unwrap();
        let back: Value = serde_json::from_str(&pretty(&text)).unwrap();
        // Compact forms equal: same values, same key order.
        prop_assert_eq!(back.to_string(), sent.to_string());
    }

    #[test]
    fn exported_json_decodes_to_the_same_entries(v in json()) {
        let body = serde_json::json!({ "data": [v.clone(), v] }).to_string();
        if let Ok(page) = decode_log_page(&body) {
            let exported = dify_logs::domain::export::to_json(&page.data);
            let mut back: Vec<LogEntry> =
                decode_log_page(&format!("{{\"data\":{exported}}}")).unwrap().data;
            let mut sent = page.data.clone();
            // serde_json's fast float parser may read the shortest text of a
            // large run time one unit in the last place off: compare run
            // times to 15 significant digits, everything else exactly.
            for (b, s) in back.iter_mut().zip(sent.iter_mut()) {
                let (Some(rb), Some(rs)) = (b.workflow_run.as_mut(), s.workflow_run.as_mut()) else {
                    continue;
                };
                if let (Some(x), Some(y)) = (rb.elapsed_time, rs.elapsed_time) {
                    prop_assert!((x - y).abs() <= y.abs() * 1e-15, "{} vs {}", x, y);
                    rb.elapsed_time = rs.elapsed_time;
                }
            }
            prop_assert_eq!(back, sent);
            prop_assert!(serde_json::from_str::<Value>(&exported).is_ok());
        }
    }
}

/// Text close to JSON: its punctuation, escapes, literals and numbers, so
/// most cases reach deep into the parser before going wrong (if they do).
/// An attribute's value: absent, a plausible one, or any text.
fn attribute_value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        prop_oneof![
            Just("/v1"),
            Just("https://api.dify.ai/v1"),
            Just("20"),
            Just("100"),
            Just("failed"),
            Just("dark"),
            Just("2026-11-01"),
            Just("2026-11-01T08:00:00+08:00"),
            Just("Asia/Tokyo"),
            Just("true"),
            Just(""),
        ]
        .prop_map(|s| Some(s.to_string())),
        ".{0,40}".prop_map(Some),
    ]
}

fn json_ish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\\".to_string()),
        Just("\\u".to_string()),
        Just("\\ud83d".to_string()),
        Just("\\ude00".to_string()),
        Just("\\n".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("fals".to_string()),
        Just("-".to_string()),
        Just(".".to_string()),
        Just("e".to_string()),
        Just("+".to_string()),
        Just("0".to_string()),
        "[0-9]{1,4}",
        "[a-f0-9]{1,4}",
        "\"[a-z]{0,4}\"",
        ".",
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}
