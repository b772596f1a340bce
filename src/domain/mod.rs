//! Pure logic, free of languages and formats: query checks, periods and
//! time on chrono, zones, paging, the export cursor and rows, the merge of several apps' runs, chart
//! geometry, preferences, deep links, mount options, the filters a caption
//! names. Functions here return
//! typed values and typed reasons; `text/` puts them into words.

pub mod announce;
pub mod apps;
pub mod attributes;
pub mod chart;
pub mod cursor;
pub mod deeplink;
pub mod export;
pub mod merge;
pub mod options;
pub mod paging;
pub mod period;
pub mod prefs;
pub mod query;
pub mod refresh;
pub mod time;
pub mod traceback;
pub mod zone;
