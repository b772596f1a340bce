//! `demo --apps N`: several generated apps with keys and data of their own,
//! and the real binaries, demo and proxy, wired by an apps file as
//! scripts/dev wires them; and the apps files the proxy refuses to start
//! with.

mod common;

use std::process::Stdio;

use axum::body::Body;
use axum::http::Request;
use common::proxy::{get, spawn_proxy_with_env};
use common::{send, send_empty, NOW};
use dify_logs_server::{build_demo, Demo, DemoConfig};
use serde_json::json;

fn demo_with_apps(n: usize, hooks: bool) -> Demo {
    let mut cfg = DemoConfig::new(NOW);
    cfg.apps = n;
    cfg.test_hooks = hooks;
    build_demo(&cfg)
}

/// `GET uri` with `Authorization: Bearer key`.
async fn get_with(router: &axum::Router, uri: &str, key: &str) -> common::Answer {
    let req = Request::get(uri)
        .header("authorization", format!("Bearer {key}"))
        .body(Body::empty())
        .unwrap();
    send(router, req).await
}

#[tokio::test]
async fn three_apps_with_their_own_keys_and_data() {
    let d = demo_with_apps(3, false);
    let a = send_empty(&d.router, axum::http::Method::GET, "/apps").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        a.json(),
        json!([
            {"slug": "support", "label": "Support assistant"},
            {"slug": "sales", "label": "Sales research"},
            {"slug": "ops", "label": "Ops incident triage"},
        ])
    );
    let mut firsts = Vec::new();
    for (slug, total) in [("support", 1000), ("sales", 400), ("ops", 150)] {
        let key = format!("app-demo-{slug}");
        let a = get_with(
            &d.router,
            &format!("/apps/{slug}/v1/workflows/logs?limit=1"),
            &key,
        )
        .await;
        assert_eq!(a.status, 200, "{slug}: {}", a.body);
        assert_eq!(a.json()["total"], total, "{slug}");
        assert_eq!(a.header("x-version"), Some("1.13.3"));
        firsts.push(a.json()["data"][0]["id"].clone());
        let info = get_with(&d.router, &format!("/apps/{slug}/v1/info"), &key).await;
        assert!(info.json()["description"]
            .as_str()
            .unwrap()
            .contains(&format!("/apps/{slug}/v1")));
        // The demo's own key and another app's are refused.
        for wrong in ["app-demo", "app-demo-sales-x"] {
            let a = get_with(&d.router, &format!("/apps/{slug}/v1/info"), wrong).await;
            assert_eq!(a.status, 401, "{slug} with {wrong}");
        }
        // Unknown paths of an app are Dify's HTML 404, as under /v1.
        let a = get_with(&d.router, &format!("/apps/{slug}/v1/nope"), &key).await;
        assert_eq!(a.status, 404);
        assert!(a.body.contains("<title>404 Not Found</title>"));
    }
    firsts.dedup();
    assert_eq!(firsts.len(), 3, "each app has data of its own: {firsts:?}");
    // `/v1`, with `--key`, is the first app's data under its old name.
    let a = get_with(&d.router, "/v1/workflows/logs?limit=1", "app-demo").await;
    assert_eq!(a.json()["data"][0]["id"], firsts[0]);
    let a = get_with(&d.router, "/v1/info", "app-demo").await;
    assert_eq!(a.json()["name"], "dify-logs demo");
    let a = get_with(&d.router, "/apps/sales/v1/info", "app-demo-sales").await;
    assert_eq!(a.json()["name"], "Sales research");

    let a = get_with(&d.router, "/apps/nope/v1/info", "app-demo").await;
    assert_eq!(a.status, 404);
    assert_eq!(
        a.json(),
        json!({"code": "app_not_found", "message": "There is no app \"nope\" here: GET /apps lists the apps.", "status": 404})
    );
    let a = get_with(&d.router, "/apps/sales", "app-demo-sales").await;
    assert_eq!(
        (a.status.as_u16(), a.json()["code"].clone()),
        (404, json!("not_found"))
    );
}

