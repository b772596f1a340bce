//! Several apps in one widget: the App select, the "All apps" view merged
//! by time (pager, Previous from pages seen, App column), the deep link,
//! the detail panel from each row's app, one app failing, the export, and
//! `appsUrl`.

use crate::features::{
    downloads, export_button, export_status, install_download_spy, location, replace_url, UrlGuard,
};
use crate::support::*;
use serde_json::{json, Value};
use std::rc::Rc;
use wasm_bindgen_test::*;

/// Each app's id and its runs `(log id, created_at)`.
type Stores = Rc<Vec<(String, Vec<(String, i64)>)>>;

/// Three apps with runs that interleave in time: `alpha-i` every 7 s from
/// 10:00:00, `beta-i` every 11 s from 09:59:58, `gamma-i` every 13 s from
/// 09:59:55 (all on 2026-11-26, UTC).
fn three_stores() -> Stores {
    let runs = |tag: &str, n: usize, start: i64, step: i64| {
        (0..n)
            .map(|i| (format!("{tag}-{i}"), start - step * i as i64))
            .collect::<Vec<_>>()
    };
    Rc::new(vec![
        ("alpha".into(), runs("alpha", 30, 1_795_687_200, 7)),
        ("beta".into(), runs("beta", 25, 1_795_687_198, 11)),
        ("gamma".into(), runs("gamma", 12, 1_795_687_195, 13)),
    ])
}

fn apps_option() -> Value {
    json!([
        {"id": "alpha", "label": "Alpha bot", "apiBase": "/apps/alpha/v1", "apiKey": "app-a"},
        {"id": "beta", "label": "Beta pipeline", "apiBase": "/apps/beta/v1", "apiKey": "app-b"},
        {"id": "gamma", "label": "Gamma", "apiBase": "/apps/gamma/v1", "apiKey": "app-c"},
    ])
}

/// The app a recorded URL went to.
fn app_of(url: &str) -> &str {
    url.strip_prefix("/apps/")
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
}

/// Answers each app from its store; run details echo the run id.
fn store_responder(stores: Stores) -> impl Fn(&str) -> Answer {
    move |url: &str| {
        let app = app_of(url);
        if let Some(run) = url.split("/workflows/run/").nth(1) {
            return ok(json_response(&json!({
                "id": run, "status": "succeeded", "inputs": "{}", "outputs": {},
                "total_steps": 1, "total_tokens": 1, "created_at": 1795686944,
                "finished_at": 1795686945, "elapsed_time": 1.0
            })));
        }
        let runs = stores
            .iter()
            .find(|(tag, _)| tag == app)
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        ok(store_page(url, &runs))
    }
}

/// The App column's texts.
fn apps_column(w: &Widget) -> Vec<String> {
    w.qa("tr.dify-logs__row td.dify-logs__app")
        .iter()
        .map(text_of)
        .collect()
}

/// The rows' log ids.
fn ids(w: &Widget) -> Vec<String> {
    w.qa("tr.dify-logs__row")
        .iter()
        .filter_map(|tr| tr.get_attribute("data-log-id"))
        .collect()
}

/// Every run of the stores, newest first: the merged order.
fn merged_order(stores: &[(String, Vec<(String, i64)>)]) -> Vec<(String, i64)> {
    let mut all: Vec<(String, i64)> = stores.iter().flat_map(|(_, r)| r.clone()).collect();
    all.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
    all
}

#[wasm_bindgen_test]
async fn all_apps_merges_by_time_and_the_select_narrows_to_one() {
    let stores = three_stores();
    let w = Widget::mount(
        json!({"apps": apps_option()}),
        store_responder(stores.clone()),
    );
    w.wait_rows(20).await;
    // One request per app, each with its own key, at once.
    let first: Vec<(String, Option<String>)> = w
        .sent()
        .into_iter()
        .map(|s| (app_of(&s.url).to_string(), s.authorization))
        .collect();
    assert_eq!(
        first,
        [
            ("alpha".to_string(), Some("Bearer app-a".to_string())),
            ("beta".to_string(), Some("Bearer app-b".to_string())),
            ("gamma".to_string(), Some("Bearer app-c".to_string())),
        ]
    );
    let expected: Vec<String> = merged_order(&stores).into_iter().map(|r| r.0).collect();
    assert_eq!(ids(&w), expected[..20]);
    assert!(apps_column(&w).contains(&"Beta pipeline".to_string()));
    assert_eq!(apps_column(&w)[0], "Alpha bot");
    assert!(w.text().contains("App"), "the App column header");
    assert_eq!(w.page_label(), "Page 1");
    assert_eq!(w.total_label(), "67 runs in 3 apps");
    assert!(
        w.q("[aria-label=\"Last page\"]").is_none(),
        "no last page by time"
    );

    // The select: All apps first, then each app by its label.
    let select = w.select("App");
    let options: Vec<String> = (0..select.length())
        .filter_map(|i| select.item(i))
        .map(|o| text_of(&o))
        .collect();
    assert_eq!(options, ["All apps", "Alpha bot", "Beta pipeline", "Gamma"]);
    assert_eq!(select.value(), "");

    let before = w.count();
    choose(&select, "beta");
    w.request(before + 1).await;
    wait_until("beta's rows alone", || {
        ids(&w).first().map(String::as_str) == Some("beta-0")
    })
    .await;
    sleep(30).await;
    assert_eq!(w.count(), before + 1, "one request, to the chosen app");
    assert_eq!(app_of(&w.last_url()), "beta");
    assert_eq!(param(&w.last_url(), "page").as_deref(), Some("1"));
    assert!(apps_column(&w).is_empty(), "no App column for one app");
    assert_eq!(w.page_label(), "Page 1 of 2");
    assert_eq!(w.total_label(), "25 runs");

    choose(&w.select("App"), "");
    wait_until("merged again", || apps_column(&w).len() == 20).await;
}

