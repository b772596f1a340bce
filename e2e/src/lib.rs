//! Harness for the end-to-end tests in `tests/`: the release build of the
//! widget (`dist/`) served by `dify-logs-server demo --test-hooks`, driven in
//! headless Chromium through `chromedriver` with `fantoccini`.
//!
//! Every test gets its own demo server (so its request log and fault queue
//! are its own), its own chromedriver and a fresh browser profile; all of
//! them are killed when the [`Harness`] is dropped, even after a failed
//! assertion. Nothing is built here: `scripts/browser-tests e2e` builds the
//! server (dev profile, handed over in `DIFY_LOGS_SERVER`) and, when `dist/`
//! is missing, the widget; by hand, run `./scripts/build` and
//! `cargo build --release -p dify-logs-server` first.

use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod a11y;

pub use fantoccini::{Client, Locator};
use serde::Deserialize;
use serde_json::{json, Value};

/// The demo's reference "now": 2026-11-26T09:53:21Z.
pub const NOW: i64 = 1_795_686_801;
/// The demo's data seed.
pub const SEED: u64 = 42;
/// The app key every host page uses.
pub const KEY: &str = "app-demo";
/// The default wait for something to appear on screen or on the server.
pub const WAIT: Duration = Duration::from_secs(15);

/// The workspace root (`e2e/..`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e has a parent directory")
        .to_path_buf()
}

/// The release build of the widget; panics with what to do when missing.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("DIFY_LOGS_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    for f in ["dify-logs.js", "dify-logs_bg.wasm", "dify-logs.css"] {
        assert!(
            dist.join(f).is_file(),
            "{} is missing: run ./scripts/build first",
            dist.join(f).display()
        );
    }
    dist
}

/// The `dify-logs-server` binary: `$DIFY_LOGS_SERVER`, else the workspace's
/// `target/release/dify-logs-server`.
pub fn server_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("DIFY_LOGS_SERVER") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let bin = target.join("release").join("dify-logs-server");
    assert!(
        bin.is_file(),
        "{} is missing: run `cargo build --release -p dify-logs-server` first (or set DIFY_LOGS_SERVER)",
        bin.display()
    );
    bin
}

/// Where screenshots go: `target/screenshots/` of the workspace.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("screenshots")
}

/// A directory with a copy of `dist/` and the host pages of `e2e/pages/`.
pub fn make_site() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("dify-logs-e2e-site")
        .tempdir()
        .expect("temp dir");
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("pages");
    for src in [dist_dir(), pages] {
        copy_tree(&src, dir.path());
    }
    dir
}

/// Copies the files of `from` into `to`, folders too (the module imports
/// `snippets/...`).
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            std::fs::create_dir_all(&target).expect("make a site folder");
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).expect("copy a site file");
        }
    }
}

/// A free port on 127.0.0.1 (released right away; a small race we accept).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

// ---------------------------------------------------------------------------
// The demo server
// ---------------------------------------------------------------------------

/// One `/v1` request as the demo recorded it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub raw_query: String,
    pub params: Vec<(String, String)>,
    pub authorization: Option<String>,
    pub origin: Option<String>,
    pub ts_ms: u64,
}

impl Recorded {
    /// The decoded value of a parameter.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The parameters, sorted, for order-independent comparison.
    pub fn sorted_params(&self) -> Vec<(String, String)> {
        let mut p = self.params.clone();
        p.sort();
        p
    }

    /// Is this the widget's `GET /v1/workflows/logs`?
    pub fn is_logs_get(&self) -> bool {
        self.method == "GET" && self.path == "/v1/workflows/logs"
    }
}

/// Sorted owned pairs from `&[("k", "v")]`.
pub fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    v.sort();
    v
}

/// A running `dify-logs-server demo --test-hooks`; killed on drop.
pub struct DemoServer {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    addr: String,
}

