//! The proxy in front of a Dify behind a private CA or a corporate proxy:
//! what it trusts (`--ca-file`, `SSL_CERT_FILE`, `SSL_CERT_DIR`), how it
//! says why the upstream cannot be used (the 502/504, `/readyz`, the log),
//! and `HTTPS_PROXY` / `NO_PROXY`. Everything runs on 127.0.0.1, with
//! certificates made at test time.

mod apps;
#[path = "../common/mod.rs"]
mod common;
mod fixtures;

use std::net::SocketAddr;
use std::time::Duration;

use common::proxy::{
    closed_addr, config_for, get, logged, spawn_proxy_with_env, start, Child, KEY,
};
use dify_logs_server::proxy::{self, ProxyConfig};
use fixtures::{connect_proxy, http_dify, https_dify, Ca, Connect};

const LOGS: &str = "/v1/workflows/logs?limit=5";

const UNTRUSTED: &str = "Dify's TLS certificate is not trusted: it was issued by an unknown certificate authority. If Dify uses a private CA, pass your CA with --ca-file.";

/// A config for `https://{addr}/v1` trusting the CA in `ca_file`, if any.
fn https_config(addr: SocketAddr, ca_file: Option<&std::path::Path>) -> ProxyConfig {
    let mut cfg = config_for(&format!("https://{addr}/v1"));
    cfg.ca_files = ca_file.into_iter().map(Into::into).collect();
    cfg
}

/// Asserts that the proxy for `cfg` answers the logs call with the error
/// `status`/`code`/`message`, that `/readyz` gives the same message as its
/// reason, and that both failures are logged with the code, the message
/// and `where_` (`host:port, route`). The key is checked for in every
/// answer (`get`) and, when the proxy is dropped, in every log line.
async fn assert_cause(cfg: ProxyConfig, where_: &str, status: u16, code: &str, message: &str) {
    let p = start(cfg).await;
    let a = get(p.addr, LOGS).await;
    a.assert_error(status, code);
    assert_eq!(a.json()["message"], message);
    let r = get(p.addr, "/readyz").await;
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.json()["status"], "not_ready");
    assert_eq!(r.json()["reason"], message);
    let log = logged();
    for what in ["upstream GET /workflows/logs", "readiness check"] {
        let line = format!("{what}: {code}: {message} ({where_}): ");
        assert!(
            log.lines().any(|l| l.contains(&line)),
            "no log line with {line:?} in\n{log}"
        );
    }
}

// --------------------------------------------------------------- trust

