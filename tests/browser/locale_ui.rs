//! The widget in Simplified Chinese and Japanese, in headless Chromium with
//! a canned transport (see `tests/browser/support.rs`): labels, options, states,
//! error explanations, pager text, numbers and dates in the chosen locale;
//! the request byte for byte the English one; the automatic choice from
//! `<html lang>`; and the `timeZone` option.
//!
//! Run with `scripts/browser-tests`.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

use crate::support::*;

const EN: &str = include_str!("../../locales/en.json");

/// One run created 2026-11-26T09:55:45Z with 1,234 tokens, in a result of
/// 1,234 runs.
fn page(url: &str) -> Answer {
    let p: u64 = param(url, "page").and_then(|v| v.parse().ok()).unwrap_or(1);
    ok(page_body(
        p,
        20,
        1_234,
        vec![entry("a1", "failed", "user-alice")],
    ))
}

fn options(locale: Option<&str>) -> Value {
    let mut o = json!({
        "apiBase": "/v1",
        "apiKey": "app-key",
        "filters": { "status": "failed", "keyword": "alice", "after": "2026-11-01T00:00:00Z" }
    });
    if let Some(l) = locale {
        o["locale"] = json!(l);
    }
    o
}

/// The English words of the widget: the literal pieces of every en.json
/// string, longer than three characters and with a letter in them. Pieces
/// that a translation keeps (CSV, JSON, API...) are dropped.
fn english_phrases(translated: &Value) -> Vec<String> {
    let en: Value = serde_json::from_str(EN).unwrap();
    let kept: String = translated
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for v in en.as_object().unwrap().values().filter_map(|v| v.as_str()) {
        let mut rest = v;
        loop {
            let (piece, after) = match rest.find("{{") {
                Some(i) => (&rest[..i], rest[i..].split_once("}}").map_or("", |x| x.1)),
                None => (rest, ""),
            };
            let piece = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if piece.len() > 3 && piece.chars().any(char::is_alphabetic) && !kept.contains(piece) {
                out.push(piece.to_string());
            }
            if after.is_empty() {
                break;
            }
            rest = after;
        }
    }
    out
}

/// Everything a person sees or hears from the widget: its text and the
/// accessible names, titles and placeholders of its elements.
fn everything_said(w: &Widget) -> String {
    let mut said = vec![w.text()];
    for el in w.qa("*") {
        for attr in ["aria-label", "title", "placeholder"] {
            if let Some(v) = el.get_attribute(attr) {
                said.push(v);
            }
        }
    }
    said.join("\n")
}

struct Expect {
    locale: &'static str,
    json: &'static str,
    status_label: &'static str,
    failed_option: &'static str,
    pager: &'static str,
    total: &'static str,
    date_part: &'static str,
    empty: &'static str,
    key_rejected: &'static str,
    retry: &'static str,
}

const ZH: Expect = Expect {
    locale: "zh-CN",
    json: include_str!("../../locales/zh-Hans.json"),
    status_label: "状态",
    failed_option: "失败",
    pager: "第 1 页，共 62 页",
    total: "1,234 次运行",
    date_part: "2026年11月26日",
    empty: "没有符合筛选条件的运行",
    key_rejected: "API 密钥被拒绝",
    retry: "重试",
};

const JA: Expect = Expect {
    locale: "ja",
    json: include_str!("../../locales/ja.json"),
    status_label: "ステータス",
    failed_option: "失敗",
    pager: "1 / 62 ページ",
    total: "1,234 件の実行",
    date_part: "2026年11月26日",
    empty: "条件に合う実行はありません",
    key_rejected: "API キーが拒否されました",
    retry: "再試行",
};

async fn speaks(x: &Expect) {
    let english = Widget::mount(options(None), page);
    let w = Widget::mount(options(Some(x.locale)), page);
    wait_until("rows", || {
        !w.rows().is_empty() && !english.rows().is_empty()
    })
    .await;

    // The request is byte for byte the English one, key included.
    let (a, b) = (&w.sent()[0], &english.sent()[0]);
    assert_eq!(a.url, b.url);
    assert_eq!(a.authorization, b.authorization);

    let status = w.select(x.status_label);
    let options: Vec<String> = (0..status.length())
        .filter_map(|i| status.item(i))
        .map(|o| text_of(&o))
        .collect();
    assert!(options.iter().any(|o| o == x.failed_option), "{options:?}");
    assert_eq!(w.page_label(), x.pager);
    assert_eq!(w.total_label(), x.total);
    let row = &w.rows()[0];
    assert!(row[0].contains(x.date_part), "Started {:?}", row[0]);
    assert_eq!(row[3], "1,234", "tokens");
    assert_eq!(w.badges(), [x.failed_option]);
    let started = w.q("tr.dify-logs__row td").unwrap();
    assert_eq!(
        started.get_attribute("title").as_deref(),
        Some("2026-11-26T09:55:45Z"),
        "the exact instant stays ISO 8601"
    );

    // No English word of the widget anywhere, text or accessible names.
    let translated: Value = serde_json::from_str(x.json).unwrap();
    assert_no_english(&w, &translated, x.locale);

    // The empty state.
    w.respond_with(|_| ok(page_body(1, 20, 0, vec![])));
    choose(&w.select(x.status_label), "succeeded");
    wait_until("empty state", || w.text().contains(x.empty)).await;
    let reset = translated["reset_filters"].as_str().unwrap();
    w.button_with_text(".dify-logs__empty", reset);

    // An error explained in the locale, Dify's own words verbatim beside it.
    w.respond_with(|_| ok(capture(captures::WRONG_KEY_401)));
    choose(&w.select(x.status_label), "stopped");
    wait_until("error", || w.q(".dify-logs__alert").is_some()).await;
    let alert = text_of(&w.q(".dify-logs__alert").unwrap());
    assert!(alert.contains(x.key_rejected), "{alert}");
    assert!(
        alert.contains("unauthorized"),
        "Dify's code verbatim: {alert}"
    );
    assert!(alert.contains(x.retry), "{alert}");
    assert_no_english(&w, &translated, &format!("{} error", x.locale));
}

