//! Generates the `i18n` module from `locales/*.json` (leptos_i18n's
//! build-time code generation): one `Locale` enum and typed keys, so a key
//! used in the code but absent from the default locale fails the build.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")
        .and_then(|c| c.add_locales(["zh-Hans", "ja"]))
        .expect("locale names are valid")
        .parse_options(options);
    let infos = TranslationsInfos::parse(config).expect("locales/*.json parse");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos
        .generate_i18n_module(out.join("i18n"))
        .expect("the i18n module is written");
}