#[wasm_bindgen_test]
async fn next_pages_by_time_and_previous_shows_the_pages_seen() {
    let stores = three_stores();
    let w = Widget::mount(
        json!({"apps": apps_option(), "pageSize": 10}),
        store_responder(stores.clone()),
    );
    w.wait_rows(10).await;
    let expected: Vec<String> = merged_order(&stores).into_iter().map(|r| r.0).collect();
    let mut seen = ids(&w);
    let mut pages = vec![ids(&w)];
    for page in 2..=7 {
        let sent = w.count();
        w.button("Next page").click();
        wait_until(&format!("page {page}"), || {
            w.page_label() == format!("Page {page}")
        })
        .await;
        wait_until("the new rows", || ids(&w) != *pages.last().unwrap()).await;
        // Never more than one request per app per page, all by time.
        let new: Vec<String> = w.urls()[sent..].to_vec();
        assert!(new.len() <= 3, "{new:?}");
        for u in &new {
            assert!(param(u, "created_at__before").is_some(), "{u}");
            assert_eq!(param(u, "limit").as_deref(), Some("10"));
        }
        seen.extend(ids(&w));
        pages.push(ids(&w));
    }
    assert_eq!(seen, expected, "every run once, in time order");
    assert!(w.button("Next page").disabled(), "the last page");

    let sent = w.count();
    for page in (1..=6).rev() {
        w.button("Previous page").click();
        wait_until(&format!("back on page {page}"), || {
            w.page_label() == format!("Page {page}")
        })
        .await;
        wait_until("the page as it was", || ids(&w) == pages[page - 1]).await;
    }
    assert_eq!(w.count(), sent, "Previous asks nothing");
}

#[wasm_bindgen_test]
async fn one_failing_app_is_named_and_the_others_still_show() {
    let stores = three_stores();
    let inner = store_responder(stores.clone());
    let broken = Rc::new(std::cell::Cell::new(true));
    let flag = broken.clone();
    let w = Widget::mount(json!({"apps": apps_option()}), move |url| {
        if app_of(url) == "beta" && flag.get() {
            ok(capture(captures::WRONG_KEY_401))
        } else {
            inner(url)
        }
    });
    wait_until("the failure banner", || {
        w.q(".dify-logs__app-failures").is_some()
    })
    .await;
    w.wait_rows(20).await;
    let banner = text_of(&w.q(".dify-logs__app-failures").unwrap());
    assert!(banner.contains("Beta pipeline"), "{banner}");
    assert!(banner.contains("rejected"), "names the error: {banner}");
    assert!(!apps_column(&w).contains(&"Beta pipeline".to_string()));
    assert_eq!(w.total_label(), "42 runs in 2 apps");

    broken.set(false);
    w.button_with_text(".dify-logs__app-failures", "Retry Beta pipeline")
        .click();
    wait_until("beta back in the rows", || {
        apps_column(&w).contains(&"Beta pipeline".to_string())
    })
    .await;
    assert!(w.q(".dify-logs__app-failures").is_none());
    assert_eq!(w.total_label(), "67 runs in 3 apps");
}

#[wasm_bindgen_test]
async fn the_detail_panel_asks_the_rows_own_app() {
    let stores = three_stores();
    let w = Widget::mount(json!({"apps": apps_option()}), store_responder(stores));
    w.wait_rows(20).await;
    for (id, app, key) in [
        ("beta-0", "beta", "Bearer app-b"),
        ("alpha-1", "alpha", "Bearer app-a"),
    ] {
        let row = w
            .q(&format!("tr[data-log-id=\"{id}\"]"))
            .expect("the row is on page 1");
        let before = w.count();
        fire(&row, "click");
        wait_until("the run request", || {
            w.count() > before && w.last_url().contains("/workflows/run/")
        })
        .await;
        let sent = w.sent().pop().unwrap();
        assert_eq!(sent.url, format!("/apps/{app}/v1/workflows/run/run-{id}"));
        assert_eq!(sent.authorization.as_deref(), Some(key));
        wait_until("the panel", || {
            w.q("[role=\"dialog\"]")
                .is_some_and(|d| text_of(&d).contains(&format!("run-{id}")))
        })
        .await;
        w.button("Close run details").click();
        wait_until("closed", || w.q("[role=\"dialog\"]").is_none()).await;
    }
}

