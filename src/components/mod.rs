//! View code, one file per piece; all logic lives in the pure modules.

pub mod alert;
pub mod chart;
pub mod columns;
pub mod detail;
pub mod export;
pub mod filters;
pub mod pagination;
pub mod status;
pub mod table;
pub mod timers;
pub mod widget;
