//! View preferences a user sets in one widget (hidden columns, compact rows,
//! relative times), kept in localStorage per widget. Never holds the key or
//! filters; a short text format so no JSON code is needed to read it back.

/// How many columns the table has (their headers: `text/rows.rs`).
pub const COLUMN_COUNT: usize = 8;

/// What the user chose to see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// `hidden[i]` hides column `i`.
    pub hidden: [bool; COLUMN_COUNT],
    /// Denser rows.
    pub compact: bool,
    /// "3 min ago" instead of the local date and time in Started.
    pub relative_time: bool,
}

/// One on/off choice of the Columns menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    /// Column `i` is shown.
    Column(usize),
    Compact,
    RelativeTime,
}

impl Prefs {
    /// Whether `t` is on.
    pub fn is_on(&self, t: Toggle) -> bool {
        match t {
            Toggle::Column(i) => !self.hidden.get(i).copied().unwrap_or(false),
            Toggle::Compact => self.compact,
            Toggle::RelativeTime => self.relative_time,
        }
    }

    /// Turns `t` on or off.
    pub fn set(&mut self, t: Toggle, on: bool) {
        match t {
            Toggle::Column(i) => {
                if let Some(h) = self.hidden.get_mut(i) {
                    *h = !on;
                }
            }
            Toggle::Compact => self.compact = on,
            Toggle::RelativeTime => self.relative_time = on,
        }
    }

    /// `v1;hide=2,5;compact;relative`.
    pub fn to_storage(&self) -> String {
        let mut parts = vec!["v1".to_string()];
        let hidden: Vec<String> = (0..COLUMN_COUNT)
            .filter(|&i| self.hidden[i])
            .map(|i| i.to_string())
            .collect();
        if !hidden.is_empty() {
            parts.push(format!("hide={}", hidden.join(",")));
        }
        if self.compact {
            parts.push("compact".into());
        }
        if self.relative_time {
            parts.push("relative".into());
        }
        parts.join(";")
    }

    /// Reads [`Self::to_storage`]; anything unreadable falls back to defaults.
    pub fn from_storage(s: &str) -> Self {
        let mut p = Prefs::default();
        let mut parts = s.split(';');
        if parts.next() != Some("v1") {
            return p;
        }
        for part in parts {
            match part.split_once('=') {
                Some(("hide", list)) => {
                    for i in list.split(',').filter_map(|n| n.parse::<usize>().ok()) {
                        if i < COLUMN_COUNT {
                            p.hidden[i] = true;
                        }
                    }
                }
                None if part == "compact" => p.compact = true,
                None if part == "relative" => p.relative_time = true,
                _ => {}
            }
        }
        // Hiding every column would leave an empty table: show them all.
        if p.hidden.iter().all(|h| *h) {
            p.hidden = [false; COLUMN_COUNT];
        }
        p
    }

    /// The classes on the widget root that hide columns and set density.
    pub fn root_classes(&self) -> String {
        let mut c = String::new();
        for i in (0..COLUMN_COUNT).filter(|&i| self.hidden[i]) {
            c.push_str(&format!(" dify-logs--hide-c{i}"));
        }
        if self.compact {
            c.push_str(" dify-logs--compact");
        }
        c
    }
}

/// The storage form, so `leptos-use`'s string codec can save it.
impl std::fmt::Display for Prefs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_storage())
    }
}

/// Never fails: unreadable text gives the defaults.
impl std::str::FromStr for Prefs {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_storage(s))
    }
}

/// The localStorage key for a widget's preferences.
pub fn storage_key(widget_id: &str) -> String {
    format!("dify-logs:prefs:{widget_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_garbage() {
        let mut p = Prefs::default();
        assert_eq!(p.to_storage(), "v1");
        p.hidden[2] = true;
        p.hidden[7] = true;
        p.compact = true;
        p.relative_time = true;
        assert_eq!(p.to_storage(), "v1;hide=2,7;compact;relative");
        assert_eq!(Prefs::from_storage(&p.to_storage()), p);
        assert_eq!(Prefs::from_storage("junk"), Prefs::default());
        assert_eq!(Prefs::from_storage("v1;hide=99,x;what"), Prefs::default());
        assert_eq!(
            Prefs::from_storage("v1;hide=0,1,2,3,4,5,6,7"),
            Prefs::default()
        );
        assert_eq!(
            p.root_classes(),
            " dify-logs--hide-c2 dify-logs--hide-c7 dify-logs--compact"
        );
        assert_eq!(storage_key("runs"), "dify-logs:prefs:runs");
        let mut q = Prefs::default();
        q.set(Toggle::Column(3), false);
        q.set(Toggle::Compact, true);
        q.set(Toggle::Column(99), false);
        assert!(!q.is_on(Toggle::Column(3)) && q.is_on(Toggle::Column(4)));
        assert!(q.is_on(Toggle::Compact) && !q.is_on(Toggle::RelativeTime));
        assert_eq!(q.to_string(), "v1;hide=3;compact");
        assert!("v1;relative".parse::<Prefs>().unwrap().relative_time);
    }
}