#[wasm_bindgen_test]
async fn the_app_travels_in_the_deep_link() {
    let _url = UrlGuard::new();
    replace_url("?dl_app=gamma&dl_status=failed");
    let stores = three_stores();
    let w = Widget::mount(
        json!({"apps": apps_option(), "syncUrl": true}),
        store_responder(stores),
    );
    let first = w.request(1).await;
    w.wait_rows(12).await;
    assert_eq!(app_of(&first), "gamma");
    assert_eq!(w.count(), 1, "only the linked app is asked");
    assert_eq!(w.select("App").value(), "gamma");
    choose(&w.select("App"), "alpha");
    wait_until("dl_app=alpha", || {
        location().search().unwrap().contains("dl_app=alpha")
    })
    .await;
    choose(&w.select("App"), "");
    wait_until("All apps drops dl_app", || {
        !location().search().unwrap().contains("dl_app")
    })
    .await;
}

#[wasm_bindgen_test]
async fn exporting_all_apps_holds_every_run_once_with_its_app() {
    install_download_spy();
    let stores = three_stores();
    let w = Widget::mount(
        json!({"apps": apps_option()}),
        store_responder(stores.clone()),
    );
    w.wait_rows(20).await;
    export_button(&w, "Export CSV").click();
    wait_within(5_000, "the export to finish", || {
        export_status(&w).starts_with("Exported")
    })
    .await;
    assert_eq!(export_status(&w), "Exported 67 runs.");
    let files = downloads().await;
    let text = files.last().unwrap()["text"].as_str().unwrap().to_string();
    let lines: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert!(lines[0].starts_with("app,log_id,"), "{}", lines[0]);
    let got: Vec<(String, String)> = lines[1..]
        .iter()
        .map(|l| {
            let mut c = l.split(',');
            (c.next().unwrap().to_string(), c.next().unwrap().to_string())
        })
        .collect();
    let expected: Vec<String> = merged_order(&stores).into_iter().map(|r| r.0).collect();
    assert_eq!(
        got.iter().map(|g| g.1.clone()).collect::<Vec<_>>(),
        expected
    );
    let label = |id: &str| match id.split('-').next() {
        Some("alpha") => "Alpha bot",
        Some("beta") => "Beta pipeline",
        _ => "Gamma",
    };
    assert!(got.iter().all(|(app, id)| app == label(id)));
}

#[wasm_bindgen_test]
async fn apps_url_reads_the_servers_list() {
    let stores = three_stores();
    let inner = store_responder(stores);
    let w = Widget::mount(
        json!({"appsUrl": "/apps", "apiKey": "app-shared"}),
        move |url| {
            if url == "/apps" {
                ok(json_response(&json!([
                    {"slug": "alpha", "label": "Alpha bot"},
                    {"slug": "beta", "label": "Beta pipeline"}
                ])))
            } else {
                inner(url)
            }
        },
    );
    w.wait_rows(20).await;
    let sent = w.sent();
    assert_eq!(sent[0].url, "/apps");
    assert_eq!(
        sent[0].authorization, None,
        "the list is read without a key"
    );
    assert!(sent[1].url.starts_with("/apps/alpha/v1/workflows/logs?"));
    assert_eq!(sent[1].authorization.as_deref(), Some("Bearer app-shared"));
    assert!(sent[2].url.starts_with("/apps/beta/v1/workflows/logs?"));
    assert_eq!(w.total_label(), "55 runs in 2 apps");
}

#[wasm_bindgen_test]
async fn one_app_in_the_list_is_a_plain_widget() {
    let stores = three_stores();
    let w = Widget::mount(
        json!({"apps": [{"id": "alpha", "label": "Alpha bot", "apiBase": "/apps/alpha/v1"}]}),
        store_responder(stores),
    );
    w.wait_rows(20).await;
    assert!(w.q("select[name=\"app\"]").is_none(), "no App select");
    assert!(apps_column(&w).is_empty());
    assert_eq!(w.page_label(), "Page 1 of 2");
    assert!(w.last_url().starts_with("/apps/alpha/v1/workflows/logs?"));
}

#[wasm_bindgen_test]
async fn a_new_query_aborts_every_apps_request() {
    let stores = three_stores();
    let inner = store_responder(stores);
    let w = Widget::mount(json!({"apps": apps_option()}), move |url| {
        inner(url).after(400).abortable()
    });
    w.request(3).await;
    choose(&w.select("Status"), "failed");
    w.request(6).await;
    let sent = w.sent();
    assert!(
        sent[..3]
            .iter()
            .all(|s| s.signal.as_ref().is_some_and(|s| s.aborted())),
        "the three requests of the old query are aborted"
    );
    assert!(sent[3..]
        .iter()
        .all(|s| param(&s.url, "status").as_deref() == Some("failed")));
    w.wait_rows(20).await;
    assert_eq!(
        w.q(".dify-logs__app-failures"),
        None,
        "an abort is no app's failure"
    );
}