#[tokio::test]
async fn without_apps_there_is_no_apps_list() {
    let d = common::demo();
    for path in ["/apps", "/apps/support/v1/info"] {
        let a = send_empty(&d.router, axum::http::Method::GET, path).await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.json()["code"], "not_found");
        assert!(a.json()["message"].as_str().unwrap().contains("--apps N"));
    }
    assert!(d.apps.is_empty());
}

#[tokio::test]
async fn hooks_record_and_fault_every_app() {
    let d = demo_with_apps(2, true);
    let fault = json!({"kind": "server_error", "times": 1, "path_contains": "/apps/sales/"});
    let req = Request::post("/__test/fault")
        .header("content-type", "application/json")
        .body(Body::from(fault.to_string()))
        .unwrap();
    assert_eq!(send(&d.router, req).await.status, 200);
    let support = get_with(&d.router, "/apps/support/v1/info", "app-demo-support").await;
    assert_eq!(support.status, 200);
    let sales = get_with(&d.router, "/apps/sales/v1/info", "app-demo-sales").await;
    assert_eq!(sales.status, 500);
    // `GET /apps` is not an API request: neither recorded nor faulted.
    send_empty(&d.router, axum::http::Method::GET, "/apps").await;
    let paths: Vec<String> = d
        .hooks
        .as_ref()
        .unwrap()
        .requests()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(paths, ["/apps/support/v1/info", "/apps/sales/v1/info"]);
}

