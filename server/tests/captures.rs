//! Replays every real Dify exchange in `tests/fixtures/dify` against the
//! demo and checks that the demo answers alike: status, content type, CORS
//! and version headers, JSON shape (keys, order, types), and byte-identical
//! bodies for errors the demo reproduces. Both sides are also run through
//! the widget's own decoders.

mod common;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::Request;
use common::{same_shape, send, Answer, J};
use dify_logs::api::model::{decode_app_info, decode_log_page, decode_run_detail};
use dify_logs_server::demo::data::{Dataset, Status};

fn captures_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("DIFY_CAPTURES") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/dify")
}

/// One recorded exchange.
#[derive(Debug)]
struct Capture {
    name: String,
    method: String,
    headers: Vec<(String, String)>,
    /// Path and query, as sent.
    target: String,
    status: u16,
    resp_headers: Vec<(String, String)>,
    body: String,
}

impl Capture {
    fn resp_header(&self, name: &str) -> Option<&str> {
        self.resp_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn parse_capture(name: &str, text: &str) -> Capture {
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{name}: no header/body separator"));
    // The request line ends in "\n", the HTTP head in "\r\n".
    let (request, head) = head.split_once('\n').unwrap();
    let mut lines = head.split("\r\n");
    let tokens: Vec<&str> = request
        .strip_prefix("### curl ")
        .unwrap_or_else(|| panic!("{name}: first line is not a curl request"))
        .split(' ')
        .collect();
    let mut method = "GET".to_string();
    let mut headers = Vec::new();
    let mut url = None;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            "-X" => {
                method = tokens[i + 1].to_string();
                i += 2;
            }
            "-H" => {
                let hname = tokens[i + 1].trim_end_matches(':').to_string();
                let mut j = i + 2;
                let mut value = Vec::new();
                // A value runs to the next flag; the last token is the URL.
                while j < tokens.len() - 1 && !tokens[j].starts_with('-') {
                    value.push(tokens[j]);
                    j += 1;
                }
                headers.push((hname, value.join(" ")));
                i = j;
            }
            t if t.starts_with("http://") && i == tokens.len() - 1 => {
                url = Some(t);
                i += 1;
            }
            other => panic!("{name}: unexpected curl token {other}"),
        }
    }
    let url = url.unwrap_or_else(|| panic!("{name}: no URL"));
    let target = url
        .strip_prefix("http://")
        .and_then(|u| u.find('/').map(|p| u[p..].to_string()))
        .unwrap();
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let resp_headers = lines
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    // The capture appends one newline after the body.
    let body = body.strip_suffix('\n').unwrap_or(body).to_string();
    Capture {
        name: name.to_string(),
        method,
        headers,
        target,
        status,
        resp_headers,
        body,
    }
}

