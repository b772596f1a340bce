//! The CSV file of an export: one line per run, RFC 4180 quoting, text
//! cells guarded against formula injection. Numbers are written with
//! integer arithmetic only: float formatting would add about 10 KB to the
//! wasm bundle.

use crate::api::model::LogEntry;
use crate::domain::time::format_utc;

/// The CSV header, in column order. Snake-case names rather than the
/// table's headings, so scripts (pandas, `csvkit`, SQL imports) can address
/// columns without quoting. `started_utc` is RFC 3339 in UTC (`...Z`), so
/// the file means the same in every time zone; `run_time_s` is seconds with
/// three decimals; `user` is what the table's User column shows (session ID,
/// else account name, else e-mail) and the three raw fields follow it.
pub const EXPORT_COLUMNS: [&str; 13] = [
    "log_id",
    "run_id",
    "started_utc",
    "status",
    "run_time_s",
    "tokens",
    "steps",
    "user",
    "session_id",
    "account_name",
    "account_email",
    "source",
    "error",
];

/// A UTF-8 byte order mark: without it Excel opens a CSV in the system code
/// page and garbles non-ASCII text (names, errors in other languages).
pub const UTF8_BOM: &str = "\u{FEFF}";

/// The header line, `\r\n` terminated (RFC 4180 line ends).
pub fn csv_header() -> String {
    let mut out = EXPORT_COLUMNS.join(",");
    out.push_str("\r\n");
    out
}

/// One run as a CSV line, `\r\n` terminated. Absent values are empty cells;
/// text cells are guarded against formula injection and quoted when needed.
pub fn csv_row(e: &LogEntry) -> String {
    let run = e.workflow_run.as_ref();
    let started = e.created_at.or_else(|| run.and_then(|r| r.created_at));
    let user = e.created_by_end_user.as_ref();
    let account = e.created_by_account.as_ref();
    let session = user.and_then(|u| u.session_id.clone()).unwrap_or_default();
    let name = account.and_then(|a| a.name.clone()).unwrap_or_default();
    let email = account.and_then(|a| a.email.clone()).unwrap_or_default();
    let shown_user = [&session, &name, &email]
        .into_iter()
        .find(|s| !s.is_empty())
        .cloned()
        .unwrap_or_default();
    let int = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let cells: [(String, bool); 13] = [
        (e.id.clone(), true),
        (run.map(|r| r.id.clone()).unwrap_or_default(), true),
        (started.map(format_utc).unwrap_or_default(), false),
        (
            run.map(|r| r.status.as_str().to_string())
                .unwrap_or_default(),
            true,
        ),
        (
            run.and_then(|r| r.elapsed_time)
                .map(seconds_3dp)
                .unwrap_or_default(),
            false,
        ),
        (int(run.and_then(|r| r.total_tokens)), false),
        (int(run.and_then(|r| r.total_steps)), false),
        (shown_user, true),
        (session, true),
        (name, true),
        (email, true),
        (e.created_from.clone().unwrap_or_default(), true),
        (run.and_then(|r| r.error.clone()).unwrap_or_default(), true),
    ];
    let mut out = String::new();
    for (i, (text, is_text)) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(&mut out, text, *is_text);
    }
    out.push_str("\r\n");
    out
}

/// The whole file: [`UTF8_BOM`], the header, then one line per entry.
pub fn to_csv(entries: &[LogEntry]) -> String {
    to_csv_in_apps(entries, None)
}

/// As [`to_csv`], with a leading `app` column when `apps` names each
/// entry's app (the "All apps" view).
pub fn to_csv_in_apps(entries: &[LogEntry], apps: Option<&[String]>) -> String {
    let mut out = String::with_capacity(256 + entries.len() * 200);
    out.push_str(UTF8_BOM);
    if apps.is_some() {
        out.push_str("app,");
    }
    out.push_str(&csv_header());
    for (i, e) in entries.iter().enumerate() {
        if let Some(apps) = apps {
            push_cell(&mut out, apps.get(i).map_or("", String::as_str), true);
            out.push(',');
        }
        out.push_str(&csv_row(e));
    }
    out
}

