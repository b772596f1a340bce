//! The accessibility check of `tests/a11y.rs`: axe-core (from npm, in
//! `e2e/node_modules`) injected into the page and run over the widget's
//! element; Chrome DevTools commands (through chromedriver) for a narrow
//! viewport and forced colours; a reflow check for WCAG 1.4.10.

use crate::Harness;
use serde::Deserialize;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The WCAG 2.1 A and AA rules.
pub const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// `e2e/node_modules/axe-core/axe.min.js`; panics with what to do when missing.
pub fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; install it with `npm ci --prefix e2e` (scripts/browser-tests does)",
            path.display()
        )
    })
}

/// A Chrome DevTools Protocol command sent through chromedriver's
/// `goog/cdp/execute` endpoint (WebDriver has no forced-colours emulation).
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// One element that breaks a rule, as axe reports it.
#[derive(Clone, Debug, Deserialize)]
pub struct AxeNode {
    pub target: Vec<String>,
    pub html: String,
    pub summary: Option<String>,
    /// For `color-contrast`: `contrastRatio`, `fgColor`, `bgColor`,
    /// `fontSize`, `fontWeight`, `expectedContrastRatio`.
    pub data: Option<Value>,
}

/// One broken rule.
#[derive(Clone, Debug, Deserialize)]
pub struct AxeViolation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub nodes: Vec<AxeNode>,
}

impl AxeViolation {
    /// Serious or critical: what the check fails on.
    pub fn is_blocking(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

/// A rule axe could not decide for some elements (e.g. text over an image
/// or under another element), with the elements and axe's reason.
#[derive(Clone, Debug, Deserialize)]
pub struct AxeUndecided {
    pub id: String,
    pub nodes: Vec<String>,
}

/// What axe found in one state.
#[derive(Clone, Debug, Deserialize)]
pub struct AxeReport {
    pub violations: Vec<AxeViolation>,
    pub incomplete: Vec<AxeUndecided>,
}

impl AxeReport {
    pub fn blocking(&self) -> Vec<&AxeViolation> {
        self.violations.iter().filter(|v| v.is_blocking()).collect()
    }
}

/// Rule, element and (for contrast) the ratio, one line per element.
pub fn describe(violations: &[&AxeViolation]) -> String {
    let mut out = String::new();
    for v in violations {
        let impact = v.impact.as_deref().unwrap_or("?");
        let _ = writeln!(out, "  [{impact}] {}: {}", v.id, v.help);
        for n in &v.nodes {
            let _ = write!(out, "    {} {}", n.target.join(" "), short(&n.html, 110));
            if let Some(d) = &n.data {
                if let Some(r) = d.get("contrastRatio") {
                    let _ = write!(
                        out,
                        "\n      contrast {r}:1 (needs {}), {} on {}, {} {}",
                        d["expectedContrastRatio"].as_str().unwrap_or("?"),
                        d["fgColor"].as_str().unwrap_or("?"),
                        d["bgColor"].as_str().unwrap_or("?"),
                        d["fontSize"].as_str().unwrap_or("?"),
                        d["fontWeight"].as_str().unwrap_or("?"),
                    );
                }
            }
            if v.id != "color-contrast" {
                if let Some(s) = &n.summary {
                    let _ = write!(out, "\n      {}", s.replace('\n', " "));
                }
            }
            out.push('\n');
        }
    }
    out
}

fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

const AXE_RUN_JS: &str = r#"
const [selector, tags] = arguments;
const root = document.querySelector(selector);
if (!root) return { error: "nothing matches " + selector };
if (!window.axe) return { error: "axe-core is not injected" };
return axe.run(root, { runOnly: { type: "tag", values: tags } })
  .then((r) => ({
    violations: r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => {
        const checks = [].concat(n.any, n.all, n.none);
        const c = checks.find((c) => c.data && c.data.contrastRatio !== undefined);
        return {
          target: n.target.map(String), html: n.html, summary: n.failureSummary || null,
          data: c ? Object.fromEntries(Object.entries(c.data).map(([k, v]) => [k, String(v)])) : null,
        };
      }),
    })),
    incomplete: r.incomplete.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => {
        const c = [].concat(n.any, n.all, n.none).find((c) => c.data && c.data.messageKey);
        return n.target.map(String).join(" ") + (c ? " (" + c.data.messageKey + ")" : "");
      }),
    })),
  }), (e) => ({ error: String(e) }));
"#;

