//! The proxy as the tests drive it: started in-process with its log
//! captured, or as the real binary; raw HTTP answers; and the check that
//! the key never comes back, in an answer or in a log line.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::Mutex;

use dify_logs_server::proxy::{self, ApiKey, LogFormat, ProxyConfig};

/// The key the proxy holds in these tests; it must never come back.
pub const KEY: &str = "app-SeCrEt-7f3a9c2e41d84b06";

/// A config for an upstream on `http://{upstream}/v1`, the rate limit
/// out of the way.
pub fn config(upstream: SocketAddr) -> ProxyConfig {
    config_for(&format!("http://{upstream}/v1"))
}

/// A config for the upstream base `url`, the rate limit out of the way,
/// and no proxy from the shell running the tests in between.
pub fn config_for(url: &str) -> ProxyConfig {
    let mut cfg = ProxyConfig::new(url, ApiKey::new(KEY).unwrap());
    cfg.rate_limit_per_minute = 100_000;
    cfg.env_proxy = false;
    cfg
}

/// Everything logged so far in this test process.
pub fn logged() -> String {
    String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned()
}

/// Everything logged in this test process, unredacted: the proxy must
/// not log the key in the first place.
pub static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Appends to [`LOG`].
pub struct LogSink;

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends this process's log to [`LOG`] (once).
pub fn capture_log() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        let d = proxy::log::dispatch(LogFormat::Text, Vec::new(), || LogSink);
        tracing::dispatcher::set_global_default(d).unwrap();
    });
}

/// A running in-process proxy; on drop, the log is checked for the key.
pub struct Proxy {
    pub addr: SocketAddr,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        for line in logged().lines() {
            assert!(!line.contains(KEY), "key in log line {line:?}");
        }
    }
}

/// Starts an in-process proxy with its log captured.
pub async fn start(cfg: ProxyConfig) -> Proxy {
    capture_log();
    let addr = serve_proxy(cfg).await;
    Proxy { addr }
}

/// Builds a proxy from `cfg` and serves it on a free port.
pub async fn serve_proxy(cfg: ProxyConfig) -> SocketAddr {
    let router = proxy::build(cfg).expect("valid config");
    let (listener, addr) = super::listen().await;
    tokio::spawn(proxy::serve(listener, router));
    addr
}

/// An address on 127.0.0.1 that nothing listens on.
pub fn closed_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// A raw answer; header names lower-cased.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: BTreeMap<String, Vec<String>>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// Asserts a Dify-shaped `{code, message, status}` error.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        let v = self.json();
        assert_eq!(v["code"], code, "{v}");
        assert_eq!(v["status"], status, "{v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["code", "message", "status"]
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
    }
    pub fn cors_headers(&self) -> Vec<&String> {
        self.headers
            .keys()
            .filter(|k| k.starts_with("access-control-"))
            .collect()
    }
}

/// Sends `METHOD target` with extra header lines over a fresh connection
/// (no client-side normalisation of the target) and reads the answer.
/// Every answer of the test run passes through here and is checked for
/// the key.
pub async fn fetch(addr: SocketAddr, method: &str, target: &str, extra: &[(&str, &str)]) -> Answer {
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: proxy.test\r\n");
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !extra
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("connection"))
    {
        req.push_str("Connection: close\r\n");
    }
    req.push_str("\r\n");
    let raw = super::raw_http(addr, &req).await.unwrap();
    let answer = parse(&raw, method == "HEAD");
    assert!(
        lacks(&raw, KEY.as_bytes()),
        "the key leaked in an answer to {method} {target}"
    );
    answer
}

/// `true` when `needle` is not in `hay`.
pub fn lacks(hay: &[u8], needle: &[u8]) -> bool {
    !hay.windows(needle.len()).any(|w| w == needle)
}

pub async fn get(addr: SocketAddr, target: &str) -> Answer {
    fetch(addr, "GET", target, &[]).await
}

/// Asserts that `GET target` is answered with the Dify-shaped error
/// `status`/`code`.
pub async fn assert_get_error(addr: SocketAddr, target: &str, status: u16, code: &str) {
    get(addr, target).await.assert_error(status, code);
}

pub fn parse(raw: &[u8], head_only: bool) -> Answer {
    let pos = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..pos]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in lines {
        let (k, v) = l.split_once(':').unwrap();
        headers
            .entry(k.trim().to_ascii_lowercase())
            .or_default()
            .push(v.trim().to_string());
    }
    let rest = &raw[pos + 4..];
    let body = if head_only {
        Vec::new()
    } else if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.iter().any(|x| x.contains("chunked")))
    {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Answer {
        status,
        headers,
        body,
    }
}

pub fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 4 + size..];
    }
}

/// The real binary as a subprocess with its stderr captured.
pub struct Child {
    pub child: std::process::Child,
    pub addr: SocketAddr,
}

impl Child {
    /// Kills the process and returns everything it wrote to stderr.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        err
    }
}

/// Starts the binary's proxy with `args` (and `key` in DIFY_API_KEY) and
/// waits for its listening line.
pub fn spawn_proxy(args: &[&str], key: Option<&str>) -> Child {
    spawn_proxy_with_env(args, key, &[])
}

/// [`spawn_proxy`] with these environment variables set.
pub fn spawn_proxy_with_env(args: &[&str], key: Option<&str>, env: &[(&str, &str)]) -> Child {
    let mut cmd = super::binary();
    cmd.envs(env.iter().copied());
    cmd.arg("proxy")
        .args(args)
        .env_remove("DIFY_API_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(k) = key {
        cmd.env("DIFY_API_KEY", k);
    }
    let mut child = cmd.spawn().expect("spawn dify-logs-server");
    let rest = super::listening_line(&mut child, "dify-logs proxy listening on http://");
    let (addr, upstream) = rest.split_once(" -> ").unwrap();
    assert!(!upstream.is_empty(), "{rest}");
    assert!(!rest.contains(KEY));
    let addr: SocketAddr = addr.parse().unwrap();
    assert_ne!(addr.port(), 0, "the real port is printed");
    Child { child, addr }
}
