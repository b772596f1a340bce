//! The demo's data set: workflow runs generated deterministically from a
//! seed and a reference "now", shaped like the runs in the captures.
//!
//! No `rand` dependency: a SplitMix64 generator is enough and keeps the
//! data identical across platforms and crate versions.

use serde_json::Value;

/// SplitMix64: tiny, fast, and fully deterministic.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        let span = (hi - lo) as u64 + 1;
        lo + (self.next_u64() % span) as i64
    }

    /// An index chosen with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = (self.next_u64() % u64::from(total)) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// A version-4-looking UUID string.
    pub fn uuid(&mut self) -> String {
        let hi = self.next_u64();
        let lo = self.next_u64();
        let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xFFFF,
            hi & 0xFFFF,
            lo >> 48,
            lo & 0xFFFF_FFFF_FFFF
        )
    }
}

/// A run's state as Dify stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Running,
    Succeeded,
    Failed,
    Stopped,
    PartialSucceeded,
    Paused,
}

impl Status {
    /// All states, in the order they are forced into small data sets.
    pub const ALL: [Status; 6] = [
        Status::Succeeded,
        Status::Failed,
        Status::Stopped,
        Status::Running,
        Status::PartialSucceeded,
        Status::Paused,
    ];

    /// Dify's wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Succeeded => "succeeded",
            Status::Failed => "failed",
            Status::Stopped => "stopped",
            Status::PartialSucceeded => "partial-succeeded",
            Status::Paused => "paused",
        }
    }
}

/// A console account (`created_by_role: "account"`).
#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub name: &'static str,
    pub email: &'static str,
}

/// An end user (`created_by_role: "end_user"`).
#[derive(Clone, Debug)]
pub struct EndUser {
    pub id: String,
    /// `service-api` (hyphen, as captured) or `browser`.
    pub kind: &'static str,
    pub is_anonymous: bool,
    pub session_id: &'static str,
    /// The log's `created_from` for this user's runs.
    pub created_from: &'static str,
}

/// Who started a run: an index into [`Dataset::end_users`] or
/// [`Dataset::accounts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Creator {
    EndUser(usize),
    Account(usize),
}

/// One log entry together with its workflow run.
#[derive(Clone, Debug)]
pub struct Run {
    /// The log entry's id.
    pub log_id: String,
    /// The workflow run's id.
    pub run_id: String,
    pub status: Status,
    pub error: Option<String>,
    /// Seconds.
    pub elapsed_time: f64,
    pub total_tokens: i64,
    pub total_steps: i64,
    /// The run's start, Unix seconds.
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub exceptions_count: i64,
    /// The log entry's time as Dify shows it (and sorts on), Unix seconds.
    pub log_created_at: i64,
    /// The log entry's time as stored, UTC microseconds: `log_created_at`
    /// plus a fraction. `created_at__before`/`__after` compare with this,
    /// so `created_at__before` = the shown second leaves out the runs of
    /// that second that have a fraction.
    pub log_created_at_us: i64,
    pub creator: Creator,
    /// Inputs in insertion order (Dify keeps the start node's order).
    pub inputs: Vec<(String, Value)>,
    /// Outputs in insertion order; empty for runs without outputs.
    pub outputs: Vec<(String, Value)>,
    /// `inputs` as Dify stores it: Python `json.dumps` text, non-ASCII
    /// escaped. Searched by `keyword` and sent as the detail's `inputs`.
    pub inputs_text: String,
    /// `outputs` as stored, searched by `keyword`.
    pub outputs_text: String,
}

/// The whole data set, entries newest first.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub app_id: String,
    pub workflow_id: String,
    /// The workflow version string shown in every entry.
    pub version: String,
    pub accounts: Vec<Account>,
    pub end_users: Vec<EndUser>,
    /// Newest first by `log_created_at`; runs of the same second in
    /// generation order.
    pub runs: Vec<Run>,
}

impl Dataset {
    /// The session id of a run's end user, if an end user started it.
    pub fn session_of(&self, run: &Run) -> Option<&str> {
        match run.creator {
            Creator::EndUser(i) => Some(self.end_users[i].session_id),
            Creator::Account(_) => None,
        }
    }