/// The demo binary with `args`, and its address.
fn spawn_demo(args: &[&str]) -> (std::process::Child, std::net::SocketAddr) {
    let mut child = common::binary()
        .args(["demo", "--addr", "127.0.0.1:0", "--now", "1795687069"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rest = common::listening_line(&mut child, "dify-logs demo listening on http://");
    let addr = rest.split_once(' ').unwrap().0.parse().unwrap();
    (child, addr)
}

#[tokio::test]
async fn the_proxy_serves_the_demos_apps_from_an_apps_file() {
    let (mut demo, demo_addr) = spawn_demo(&["--apps", "3", "--count", "200"]);
    let dir = common::temp_dir("apps-file");
    std::fs::write(dir.join("ops.key"), "app-demo-ops\n").unwrap();
    let file = dir.join("apps.toml");
    std::fs::write(
        &file,
        format!(
            "[[app]]\nslug = \"support\"\nlabel = \"Support\"\nupstream = \"http://{demo_addr}/apps/support/v1\"\nkey_env = \"K_SUPPORT\"\n\
             [[app]]\nslug = \"sales\"\nlabel = \"Sales\"\nupstream = \"http://{demo_addr}/apps/sales/v1\"\nkey_env = \"K_SALES\"\n\
             [[app]]\nslug = \"ops\"\nlabel = \"Ops\"\nupstream = \"http://{demo_addr}/apps/ops/v1\"\nkey_file = \"ops.key\"\n"
        ),
    )
    .unwrap();
    let proxy = spawn_proxy_with_env(
        &[
            "--addr",
            "127.0.0.1:0",
            "--apps-file",
            file.to_str().unwrap(),
        ],
        None,
        &[
            ("K_SUPPORT", "app-demo-support"),
            ("K_SALES", "app-demo-sales"),
        ],
    );
    let a = get(proxy.addr, "/apps").await;
    assert_eq!(
        a.json(),
        json!([{"slug": "support", "label": "Support"}, {"slug": "sales", "label": "Sales"}, {"slug": "ops", "label": "Ops"}])
    );
    for (slug, total) in [("support", 200), ("sales", 80), ("ops", 30)] {
        let a = get(
            proxy.addr,
            &format!("/apps/{slug}/v1/workflows/logs?limit=1"),
        )
        .await;
        assert_eq!(a.status, 200, "{slug}: {}", a.text());
        assert_eq!(a.json()["total"], total, "{slug}");
    }
    assert_eq!(
        get(proxy.addr, "/v1/workflows/logs?limit=1").await.json()["total"],
        200
    );
    let a = get(proxy.addr, "/readyz").await;
    assert_eq!(a.status, 200, "{}", a.text());
    let err = proxy.stop();
    for key in ["app-demo-support", "app-demo-sales", "app-demo-ops"] {
        assert!(!err.contains(key), "{key} in the log:\n{err}");
    }
    let _ = demo.kill();
    let _ = demo.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_apps_files_stop_the_proxy_with_exit_code_2() {
    let dir = common::temp_dir("bad-apps");
    std::fs::write(dir.join("empty.key"), "  \n").unwrap();
    let entry = |slug: &str, rest: &str| {
        format!("[[app]]\nslug = \"{slug}\"\nlabel = \"L\"\nupstream = \"http://127.0.0.1:9/v1\"\n{rest}\n")
    };
    let good = entry("a", "key_env = \"K_A\"");
    let cases: Vec<(&str, String, &[&str])> = vec![
        ("dup", format!("{good}{good}"), &["same slug \"a\""]),
        (
            "slug",
            entry("A B", "key_env = \"K_A\""),
            &["app 1 (\"A B\")", "slug"],
        ),
        (
            "label",
            good.replace("label = \"L\"\n", ""),
            &["label is missing"],
        ),
        (
            "upstream",
            good.replace("http://127.0.0.1:9/v1", "127.0.0.1:9"),
            &["upstream \"127.0.0.1:9\""],
        ),
        (
            "unset",
            entry("a", "key_env = \"K_UNSET\""),
            &["key_env K_UNSET is not set"],
        ),
        (
            "blank",
            entry("a", "key_env = \"K_BLANK\""),
            &["key_env K_BLANK is empty"],
        ),
        (
            "nofile",
            entry("a", "key_file = \"missing.key\""),
            &["missing.key: cannot read it"],
        ),
        (
            "emptyfile",
            entry("a", "key_file = \"empty.key\""),
            &["empty.key", "empty"],
        ),
        (
            "both",
            entry("a", "key_env = \"K_A\"\nkey_file = \"x\""),
            &["both key_env and key_file"],
        ),
        ("neither", entry("a", ""), &["has no key"]),
        (
            "key",
            entry("a", "key = \"app-written-down\""),
            &["has a key field"],
        ),
        (
            "toml",
            "[[app]\n".into(),
            &["not a valid apps file", "line 1"],
        ),
    ];
    for (name, text, needles) in cases {
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, text).unwrap();
        let out = common::binary()
            .args([
                "proxy",
                "--addr",
                "127.0.0.1:0",
                "--apps-file",
                file.to_str().unwrap(),
            ])
            .env("K_A", "app-a")
            .env("K_BLANK", "")
            .env_remove("K_UNSET")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}: did not start listening");
        assert!(
            err.contains(&format!("--apps-file {}: ", file.display())),
            "{name}: {err}"
        );
        for n in needles {
            assert!(err.contains(n), "{name}: {n:?} not in {err}");
        }
        assert!(
            !err.contains("app-written-down") && !err.contains("app-a"),
            "{err}"
        );
    }
    let missing = dir.join("nope.toml");
    let out = common::run_binary(&["proxy", "--apps-file", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read it"));
    // One app or several, not both; and one of them.
    for args in [
        vec![
            "proxy",
            "--apps-file",
            "x.toml",
            "--upstream",
            "http://127.0.0.1:9/v1",
        ],
        vec!["proxy", "--apps-file", "x.toml", "--key-file", "k"],
        vec!["proxy"],
    ] {
        let out = common::run_binary(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--apps-file"), "{args:?}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
