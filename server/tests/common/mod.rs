//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod proxy;

use std::fmt;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use dify_logs_server::{build_demo, Demo, DemoConfig};
use http_body_util::BodyExt;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use tower::ServiceExt;

/// The reference "now" of most tests: the `Date` of the captures.
pub const NOW: i64 = 1_795_687_069; // Thu, 26 Nov 2026 09:57:49 GMT

/// A demo with default data at [`NOW`].
pub fn demo() -> Demo {
    build_demo(&DemoConfig::new(NOW))
}

/// A demo with the test hooks on.
pub fn demo_with_hooks() -> Demo {
    let mut cfg = DemoConfig::new(NOW);
    cfg.test_hooks = true;
    build_demo(&cfg)
}

/// An answer read in full.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends one request through the router in-process.
pub async fn send(router: &Router, req: Request<Body>) -> Answer {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

/// `GET uri` with `Authorization: Bearer app-demo`.
pub async fn get_auth(router: &Router, uri: &str) -> Answer {
    let req = Request::get(uri)
        .header("authorization", "Bearer app-demo")
        .body(Body::empty())
        .unwrap();
    send(router, req).await
}

/// `METHOD uri` with no headers and an empty body.
pub async fn send_empty(router: &Router, method: Method, uri: &str) -> Answer {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    send(router, req).await
}

/// A JSON value that keeps object key order, for shape comparisons.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    Bool,
    Int,
    Float,
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    pub fn parse(s: &str) -> J {
        serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
    }

    fn kind(&self) -> &'static str {
        match self {
            J::Null => "null",
            J::Bool => "bool",
            J::Int => "int",
            J::Float => "float",
            J::Str(_) => "string",
            J::Arr(_) => "list",
            J::Obj(_) => "object",
        }
    }

    pub fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn keys(&self) -> Vec<&str> {
        match self {
            J::Obj(fields) => fields.iter().map(|(k, _)| k.as_str()).collect(),
            _ => vec![],
        }
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = J;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_none<E>(self) -> Result<J, E> {
                Ok(J::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<J, E> {
                Ok(J::Bool)
            }
            fn visit_i64<E>(self, _: i64) -> Result<J, E> {
                Ok(J::Int)
            }
            fn visit_u64<E>(self, _: u64) -> Result<J, E> {
                Ok(J::Int)
            }
            fn visit_f64<E>(self, _: f64) -> Result<J, E> {
                Ok(J::Float)
            }
            fn visit_str<E>(self, s: &str) -> Result<J, E> {
                Ok(J::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<J, E> {
                Ok(J::Str(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(J::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<J, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, J>()? {
                    v.push((k, x));
                }
                Ok(J::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether `demo` has the shape of `real`: the same keys in the same order,
/// the same value types; `null` on either side is compatible with anything
/// (optional fields); list elements are compared pairwise, an empty list
/// with any list.
pub fn same_shape(real: &J, demo: &J, path: &str) -> Result<(), String> {
    match (real, demo) {
        (J::Null, _) | (_, J::Null) => Ok(()),
        (J::Obj(a), J::Obj(b)) => {
            let ka: Vec<_> = a.iter().map(|(k, _)| k).collect();
            let kb: Vec<_> = b.iter().map(|(k, _)| k).collect();
            if ka != kb {
                return Err(format!("{path}: keys {kb:?}, Dify has {ka:?}"));
            }
            for ((k, va), (_, vb)) in a.iter().zip(b) {
                same_shape(va, vb, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (J::Arr(a), J::Arr(b)) => {
            for (i, vb) in b.iter().enumerate().take(25) {
                for va in a.iter().take(25) {
                    same_shape(va, vb, &format!("{path}[{i}]"))?;
                }
            }
            Ok(())
        }
        (a, b) if a.kind() == b.kind() => Ok(()),
        (a, b) => Err(format!("{path}: {} where Dify has {}", b.kind(), a.kind())),
    }
}

/// A minimal HTTP/1.1 exchange over a real socket; returns the raw answer
/// (empty if the server closed without answering).
pub async fn raw_http(addr: std::net::SocketAddr, request: &str) -> std::io::Result<Vec<u8>> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(request.as_bytes()).await?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await?;
    Ok(out)
}

/// The value of the sample `name` in OpenMetrics text.
pub fn sample(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
        .trim()
        .parse()
        .unwrap()
}

/// A listener on a free port of 127.0.0.1, and its address.
pub async fn listen() -> (tokio::net::TcpListener, std::net::SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// The demo `router` served over real sockets by the crate's `serve`.
pub async fn spawn_demo_server(
    router: Router,
) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let (listener, addr) = listen().await;
    (
        addr,
        tokio::spawn(dify_logs_server::serve(listener, router)),
    )
}

/// A fresh, empty directory under the system temp dir, unique per call.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("dify-logs-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The proxy settings of the environment, which the spawned binaries do
/// not inherit from the shell running the tests.
pub const PROXY_VARS: [&str; 8] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// The server binary, not started yet, with no proxy settings.
pub fn binary() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dify-logs-server"));
    for v in PROXY_VARS {
        cmd.env_remove(v);
    }
    cmd
}

/// Runs the server binary with `args` to completion.
pub fn run_binary(args: &[&str]) -> std::process::Output {
    binary().args(args).output().unwrap()
}

/// Reads the first line the started `child` writes to stdout (its
/// "listening" line) and returns what follows `prefix` in it.
pub fn listening_line(child: &mut std::process::Child, prefix: &str) -> String {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    line.strip_prefix(prefix)
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .trim_end()
        .to_string()
}