impl DemoServer {
    /// Starts the demo serving `serve_dir` at `/`, with the fixed `--now`
    /// and `--seed`, and waits for its "listening" line.
    pub fn start(serve_dir: &Path) -> Self {
        let mut child = Command::new(server_bin())
            .args([
                "demo",
                "--addr",
                "127.0.0.1:0",
                "--test-hooks",
                "--key",
                KEY,
                // Three apps at /apps/{slug}/v1 besides /v1 (unchanged):
                // support (the /v1 data), sales, ops.
                "--apps",
                "3",
            ])
            .arg("--now")
            .arg(NOW.to_string())
            .arg("--seed")
            .arg(SEED.to_string())
            .arg("--serve-dir")
            .arg(serve_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server_bin().display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let mut reader = BufReader::new(stdout);
        reader
            .read_line(&mut line)
            .expect("read the demo's first line");
        // The demo prints a line per app after it: keep its stdout open and
        // read, or its next print fails on a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let origin = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("the demo did not print its address; it printed {line:?}")
            })
            .to_string();
        let addr = origin.trim_start_matches("http://").to_string();
        DemoServer {
            child,
            origin,
            addr,
        }
    }

    /// `http://127.0.0.1:PORT/v1`
    pub fn api_base(&self) -> String {
        format!("{}/v1", self.origin)
    }

    /// `http://127.0.0.1:PORT/<path>`
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.origin, path.trim_start_matches('/'))
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
        http_call(&self.addr, method, path, body)
    }

    /// Every `/v1` request received since the last [`Self::clear_log`].
    pub fn request_log(&self) -> Vec<Recorded> {
        let (status, body) = self.call("GET", "/__test/requests", None);
        assert_eq!(status, 200, "GET /__test/requests: {body}");
        serde_json::from_str(&body).expect("request log JSON")
    }

    /// Only the widget's `GET /v1/workflows/logs` requests.
    pub fn logs_requests(&self) -> Vec<Recorded> {
        self.request_log()
            .into_iter()
            .filter(Recorded::is_logs_get)
            .collect()
    }

    /// Empties the request log.
    pub fn clear_log(&self) {
        let (status, body) = self.call("DELETE", "/__test/requests", None);
        assert_eq!(status, 200, "DELETE /__test/requests: {body}");
    }

    /// Queues a fault (`{"kind": ..., "times"?, "delay_ms"?, "path_contains"?}`).
    pub fn set_fault(&self, spec: Value) {
        let (status, body) = self.call("POST", "/__test/fault", Some(&spec));
        assert_eq!(status, 200, "POST /__test/fault {spec}: {body}");
    }

    /// Calls a test hook (`/__test/...`) and returns its JSON answer.
    pub fn hook(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let (status, text) = self.call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Removes every queued fault.
    pub fn clear_fault(&self) {
        let (status, body) = self.call("DELETE", "/__test/fault", None);
        assert_eq!(status, 200, "DELETE /__test/fault: {body}");
    }

    /// The faults still queued.
    pub fn faults(&self) -> Value {
        let (_, body) = self.call("GET", "/__test/fault", None);
        serde_json::from_str(&body).unwrap_or(Value::Null)
    }

    /// Waits for a logs request whose sorted params equal `expected`
    /// (`params(&[...])`), and returns it.
    pub async fn wait_logs_request(&self, expected: &[(String, String)]) -> Recorded {
        let mut last = Vec::new();
        let found = poll(WAIT, || {
            let reqs = self.logs_requests();
            let hit = reqs
                .iter()
                .rev()
                .find(|r| r.sorted_params() == expected)
                .cloned();
            last = reqs;
            async move { hit }
        })
        .await;
        found.unwrap_or_else(|| {
            panic!(
                "no GET /v1/workflows/logs with params {expected:?}; received: {:#?}",
                last.iter().map(|r| &r.raw_query).collect::<Vec<_>>()
            )
        })
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal blocking HTTP/1.1 client for the test hooks and the stub
/// (`Connection: close`, `Content-Length` or chunked bodies).
pub fn http_call(addr: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write request");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let chunked = head.lines().any(|l| {
        l.to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked")
    });
    let body = if chunked {
        let mut out = String::new();
        let mut rest = rest;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 || after.len() < n {
                break;
            }
            out.push_str(&after[..n]);
            rest = after[n..].trim_start_matches("\r\n");
        }
        out
    } else {
        rest.to_string()
    };
    (status, body)
}

// ---------------------------------------------------------------------------
// A stub API for bodies the demo cannot produce
// ---------------------------------------------------------------------------

/// A tiny `/v1` server answering every `GET` with one canned JSON body
/// (CORS `*`, preflights allowed), on its own thread; stops on drop.
pub struct StubApi {
    pub origin: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    addr: String,
}