/// Seconds with three decimals (`45.165`), by integer arithmetic.
fn seconds_3dp(secs: f64) -> String {
    if !secs.is_finite() {
        return String::new();
    }
    let ms = (secs * 1000.0).round() as i64;
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
}

/// True when a spreadsheet would read a text cell as a formula (OWASP CSV
/// injection: `=`, `+`, `-`, `@`, TAB, CR at the start).
fn looks_like_formula(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Appends one cell: text cells that look like formulas get a leading `'`
/// (shown as text by Excel, LibreOffice and Sheets); then RFC 4180 quoting
/// when the cell holds `,`, `"`, CR or LF, with quotes doubled.
fn push_cell(out: &mut String, value: &str, is_text: bool) {
    let guard = is_text && looks_like_formula(value);
    let quote = value.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quote {
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::api::model::{decode_log_page, Account, EndUser, RunStatus, WorkflowRun};

    fn entry_with_error(error: &str) -> LogEntry {
        LogEntry {
            id: "log-1".into(),
            workflow_run: Some(WorkflowRun {
                id: "run-1".into(),
                status: RunStatus::Failed,
                error: Some(error.into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// Splits a CSV text into records of fields, RFC 4180 style (a tiny
    /// reader for the tests, so quoting is checked by round trip).
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                _ => field.push(c),
            }
        }
        assert!(field.is_empty() && row.is_empty(), "text must end in CRLF");
        rows
    }

    /// The stopped run of the real captures, as one log entry.
    pub(crate) fn real_entry() -> LogEntry {
        let body = r#"{"data":[{"id":"fced","workflow_run":{"id":"f772","status":"stopped",
          "error":"Aborted: User requested stop","elapsed_time":45.164847,"total_tokens":12345,
          "total_steps":4,"created_at":1795686944,"finished_at":1795686990},
          "created_from":"service-api","created_by_end_user":{"id":"u","type":"service-api",
          "session_id":"user-carol"},"created_by_account":null,"created_at":1795686945}]}"#;
        decode_log_page(body).unwrap().data.remove(0)
    }

    #[test]
    fn header_matches_columns() {
        assert_eq!(
            csv_header(),
            "log_id,run_id,started_utc,status,run_time_s,tokens,steps,user,session_id,\
             account_name,account_email,source,error\r\n"
        );
        assert_eq!(parse_csv(&csv_header())[0].len(), EXPORT_COLUMNS.len());
    }

    #[test]
    fn a_real_row() {
        assert_eq!(
            csv_row(&real_entry()),
            "fced,f772,2026-11-26T09:55:45Z,stopped,45.165,12345,4,user-carol,user-carol,,,\
             service-api,Aborted: User requested stop\r\n"
        );
    }

    #[test]
    fn account_user_and_fallbacks() {
        let mut e = LogEntry {
            id: "a".into(),
            created_by_account: Some(Account {
                id: "acc".into(),
                name: Some("Local Admin".into()),
                email: Some("admin@example.com".into()),
            }),
            created_by_end_user: Some(EndUser {
                session_id: Some(String::new()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let f = &parse_csv(&csv_row(&e))[0];
        assert_eq!(f[7], "Local Admin");
        assert_eq!(
            (f[9].as_str(), f[10].as_str()),
            ("Local Admin", "admin@example.com")
        );
        e.created_by_account.as_mut().unwrap().name = None;
        // "@" would start a formula only at the start of the cell.
        assert_eq!(parse_csv(&csv_row(&e))[0][7], "admin@example.com");
    }

    #[test]
    fn null_run_rows_are_empty_cells() {
        let page = decode_log_page(r#"{"data":[{"id":"a","workflow_run":null}]}"#).unwrap();
        assert_eq!(csv_row(&page.data[0]), "a,,,,,,,,,,,,\r\n");
        let mut e = page.data[0].clone();
        e.created_at = Some(0);
        assert_eq!(parse_csv(&csv_row(&e))[0][2], "1970-01-01T00:00:00Z");
    }

    #[test]
    fn started_falls_back_to_the_run() {
        let mut e = real_entry();
        e.created_at = None;
        assert_eq!(parse_csv(&csv_row(&e))[0][2], "2026-11-26T09:55:44Z");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let e = entry_with_error("a, \"b\"\r\nsecond line\nthird\rfourth");
        let line = csv_row(&e);
        assert!(line.ends_with(",\"a, \"\"b\"\"\r\nsecond line\nthird\rfourth\"\r\n"));
        let rows = parse_csv(&line);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].len(), 13);
        assert_eq!(rows[0][12], "a, \"b\"\r\nsecond line\nthird\rfourth");
        // Plain text is not quoted.
        assert!(csv_row(&entry_with_error("plain")).ends_with(",plain\r\n"));
    }

    #[test]
    fn formula_injection_is_guarded_in_text_cells() {
        for (payload, expect) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("a=1", "a=1"),
            (" =1", " =1"),
        ] {
            let f = &parse_csv(&csv_row(&entry_with_error(payload)))[0];
            assert_eq!(f[12], expect, "{payload:?}");
        }
        assert!(csv_row(&entry_with_error("=HYPERLINK(\"http://x\")"))
            .ends_with(",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"));
        let mut e = real_entry();
        e.id = "=1+1".into();
        e.created_from = Some("-cmd".into());
        e.created_by_end_user.as_mut().unwrap().session_id = Some("@evil".into());
        let f = &parse_csv(&csv_row(&e))[0];
        assert_eq!(
            (f[0].as_str(), f[7].as_str(), f[8].as_str(), f[11].as_str()),
            ("'=1+1", "'@evil", "'@evil", "'-cmd")
        );
    }

    #[test]
    fn negative_numbers_are_not_guarded() {
        let mut e = real_entry();
        let run = e.workflow_run.as_mut().unwrap();
        run.total_tokens = Some(-1);
        run.total_steps = Some(-20);
        run.elapsed_time = Some(-0.5);
        let f = &parse_csv(&csv_row(&e))[0];
        assert_eq!(
            (f[4].as_str(), f[5].as_str(), f[6].as_str()),
            ("-0.500", "-1", "-20")
        );
    }

    #[test]
    fn run_time_has_three_decimals() {
        assert_eq!(seconds_3dp(45.164847), "45.165");
        assert_eq!(seconds_3dp(0.0), "0.000");
        assert_eq!(seconds_3dp(0.0004), "0.000");
        assert_eq!(seconds_3dp(0.0005), "0.001");
        assert_eq!(seconds_3dp(1.9999), "2.000");
        assert_eq!(seconds_3dp(3_600.25), "3600.250");
        assert_eq!(seconds_3dp(-0.001), "-0.001");
        assert_eq!(seconds_3dp(f64::NAN), "");
        assert_eq!(seconds_3dp(f64::INFINITY), "");
        // Absurd values saturate instead of panicking.
        assert!(!seconds_3dp(1e300).is_empty());
    }

    #[test]
    fn csv_file_has_bom_header_and_unicode() {
        let mut a = real_entry();
        a.workflow_run.as_mut().unwrap().error = Some("Zeitüberschreitung — 超时 🚫".into());
        let b = decode_log_page(r#"{"data":[{"id":"b","workflow_run":null}]}"#)
            .unwrap()
            .data;
        let text = to_csv(&[a, b[0].clone()]);
        assert!(text.starts_with("\u{FEFF}log_id,"));
        assert!(text.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        let rows = parse_csv(text.trim_start_matches('\u{FEFF}'));
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.len() == 13));
        assert_eq!(rows[1][12], "Zeitüberschreitung — 超时 🚫");
        assert_eq!(rows[2][0], "b");
        assert_eq!(to_csv(&[]), format!("\u{FEFF}{}", csv_header()));
    }
}
