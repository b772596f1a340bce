//! "Export CSV" / "Export JSON" of runs. Pure: the component fetches the
//! pages (see [`plan_export`]), calls [`csv::to_csv`] or [`to_json`] and
//! hands the text to the browser as a download named by
//! [`export_file_name`].

pub mod csv;

use crate::api::model::LogEntry;
use crate::api::query::{MAX_LIMIT, MAX_PAGE};
use crate::domain::time::file_stamp;
use chrono::DateTime;

/// The most runs one export fetches (50 requests of 100): enough for any
/// filtered view a person reads, small enough not to hammer Dify or the tab.
pub const EXPORT_CAP: u64 = 5_000;

/// A compact JSON array of the entries in Dify's own field names, so the
/// export can be fed to anything that reads Dify's API.
pub fn to_json(entries: &[LogEntry]) -> String {
    serde_json::to_string(entries).unwrap_or_else(|_| "[]".into())
}

/// As [`to_json`], each entry with an `"app"` member naming its app when
/// `apps` is given (the "All apps" view).
pub fn to_json_in_apps(entries: &[LogEntry], apps: Option<&[String]>) -> String {
    let Some(apps) = apps else {
        return to_json(entries);
    };
    let list: Vec<serde_json::Value> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            if let Some(obj) = v.as_object_mut() {
                let app = apps.get(i).cloned().unwrap_or_default();
                obj.insert("app".into(), serde_json::Value::String(app));
            }
            v
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// What an export of a filtered view fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportPlan {
    /// Pages to request, 1..=pages, at the planned page size.
    pub pages: u32,
    /// True when more runs match than the cap: the UI says the file holds
    /// only the newest `runs`.
    pub capped: bool,
    /// Runs the file will hold (keep at most this many of the fetched rows).
    pub runs: u64,
}

/// How many pages of `page_size` (clamped to Dify's 1..=100) to fetch to
/// export `total` runs, at most `cap_runs` of them. When the cap is not a
/// multiple of the page size, the last page is fetched whole and cut to
/// `runs`.
pub fn plan_export(total: u64, page_size: u32, cap_runs: u64) -> ExportPlan {
    let size = u64::from(page_size.clamp(1, MAX_LIMIT));
    let wanted = total.min(cap_runs);
    let pages = wanted.div_ceil(size).min(u64::from(MAX_PAGE));
    ExportPlan {
        pages: pages as u32,
        capped: total > cap_runs,
        runs: wanted.min(pages * size),
    }
}

/// `dify-logs-2026-11-26T0955.csv`: the UTC minute of the export, so files
/// sort by time and never hold `:` (invalid on Windows). `kind` is the
/// extension (`csv`, `json`); anything but ASCII letters and digits is
/// dropped from it.
pub fn export_file_name(kind: &str, now_secs: i64) -> String {
    // Beyond chrono's range (no clock gives that) the epoch stands in.
    let now = DateTime::from_timestamp(now_secs, 0).unwrap_or_default();
    let mut ext: String = kind
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if ext.is_empty() {
        ext.push_str("txt");
    }
    format!("dify-logs-{}.{ext}", file_stamp(now.naive_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::decode_log_page;
    use csv::tests::real_entry;

    #[test]
    fn json_is_dify_shaped_and_round_trips() {
        let entries = vec![real_entry(), LogEntry::default()];
        let json = to_json(&entries);
        assert!(json.starts_with("[{\"id\":\"fced\",\"workflow_run\":{"));
        assert!(json.contains("\"status\":\"stopped\""));
        assert!(json.contains("\"type\":\"service-api\""));
        assert!(json.contains("\"elapsed_time\":45.164847"));
        assert!(!json.contains('\n'));
        let back = decode_log_page(&format!("{{\"data\":{json}}}")).unwrap();
        assert_eq!(back.data, entries);
        assert_eq!(to_json(&[]), "[]");
    }

    #[test]
    fn exports_across_apps_name_each_runs_app() {
        let entries = vec![real_entry(), LogEntry::default()];
        let apps = vec!["Support bot".to_string(), "=cmd".to_string()];
        let csv = csv::to_csv_in_apps(&entries, Some(&apps));
        let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert!(lines[0].starts_with("app,log_id,run_id,"));
        assert!(lines[1].starts_with("Support bot,fced,"));
        // Guarded like every text cell.
        assert!(lines[2].starts_with("'=cmd,"), "{}", lines[2]);
        let json = to_json_in_apps(&entries, Some(&apps));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["app"], "Support bot");
        assert_eq!(v[0]["id"], "fced");
        assert_eq!(to_json_in_apps(&entries, None), to_json(&entries));
    }

    #[test]
    fn plan_arithmetic() {
        let p = |total, size, cap| plan_export(total, size, cap);
        assert_eq!(
            p(0, 100, EXPORT_CAP),
            ExportPlan {
                pages: 0,
                capped: false,
                runs: 0
            }
        );
        assert_eq!(
            p(1, 100, EXPORT_CAP),
            ExportPlan {
                pages: 1,
                capped: false,
                runs: 1
            }
        );
        assert_eq!(p(100, 100, EXPORT_CAP).pages, 1);
        assert_eq!(
            p(101, 100, EXPORT_CAP),
            ExportPlan {
                pages: 2,
                capped: false,
                runs: 101
            }
        );
        assert_eq!(
            p(5_000, 100, EXPORT_CAP),
            ExportPlan {
                pages: 50,
                capped: false,
                runs: 5_000
            }
        );
        assert_eq!(
            p(5_001, 100, EXPORT_CAP),
            ExportPlan {
                pages: 50,
                capped: true,
                runs: 5_000
            }
        );
        assert_eq!(
            p(1_000_000, 100, 150),
            ExportPlan {
                pages: 2,
                capped: true,
                runs: 150
            }
        );
        // Page sizes outside Dify's 1..=100 are clamped.
        assert_eq!(p(250, 0, EXPORT_CAP).pages, 250);
        assert_eq!(p(250, 500, EXPORT_CAP).pages, 3);
        assert_eq!(p(45, 20, EXPORT_CAP).pages, 3);
        // Never more pages than Dify serves.
        let huge = p(u64::MAX, 1, u64::MAX);
        assert_eq!(huge.pages, MAX_PAGE);
        assert_eq!(huge.runs, u64::from(MAX_PAGE));
        assert!(!huge.capped);
    }

    #[test]
    fn file_names() {
        assert_eq!(
            export_file_name("csv", 1_795_686_945),
            "dify-logs-2026-11-26T0955.csv"
        );
        assert_eq!(
            export_file_name("JSON", 1_795_686_945),
            "dify-logs-2026-11-26T0955.json"
        );
        assert_eq!(
            export_file_name("../x y", 0),
            "dify-logs-1970-01-01T0000.xy"
        );
        assert_eq!(export_file_name("", 0), "dify-logs-1970-01-01T0000.txt");
    }
}