impl StubApi {
    pub fn start(body: Value) -> Self {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind stub");
        let addr = listener.local_addr().expect("stub addr").to_string();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let body = body.to_string();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut s) = conn else { continue };
                let body = body.clone();
                std::thread::spawn(move || {
                    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
                    let mut buf = [0u8; 8192];
                    let mut req = Vec::new();
                    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                        match s.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => req.extend_from_slice(&buf[..n]),
                        }
                    }
                    let preflight = req.starts_with(b"OPTIONS");
                    let cors = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: authorization, content-type\r\nAccess-Control-Allow-Methods: GET, OPTIONS\r\n";
                    let resp = if preflight {
                        format!("HTTP/1.1 204 No Content\r\n{cors}Content-Length: 0\r\nConnection: close\r\n\r\n")
                    } else {
                        format!(
                            "HTTP/1.1 200 OK\r\n{cors}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        )
                    };
                    let _ = s.write_all(resp.as_bytes());
                });
            }
        });
        StubApi {
            origin: format!("http://{addr}"),
            stop,
            addr,
        }
    }
}

impl Drop for StubApi {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = TcpStream::connect(&self.addr); // wake the accept loop
    }
}

// ---------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------

/// The Chromium binary chromedriver should start.
fn chromium_binary() -> Option<String> {
    if let Ok(b) = std::env::var("CHROME_BIN") {
        return Some(b);
    }
    // Debian's /usr/bin/chromium is a wrapper script; start the real binary.
    ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .map(String::from)
}

