//! The layers of `src/`, checked from the source text: imports go one way,
//!
//! ```text
//! api, browser  →  domain  →  text  →  components  →  lib.rs
//! ```
//!
//! so a module never names one in a layer above its own, and no two
//! modules name each other through a chain (an import circle). A module is
//! a file; its own submodules belong to it. Test code (`mod tests`) is left
//! out: a test may check a module together with its words.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first: a module may name modules of its own layer
/// or a lower one.
const LAYERS: [(&str, u8); 5] = [
    ("api", 0),
    ("browser", 0),
    ("domain", 1),
    ("text", 2),
    ("components", 3),
];

/// The crate root (`lib.rs`): the mount API, above everything.
const ROOT: &str = "lib";

fn rank(module: &str) -> u8 {
    let top = module.split("::").next().unwrap_or(module);
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .map_or(LAYERS.len() as u8, |(_, r)| *r)
}

/// `src/domain/chart/mod.rs` -> `domain::chart`; `src/lib.rs` -> `lib`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    match parts.join("::").as_str() {
        "lib" | "" => ROOT.into(),
        m => m.into(),
    }
}

/// The source without its test module (inline `mod tests { ... }` runs to
/// the end of the file, as everywhere in this crate).
fn without_tests(src: &str) -> &str {
    let mut at = 0;
    while let Some(i) = src[at..].find("#[cfg(test)]") {
        let start = at + i;
        let rest = src[start + "#[cfg(test)]".len()..].trim_start();
        let rest = rest.strip_prefix("pub(crate) ").unwrap_or(rest);
        if rest.starts_with("mod tests {") {
            return &src[..start];
        }
        at = start + 1;
    }
    src
}

/// Every path that starts with `prefix` (`crate::`, `super::`), as its
/// segments: `crate::domain::time::{a, b}` gives `["domain", "time"]`.
fn paths_after<'a>(src: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    for (i, _) in src.match_indices(prefix) {
        // Not the tail of a longer name or path (`super::super::`).
        let before = src[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut segs = Vec::new();
        let mut s = &src[i + prefix.len()..];
        loop {
            let end = s
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(s.len());
            if end == 0 {
                break;
            }
            segs.push(&s[..end]);
            match s[end..].strip_prefix("::") {
                Some(next) => s = next,
                None => break,
            }
        }
        out.push(segs);
    }
    out
}

/// The names `lib.rs` brings into the crate root with `use`, so that
/// `crate::zone` in a module means `domain::zone`: `use a::b;`,
/// `use a::b as c;` and `use a::{b, c};`.
fn root_aliases(lib: &str) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    for line in without_tests(lib).lines() {
        let Some(path) = line.trim().strip_prefix("use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let (base, names) = match path.split_once("::{") {
            Some((base, list)) => (base, list.trim_end_matches('}').split(',').collect()),
            None => match path.rsplit_once("::") {
                Some((base, name)) => (base, vec![name]),
                None => continue,
            },
        };
        for name in names.into_iter().map(str::trim).filter(|n| !n.is_empty()) {
            let (name, alias) = name.split_once(" as ").unwrap_or((name, name));
            aliases.insert(alias.to_string(), format!("{base}::{name}"));
        }
    }
    aliases
}

/// The items `lib.rs` defines (`fn mount`, `struct WidgetHandle`...).
fn root_items(lib: &str) -> BTreeSet<String> {
    let words: Vec<&str> = without_tests(lib)
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| {
            matches!(
                w[0],
                "fn" | "struct" | "enum" | "const" | "static" | "type" | "trait"
            )
        })
        .map(|w| w[1].to_string())
        .collect()
}

/// The modules a module names, resolved to the longest known module; a
/// path to nothing known (only a comment can hold one) is left out.
fn imports(
    module: &str,
    src: &str,
    modules: &BTreeSet<String>,
    aliases: &BTreeMap<String, String>,
    root: &BTreeSet<String>,
) -> BTreeSet<String> {
    let owner = |full: String| -> Option<String> {
        let segs: Vec<&str> = full.split("::").collect();
        (1..=segs.len())
            .rev()
            .map(|n| segs[..n].join("::"))
            .find(|m| modules.contains(m))
            .or_else(|| root.contains(segs[0]).then(|| ROOT.into()))
    };
    let mut found = BTreeSet::new();
    let code = without_tests(src);
    for segs in paths_after(code, "crate::") {
        let Some(first) = segs.first() else { continue };
        let full = match aliases.get(*first) {
            Some(real) => std::iter::once(real.as_str())
                .chain(segs[1..].iter().copied())
                .collect::<Vec<_>>()
                .join("::"),
            None => segs.join("::"),
        };
        found.extend(owner(full));
    }
    // `super::` from a file: its parent module (an inline module's
    // `super` stays in the same file, so this never looks lower).
    let mut parent: Vec<&str> = module.split("::").collect();
    parent.pop();
    for segs in paths_after(code, "super::") {
        let mut base = parent.clone();
        let mut segs = segs.as_slice();
        while segs.first() == Some(&"super") {
            base.pop();
            segs = &segs[1..];
        }
        let full: Vec<&str> = base.into_iter().chain(segs.iter().copied()).collect();
        if !full.is_empty() {
            found.extend(owner(full.join("::")));
        }
    }
    // A module and its own submodules are one unit.
    found.retain(|m| {
        m != module
            && !m.starts_with(&format!("{module}::"))
            && !module.starts_with(&format!("{m}::"))
    });
    found
}