/// Where the page breaks WCAG 1.4.10 (reflow) at the current viewport: the
/// page scrolls sideways, the table's scroll region is missing or nameless,
/// the pager or the run count is off screen, or two controls overlap.
const REFLOW_JS: &str = r#"
const root = document.querySelector(arguments[0]);
const problems = [];
if (!root) return ["nothing matches " + arguments[0]];
const vw = document.documentElement.clientWidth;
const over = document.documentElement.scrollWidth - vw;
if (over > 0) problems.push(`the page scrolls sideways by ${over} px at ${vw} px`);
const wrap = root.querySelector(".dify-logs__table-wrap");
if (wrap) {
  if (wrap.getAttribute("role") !== "region" || wrap.getAttribute("tabindex") !== "0" || !wrap.getAttribute("aria-label"))
    problems.push("the table's scroll box is not a focusable, named region: " + wrap.outerHTML.slice(0, 120));
  const r = wrap.getBoundingClientRect();
  if (r.right > vw + 0.5) problems.push(`the table's scroll box ends at ${r.right} px, past ${vw}`);
}
const onScreen = (sel) => {
  for (const e of root.querySelectorAll(sel)) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.left < -0.5 || r.right > vw + 0.5)
      problems.push(`${sel} "${e.textContent.trim() || e.getAttribute("aria-label")}" is not fully on screen (${r.left}..${r.right} of ${vw})`);
  }
};
onScreen(".dify-logs__pager button");
onScreen(".dify-logs__page-label");
onScreen(".dify-logs__total");
onScreen(".dify-logs__filters > *");
onScreen(".dify-logs__toolbar > *");
// Siblings that share pixels overlap.
for (const box of root.querySelectorAll(".dify-logs__filters, .dify-logs__toolbar, .dify-logs__pager, .dify-logs__export, .dify-logs__legend")) {
  const kids = [...box.children].filter((e) => e.getClientRects().length > 0);
  for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) {
    const a = kids[i].getBoundingClientRect(), b = kids[j].getBoundingClientRect();
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 0.5 && h > 0.5)
      problems.push(`"${kids[i].textContent.trim().slice(0, 30)}" overlaps "${kids[j].textContent.trim().slice(0, 30)}" in .${box.className}`);
  }
}
return problems;
"#;

/// Where the focus is, and whether a ring shows it: an outline (or, on an
/// SVG segment, a stroke) at least 2 px wide whose colour has 3:1 against
/// the widget's background.
const FOCUS_JS: &str = r#"
const root = document.querySelector(arguments[0]);
const el = document.activeElement;
if (!root || !el || !root.contains(el)) return { inside: false, what: el ? el.tagName : "", ring: null };
const cs = getComputedStyle(el);
const label = el.getAttribute("aria-label");
const what = el.tagName.toLowerCase() + (label ? `[aria-label="${label}"]` : "") + " " +
  (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
let color = null;
if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) color = cs.outlineColor;
else if (el instanceof SVGElement && cs.stroke !== "none" && parseFloat(cs.strokeWidth) >= 2) color = cs.stroke;
if (!color) return { inside: true, what, ring: null };
const rgb = (c) => (c.match(/[\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
const lum = (c) => {
  const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const bg = getComputedStyle(root.closest(".dify-logs") || root.querySelector(".dify-logs")).backgroundColor;
const [a, b] = [lum(color), lum(bg)];
const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
return { inside: true, what, ring: Math.round(ratio * 100) / 100 };
"#;

/// The focused element as [`Harness::focus_ring`] sees it.
#[derive(Clone, Debug, Deserialize)]
pub struct Focused {
    /// Inside the widget's element.
    pub inside: bool,
    /// Tag, aria-label and text, to name it in a failure.
    pub what: String,
    /// The ring's contrast against the widget's background, if it has one.
    pub ring: Option<f64>,
}

impl Harness {
    /// Presses and releases one key (a `fantoccini::key::Key` as a char).
    pub async fn press(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client()
            .perform_actions(keys)
            .await
            .unwrap_or_else(|e| panic!("press {key:?}: {e}"));
    }

    /// The focused element and its focus ring, inside `selector`.
    pub async fn focus_ring(&self, selector: &str) -> Focused {
        let v = self.js(FOCUS_JS, vec![json!(selector)]).await;
        serde_json::from_value(v).expect("focus report")
    }

    /// Sends a Chrome DevTools Protocol command to the page.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client()
            .issue_cmd(Cdp {
                cmd: cmd.into(),
                params: params.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd} {params}: {e}"))
    }

    /// Lays the page out `width` CSS px wide (a phone, a narrow side panel).
    pub async fn emulate_width(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
    }

    /// Turns forced colours (Windows High Contrast) on or off.
    pub async fn emulate_forced_colors(&self, on: bool) {
        let value = if on { "active" } else { "none" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "forced-colors", "value": value}]}),
        )
        .await;
    }

    /// Runs axe-core's WCAG 2.1 A/AA rules over the element matching
    /// `selector` (injecting axe first when the page has none).
    pub async fn axe(&self, selector: &str) -> AxeReport {
        let has = self.js("return !!window.axe;", vec![]).await;
        if has != json!(true) {
            self.js(&axe_source(), vec![]).await;
        }
        let v = self
            .js(AXE_RUN_JS, vec![json!(selector), json!(WCAG_TAGS)])
            .await;
        if let Some(e) = v.get("error") {
            panic!("axe-core failed: {e}");
        }
        serde_json::from_value(v).expect("axe report shape")
    }

    /// The reflow problems of the widget in `selector` (none is good).
    pub async fn reflow_problems(&self, selector: &str) -> Vec<String> {
        let v = self.js(REFLOW_JS, vec![json!(selector)]).await;
        serde_json::from_value(v).expect("reflow report")
    }
}