/// chromedriver plus one headless Chromium session with a fresh profile.
pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver (with `TZ` set when given; Chromium inherits it)
    /// and opens a session.
    pub async fn start(tz: Option<&str>) -> Self {
        let port = free_port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let mut cmd = Command::new(&driver_bin);
        cmd.arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(tz) = tz {
            cmd.env("TZ", tz);
        }
        let mut driver = cmd.spawn().unwrap_or_else(|e| {
            panic!("cannot start {driver_bin}: {e} (apt-get install chromium-driver)")
        });
        let profile = tempfile::Builder::new()
            .prefix("dify-logs-e2e-profile")
            .tempdir()
            .expect("profile dir");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                panic!("chromedriver did not listen on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut opts = json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        });
        if let Some(bin) = chromium_binary() {
            opts["binary"] = json!(bin);
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), opts);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut last_err = String::new();
        for _ in 0..3 {
            match fantoccini::ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        driver,
                        profile,
                    }
                }
                Err(e) => {
                    last_err = e.to_string();
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            }
        }
        let _ = driver.kill();
        panic!("cannot open a Chromium session: {last_err}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Chromium outlives a killed chromedriver: end the processes that
        // use this session's profile (only ours), then chromedriver.
        let marker = format!("--user-data-dir={}", self.profile.path().display());
        if let Ok(dir) = std::fs::read_dir("/proc") {
            for e in dir.flatten() {
                let name = e.file_name();
                let Some(pid) = name.to_str().and_then(|s| s.parse::<u32>().ok()) else {
                    continue;
                };
                let Ok(cmdline) = std::fs::read(e.path().join("cmdline")) else {
                    continue;
                };
                let cmdline = String::from_utf8_lossy(&cmdline);
                if cmdline.split('\0').any(|a| a == marker) {
                    let _ = Command::new("kill")
                        .args(["-9", &pid.to_string()])
                        .stderr(Stdio::null())
                        .status();
                }
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

// ---------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------

/// Polls `f` every 50 ms until it gives `Some`, or `None` after `timeout`.
pub async fn poll<T, F, Fut>(timeout: Duration, mut f: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Like [`poll`], but panics with `what` on timeout.
pub async fn wait_for<T, F, Fut>(what: &str, f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    poll(WAIT, f)
        .await
        .unwrap_or_else(|| panic!("timed out after {WAIT:?} waiting for {what}"))
}

// ---------------------------------------------------------------------------
// A test's world: site, demo server, browser
// ---------------------------------------------------------------------------

/// Options for [`Harness::start_with`].
#[derive(Default, Clone)]
pub struct Setup {
    /// `TZ` for chromedriver and so Chromium.
    pub tz: Option<&'static str>,
    /// Also start a second server (another origin) serving the host pages.
    pub second_origin: bool,
}

/// Replaces `<a download>.click()` with a record of the file.
const DOWNLOAD_SPY: &str = r#"
window.__downloads = [];
const blobs = new Map();
const create = URL.createObjectURL;
URL.createObjectURL = function (obj) { const u = create.call(URL, obj); blobs.set(u, obj); return u; };
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (!this.hasAttribute("download")) return click.call(this);
  window.__downloads.push({ name: this.download, blob: blobs.get(this.href) });
};
return true;
"#;

/// One test's site, demo server(s) and browser.
pub struct Harness {
    pub browser: Browser,
    pub demo: DemoServer,
    /// A second demo used only as a static server on another origin.
    pub host: Option<DemoServer>,
    _site: tempfile::TempDir,
}

impl Harness {
    /// A demo and a browser in the machine's time zone.
    pub async fn start() -> Self {
        Self::start_with(Setup::default()).await
    }

    pub async fn start_with(setup: Setup) -> Self {
        let site = make_site();
        let demo = DemoServer::start(site.path());
        let host = setup.second_origin.then(|| DemoServer::start(site.path()));
        let browser = Browser::start(setup.tz).await;
        Harness {
            browser,
            demo,
            host,
            _site: site,
        }
    }

    pub fn client(&self) -> &Client {
        &self.browser.client
    }

    /// The directory the demo serves the widget and the host pages from.
    pub fn site(&self) -> &Path {
        self._site.path()
    }

    /// Opens `url` and waits until the host page says it is ready.
    pub async fn open_url(&self, url: &str) {
        self.client().goto(url).await.expect("navigate");
        let c = self.client();
        let state = wait_for(&format!("{url} to load the widget"), || async move {
            let v = c
                .execute(
                    "return window.__ready ? 'ready' : (window.__initError || null);",
                    vec![],
                )
                .await
                .ok()?;
            v.as_str().map(String::from)
        })
        .await;
        assert_eq!(state, "ready", "the host page failed: {state}");
    }

    /// Opens a host page of the demo's own origin (`mount.html?...`).
    pub async fn open(&self, page: &str) {
        let url = self.demo.url(page);
        self.open_url(&url).await;
    }

    /// Records `<a download>` clicks instead of saving a file, keeping each
    /// blob (`window.__downloads`).
    pub async fn spy_downloads(&self) {
        self.js(DOWNLOAD_SPY, vec![]).await;
    }

    /// Waits until an export says "Exported ..." and returns what it says.
    pub async fn export_done(&self) -> String {
        wait_for("the export to finish", || async {
            let s: Value = self
                .js(
                    "const e = document.querySelector('.dify-logs__export-status'); return e ? e.textContent : null;",
                    vec![],
                )
                .await;
            s.as_str()
                .filter(|s| s.starts_with("Exported"))
                .map(str::to_string)
        })
        .await
    }

    /// The text of download number `i` (from 0) since [`Self::spy_downloads`].
    pub async fn download_text(&self, i: usize) -> String {
        let v = self
            .js(
                "return window.__downloads[arguments[0]].blob.text();",
                vec![Value::from(i)],
            )
            .await;
        v.as_str().expect("a downloaded file").to_string()
    }

    /// The widget mounted in `#w`.
    pub fn w(&self) -> Widget<'_> {
        self.widget("#w")
    }

    /// Sets Status to Failed with the demo holding that one answer back for
    /// `delay_ms`, and returns once the demo has received the request: a
    /// slow query "A" in flight, for abort and ordering tests.
    pub async fn start_slow_failed_query(&self, delay_ms: u64) {
        self.demo
            .set_fault(json!({"kind": "delay", "delay_ms": delay_ms, "times": 1}));
        self.w().select("Status", "Failed").await;
        self.demo
            .wait_logs_request(&logs_params(&[("status", "failed")]))
            .await;
    }

    /// The widget mounted in the element matching `root`.
    pub fn widget(&self, root: &str) -> Widget<'_> {
        Widget {
            c: self.client(),
            root: root.to_string(),
        }
    }

    /// Waits until an element matching `css` is in the page.
    pub async fn wait_present(&self, what: &str, css: &str) {
        let script = "return !!document.querySelector(arguments[0]);";
        wait_for(what, || async {
            (self.js(script, vec![Value::from(css)]).await == Value::Bool(true)).then_some(())
        })
        .await;
    }

    /// Clicks the first element matching `css`.
    pub async fn click_css(&self, css: &str) {
        self.client()
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client()
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// What the page wrote to the console, plus uncaught errors.
    pub async fn console(&self) -> Vec<ConsoleLine> {
        let v = self.js("return window.__console || [];", vec![]).await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Panics if the console shows a Rust panic or a wasm trap.
    pub async fn assert_no_panic(&self) {
        for l in self.console().await {
            let t = l.text.to_lowercase();
            assert!(
                !(t.contains("panicked")
                    || t.contains("unreachable")
                    || t.contains("runtimeerror")),
                "the widget panicked or trapped: [{}] {}",
                l.level,
                l.text
            );
        }
    }

    /// Every fetch the page made, with its AbortSignal state.
    pub async fn fetch_log(&self) -> Vec<FetchRecord> {
        let v = self
            .js(
                "return window.__fetchLog ? window.__fetchLog() : [];",
                vec![],
            )
            .await;
        serde_json::from_value(v).expect("fetch log")
    }

    /// Saves a screenshot to `target/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client().screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create target/screenshots");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

/// One console line recorded by `harness.js`.
#[derive(Clone, Debug, Deserialize)]
pub struct ConsoleLine {
    pub level: String,
    pub text: String,
}

/// One fetch recorded by `harness.js`.
#[derive(Clone, Debug, Deserialize)]
pub struct FetchRecord {
    pub url: String,
    pub has_signal: bool,
    pub aborted: bool,
    /// `pending`, `resolved` or `rejected`.
    pub outcome: String,
    pub error: Option<String>,
    pub status: Option<u16>,
    /// `performance.now()` when the fetch started and settled.
    pub t0: f64,
    pub t1: Option<f64>,
}

// ---------------------------------------------------------------------------
// The widget as a user sees it
// ---------------------------------------------------------------------------

/// What one widget shows, read in one round trip.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Snapshot {
    pub mounted: bool,
    pub rows: usize,
    /// Each row's cells' text, joined by `|`.
    pub row_texts: Vec<String>,
    /// Each row's start as the UTC instant of the Started cell's title.
    pub started_utc: Vec<String>,
    pub badges: Vec<String>,
    pub label: Option<String>,
    pub total: Option<String>,
    pub alert: Option<String>,
    pub invalid: Option<String>,
    pub hints: Vec<String>,
    /// `aria-busy` of the table, when there is one.
    pub busy: Option<String>,
    pub placeholder: bool,
    pub empty: bool,
    /// Control values by aria-label.
    pub keyword: Option<String>,
    pub status: Option<String>,
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub session: Option<String>,
    pub account: Option<String>,
    pub limit: Option<String>,
}

impl Snapshot {
    /// Loaded and idle: rows, the empty state or an alert; nothing pending.
    pub fn settled(&self) -> bool {
        !self.placeholder
            && self.busy.as_deref() != Some("true")
            && (self.rows > 0 || self.empty || self.alert.is_some())
    }
}

const SNAPSHOT_JS: &str = r#"
const root = document.querySelector(arguments[0]);
if (!root) return null;
const q = (s) => root.querySelector(s);
const t = (s) => { const e = q(s); return e ? e.textContent.trim() : null; };
const v = (l) => { const e = root.querySelector(`[aria-label="${l}"]`); return e ? e.value : null; };
const rows = [...root.querySelectorAll("tr.dify-logs__row")];
const table = q("table");
return {
  mounted: !!q(".dify-logs"),
  rows: rows.length,
  row_texts: rows.map((r) => [...r.cells].map((c) => c.textContent.trim()).join("|")),
  started_utc: rows.map((r) => r.cells[0] ? r.cells[0].title : ""),
  badges: rows.map((r) => { const b = r.querySelector(".dify-logs__badge"); return b ? b.textContent.trim() : ""; }),
  label: t(".dify-logs__page-label"),
  total: t(".dify-logs__total"),
  alert: t("[role=alert]"),
  invalid: t(".dify-logs__invalid"),
  hints: [...root.querySelectorAll(".dify-logs__hint")].map((e) => e.textContent.trim()),
  busy: table ? table.getAttribute("aria-busy") : null,
  placeholder: !!q(".dify-logs__placeholder"),
  empty: !!q(".dify-logs__empty"),
  keyword: v("Keyword"), status: v("Status"), period: v("Period"), from: v("From"), to: v("To"),
  session: v("Session ID"), account: v("Account email"), limit: v("Rows per page"),
};
"#;

/// One mounted widget, scoped by a CSS selector of its host element.
pub struct Widget<'a> {
    c: &'a Client,
    pub root: String,
}

impl Widget<'_> {
    /// Reads everything a user sees (`None` when the host element is gone).
    pub async fn try_snapshot(&self) -> Option<Snapshot> {
        let v = self
            .c
            .execute(SNAPSHOT_JS, vec![json!(self.root)])
            .await
            .expect("snapshot script");
        if v.is_null() {
            None
        } else {
            Some(serde_json::from_value(v).expect("snapshot shape"))
        }
    }

    pub async fn snapshot(&self) -> Snapshot {
        self.try_snapshot()
            .await
            .unwrap_or_else(|| panic!("{} is not on the page", self.root))
    }

    /// Waits until `pred` holds for the snapshot and returns it.
    pub async fn wait(&self, what: &str, pred: impl Fn(&Snapshot) -> bool) -> Snapshot {
        let deadline = Instant::now() + WAIT;
        loop {
            let s = self.try_snapshot().await;
            if let Some(s) = &s {
                if pred(s) {
                    return s.clone();
                }
            }
            if Instant::now() >= deadline {
                panic!("timed out waiting for {what}; the widget shows {s:#?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the widget is loaded and idle.
    pub async fn wait_settled(&self) -> Snapshot {
        self.wait("the widget to settle", Snapshot::settled).await
    }

    /// Waits for `n` rows, idle.
    pub async fn wait_rows(&self, n: usize) -> Snapshot {
        self.wait(&format!("{n} rows"), |s| s.settled() && s.rows == n)
            .await
    }

    /// A control of this widget by its aria-label.
    pub async fn control(&self, label: &str) -> fantoccini::elements::Element {
        let css = format!("{} [aria-label=\"{label}\"]", self.root);
        self.c
            .find(Locator::Css(&css))
            .await
            .unwrap_or_else(|e| panic!("no control {label:?} in {}: {e}", self.root))
    }

    /// Chooses an option of a select by its visible text (a real click).
    pub async fn select(&self, label: &str, option_text: &str) {
        self.control(label)
            .await
            .select_by_label(option_text)
            .await
            .unwrap_or_else(|e| panic!("select {option_text:?} in {label:?}: {e}"));
    }

    /// Types into a text control (appends to what is there).
    pub async fn type_text(&self, label: &str, text: &str) {
        self.control(label)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {label:?}: {e}"));
    }

    /// Empties a text control like a user: select all, Backspace (real key
    /// events, so the widget sees `input`; WebDriver's clear fires none).
    pub async fn clear_text(&self, label: &str) {
        let el = self.control(label).await;
        el.send_keys("\u{E009}a\u{E000}\u{E003}")
            .await
            .unwrap_or_else(|e| panic!("clear {label:?}: {e}"));
    }

    /// Types then presses Enter.
    pub async fn type_enter(&self, label: &str, text: &str) {
        let el = self.control(label).await;
        el.send_keys(text).await.expect("type");
        el.send_keys("\u{E007}").await.expect("Enter");
    }

    /// Clicks a button by aria-label or visible text (the first match).
    pub async fn click(&self, name: &str) {
        let xpath =
            format!("//*[self::button][@aria-label='{name}' or normalize-space(.)='{name}']");
        let root = self
            .c
            .find(Locator::Css(&self.root))
            .await
            .expect("widget root");
        let btn = root
            .find(Locator::XPath(&format!(".{xpath}")))
            .await
            .unwrap_or_else(|e| panic!("no button {name:?} in {}: {e}", self.root));
        btn.click()
            .await
            .unwrap_or_else(|e| panic!("click {name:?}: {e}"));
    }

    /// Sets a `datetime-local` control (From/To) the way a picker does:
    /// value, then `input` and `change` events.
    pub async fn set_datetime(&self, label: &str, value: &str) {
        let css = format!("{} [aria-label=\"{label}\"]", self.root);
        let ok = self
            .c
            .execute(
                "const e = document.querySelector(arguments[0]); if (!e) return false;
                 e.value = arguments[1];
                 e.dispatchEvent(new Event('input', {bubbles: true}));
                 e.dispatchEvent(new Event('change', {bubbles: true}));
                 return e.value === arguments[1];",
                vec![json!(css), json!(value)],
            )
            .await
            .expect("set datetime");
        assert_eq!(ok, json!(true), "could not set {label} to {value}");
    }

    /// The host element's outerHTML.
    pub async fn outer_html(&self) -> String {
        let v = self
            .c
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.outerHTML : null;",
                vec![json!(self.root)],
            )
            .await
            .expect("outerHTML");
        v.as_str().unwrap_or_default().to_string()
    }
}

/// A logs request's expected params with the widget's defaults
/// (`page=1`, `limit=20`) overridden or extended by `extra`.
pub fn logs_params(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(&str, &str)> = vec![("page", "1"), ("limit", "20")];
    for (k, v) in extra {
        if let Some(p) = pairs.iter_mut().find(|(pk, _)| pk == k) {
            p.1 = v;
        } else {
            pairs.push((k, v));
        }
    }
    params(&pairs)
}