/// No phrase of `en.json` (that the translation changed) in any text or
/// accessible name of the widget.
fn assert_no_english(w: &Widget, translated: &Value, what: &str) {
    let said = everything_said(w);
    let english_left: Vec<String> = english_phrases(translated)
        .into_iter()
        .filter(|p| said.contains(p.as_str()))
        .collect();
    assert!(
        english_left.is_empty(),
        "English in {what}: {english_left:?}"
    );
}

#[wasm_bindgen_test]
async fn simplified_chinese_throughout() {
    speaks(&ZH).await;
}

#[wasm_bindgen_test]
async fn japanese_throughout() {
    speaks(&JA).await;
}

/// Sets `<html lang>` for the life of the guard.
struct HtmlLang(Option<String>);

impl HtmlLang {
    fn set(lang: &str) -> Self {
        let html = document().document_element().unwrap();
        let old = html.get_attribute("lang");
        html.set_attribute("lang", lang).unwrap();
        Self(old)
    }
}

impl Drop for HtmlLang {
    fn drop(&mut self) {
        let html = document().document_element().unwrap();
        match &self.0 {
            Some(l) => html.set_attribute("lang", l).unwrap(),
            None => html.remove_attribute("lang").unwrap(),
        }
    }
}

#[wasm_bindgen_test]
async fn the_host_pages_lang_decides_when_no_locale_is_given() {
    {
        let _lang = HtmlLang::set("ja-JP");
        let w = Widget::mount(json!({ "apiBase": "/v1" }), page);
        wait_until("rows", || !w.rows().is_empty()).await;
        assert!(w.q("select[aria-label=\"ステータス\"]").is_some());
        let root = w.q(".dify-logs").unwrap();
        assert_eq!(root.get_attribute("lang").as_deref(), Some("ja-JP"));
    }
    {
        let _lang = HtmlLang::set("zh");
        let w = Widget::mount(json!({ "apiBase": "/v1" }), page);
        wait_until("rows", || !w.rows().is_empty()).await;
        assert!(w.q("select[aria-label=\"状态\"]").is_some());
    }
    {
        // The option wins over the page; Traditional Chinese is not
        // Simplified, so a zh-TW page falls through to the browser (English
        // in this headless Chromium).
        let _lang = HtmlLang::set("zh-TW");
        let w = Widget::mount(options(Some("ja")), page);
        wait_until("rows", || !w.rows().is_empty()).await;
        assert!(w.q("select[aria-label=\"ステータス\"]").is_some());
        let w = Widget::mount(json!({ "apiBase": "/v1" }), page);
        wait_until("rows", || !w.rows().is_empty()).await;
        assert!(w.q("select[aria-label=\"Status\"]").is_some());
    }
}

#[wasm_bindgen_test]
async fn english_by_default_with_todays_names() {
    let _lang = HtmlLang::set("en");
    let w = Widget::mount(json!({ "apiBase": "/v1" }), page);
    wait_until("rows", || !w.rows().is_empty()).await;
    for name in [
        "Status",
        "Period",
        "Keyword",
        "Session ID",
        "Account email",
        "Rows per page",
        "Auto-refresh",
        "Export scope",
        "Pagination",
        "First page",
        "Previous page",
        "Next page",
        "Last page",
        "Runs",
    ] {
        w.labelled(name);
    }
    assert_eq!(w.page_label(), "Page 1 of 62");
    assert_eq!(w.total_label(), "1,234 runs");
}

#[wasm_bindgen_test]
async fn a_time_zone_option_overrides_the_browsers() {
    let w = Widget::mount(
        json!({ "apiBase": "/v1", "locale": "en", "timeZone": "Asia/Tokyo" }),
        page,
    );
    wait_until("rows", || !w.rows().is_empty()).await;
    let started = &w.rows()[0][0];
    assert!(
        started.contains("18:55:45"),
        "09:55:45Z in Tokyo: {started:?}"
    );

    let opts = dify_logs::domain::options::parse_options_json(
        &json!({ "apiBase": "/v1", "timeZone": "Mars/Olympus_Mons" }).to_string(),
    )
    .unwrap();
    let transport: std::rc::Rc<dyn dify_logs::api::client::Transport> = std::rc::Rc::new(FakeApi {
        sent: Default::default(),
        responder: std::cell::RefCell::new(std::rc::Rc::new(page)),
    });
    let err = dify_logs::mount_with(new_container(), opts, transport)
        .err()
        .expect("an unknown zone is refused");
    assert!(err.contains("Mars/Olympus_Mons"), "{err}");
}