    /// The run with this workflow-run id.
    pub fn find_run(&self, run_id: &str) -> Option<&Run> {
        self.runs.iter().find(|r| r.run_id == run_id)
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct DataConfig {
    pub count: usize,
    pub seed: u64,
    /// Reference "now", Unix seconds; the data spans the 30 days before it.
    pub now: i64,
}

/// Thirty days in seconds.
pub const SPAN_SECS: i64 = 30 * 86_400;

/// The queries users "typed": mostly English, a few that only non-ASCII
/// keywords could find (and Dify cannot), and a few with accents.
const QUERIES: &[(&str, &str)] = &[
    ("alpha", "alpha"),
    ("beta", "beta"),
    ("alpha beta comparison", "alpha is faster, beta is cheaper."),
    (
        "summarize the Q3 report",
        "Q3 revenue grew 12% quarter over quarter; churn fell to 2.1%.",
    ),
    (
        "summarize the Q4 plan",
        "Q4 focuses on onboarding, pricing page and EU data residency.",
    ),
    ("translate to French: good morning", "Bonjour"),
    ("translate to French: see you tomorrow", "\u{c0} demain"),
    ("translate to German: thank you very much", "Vielen Dank"),
    (
        "draft a reply to the customer about the refund",
        "Hi Sam, your refund was issued today and should arrive within 5 business days.",
    ),
    (
        "classify this ticket: printer on fire",
        "category=hardware priority=urgent",
    ),
    (
        "classify this ticket: cannot log in",
        "category=account priority=high",
    ),
    (
        "extract the invoice number from INV-2026-0042",
        "INV-2026-0042",
    ),
    (
        "what is the SLA for premium support?",
        "Premium support answers within 4 business hours.",
    ),
    (
        "generate SQL for monthly active users",
        "SELECT date_trunc('month', ts) AS m, count(DISTINCT user_id) FROM events GROUP BY m;",
    ),
    (
        "rewrite in a friendly tone: your request is denied",
        "Sorry, we can't do that this time - here is what we can offer instead.",
    ),
    ("fail-alpha", "fail-alpha"),
    (
        "weather in Berlin tomorrow",
        "Cloudy, 7\u{b0}C, light rain in the afternoon.",
    ),
    (
        "list open incidents",
        "INC-311 (degraded search), INC-314 (slow exports)",
    ),
    (
        "compare plan A and plan B pricing",
        "Plan B costs 20% more but includes SSO.",
    ),
    (
        "summarize meeting notes from the gamma kickoff",
        "Gamma ships in two phases; owners assigned; next sync Friday.",
    ),
    (
        "check order status #A-1093",
        "Order #A-1093 shipped yesterday.",
    ),
    (
        "onboarding checklist for new hires",
        "Laptop, accounts, buddy, first-week goals.",
    ),
    (
        "beta feedback digest",
        "Users like the new editor; export is too slow.",
    ),
    (
        "\u{603b}\u{7ed3}\u{7b2c}\u{4e09}\u{5b63}\u{5ea6}\u{62a5}\u{544a}",
        "\u{7b2c}\u{4e09}\u{5b63}\u{5ea6}\u{6536}\u{5165}\u{589e}\u{957f} 12%\u{3002}",
    ),
    (
        "\u{4f60}\u{597d}\u{ff0c}\u{8bf7}\u{7ffb}\u{8bd1}\u{6210}\u{82f1}\u{6587}",
        "Hello, please translate into English.",
    ),
    (
        "r\u{e9}sum\u{e9} en fran\u{e7}ais, s'il vous pla\u{ee}t",
        "Voici le r\u{e9}sum\u{e9}.",
    ),
];

const FAIL_ERRORS: &[&str] = &[
    "[Errno 111] Connection refused",
    "Node LLM run failed: Rate limit reached for gpt-4o in organization org-demo on tokens per min (TPM): Limit 30000, Used 29875, Requested 1640.",
    "Timeout: HTTP request exceeded 30s",
    "Node Code run failed: KeyError: 'items'",
    "Variable #1733.result# not found",
    "Request URL is not in a valid format",
];

/// Generates the data set: `count` runs over the 30 days before `now`,
/// the same for the same config.
pub fn generate(cfg: DataConfig) -> Dataset {
    let mut meta = Rng::new(cfg.seed ^ 0x5EED_0FD1_F100_0000);
    let app_id = meta.uuid();
    let workflow_id = meta.uuid();
    let published = cfg.now - SPAN_SECS - 86_400 + meta.range(0, 3_600);
    let version = format!(
        "{}.{:06}",
        fmt_naive(published),
        meta.range(0, 999_999) as u32
    );
    let accounts = vec![
        Account {
            id: meta.uuid(),
            name: "Local Admin",
            email: "admin@example.com",
        },
        Account {
            id: meta.uuid(),
            name: "Ops Bot",
            email: "ops@example.com",
        },
    ];
    let api = |session_id| EndUser {
        id: String::new(),
        kind: "service-api",
        is_anonymous: false,
        session_id,
        created_from: "service-api",
    };
    let web = |session_id| EndUser {
        id: String::new(),
        kind: "browser",
        is_anonymous: true,
        session_id,
        created_from: "web-app",
    };
    let mut end_users = vec![
        api("user-alice"),
        api("user-bob"),
        api("user-carol"),
        api("dave@example.org"),
        api("abc-123-session"),
        api("erin@example.net"),
        api("batch-job-7"),
        web("anon-7f3a9c2e"),
        web("anon-b71e04d5"),
    ];
    for u in &mut end_users {
        u.id = meta.uuid();
    }
    let mut rng = Rng::new(cfg.seed);
    let mut runs = Vec::with_capacity(cfg.count);
    for i in 0..cfg.count {
        let status = if cfg.count >= Status::ALL.len() && i < Status::ALL.len() {
            // Guarantee every state appears; their times are still random.
            Status::ALL[i]
        } else {
            Status::ALL[rng.weighted(&STATUS_WEIGHTS)]
        };
        let creator = random_creator(&mut rng, end_users.len());
        // Start time: uniform over the span, thinner at night (UTC).
        let created_at = loop {
            let t = cfg.now - SPAN_SECS + rng.range(0, SPAN_SECS - 300);
            let hour = t.rem_euclid(86_400) / 3_600;
            if (6..22).contains(&hour) || rng.unit() < 0.35 {
                break t;
            }
        };
        runs.push(make_run(
            &mut rng,
            status,
            creator,
            created_at,
            &app_id,
            &workflow_id,
            &accounts,
            &end_users,
        ));
    }
    // Newest first; ties keep generation order (a stable sort).
    runs.sort_by_key(|r| std::cmp::Reverse(r.log_created_at));
    // Busy apps start several runs in one second, and Dify lists those in
    // no fixed order, so paging by offset can skip or repeat one. Make it
    // happen where it shows: the last run of every tenth row and the
    // first run after it share a second, across the boundary of pages of
    // 10, 20, 50 or 100 rows. The later one moves up to the earlier one's
    // second, which keeps the order.
    for k in (SAME_SECOND_EVERY..runs.len()).step_by(SAME_SECOND_EVERY) {
        let delta = runs[k - 1].log_created_at - runs[k].log_created_at;
        shift(&mut runs[k], delta);
    }
    // A stream of its own, so the fractions change nothing else.
    let mut fractions = Rng::new(cfg.seed ^ 0xF4AC_7105_0000_0000);
    for r in &mut runs {
        r.log_created_at_us = r.log_created_at * 1_000_000 + fractions.range(0, 999_999);
    }
    Dataset {
        app_id,
        workflow_id,
        version,
        accounts,
        end_users,
        runs,
    }
}

/// Every this many rows, the row before and the row at it share a second.
pub const SAME_SECOND_EVERY: usize = 10;

/// Status weights, in the order of [`Status::ALL`].
const STATUS_WEIGHTS: [u32; 6] = [75, 10, 4, 5, 3, 3];

/// Creator weights: the end users first (same order as
/// [`Dataset::end_users`]), then the accounts.
const CREATOR_WEIGHTS: [u32; 11] = [18, 14, 12, 10, 10, 6, 8, 7, 5, 6, 4];

fn random_creator(rng: &mut Rng, end_users: usize) -> Creator {
    let c = rng.weighted(&CREATOR_WEIGHTS);
    if c < end_users {
        Creator::EndUser(c)
    } else {
        Creator::Account(c - end_users)
    }
}

/// Moves a run `delta` seconds later: its start, end and log time, and
/// the start time recorded in its inputs.
fn shift(run: &mut Run, delta: i64) {
    if delta == 0 {
        return;
    }
    run.created_at += delta;
    run.finished_at = run.finished_at.map(|f| f + delta);
    run.log_created_at += delta;
    run.log_created_at_us += delta * 1_000_000;
    for (k, v) in &mut run.inputs {
        if k == "sys.timestamp" {
            *v = Value::from(run.created_at);
        }
    }
    run.inputs_text = python_json_object(&run.inputs);
}

/// `count` new runs of `data`'s app whose log entries all fall in the
/// second `second` (each with its own fraction), as when several runs
/// finish at once; the same for the same `seed`.
pub fn new_runs(data: &Dataset, count: usize, second: i64, seed: u64) -> Vec<Run> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let status = Status::ALL[rng.weighted(&STATUS_WEIGHTS)];
            let creator = random_creator(&mut rng, data.end_users.len());
            let mut run = make_run(
                &mut rng,
                status,
                creator,
                second - 120,
                &data.app_id,
                &data.workflow_id,
                &data.accounts,
                &data.end_users,
            );
            let delta = second - run.log_created_at;
            shift(&mut run, delta);
            run.log_created_at_us = second * 1_000_000 + rng.range(0, 999_999);
            run
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn make_run(
    rng: &mut Rng,
    status: Status,
    creator: Creator,
    created_at: i64,
    app_id: &str,
    workflow_id: &str,
    accounts: &[Account],
    end_users: &[EndUser],
) -> Run {
    let log_id = rng.uuid();
    let run_id = rng.uuid();
    let (query, answer) = *rng.pick(QUERIES);
    // Log-uniform between 0.03 s and 90 s, microsecond precision.
    let elapsed = {
        let (lo, hi) = (0.03f64.ln(), 90f64.ln());
        round6((lo + rng.unit() * (hi - lo)).exp())
    };
    let uses_llm = rng.unit() < 0.7;
    let tokens = |rng: &mut Rng, hi: i64| if uses_llm { rng.range(120, hi) } else { 0 };
    let (error, elapsed_time, total_tokens, total_steps, finished, exceptions_count) = match status
    {
        Status::Succeeded => (
            None,
            elapsed,
            tokens(rng, 12_000),
            rng.range(2, 14),
            true,
            0,
        ),
        Status::Failed => (
            Some(rng.pick(FAIL_ERRORS).to_string()),
            elapsed,
            tokens(rng, 6_000),
            rng.range(2, 9),
            true,
            rng.range(0, 1),
        ),
        Status::Stopped => (
            Some("Aborted: User requested stop".to_string()),
            elapsed,
            tokens(rng, 4_000),
            rng.range(2, 8),
            true,
            0,
        ),
        Status::Running => (None, 0.0, 0, 0, false, 0),
        Status::PartialSucceeded => (
            None,
            elapsed,
            tokens(rng, 12_000),
            rng.range(4, 14),
            true,
            rng.range(1, 3),
        ),
        Status::Paused => (None, elapsed, tokens(rng, 3_000), rng.range(2, 6), false, 0),
    };
    let finished_at = finished.then(|| created_at + elapsed_time.round() as i64);
    let log_created_at = match finished_at {
        Some(f) if status != Status::Stopped => f + rng.range(0, 1),
        _ => created_at + rng.range(0, 1),
    };
    let user_id = match creator {
        Creator::EndUser(i) => end_users[i].session_id.to_string(),
        Creator::Account(i) => accounts[i].id.clone(),
    };
    let inputs: Vec<(String, Value)> = vec![
        ("query".into(), Value::from(query)),
        ("sys.files".into(), Value::Array(vec![])),
        ("sys.user_id".into(), Value::from(user_id)),
        ("sys.app_id".into(), Value::from(app_id)),
        ("sys.timestamp".into(), Value::from(created_at)),
        ("sys.workflow_id".into(), Value::from(workflow_id)),
        ("sys.workflow_run_id".into(), Value::from(run_id.clone())),
    ];
    let outputs: Vec<(String, Value)> = match status {
        Status::Succeeded => vec![("result".into(), Value::from(answer))],
        Status::PartialSucceeded => vec![(
            "result".into(),
            Value::from(format!(
                "{answer} (some steps failed and used their fallback)"
            )),
        )],
        _ => vec![],
    };
    let inputs_text = python_json_object(&inputs);
    let outputs_text = python_json_object(&outputs);
    Run {
        log_id,
        run_id,
        status,
        error,
        elapsed_time,
        total_tokens,
        total_steps,
        created_at,
        finished_at,
        exceptions_count,
        log_created_at,
        log_created_at_us: log_created_at * 1_000_000,
        creator,
        inputs,
        outputs,
        inputs_text,
        outputs_text,
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// `YYYY-MM-DD HH:MM:SS` in UTC.
fn fmt_naive(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

/// An ordered object as Python's `json.dumps` writes it: `", "` and `": "`
/// separators, non-ASCII as `\uXXXX` - the form Dify stores and searches.
pub fn python_json_object(fields: &[(String, Value)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        python_json_string(&mut out, k);
        out.push_str(": ");
        python_json_value(&mut out, v);
    }
    out.push('}');
    out
}

fn python_json_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => python_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                python_json_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let fields: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            out.push_str(&python_json_object(&fields));
        }
    }
}

fn python_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || !c.is_ascii() => crate::dify::push_u_escapes(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const NOW: i64 = 1_795_687_000;

    fn cfg() -> DataConfig {
        DataConfig {
            count: 1000,
            seed: 42,
            now: NOW,
        }
    }

    #[test]
    fn every_status_present_with_plausible_shares() {
        let d = generate(cfg());
        assert_eq!(d.runs.len(), 1000);
        let count = |s: Status| d.runs.iter().filter(|r| r.status == s).count();
        for s in Status::ALL {
            assert!(count(s) > 0, "{s:?} missing");
        }
        assert!(count(Status::Succeeded) > 650, "succeeded should dominate");
        assert!((50..160).contains(&count(Status::Failed)));
        // Every state appears even in a tiny data set.
        let small = generate(DataConfig { count: 6, ..cfg() });
        let states: HashSet<_> = small.runs.iter().map(|r| r.status).collect();
        assert_eq!(states.len(), 6);
    }

    #[test]
    fn runs_are_shaped_by_status() {
        let d = generate(cfg());
        for r in &d.runs {
            assert!(r.log_created_at <= NOW && r.log_created_at >= NOW - SPAN_SECS);
            match r.status {
                Status::Running => {
                    assert_eq!(r.finished_at, None);
                    assert_eq!((r.elapsed_time, r.total_tokens, r.total_steps), (0.0, 0, 0));
                    assert!(r.error.is_none());
                }
                Status::Failed => assert!(r.error.is_some()),
                Status::Stopped => {
                    assert_eq!(r.error.as_deref(), Some("Aborted: User requested stop"))
                }
                Status::PartialSucceeded => assert!(r.exceptions_count > 0),
                Status::Succeeded => {
                    assert!(r.error.is_none() && !r.outputs.is_empty());
                    assert!((2..=14).contains(&r.total_steps));
                    assert!((0.03..=90.0).contains(&r.elapsed_time));
                    assert!((0..=12_000).contains(&r.total_tokens));
                }
                Status::Paused => assert_eq!(r.finished_at, None),
            }
        }
        assert!(d
            .runs
            .windows(2)
            .all(|w| w[0].log_created_at >= w[1].log_created_at));
        let ids: HashSet<_> = d.runs.iter().map(|r| &r.run_id).collect();
        assert_eq!(ids.len(), d.runs.len());
        for r in &d.runs {
            assert_eq!(r.log_created_at_us.div_euclid(1_000_000), r.log_created_at);
            assert!(r.created_at <= r.log_created_at);
            assert!(r
                .inputs_text
                .contains(&format!("\"sys.timestamp\": {}", r.created_at)));
        }
    }

    #[test]
    fn pairs_of_runs_share_a_second_across_page_boundaries() {
        let d = generate(cfg());
        for k in (10..1000).step_by(10) {
            assert_eq!(
                d.runs[k - 1].log_created_at,
                d.runs[k].log_created_at,
                "rows {k} and {}",
                k + 1
            );
        }
        // Most seconds still hold one run.
        let seconds: HashSet<_> = d.runs.iter().map(|r| r.log_created_at).collect();
        assert!(seconds.len() >= 880, "{}", seconds.len());
        let fractions = d
            .runs
            .iter()
            .filter(|r| r.log_created_at_us % 1_000_000 != 0)
            .count();
        assert!(fractions > 990, "{fractions}");
    }

    #[test]
    fn new_runs_fall_in_one_second() {
        let d = generate(cfg());
        let runs = new_runs(&d, 5, NOW + 7, 9);
        assert_eq!(runs.len(), 5);
        for r in &runs {
            assert_eq!(r.log_created_at, NOW + 7);
            assert_eq!(r.log_created_at_us / 1_000_000, NOW + 7);
            assert!(r.created_at <= r.log_created_at);
            assert!(d.find_run(&r.run_id).is_none());
        }
        let again = new_runs(&d, 5, NOW + 7, 9);
        assert_eq!(format!("{runs:?}"), format!("{again:?}"));
    }

    #[test]
    fn deterministic_for_seed_and_now() {
        let a = generate(cfg());
        let b = generate(cfg());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        let c = generate(DataConfig { seed: 43, ..cfg() });
        assert_ne!(a.runs[0].run_id, c.runs[0].run_id);
    }

    #[test]
    fn uuid_looks_like_v4() {
        let mut r = Rng::new(1);
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
    }

    #[test]
    fn python_json_matches_capture_format() {
        let fields = vec![
            ("query".to_string(), Value::from("alpha")),
            ("sys.files".to_string(), Value::Array(vec![])),
            ("sys.timestamp".to_string(), Value::from(1795686790)),
            ("q2".to_string(), Value::from("\u{4f60}\"\\")),
        ];
        assert_eq!(
            python_json_object(&fields),
            r#"{"query": "alpha", "sys.files": [], "sys.timestamp": 1795686790, "q2": "\u4f60\"\\"}"#
        );
    }
}
