//! Accessibility: axe-core's WCAG 2.1 A/AA rules over the widget in every
//! state a user meets (loading, loaded, busy, Columns menu, detail panel,
//! export in progress, Custom period, error, empty with a hint), in the
//! light and the dark theme, at a desktop width and in a 320 px viewport;
//! the reflow rules of WCAG 1.4.10 at 320 px; screenshots at 320 px and in
//! forced colours. Fails on any serious or critical violation, printing the
//! rule, the element and the contrast ratio.

use dify_logs_e2e::a11y::{describe, AxeReport};
use dify_logs_e2e::*;
use serde_json::json;

/// The widget's host element on `mount.html`.
const ROOT: &str = "#w";

/// A long keyword: Dify reads only its first 30 characters, so a hint shows.
const LONG_KEYWORD: &str = "no-such-run-anywhere-in-the-demo-data";

/// What axe found in each state, in the order visited.
struct Walk {
    label: String,
    states: Vec<(&'static str, AxeReport)>,
    reflow: Vec<String>,
}

impl Walk {
    async fn check(&mut self, t: &Harness, state: &'static str) {
        let report = t.axe(ROOT).await;
        self.states.push((state, report));
    }

    async fn check_reflow(&mut self, t: &Harness, state: &str) {
        for p in t.reflow_problems(ROOT).await {
            self.reflow.push(format!("{state}: {p}"));
        }
    }

