//! Every locale has every key of the default one (and no other), with the
//! same `{{ placeholders }}`: leptos_i18n only warns about a missing key and
//! falls back to English, which would put English into a Chinese or
//! Japanese dashboard.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

fn load(name: &str) -> Map<String, Value> {
    let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        other => panic!("{path} is not a JSON object: {other:?}"),
    }
}

/// The `{{ name }}` placeholders of a translation.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.insert(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

#[test]
fn every_locale_has_every_key_with_the_same_placeholders() {
    let en = load("en");
    assert!(en.len() > 100, "en.json has {} keys", en.len());
    for name in ["zh-Hans", "ja"] {
        let other = load(name);
        let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{name}.json misses {missing:?}");
        assert!(
            extra.is_empty(),
            "{name}.json has keys en.json lacks: {extra:?}"
        );
        for (key, value) in &en {
            let (Some(a), Some(b)) = (value.as_str(), other[key].as_str()) else {
                panic!("{key}: translations are plain strings");
            };
            assert!(!b.trim().is_empty(), "{name}.json: {key} is empty");
            assert_eq!(
                placeholders(a),
                placeholders(b),
                "{name}.json: {key} has other placeholders than en.json"
            );
        }
    }
}

#[test]
fn the_build_reads_exactly_these_locales() {
    let build = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/build.rs")).unwrap();
    assert!(build.contains(r#"Config::new("en")"#));
    assert!(build.contains(r#"add_locales(["zh-Hans", "ja"])"#));
    let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/locales"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    files.sort();
    assert_eq!(files, ["en.json", "ja.json", "zh-Hans.json"]);
}

#[test]
fn placeholders_are_read() {
    assert_eq!(
        placeholders("{{ a }} and {{b}}"),
        BTreeSet::from(["a".to_string(), "b".to_string()])
    );
}
