//! The demo's data set: workflow runs generated deterministically from a
//! seed and a reference "now", shaped like the runs in the captures. The
//! types are here; `runs.rs` generates them and `pyjson.rs` writes their
//! inputs as Python's `json.dumps` does.
//!
//! No `rand` dependency: a SplitMix64 generator is enough and keeps the
//! data identical across platforms and crate versions.

pub mod pyjson;
pub mod runs;

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
    /// The log entry's time, Unix seconds: what Dify shows, sorts on and
    /// filters with `created_at__before` / `__after`. Whole seconds, as
    /// Dify stores it (`workflow_app_logs.created_at` defaults to
    /// `CURRENT_TIMESTAMP(0)`).
    pub log_created_at: i64,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_looks_like_v4() {
        let mut r = Rng::new(1);
        let u = r.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
    }
}