    /// Prints one line per state, then fails with every serious or
    /// critical violation and every reflow problem.
    fn finish(self) {
        let mut failures = String::new();
        for (state, r) in &self.states {
            let blocking = r.blocking();
            let rules: Vec<&str> = r.violations.iter().map(|v| v.id.as_str()).collect();
            println!(
                "axe {} / {state}: {} serious or critical, {} in all {rules:?}",
                self.label,
                blocking.len(),
                r.violations.len(),
            );
            for u in &r.incomplete {
                println!("    undecided {}: {}", u.id, u.nodes.join(", "));
            }
            if !blocking.is_empty() {
                failures.push_str(&format!(
                    "{} / {state}:\n{}",
                    self.label,
                    describe(&blocking)
                ));
            }
        }
        for p in &self.reflow {
            failures.push_str(&format!("{} / reflow: {p}\n", self.label));
        }
        assert!(failures.is_empty(), "accessibility failures:\n{failures}");
    }
}

/// Visits every state in `theme`, `narrow` (a 320 px viewport) or not.
async fn walk(theme: &'static str, narrow: bool) {
    let t = Harness::start().await;
    let width = if narrow { "320px" } else { "desktop" };
    let mut walk = Walk {
        label: format!("{theme} {width}"),
        states: Vec::new(),
        reflow: Vec::new(),
    };
    let shot = |state: &str| format!("a11y-{theme}-{width}-{state}");
    if narrow {
        t.emulate_width(320, 900).await;
    }
    let w = t.w();

    // Loading: the placeholder while the first answer is held back.
    t.demo
        .set_fault(json!({"kind": "delay", "delay_ms": 4000, "times": 1}));
    t.open(&format!("mount.html?theme={theme}&bare")).await;
    w.wait("the loading placeholder", |s| s.placeholder).await;
    walk.check(&t, "loading").await;

    // Loaded, with the chart drawn.
    w.wait_rows(20).await;
    wait_for("the chart", || async {
        let n = t
            .js(
                "return document.querySelectorAll('#w .dify-logs__chart rect.dify-logs__seg').length;",
                vec![],
            )
            .await;
        (n.as_u64().unwrap_or(0) > 0).then_some(())
    })
    .await;
    walk.check(&t, "loaded").await;
    if narrow {
        walk.check_reflow(&t, "loaded").await;
        t.screenshot(&shot("loaded")).await;
    }

    // A later load: the old rows stay, dimmed, under aria-busy.
    t.demo
        .set_fault(json!({"kind": "delay", "delay_ms": 4000, "times": 1}));
    w.select("Status", "Succeeded").await;
    w.wait("the busy table", |s| s.busy.as_deref() == Some("true"))
        .await;
    walk.check(&t, "loading (busy table)").await;
    w.wait("succeeded rows", |s| {
        s.settled() && s.badges.iter().all(|b| b == "Succeeded")
    })
    .await;
    w.select("Status", "All").await;
    w.wait("all runs", |s| {
        s.settled() && s.total.as_deref() == Some("1,000 runs")
    })
    .await;

    // The Columns menu, open.
    let summary = format!("{ROOT} details.dify-logs__menu > summary");
    t.click_css(&summary).await;
    t.wait_present("the open menu", "#w details.dify-logs__menu[open]")
        .await;
    walk.check(&t, "Columns menu open").await;
    if narrow {
        walk.check_reflow(&t, "Columns menu open").await;
        t.screenshot(&shot("columns")).await;
    }
    t.click_css(&summary).await;

    // The detail panel of the first run.
    t.click_css(&format!("{ROOT} tr.dify-logs__row")).await;
    t.wait_present("the run's facts", "#w .dify-logs__detail .dify-logs__facts")
        .await;
    walk.check(&t, "detail panel open").await;
    if narrow {
        t.screenshot(&shot("detail")).await;
    }
    w.click("Close run details").await;

    // An export of every matching run, its first page held back.
    t.demo
        .set_fault(json!({"kind": "delay", "delay_ms": 4000, "times": 1}));
    w.click("Export CSV").await;
    t.wait_present(
        "the export's progress",
        "#w .dify-logs__export-status progress",
    )
    .await;
    walk.check(&t, "export in progress").await;
    if narrow {
        walk.check_reflow(&t, "export in progress").await;
    }
    w.click("Cancel export").await;

    // A Custom period with From and To.
    w.select("Period", "Custom").await;
    w.wait("From and To", |s| s.from.is_some() && s.to.is_some())
        .await;
    w.set_datetime("From", "2026-11-20T08:00").await;
    w.set_datetime("To", "2026-11-25T18:30").await;
    w.wait("the custom range's runs", |s| {
        s.settled() && s.total.as_deref() != Some("1,000 runs")
    })
    .await;
    walk.check(&t, "Custom period").await;
    if narrow {
        walk.check_reflow(&t, "Custom period").await;
        t.screenshot(&shot("custom-period")).await;
    }
    w.select("Period", "All time").await;

    // An error over the last rows.
    t.demo.set_fault(json!({"kind": "server_error"}));
    w.select("Status", "Failed").await;
    w.wait("the error", |s| s.settled() && s.alert.is_some())
        .await;
    walk.check(&t, "error").await;
    if narrow {
        walk.check_reflow(&t, "error").await;
        t.screenshot(&shot("error")).await;
    }
    t.demo.clear_fault();
    w.click("Retry").await;
    w.wait("failed rows", |s| s.settled() && s.alert.is_none())
        .await;

    // Nothing matches, with the long-keyword hint above.
    w.type_enter("Keyword", LONG_KEYWORD).await;
    w.wait("the empty state", |s| {
        s.settled() && s.empty && !s.hints.is_empty()
    })
    .await;
    walk.check(&t, "empty (with a hint)").await;
    if narrow {
        walk.check_reflow(&t, "empty").await;
        t.screenshot(&shot("empty")).await;
    }
    t.assert_no_panic().await;
    walk.finish();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn light_theme_has_no_serious_violations() {
    walk("light", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_theme_has_no_serious_violations() {
    walk("dark", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn light_theme_at_320_px_reflows_without_serious_violations() {
    walk("light", true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_theme_at_320_px_reflows_without_serious_violations() {
    walk("dark", true).await;
}

/// Forced colours (Windows High Contrast): screenshots of the table, the
/// chart and the detail panel, for a person to look at.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forced_colors_screenshots() {
    let t = Harness::start().await;
    t.emulate_forced_colors(true).await;
    t.open("mount.html?theme=light").await;
    let w = t.w();
    w.wait_rows(20).await;
    let forced = t
        .js(
            "return matchMedia('(forced-colors: active)').matches;",
            vec![],
        )
        .await;
    assert_eq!(forced, json!(true), "forced colours are emulated");
    tokio::time::sleep(std::time::Duration::from_millis(600)).await; // the chart
    t.screenshot("forced-colors-loaded").await;
    t.click_css(&format!("{ROOT} tr.dify-logs__row")).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    t.screenshot("forced-colors-detail").await;
    t.emulate_forced_colors(false).await;
    t.assert_no_panic().await;
}

/// `examples/dashboard.html` (copied to dist/ by the build): at 700 px the
/// side navigation is above the content and nothing scrolls sideways; at
/// 320 px the widget in it passes the reflow rules too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_example_collapses_its_navigation_under_800_px() {
    let t = Harness::start().await;
    for width in [700, 320] {
        t.emulate_width(width, 900).await;
        t.client()
            .goto(&t.demo.url("dashboard.html"))
            .await
            .expect("open the dashboard");
        let w = t.widget("#runs");
        w.wait("the dashboard's rows", |s| s.settled() && s.rows > 0)
            .await;
        // The "All apps" panel: the demo's three apps merged.
        t.widget("#all-runs")
            .wait("the all-apps rows", |s| {
                s.settled()
                    && s.rows > 0
                    && s.total.as_deref().is_some_and(|t| t.ends_with("in 3 apps"))
            })
            .await;
        let layout = t
            .js(
                "const nav = document.querySelector('main > nav').getBoundingClientRect();
                 const section = document.querySelector('main > section').getBoundingClientRect();
                 return { nav_above: nav.bottom <= section.top,
                          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };",
                vec![],
            )
            .await;
        assert_eq!(layout["nav_above"], json!(true), "at {width} px: {layout}");
        assert_eq!(layout["overflow"], json!(0), "at {width} px: {layout}");
        if width == 320 {
            let problems = t.reflow_problems("#runs").await;
            assert!(problems.is_empty(), "at 320 px: {problems:#?}");
        }
        t.screenshot(&format!("dashboard-{width}px")).await;
    }
    t.assert_no_panic().await;
}

/// Tab goes through every control of the widget, each with a visible focus
/// ring of 3:1; the run detail panel's controls too. Both themes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_control_is_reached_by_tab_and_shows_a_focus_ring() {
    let t = Harness::start().await;
    for theme in ["light", "dark"] {
        t.open(&format!("mount.html?theme={theme}")).await;
        let w = t.w();
        w.wait_rows(20).await;
        tokio::time::sleep(std::time::Duration::from_millis(600)).await; // the chart
        let mut seen = Vec::new();
        let mut missing = Vec::new();
        for _ in 0..80 {
            t.press(fantoccini::key::Key::Tab.into()).await;
            let f = t.focus_ring(ROOT).await;
            if !f.inside {
                if seen.is_empty() {
                    continue; // not yet in the widget
                }
                break; // past its last control
            }
            match f.ring {
                Some(r) if r >= 3.0 => {}
                _ => missing.push(format!("{} (ring {:?})", f.what, f.ring)),
            }
            seen.push(f.what);
        }
        println!("{theme}: {} tab stops in the widget", seen.len());
        let has = |part: &str| seen.iter().any(|s| s.contains(part));
        for control in [
            "input[aria-label=\"Keyword\"]",
            "select[aria-label=\"Status\"]",
            "Reset filters",
            "select[aria-label=\"Auto-refresh\"]",
            "summary Columns",
            "Export CSV",
            "rect",
            "div[aria-label=\"Runs\"]",
            "button Started",
            "tr ",
            "button[aria-label=\"Last page\"]",
        ] {
            assert!(
                has(control),
                "{theme}: Tab never reached {control}: {seen:#?}"
            );
        }
        assert!(
            missing.is_empty(),
            "{theme}: no visible focus ring on {missing:#?}"
        );

        // Enter on a row opens its panel; Tab walks the panel's controls.
        t.client()
            .find(Locator::Css(&format!("{ROOT} tr.dify-logs__row")))
            .await
            .expect("a row")
            .send_keys("\u{E007}")
            .await
            .expect("Enter on a row");
        wait_for("the run's facts", || async {
            let v = t
                .js(
                    "return !!document.querySelector('#w .dify-logs__detail .dify-logs__facts');",
                    vec![],
                )
                .await;
            (v == json!(true)).then_some(())
        })
        .await;
        let mut panel = Vec::new();
        for _ in 0..5 {
            t.press(fantoccini::key::Key::Tab.into()).await;
            let f = t.focus_ring(&format!("{ROOT} .dify-logs__detail")).await;
            if !f.inside {
                break;
            }
            assert!(
                f.ring.is_some_and(|r| r >= 3.0),
                "{theme}: no visible focus ring on {} in the panel",
                f.what
            );
            panel.push(f.what);
        }
        assert!(
            panel.iter().any(|p| p.contains("Close run details")),
            "{theme}: {panel:#?}"
        );
        t.press(fantoccini::key::Key::Escape.into()).await;
    }
    t.assert_no_panic().await;
}
