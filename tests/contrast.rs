//! The theme's colour pairs against WCAG 2.1: text at least 4.5:1 on every
//! background it sits on (1.4.3), and the edges of controls, focus rings,
//! badge borders and chart bars at least 3:1 (1.4.11), in the light and the
//! dark theme. Read from `style/dify-logs.css`, so a changed colour is
//! checked before a browser runs. (axe-core in the e2e suite checks the
//! rendered text; it does not check non-text contrast.)
#![cfg(not(target_arch = "wasm32"))]

const CSS: &str = include_str!("../style/dify-logs.css");

/// `--dify-logs-NAME: light-dark(#light, #dark)` as the two colours.
fn colour(name: &str) -> [(u8, u8, u8); 2] {
    let decl = format!("--dify-logs-{name}:");
    let line = CSS
        .lines()
        .find(|l| l.trim_start().starts_with(&decl))
        .unwrap_or_else(|| panic!("no {decl} in style/dify-logs.css"));
    let hexes: Vec<(u8, u8, u8)> = line
        .split('#')
        .skip(1)
        .map(|h| {
            let h = &h[..6];
            let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).expect("hex colour");
            (c(0), c(2), c(4))
        })
        .collect();
    match hexes.as_slice() {
        [light, dark] => [*light, *dark],
        [both] => [*both, *both],
        _ => panic!("{line:?} is not light-dark(#rrggbb, #rrggbb)"),
    }
}

/// WCAG relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Fails with every pair below `min`, in either theme.
fn check(min: f64, pairs: &[(&str, &str)]) {
    let mut low = Vec::new();
    for (fg, bg) in pairs {
        for (theme, i) in [("light", 0), ("dark", 1)] {
            let r = ratio(colour(fg)[i], colour(bg)[i]);
            if r < min {
                low.push(format!("{theme}: {fg} on {bg} is {r:.2}:1"));
            }
        }
    }
    assert!(low.is_empty(), "below {min}:1:\n{}", low.join("\n"));
}

const STATUSES: [&str; 6] = [
    "succeeded",
    "failed",
    "stopped",
    "running",
    "partial",
    "paused",
];

#[test]
fn text_is_at_least_4_5_to_1() {
    let mut pairs = vec![
        // Cells, labels, column headers, hints of the chart and the pager.
        ("fg", "bg"),
        ("fg", "head-bg"),
        ("fg", "row-hover"),
        ("muted", "bg"),
        ("muted", "head-bg"),
        ("muted", "row-hover"),
        ("error-fg", "error-bg"),
        ("hint-fg", "hint-bg"),
        // The error column and the detail panel's error block.
        ("failed", "head-bg"),
    ];
    // Badges on a plain, hovered or selected row.
    for s in STATUSES {
        pairs.push((s, "bg"));
        pairs.push((s, "row-hover"));
    }
    check(4.5, &pairs);
}

#[test]
fn controls_focus_rings_badge_borders_and_bars_are_at_least_3_to_1() {
    let mut pairs = vec![
        ("control-border", "bg"),
        // The focus ring, on the widget, a header and a hovered row.
        ("accent", "bg"),
        ("accent", "head-bg"),
        ("accent", "row-hover"),
        // The chart's axis.
        ("muted", "bg"),
    ];
    // Chart bars and legend swatches on the widget's background.
    for s in STATUSES {
        pairs.push((s, "bg"));
    }
    check(3.0, &pairs);
}

#[test]
fn the_ratios_are_computed_as_wcag_does() {
    let white = (255, 255, 255);
    assert!((ratio((0, 0, 0), white) - 21.0).abs() < 1e-9);
    assert!((ratio(white, white) - 1.0).abs() < 1e-9);
    // #767676 is the classic 4.54:1 grey on white.
    assert!((ratio((0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
}
