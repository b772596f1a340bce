//! Generating the demo's runs: the whole data set from a seed, and new runs
//! arriving later (the test hooks).

use super::pyjson::python_json_object;
use super::{Account, Creator, DataConfig, Dataset, EndUser, Rng, Run, Status, SPAN_SECS};
use serde_json::Value;

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
    for (k, v) in &mut run.inputs {
        if k == "sys.timestamp" {
            *v = Value::from(run.created_at);
        }
    }
    run.inputs_text = python_json_object(&run.inputs);
}

/// `count` new runs of `data`'s app whose log entries all fall in the
/// second `second`, as when several runs finish at once; the same for the
/// same `seed`.
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
    }

    #[test]
    fn new_runs_fall_in_one_second() {
        let d = generate(cfg());
        let runs = new_runs(&d, 5, NOW + 7, 9);
        assert_eq!(runs.len(), 5);
        for r in &runs {
            assert_eq!(r.log_created_at, NOW + 7);
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
}
