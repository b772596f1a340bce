//! PLACEHOLDER until the named-zone version lands (same API).
use chrono::NaiveDateTime;

/// The browser's zone or a named one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Zone(Option<&'static str>);

impl Zone {
    pub fn browser() -> Self {
        Self(None)
    }
    pub fn named(name: &str) -> Result<Self, String> {
        Err(format!("{name}"))
    }
    pub fn name(self) -> Option<&'static str> {
        self.0
    }
    pub fn offset_at_unix(self, secs: i64) -> i32 {
        crate::browser::offset_at_unix(secs)
    }
    pub fn offset_at_local(self, local: NaiveDateTime) -> i32 {
        crate::browser::offset_at_local(local)
    }
    pub fn offset_at_instant(self, iso: &str) -> i32 {
        crate::browser::offset_at_instant(iso)
    }
}
