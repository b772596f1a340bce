//! `--apps-file` with an app behind a private CA and a corporate proxy and
//! another on plain http: one client's trust (`--ca-file`) serves every
//! app, and `HTTPS_PROXY` applies to each app's host by its own rules.

use super::common::proxy::{get, spawn_proxy_with_env};
use super::common::{self, proxy::KEY};
use super::fixtures::{connect_proxy, http_dify, https_dify, Ca, Connect};

#[tokio::test]
async fn every_app_gets_the_ca_file_and_its_own_proxy_route() {
    let ca = Ca::new();
    let dir = common::temp_dir("tls-apps");
    let ca_file = ca.write(&dir, "ca.pem");
    let (secure, secure_seen) = https_dify(&ca.issue(&["127.0.0.1"], None)).await;
    let (plain, plain_seen) = http_dify().await;
    let (px, heads) = connect_proxy(Connect::Tunnel).await;
    let file = dir.join("apps.toml");
    std::fs::write(
        &file,
        format!(
            "[[app]]\nslug = \"corp\"\nlabel = \"Corp\"\nupstream = \"https://{secure}/v1\"\nkey_env = \"K_CORP\"\n\
             [[app]]\nslug = \"lab\"\nlabel = \"Lab\"\nupstream = \"http://{plain}/v1\"\nkey_env = \"K_LAB\"\n"
        ),
    )
    .unwrap();
    let proxy_url = format!("http://{px}");
    let child = spawn_proxy_with_env(
        &[
            "--addr",
            "127.0.0.1:0",
            "--apps-file",
            file.to_str().unwrap(),
            "--ca-file",
            ca_file.to_str().unwrap(),
        ],
        None,
        &[
            ("HTTPS_PROXY", &proxy_url),
            ("K_CORP", KEY),
            ("K_LAB", "app-lab-key"),
        ],
    );
    for slug in ["corp", "lab"] {
        let a = get(
            child.addr,
            &format!("/apps/{slug}/v1/workflows/logs?limit=5"),
        )
        .await;
        assert_eq!(a.status, 200, "{slug}: {}", a.text());
        assert_eq!(a.json()["data"][0]["id"], "behind-a-private-ca");
    }
    let err = child.stop();
    assert!(
        err.contains(&format!(
            "app corp: upstream https://{secure}/v1 (via proxy {proxy_url})"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("app lab: upstream http://{plain}/v1 (direct)")),
        "{err}"
    );
    assert!(!err.contains(KEY) && !err.contains("app-lab-key"), "{err}");
    // The https app went through the tunnel; the http one did not.
    assert_eq!(heads.lock().unwrap().len(), 1);
    assert!(heads.lock().unwrap()[0].starts_with(&format!("CONNECT {secure} ")));
    let auth = |seen: &super::fixtures::Seen| seen.lock().unwrap()[0].1.clone();
    assert_eq!(auth(&secure_seen), Some(format!("Bearer {KEY}")));
    assert_eq!(auth(&plain_seen), Some("Bearer app-lab-key".into()));
    let _ = std::fs::remove_dir_all(&dir);
}
