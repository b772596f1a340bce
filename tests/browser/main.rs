//! The browser tests, one wasm binary for all four suites: linking the
//! widget into a test binary (and wasm-bindgen reading it) is the slow
//! part, so it is done once, and each time zone runs the same binary.
//!
//! - `apps`: several apps: the App select, the merged view, its export;
//! - `components`: the widget on canned responses, every state and filter;
//! - `element`: `<dify-logs>`, its live attributes and the DOM events;
//! - `features`: detail panel, auto-refresh, columns, deep links, export,
//!   chart, screen-reader texts, themes;
//! - `locale_ui`: the widget in Chinese and Japanese, the language and
//!   zone options;
//! - `intl`: the `Intl` formats and named zones.
//!
//! `scripts/browser-tests` runs them all in the first zone and
//! `components` and `intl` in the others (`--skip features:: --skip
//! locale_ui::`). Tests share the page, so each one puts back what it
//! changes (URL, `<html lang>`, storage).
#![cfg(target_arch = "wasm32")]

mod apps;
mod components;
mod element;
mod features;
mod intl;
mod locale_ui;
mod support;