fn load_captures() -> Vec<Capture> {
    let dir = captures_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "captures not found at {} ({e}); set DIFY_CAPTURES",
                dir.display()
            )
        })
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 37,
        "expected the 37 captures in {}",
        dir.display()
    );
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            parse_capture(&name, &std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

/// Rewrites a capture's request for the demo: the demo key instead of the
/// redacted one, and demo run ids where the capture names one of its runs.
fn first_of(data: &Dataset, s: Status) -> String {
    data.runs
        .iter()
        .find(|r| r.status == s)
        .unwrap()
        .run_id
        .clone()
}

fn demo_request(c: &Capture, data: &Dataset) -> Request<Body> {
    let first_of = |s: Status| first_of(data, s);
    let mut target = c.target.clone();
    let capture_ids = [
        (
            "f113107d-4fa6-4efe-bc27-d50e7fea0740",
            first_of(Status::Succeeded),
        ),
        (
            "ccca71b6-b9ad-4587-8260-bf043d68c57d",
            first_of(Status::Failed),
        ),
    ];
    for (real, ours) in &capture_ids {
        target = target.replace(real, ours);
    }
    let mut req = Request::builder().method(c.method.as_str()).uri(target);
    for (k, v) in &c.headers {
        let v = v.replace("app-REDACTED", "app-demo");
        req = req.header(k.as_str(), v);
    }
    req.body(Body::empty()).unwrap()
}

/// Captures whose error the demo must reproduce byte for byte.
const EXACT_BODIES: &[&str] = &[
    "07", "08", "09", "10", "18", "19", "22", "23", "26", "27", "28", "29", "30", "34", "37",
];

#[tokio::test]
async fn demo_answers_like_every_capture() {
    let demo = common::demo();
    let captures = load_captures();
    let mut checked = 0;
    for c in &captures {
        let ans: Answer = send(&demo.router, demo_request(c, &demo.data)).await;
        let ctx = format!("{} ({} {})", c.name, c.method, c.target);
        if c.name.starts_with("36_") {
            // /v1/parameters is not part of the demo: Werkzeug's 404 page.
            assert_eq!(ans.status, 404, "{ctx}");
            assert_eq!(ans.body, dify_logs_server::dify::NOT_FOUND_HTML, "{ctx}");
            continue;
        }
        assert_eq!(
            ans.status.as_u16(),
            c.status,
            "{ctx}: status; body {}",
            ans.body
        );

        // Headers Dify always sends (X-Env differs on purpose: DEMO).
        for h in [
            "content-type",
            "access-control-allow-origin",
            "access-control-expose-headers",
            "x-version",
            "www-authenticate",
            "allow",
            "access-control-allow-headers",
            "access-control-allow-methods",
        ] {
            assert_eq!(ans.header(h), c.resp_header(h), "{ctx}: header {h}");
        }
        assert_eq!(ans.header("x-env"), Some("DEMO"), "{ctx}");
        if let Some(vary) = c.resp_header("vary") {
            assert_eq!(ans.header("vary"), Some(vary), "{ctx}: vary");
        }

        let prefix = &c.name[..2];
        if EXACT_BODIES.contains(&prefix) {
            assert_eq!(ans.body, c.body, "{ctx}: body");
        }
        let is_json = c.resp_header("content-type") == Some("application/json");
        if is_json {
            let real = J::parse(&c.body);
            let ours = J::parse(&ans.body);
            if let Err(e) = same_shape(&real, &ours, "$") {
                panic!(
                    "{ctx}: {e}\n demo body: {}",
                    &ans.body[..ans.body.len().min(600)]
                );
            }
            if c.status >= 400 {
                assert_eq!(ours.get("code"), real.get("code"), "{ctx}: code");
                assert_eq!(ours.get("message"), real.get("message"), "{ctx}: message");
            }
        } else {
            assert_eq!(ans.body, c.body, "{ctx}: non-JSON body");
        }

        // The widget's decoders read both alike.
        if c.status == 200 && c.target.starts_with("/v1/workflows/logs") && c.method == "GET" {
            let real = decode_log_page(&c.body).unwrap_or_else(|e| panic!("{ctx}: capture: {e}"));
            let ours = decode_log_page(&ans.body).unwrap_or_else(|e| panic!("{ctx}: demo: {e}"));
            assert_eq!((ours.page, ours.limit), (real.page, real.limit), "{ctx}");
            assert_eq!(ours.has_more, ours.page * ours.limit < ours.total, "{ctx}");
            assert!(ours.data.len() as u64 <= ours.limit, "{ctx}");
            if !real.data.is_empty() && !c.target.contains("created_at__") {
                assert!(
                    !ours.data.is_empty(),
                    "{ctx}: the demo should find rows too"
                );
            }
            if c.name.starts_with("12_") {
                let run = ours.data[0].workflow_run.as_ref().unwrap();
                assert_eq!(
                    (ours.total, run.id.as_str()),
                    (1, first_of(&demo.data, Status::Succeeded).as_str())
                );
            }
            for e in &ours.data {
                let run = e.workflow_run.as_ref().expect("run");
                assert!(!matches!(
                    run.status,
                    dify_logs::api::model::RunStatus::Other(_)
                        | dify_logs::api::model::RunStatus::Unknown
                ));
            }
        }
        if c.status == 200 && c.target.starts_with("/v1/workflows/run/") {
            let real = decode_run_detail(&c.body).unwrap();
            let ours = decode_run_detail(&ans.body).unwrap();
            assert_eq!(ours.status, real.status, "{ctx}: same kind of run");
            // inputs: a JSON string holding an object with Dify's key order.
            let (J::Str(ri), J::Str(oi)) = (
                J::parse(&c.body).get("inputs").unwrap().clone(),
                J::parse(&ans.body).get("inputs").unwrap().clone(),
            ) else {
                panic!("{ctx}: inputs must be a string")
            };
            assert_eq!(
                J::parse(&oi).keys(),
                J::parse(&ri).keys(),
                "{ctx}: input keys"
            );
            assert!(
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(
                    &ours.inputs_text()
                )
                .is_ok()
            );
            assert_eq!(ours.outputs.is_some(), real.outputs.is_some());
        }
        if c.target == "/v1/info" {
            let real = decode_app_info(&c.body).unwrap();
            let ours = decode_app_info(&ans.body).unwrap();
            assert_eq!(ours.mode, real.mode);
            assert_eq!(ours.name.as_deref(), Some("dify-logs demo"));
        }
        checked += 1;
    }
    assert_eq!(
        checked + 1,
        captures.len(),
        "every capture but 36 is compared"
    );
}

/// Captured data itself passes the widget's decoder (sanity check of the
/// capture parser).
#[test]
fn captures_parse() {
    let caps = load_captures();
    let c31 = caps.iter().find(|c| c.name.starts_with("31_")).unwrap();
    assert_eq!(c31.method, "OPTIONS");
    assert_eq!(c31.headers.len(), 3);
    assert_eq!(c31.body, "");
    let c28 = caps.iter().find(|c| c.name.starts_with("28_")).unwrap();
    assert!(c28.headers.is_empty());
    assert_eq!(
        c28.resp_header("www-authenticate"),
        Some("Bearer realm=\"api\"")
    );
}
