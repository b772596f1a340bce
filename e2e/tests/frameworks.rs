//! The npm package in the pages users build with it: `packaging/`'s page
//! bundled by Vite and by esbuild, and the React and Vue examples, as
//! `scripts/package-tests` last built them from the packed `dist/`
//! (`./scripts/test` runs it just before these). Each is served by
//! `dify-logs-server proxy` in front of the demo, as the README recommends,
//! so the pages hold no key: `<dify-logs api-base="/v1">`.

use dify_logs_e2e::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `dify-logs-server proxy` in front of the test's demo, adding its key and
/// serving the test's site; killed on drop.
struct Proxy {
    child: Child,
    addr: String,
}

impl Proxy {
    fn start(t: &Harness) -> Self {
        let mut cmd = Command::new(server_bin());
        cmd.args(["proxy", "--addr", "127.0.0.1:0", "--upstream"])
            .arg(t.demo.api_base())
            .arg("--serve-dir")
            .arg(t.site())
            .env("DIFY_API_KEY", KEY)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // The demo is on loopback: no proxy of the machine's in between.
        for var in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"] {
            cmd.env_remove(var).env_remove(var.to_lowercase());
        }
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", server_bin().display()));
        // Its log (stderr) has a line per request: pass on all but those.
        let log = BufReader::new(child.stderr.take().expect("piped stderr"));
        std::thread::spawn(move || {
            for line in log.lines().map_while(Result::ok) {
                if !line.contains(" INFO ") {
                    eprintln!("[proxy] {line}");
                }
            }
        });
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("the proxy's first line");
        // Keep reading, or its next print fails on a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let Some(addr) = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .map(String::from)
        else {
            let _ = child.kill();
            panic!("the proxy did not print its address; it printed {line:?}");
        };
        Proxy { child, addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    /// The first page of runs as the proxy answers it, for the ids the
    /// widget's first row must carry.
    fn first_run(&self, query: &str) -> (String, String) {
        let (status, body) = http_call(
            &self.addr,
            "GET",
            &format!("/v1/workflows/logs?page=1&limit=20{query}"),
            None,
        );
        assert_eq!(status, 200, "the proxy's /v1/workflows/logs: {body}");
        let v: Value = serde_json::from_str(&body).expect("logs JSON");
        let first = &v["data"][0];
        let log_id = first["id"].as_str().expect("a log id").to_string();
        let run_id = first["workflow_run"]["id"]
            .as_str()
            .expect("a run id")
            .to_string();
        (log_id, run_id)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A built page of the workspace (`examples/react/dist`, ...); panics with
/// what to run when it is missing.
fn built(dir: &str) -> PathBuf {
    let path = workspace_root().join(dir);
    assert!(
        path.join("index.html").is_file(),
        "{} is missing: run scripts/package-tests first (after ./scripts/build)",
        path.join("index.html").display()
    );
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a site dir");
    for entry in std::fs::read_dir(from).expect("read a built dir") {
        let entry = entry.expect("dir entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy a built file");
        }
    }
}

/// A harness whose site also holds the built pages, each under its name,
/// and the proxy serving it.
async fn start(pages: &[(&str, &str)]) -> (Harness, Proxy) {
    let t = Harness::start().await;
    for (name, dir) in pages {
        copy_dir(&built(dir), &t.site().join(name));
    }
    let proxy = Proxy::start(&t);
    (t, proxy)
}

/// Opens a page and waits for its widget's 20 rows; checks the first row
/// is the API's first run and that the key reached the demo from the proxy.
async fn open_rows(t: &Harness, proxy: &Proxy, page: &str, root: &str) {
    t.client().goto(&proxy.url(page)).await.expect("navigate");
    let s = t.widget(root).wait_rows(20).await;
    assert!(s.alert.is_none(), "{page}: {:?}", s.alert);
    let first = t
        .js(
            "const r = document.querySelector(arguments[0] + ' tbody tr[data-log-id]');
             return r ? r.getAttribute('data-log-id') : null;",
            vec![json!(root)],
        )
        .await;
    assert!(first.is_string(), "{page}: no row with a log id");
    let reqs = t.demo.logs_requests();
    assert!(!reqs.is_empty(), "{page}: the demo got no logs request");
    assert!(
        reqs.iter()
            .all(|r| r.authorization.as_deref() == Some("Bearer app-demo")),
        "{page}: the proxy adds the key: {reqs:#?}"
    );
}

/// Clicks the row of the API's first run (`query`: more of the logs query
/// string) and waits until the host page's `host` element carries that
/// run's id in `data-run-id`, set from the `dify-logs:select` event.
async fn select_first_run(t: &Harness, proxy: &Proxy, root: &str, query: &str, host: &str) {
    let (log_id, run_id) = proxy.first_run(query);
    t.click_css(&format!("{root} tbody tr[data-log-id=\"{log_id}\"]"))
        .await;
    let c = t.client();
    let shown = wait_for(&format!("{host} to show the selected run"), || async move {
        let v = c
            .execute(
                "const e = document.querySelector(arguments[0]);
                 return e ? e.getAttribute('data-run-id') : null;",
                vec![json!(host)],
            )
            .await
            .ok()?;
        v.as_str().filter(|s| !s.is_empty()).map(String::from)
    })
    .await;
    assert_eq!(shown, run_id, "the select event's runId");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vite_and_esbuild_bundles_show_rows() {
    let (t, proxy) = start(&[
        ("vite", "packaging/dist"),
        ("esbuild", "packaging/dist-esbuild"),
    ])
    .await;
    for page in ["vite/index.html", "esbuild/index.html"] {
        t.demo.clear_log();
        open_rows(&t, &proxy, page, "#runs").await;
        // A chunk loads from where the bundler put it: the chart's.
        t.wait_present(
            &format!("{page}: the chart, from its chunk"),
            "#runs .dify-logs__chart .dify-logs__legend *",
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn react_example_hears_the_selected_run() {
    let (t, proxy) = start(&[("react", "examples/react/dist")]).await;
    open_rows(&t, &proxy, "react/index.html", "#runs").await;
    select_first_run(&t, &proxy, "#runs", "", "#selected").await;
    // Not prevented: the widget opens its own panel too.
    t.wait_present(
        "the widget's detail panel",
        "#runs .dify-logs__detail .dify-logs__facts",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vue_example_opens_its_own_panel_instead_of_the_widgets() {
    let (t, proxy) = start(&[("vue", "examples/vue/dist")]).await;
    open_rows(&t, &proxy, "vue/index.html", "#failed-runs").await;
    // Vue set :filters (status failed) on the element as a property.
    t.demo
        .wait_logs_request(&logs_params(&[("status", "failed")]))
        .await;
    t.widget("#failed-runs")
        .wait("failed rows", |s| {
            s.settled() && s.rows == 20 && s.badges.iter().all(|b| b == "Failed")
        })
        .await;
    t.demo.clear_log();
    select_first_run(&t, &proxy, "#failed-runs", "&status=failed", "#run-panel").await;
    // preventDefault(): the widget's panel stays closed and asks for nothing.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let open = t
        .js(
            "return !!document.querySelector('#failed-runs .dify-logs__detail');",
            vec![],
        )
        .await;
    assert_eq!(open, json!(false), "the widget's detail panel opened");
    let runs: Vec<String> = t
        .demo
        .request_log()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/workflows/run/"))
        .map(|r| r.path)
        .collect();
    assert!(runs.is_empty(), "the widget fetched the run: {runs:?}");
}