/// What is wrong with `sources` (module name -> source text): imports that
/// go up a layer, and import circles.
fn violations(sources: &BTreeMap<String, String>) -> Vec<String> {
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let lib = sources.get(ROOT).map_or("", String::as_str);
    let (aliases, root) = (root_aliases(lib), root_items(lib));
    let mut problems = Vec::new();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, src) in sources {
        if module.ends_with("::tests") || module == "tests" {
            continue;
        }
        let names = imports(module, src, &modules, &aliases, &root);
        for target in &names {
            if rank(target) > rank(module) && module != ROOT {
                problems.push(format!("{module} imports {target}, a layer above it"));
            }
        }
        edges.insert(module, names);
    }
    for circle in circles(&edges) {
        problems.push(format!("import circle: {}", circle.join(" -> ")));
    }
    problems
}

/// Each import circle once, as the modules along it (the first repeated
/// at the end).
fn circles(edges: &BTreeMap<&str, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk(
        at: &str,
        edges: &BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        if let Some(i) = path.iter().position(|m| m == at) {
            let mut circle = path[i..].to_vec();
            circle.push(at.to_string());
            found.push(circle);
            return;
        }
        if !done.insert(at.to_string()) {
            return;
        }
        path.push(at.to_string());
        for next in edges.get(at).into_iter().flatten() {
            walk(next, edges, path, done, found);
        }
        path.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        walk(start, edges, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

fn read_src(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_src(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under src/");
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.insert(module_of(rel), text);
        }
    }
}

#[test]
fn imports_go_one_way_and_never_in_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    read_src(&root, &root, &mut sources);
    assert!(sources.contains_key("domain::time") && sources.contains_key(ROOT));
    let problems = violations(&sources);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn fake(modules: &[(&str, &str)]) -> BTreeMap<String, String> {
    modules
        .iter()
        .map(|(m, s)| (m.to_string(), s.to_string()))
        .collect()
}

#[test]
fn an_import_up_a_layer_is_caught() {
    let src = fake(&[
        ("domain::time", "use crate::text::i18n::Locale;\n"),
        ("text::i18n", "pub enum Locale {}\n"),
        (
            "api::query",
            "/// See [`crate::components::state`], not `crate::gone`.\n",
        ),
        ("api::model", "fn f() -> crate::Handle {}\n"),
        ("components::state", ""),
        (
            "domain::zone",
            "fn f() { crate::zone_alias::Zone::named(); }\n",
        ),
        (
            ROOT,
            "use text::i18n as _;\nuse components::state as zone_alias;\npub struct Handle;\n",
        ),
    ]);
    let problems = violations(&src);
    assert_eq!(
        problems,
        [
            "api::model imports lib, a layer above it",
            "api::query imports components::state, a layer above it",
            "domain::time imports text::i18n, a layer above it",
            "domain::zone imports components::state, a layer above it",
        ]
    );
}

#[test]
fn a_circle_is_caught_and_tests_are_left_out() {
    let src = fake(&[
        ("text::i18n", "use crate::text::intl::Fmt;\n"),
        ("text::intl", "use crate::text::i18n::Locale;\n"),
        (
            "domain::paging",
            "pub struct P;\n#[cfg(test)]\nmod tests {\n    use crate::text::intl::Fmt;\n}\n",
        ),
        ("domain::chart", "use self::bars::Bar;\n"),
        ("domain::chart::bars", "use super::Layout;\n"),
        ("api::client", "use super::error::ApiError;\n"),
        ("api::error", "use super::super::text::i18n;\n"),
    ]);
    let problems = violations(&src);
    assert_eq!(
        problems,
        [
            "api::error imports text::i18n, a layer above it",
            "import circle: text::i18n -> text::intl -> text::i18n",
        ]
    );
}
