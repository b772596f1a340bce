//! The "Auto-refresh" choices: how often the current page is re-queried.

/// The "Auto-refresh" choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutoRefresh {
    Off,
    Every5s,
    Every15s,
    Every60s,
}

impl AutoRefresh {
    /// In the select's order.
    pub const ALL: [AutoRefresh; 4] = [Self::Off, Self::Every5s, Self::Every15s, Self::Every60s];

    /// The interval, `None` when off.
    pub fn seconds(self) -> Option<u64> {
        match self {
            Self::Off => None,
            Self::Every5s => Some(5),
            Self::Every15s => Some(15),
            Self::Every60s => Some(60),
        }
    }

    /// The `<option>` value.
    pub fn value(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Every5s => "5",
            Self::Every15s => "15",
            Self::Every60s => "60",
        }
    }

    /// Parses [`Self::value`]; anything else is Off.
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|a| a.value() == s)
            .unwrap_or(Self::Off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_round_trip_and_default_to_off() {
        for a in AutoRefresh::ALL {
            assert_eq!(AutoRefresh::parse(a.value()), a);
        }
        assert_eq!(AutoRefresh::parse("7"), AutoRefresh::Off);
        assert_eq!(AutoRefresh::Every15s.seconds(), Some(15));
        assert_eq!(AutoRefresh::Off.seconds(), None);
    }
}
