//! View code, one component per file; the logic lives in `domain/` and the
//! words in `text/`. `state`, `logs`, `hooks` and `context` hold the
//! widget's wiring, not views.

pub mod alert;
pub mod announcer;
pub mod app_failures;
pub mod apps;
pub mod chart;
pub mod chart_frame;
pub mod chart_plot;
pub mod columns;
pub mod context;
pub mod copy_button;
pub mod date_filter;
pub mod deferred;
pub mod detail;
pub mod detail_body;
pub mod empty;
pub mod events;
pub mod export;
pub mod filters;
pub mod hooks;
pub mod host;
pub mod logs;
pub mod merged;
pub mod new_runs;
pub mod notes;
pub mod pagination;
pub mod part_failed;
pub mod pref_toggle;
pub mod refresh;
pub mod row;
pub mod select_field;
pub mod split;
pub mod state;
pub mod status;
pub mod table;
pub mod text_filter;
pub mod toolbar;
pub mod widget;
