//! The real binary: the CLI, the "listening" line, static files.

mod common;

use std::net::SocketAddr;
use std::process::{Child, Stdio};

use common::{binary, listening_line, raw_http, run_binary, temp_dir};

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
    let mut child = binary()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn dify-logs-server");
    let rest = listening_line(&mut child, "dify-logs demo listening on http://");
    let (addr, key) = rest.split_once(' ').unwrap();
    assert!(key.starts_with("(key: "), "{rest}");
    let addr: SocketAddr = addr.parse().unwrap();
    assert_ne!(addr.port(), 0, "the real port is printed");
    Server { child, addr }
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

/// `GET path` with `extra` header lines: the lower-cased head and the body.
async fn fetch(addr: SocketAddr, path: &str, extra: &str) -> (String, Vec<u8>) {
    split(&raw_http(addr, &get(path, extra)).await.unwrap())
}

#[tokio::test]
async fn demo_binary_serves_api_and_files() {
    let dir = temp_dir("cli");
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
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

    let (head, body) = fetch(
        srv.addr,
        "/v1/workflows/logs?limit=1",
        "Authorization: Bearer app-cli\r\n",
    )
    .await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["total"], 50);

    let (head, body) = fetch(srv.addr, "/", "").await;
    assert!(
        head.starts_with("http/1.1 200") && head.contains("content-type: text/html"),
        "{head}"
    );
    assert_eq!(body, b"<!doctype html><title>widget</title>");

    let (head, body) = fetch(srv.addr, "/pkg/app_bg.wasm", "").await;
    assert!(head.contains("content-type: application/wasm"), "{head}");
    assert_eq!(body, b"\0asm\x01\0\0\0");

    let (head, body) = fetch(srv.addr, "/pkg/app.js", "Accept-Encoding: gzip\r\n").await;
    assert!(head.contains("content-encoding: gzip"), "{head}");
    assert!(body.len() < big.len() / 4, "compressed");

    // Unknown /v1 paths stay Dify's 404, not a file lookup.
    let (head, _) = fetch(srv.addr, "/v1/index.html", "").await;
    assert!(
        head.starts_with("http/1.1 404") && head.contains("x-version: 1.13.3"),
        "{head}"
    );
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_shows_defaults() {
    let out = run_binary(&["demo", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("127.0.0.1:8788"), "{text}");
    assert!(
        text.contains("app-demo") && text.contains("--test-hooks") && text.contains("--serve-dir")
    );
}

#[test]
fn bad_serve_dir_is_refused() {
    let out = run_binary(&[
        "demo",
        "--addr",
        "127.0.0.1:0",
        "--serve-dir",
        "/nonexistent/dir/x",
    ]);
    assert!(!out.status.success());
}
