//! What the TLS tests run against, all on 127.0.0.1: certificates made at
//! test time (a private CA and the server certificates it issues), a
//! stand-in Dify over https or plain http, and a small CONNECT proxy.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Response, StatusCode};
use axum::Router;
use hyper_util::rt::TokioIo;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

use crate::common;

/// A private certificate authority, as a company runs for its intranet.
pub struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// A server certificate and its key.
pub struct Leaf {
    pub cert: CertificateDer<'static>,
    pub key: PrivateKeyDer<'static>,
}

impl Ca {
    pub fn new() -> Ca {
        // A name of its own: webpki picks a trust anchor by name, and two
        // CAs of one name make a bad signature instead of an unknown issuer.
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, format!("dify-logs test private CA {n}"));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        Ca { issuer }
    }

    /// The CA certificate in PEM.
    pub fn pem(&self) -> String {
        self.issuer.pem()
    }

    /// Writes the CA certificate to `dir/name` and returns the path.
    pub fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, self.pem()).unwrap();
        path
    }

    /// A server certificate for `names` (IP addresses or DNS names),
    /// valid between the two years if given (else 1975 to 4096).
    pub fn issue(&self, names: &[&str], years: Option<(i32, i32)>) -> Leaf {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "dify test server");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        if let Some((from, to)) = years {
            params.not_before = rcgen::date_time_ymd(from, 1, 1);
            params.not_after = rcgen::date_time_ymd(to, 1, 1);
        }
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        Leaf {
            cert: cert.der().clone(),
            key: PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        }
    }
}

/// `(path and query, Authorization)` of each request a stand-in got.
pub type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A stand-in Dify that answers `/v1/info` and `/v1/workflows/logs`.
fn dify(seen: Seen) -> Router {
    Router::new().fallback(move |req: Request| {
        let seen = seen.clone();
        async move {
            let auth = req
                .headers()
                .get(header::AUTHORIZATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let uri = req.uri().to_string();
            seen.lock().unwrap().push((uri.clone(), auth));
            let body = if uri.starts_with("/v1/info") {
                r#"{"name":"Private Dify","description":"","tags":[],"mode":"workflow","author_name":"ops"}"#
            } else if uri.starts_with("/v1/workflows/logs") {
                r#"{"page":1,"limit":5,"total":1,"has_more":false,"data":[{"id":"behind-a-private-ca"}]}"#
            } else {
                return Response::builder()
                    .status(StatusCode::NOT_FOUND)
                    .body(Body::empty())
                    .unwrap();
            };
            Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap()
        }
    })
}

/// The stand-in Dify over https with `leaf`: its address and what it got.
pub async fn https_dify(leaf: &Leaf) -> (SocketAddr, Seen) {
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.cert.clone()], leaf.key.clone_key())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let seen = Seen::default();
    let app = dify(seen.clone());
    let (listener, addr) = common::listen().await;
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                // A client that rejects the certificate ends it here.
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |req| app.clone().oneshot(req));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    (addr, seen)
}

/// The stand-in Dify over plain http.
pub async fn http_dify() -> (SocketAddr, Seen) {
    let seen = Seen::default();
    let app = dify(seen.clone());
    let (listener, addr) = common::listen().await;
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, seen)
}

/// What the CONNECT proxy does with a request.
#[derive(Clone, Copy)]
pub enum Connect {
    /// Opens the tunnel (to 127.0.0.1 only).
    Tunnel,
    /// Answers with this status line and closes.
    Refuse(&'static str),
}

/// A CONNECT proxy on 127.0.0.1: its address and the request heads it got.
pub async fn connect_proxy(mode: Connect) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let rec = heads.clone();
    let (listener, addr) = common::listen().await;
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let rec = rec.clone();
            tokio::spawn(async move {
                let _ = tunnel(client, mode, rec).await;
            });
        }
    });
    (addr, heads)
}

async fn tunnel(
    mut client: TcpStream,
    mode: Connect,
    heads: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    // Byte by byte, so nothing after the head (the TLS hello) is consumed.
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        if client.read(&mut byte).await? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    heads.lock().unwrap().push(head.clone());
    let target = head
        .strip_prefix("CONNECT ")
        .and_then(|r| r.split(' ').next())
        .and_then(|t| t.parse::<SocketAddr>().ok())
        .filter(|t| t.ip().is_loopback());
    match (mode, target) {
        (Connect::Tunnel, Some(target)) => {
            let mut upstream = TcpStream::connect(target).await?;
            client
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await?;
            tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
        }
        (Connect::Refuse(status), _) => {
            let answer = format!("{status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            client.write_all(answer.as_bytes()).await?;
        }
        (Connect::Tunnel, None) => {
            client
                .write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                .await?;
        }
    }
    Ok(())
}
