//! The real binary: the CLI, the "listening" line, static files.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use common::raw_http;

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dify-logs-server"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn dify-logs-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let rest = line
        .strip_prefix("dify-logs demo listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let (addr, key) = rest.trim_end().split_once(' ').unwrap();
    assert!(key.starts_with("(key: "), "{line}");
    let addr: SocketAddr = addr.parse().unwrap();
    assert_ne!(addr.port(), 0, "the real port is printed");
    Server { child, addr }
}

fn temp_dir() -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("dify-logs-cli-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    dir
}

fn split(resp: &[u8]) -> (String, Vec<u8>) {
    let pos = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    (
        String::from_utf8_lossy(&resp[..pos]).to_ascii_lowercase(),
        resp[pos + 4..].to_vec(),
    )
}

fn get(path: &str, extra: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{extra}\r\n")
}

#[tokio::test]
async fn demo_binary_serves_api_and_files() {
    let dir = temp_dir();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let big = "console.log('hello from the widget');\n".repeat(500);
    std::fs::write(dir.join("pkg/app.js"), &big).unwrap();
    let srv = start(&[
        "demo",
        "--addr",
        "127.0.0.1:0",
        "--now",
        "1795687069",
        "--count",
        "50",
        "--key",
        "app-cli",
        "--serve-dir",
        dir.to_str().unwrap(),
    ]);

    let r = raw_http(
        srv.addr,
        &get(
            "/v1/workflows/logs?limit=1",
            "Authorization: Bearer app-cli\r\n",
        ),
    )
    .await
    .unwrap();
    let (head, body) = split(&r);
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["total"], 50);

    let (head, body) = split(&raw_http(srv.addr, &get("/", "")).await.unwrap());
    assert!(
        head.starts_with("http/1.1 200") && head.contains("content-type: text/html"),
        "{head}"
    );
    assert_eq!(body, b"<!doctype html><title>widget</title>");

    let (head, body) = split(
        &raw_http(srv.addr, &get("/pkg/app_bg.wasm", ""))
            .await
            .unwrap(),
    );
    assert!(head.contains("content-type: application/wasm"), "{head}");
    assert_eq!(body, b"\0asm\x01\0\0\0");

    let (head, body) = split(
        &raw_http(srv.addr, &get("/pkg/app.js", "Accept-Encoding: gzip\r\n"))
            .await
            .unwrap(),
    );
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(body.len() < big.len() / 4, "compressed");

    // Unknown /v1 paths stay Dify's 404, not a file lookup.
    let (head, _) = split(
        &raw_http(srv.addr, &get("/v1/index.html", ""))
            .await
            .unwrap(),
    );
    assert!(
        head.starts_with("http/1.1 404") && head.contains("x-version: 1.13.3"),
        "{head}"
    );
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_shows_defaults() {
    let out = Command::new(env!("CARGO_BIN_EXE_dify-logs-server"))
        .args(["demo", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("127.0.0.1:8788"), "{text}");
    assert!(
        text.contains("app-demo") && text.contains("--test-hooks") && text.contains("--serve-dir")
    );
}

#[test]
fn bad_serve_dir_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_dify-logs-server"))
        .args([
            "demo",
            "--addr",
            "127.0.0.1:0",
            "--serve-dir",
            "/nonexistent/dir/x",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