#[tokio::test]
async fn a_private_ca_is_trusted_with_ca_file_and_only_then() {
    let ca = Ca::new();
    let dir = common::temp_dir("tls-ca");
    let ca_file = ca.write(&dir, "ca.pem");
    let (up, seen) = https_dify(&ca.issue(&["127.0.0.1"], None)).await;

    let p = start(https_config(up, Some(&ca_file))).await;
    let a = get(p.addr, LOGS).await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["data"][0]["id"], "behind-a-private-ca");
    let r = get(p.addr, "/readyz").await;
    assert_eq!(
        (r.status, r.json()["status"].clone()),
        (200, "ready".into())
    );
    let auth = seen.lock().unwrap()[0].1.clone();
    assert_eq!(auth, Some(format!("Bearer {KEY}")));
    drop(p);

    // Without it the handshake fails, so the key is never sent.
    let before = seen.lock().unwrap().len();
    let where_ = format!("127.0.0.1:{}, direct", up.port());
    assert_cause(
        https_config(up, None),
        &where_,
        502,
        "upstream_cert_untrusted",
        UNTRUSTED,
    )
    .await;
    assert_eq!(seen.lock().unwrap().len(), before, "no request got through");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_certificate_for_another_name_is_named() {
    let ca = Ca::new();
    let dir = common::temp_dir("tls-name");
    let ca_file = ca.write(&dir, "ca.pem");
    let leaf = ca.issue(&["dify.internal.example", "10.1.2.3"], None);
    let (up, seen) = https_dify(&leaf).await;
    let where_ = format!("127.0.0.1:{}, direct", up.port());
    assert_cause(
        https_config(up, Some(&ca_file)),
        &where_,
        502,
        "upstream_cert_name_mismatch",
        "Dify's TLS certificate is for other names (dify.internal.example, 10.1.2.3), not for the host in --upstream. Use one of those names in --upstream, or give Dify a certificate for that host.",
    )
    .await;
    assert!(seen.lock().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_expired_or_not_yet_valid_certificate_is_named() {
    let ca = Ca::new();
    let dir = common::temp_dir("tls-dates");
    let ca_file = ca.write(&dir, "ca.pem");
    let cases = [
        (
            (2020, 2021),
            "upstream_cert_expired",
            "Dify's TLS certificate expired on 2021-01-01 00:00 UTC. Renew it, or check the clock of the proxy's machine.",
        ),
        (
            (2090, 2091),
            "upstream_cert_not_yet_valid",
            "Dify's TLS certificate is not valid until 2090-01-01 00:00 UTC. Check the clocks of the proxy's machine and of Dify.",
        ),
    ];
    for (years, code, message) in cases {
        let (up, seen) = https_dify(&ca.issue(&["127.0.0.1"], Some(years))).await;
        let where_ = format!("127.0.0.1:{}, direct", up.port());
        assert_cause(
            https_config(up, Some(&ca_file)),
            &where_,
            502,
            code,
            message,
        )
        .await;
        assert!(seen.lock().unwrap().is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn plain_http_on_the_https_port_is_named() {
    let (up, _) = http_dify().await;
    let where_ = format!("127.0.0.1:{}, direct", up.port());
    assert_cause(
        https_config(up, None),
        &where_,
        502,
        "upstream_tls_handshake",
        "The TLS handshake with Dify failed: the server did not answer in TLS; it may speak plain http on that port. Check the scheme and port in --upstream.",
    )
    .await;
}

// -------------------------------------------------------- connecting

#[tokio::test]
async fn a_refused_connection_is_named() {
    let closed = closed_addr();
    let where_ = format!("127.0.0.1:{}, direct", closed.port());
    assert_cause(
        https_config(closed, None),
        &where_,
        502,
        "upstream_refused",
        "Dify refused the connection: nothing accepts connections at the host and port in --upstream. Check the port, and that Dify is running.",
    )
    .await;
}

#[tokio::test]
async fn an_unknown_host_name_is_named() {
    // A 64-character label is longer than DNS allows (RFC 1035), so the
    // system resolver fails at once without sending a query anywhere.
    let host = format!("{}.invalid", "a".repeat(64));
    assert_cause(
        config_for(&format!("http://{host}/v1")),
        &format!("{host}:80, direct"),
        502,
        "upstream_dns",
        "The host name in --upstream was not found (DNS). Check its spelling, and that this machine's DNS knows it.",
    )
    .await;
}

#[tokio::test]
async fn a_connect_time_out_is_named() {
    // A listener whose accept queue (backlog 0: one connection) is full
    // and never drained: the kernel drops further SYNs, so connecting
    // hangs as it does behind a firewall that drops packets.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    while let Ok(Ok(s)) = tokio::time::timeout(
        Duration::from_millis(300),
        tokio::net::TcpStream::connect(addr),
    )
    .await
    {
        queued.push(s);
        assert!(queued.len() < 64, "the accept queue never filled");
    }
    let mut cfg = https_config(addr, None);
    cfg.connect_timeout = Duration::from_secs(1);
    let where_ = format!("127.0.0.1:{}, direct", addr.port());
    assert_cause(
        cfg,
        &where_,
        504,
        "upstream_connect_timeout",
        "Connecting to Dify timed out after 1 s: no answer from the host and port in --upstream (a firewall dropping the connection, or the wrong address?).",
    )
    .await;
    drop((queued, listener));
}

// ---------------------------------------------------------- --ca-file

#[test]
fn a_bad_ca_file_stops_start_up() {
    let dir = common::temp_dir("tls-bad-ca");
    let missing = dir.join("missing.pem");
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let key_only = dir.join("key.pem");
    std::fs::write(
        &key_only,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let broken = dir.join("broken.pem");
    std::fs::write(
        &broken,
        "-----BEGIN CERTIFICATE-----\n!!! not base64 !!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let not_a_cert = dir.join("not-a-cert.pem");
    std::fs::write(
        &not_a_cert,
        "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let cases = [
        (&missing, "cannot read it"),
        (&dir, "cannot read it"),
        (&empty, "holds no certificate"),
        (&key_only, "holds no certificate"),
        (&broken, "not valid PEM"),
        (&not_a_cert, "certificate 1 is not usable"),
    ];
    for (path, why) in cases {
        let mut cfg = https_config("127.0.0.1:9".parse().unwrap(), None);
        cfg.ca_files = vec![Ca::new().write(&dir, "good.pem"), path.clone()];
        let err = proxy::build(cfg).expect_err("refused");
        let expected = format!("--ca-file {}: {why}", path.display());
        assert!(
            err.starts_with(&expected),
            "{err:?} should start {expected:?}"
        );
    }
    // The binary says so and does not start.
    let out = common::binary()
        .args([
            "proxy",
            "--upstream",
            "https://127.0.0.1:9/v1",
            "--addr",
            "127.0.0.1:0",
        ])
        .args(["--ca-file", missing.to_str().unwrap()])
        .env("DIFY_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "did not start listening");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("--ca-file {}: cannot read it", missing.display())),
        "{err}"
    );
    assert!(!err.contains(KEY));
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------- the real binary, env

/// Starts the binary for `url` with `env` and extra `args`.
fn spawn(url: &str, args: &[&str], env: &[(&str, &str)]) -> Child {
    let mut all = vec!["--upstream", url, "--addr", "127.0.0.1:0"];
    all.extend_from_slice(args);
    spawn_proxy_with_env(&all, Some(KEY), env)
}

/// Stops `child` and returns its stderr, checked for the key.
fn stop(child: Child) -> String {
    let err = child.stop();
    assert!(!err.contains(KEY), "the key is in stderr:\n{err}");
    err
}

#[tokio::test]
async fn ssl_cert_file_and_ssl_cert_dir_are_honoured() {
    let ca = Ca::new();
    let dir = common::temp_dir("tls-env");
    let ca_file = ca.write(&dir, "ca.pem");
    // The loader takes files named like OpenSSL's hashed links
    // (`c_rehash`); it does not check the hash itself.
    let hashed = dir.join("hashed");
    std::fs::create_dir(&hashed).unwrap();
    ca.write(&hashed, "deadbeef.0");
    let empty = dir.join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let (up, _) = https_dify(&ca.issue(&["127.0.0.1"], None)).await;
    let url = format!("https://{up}/v1");
    let file = ca_file.to_str().unwrap();
    let no_dir = dir.join("no-such-dir");
    let envs = [
        [
            ("SSL_CERT_FILE", file),
            ("SSL_CERT_DIR", no_dir.to_str().unwrap()),
        ],
        [
            ("SSL_CERT_FILE", empty.to_str().unwrap()),
            ("SSL_CERT_DIR", hashed.to_str().unwrap()),
        ],
    ];
    for env in envs {
        let child = spawn(&url, &[], &env);
        let a = get(child.addr, LOGS).await;
        assert_eq!(a.status, 200, "{env:?}: {}", a.text());
        let err = stop(child);
        assert!(err.contains(&format!("{}={}", env[0].0, env[0].1)), "{err}");
    }
    // Either variable replaces the system store, as in OpenSSL: with one
    // that holds another certificate, the CA is not trusted.
    let other = Ca::new().write(&dir, "other.pem");
    let env = [
        ("SSL_CERT_FILE", other.to_str().unwrap()),
        ("SSL_CERT_DIR", ""),
    ];
    let child = spawn(&url, &[], &env);
    let a = get(child.addr, LOGS).await;
    a.assert_error(502, "upstream_cert_untrusted");
    assert_eq!(a.json()["message"], UNTRUSTED);
    let err = stop(child);
    assert!(err.contains("upstream_cert_untrusted"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn https_proxy_is_used_and_no_proxy_bypasses_it() {
    let ca = Ca::new();
    let dir = common::temp_dir("tls-proxy");
    let ca_file = ca.write(&dir, "ca.pem");
    let (up, seen) = https_dify(&ca.issue(&["127.0.0.1"], None)).await;
    let (px, heads) = connect_proxy(Connect::Tunnel).await;
    let url = format!("https://{up}/v1");
    let proxy_url = format!("http://{px}");
    let args = ["--ca-file", ca_file.to_str().unwrap()];

    // No loopback exception by default: the proxy is used for 127.0.0.1.
    let child = spawn(&url, &args, &[("HTTPS_PROXY", &proxy_url)]);
    let a = get(child.addr, LOGS).await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["data"][0]["id"], "behind-a-private-ca");
    let err = stop(child);
    assert!(
        err.contains(&format!("upstream {url} (via proxy {proxy_url})")),
        "{err}"
    );
    {
        let heads = heads.lock().unwrap();
        assert_eq!(heads.len(), 1, "{heads:?}");
        assert!(
            heads[0].starts_with(&format!("CONNECT {up} HTTP/1.1\r\n")),
            "{heads:?}"
        );
        // The tunnel carries TLS: the proxy never sees the key.
        assert!(!heads[0].contains(KEY));
    }
    assert_eq!(seen.lock().unwrap().len(), 1);

    // NO_PROXY=127.0.0.1 goes around it (lower-case names work too).
    for (var, no) in [
        ("NO_PROXY", "127.0.0.1"),
        ("no_proxy", "localhost,127.0.0.0/8"),
    ] {
        let child = spawn(&url, &args, &[("HTTPS_PROXY", &proxy_url), (var, no)]);
        assert_eq!(get(child.addr, LOGS).await.status, 200);
        let err = stop(child);
        assert!(err.contains(&format!("upstream {url} (direct)")), "{err}");
    }
    assert_eq!(heads.lock().unwrap().len(), 1, "the proxy was bypassed");
    assert_eq!(seen.lock().unwrap().len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_failing_proxy_is_named() {
    let ca = Ca::new();
    let (up, seen) = https_dify(&ca.issue(&["127.0.0.1"], None)).await;
    let url = format!("https://{up}/v1");
    let tunnel =
        "The proxy in HTTPS_PROXY / HTTP_PROXY / ALL_PROXY would not open a tunnel to Dify";
    let check = "Check the proxy's rules and credentials, or list Dify's host in NO_PROXY.";
    let cases = [
        (
            "HTTP/1.1 403 Forbidden",
            format!("{tunnel} (it answered CONNECT with an error). {check}"),
        ),
        (
            "HTTP/1.1 407 Proxy Authentication Required",
            format!("{tunnel} (it requires authorization (407)). {check}"),
        ),
    ];
    for (status, message) in cases {
        let (px, heads) = connect_proxy(Connect::Refuse(status)).await;
        // Credentials in the proxy URL are sent to the proxy, never logged.
        let proxy_url = format!("http://ops:pr0xy-s3cret@{px}");
        let child = spawn(&url, &[], &[("HTTPS_PROXY", &proxy_url)]);
        let a = get(child.addr, LOGS).await;
        a.assert_error(502, "upstream_proxy");
        assert_eq!(a.json()["message"], message.as_str());
        let err = stop(child);
        assert!(err.contains(&format!("upstream_proxy: {message}")), "{err}");
        assert!(err.contains(&format!("(via proxy http://{px})")), "{err}");
        assert!(!err.contains("pr0xy-s3cret"), "{err}");
        let heads = heads.lock().unwrap();
        assert_eq!(heads.len(), 1);
        assert!(
            heads[0].contains("Proxy-Authorization: Basic "),
            "{heads:?}"
        );
    }
    // A proxy that is not there.
    let closed = closed_addr();
    let child = spawn(&url, &[], &[("HTTPS_PROXY", &format!("http://{closed}"))]);
    let a = get(child.addr, LOGS).await;
    a.assert_error(502, "upstream_refused");
    assert_eq!(
        a.json()["message"],
        "The connection was refused by the proxy in HTTPS_PROXY / HTTP_PROXY / ALL_PROXY. Check that proxy, or list Dify's host in NO_PROXY."
    );
    stop(child);
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_socks_proxy_is_refused_at_start_up() {
    let out = common::binary()
        .args([
            "proxy",
            "--upstream",
            "https://127.0.0.1:9/v1",
            "--addr",
            "127.0.0.1:0",
        ])
        .env("DIFY_API_KEY", KEY)
        .env("HTTPS_PROXY", "socks5://127.0.0.1:9")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("only http:// and https:// proxies are supported"),
        "{err}"
    );
}
