//! The widget's signals: what the user chose (filters, period, page) and the
//! query derived from it. Every filter change goes back to page 1.

use crate::api::query::{LogQuery, StatusFilter};
use crate::domain::deeplink::LinkState;
use crate::domain::period::{Period, RangeEnd};
use crate::domain::zone::Zone;
use crate::text::i18n::Locale;
use crate::text::messages::custom_range;
use leptos::prelude::*;

/// All user-facing filter state of one widget. `Copy`: signals are handles.
#[derive(Clone, Copy)]
pub struct FilterState {
    /// Applied keyword (after debounce or Enter).
    pub keyword: RwSignal<String>,
    pub session_id: RwSignal<String>,
    pub account: RwSignal<String>,
    pub status: RwSignal<StatusFilter>,
    pub period: RwSignal<Period>,
    /// A preset's `(after, before)`, computed when the preset is chosen.
    pub preset_range: RwSignal<Option<(String, String)>>,
    /// The Custom period's two ends.
    pub custom_from: RwSignal<RangeEnd>,
    pub custom_to: RwSignal<RangeEnd>,
    pub page: RwSignal<u32>,
    pub limit: RwSignal<u32>,
    /// The app chosen in the App select (its id); empty: all apps.
    pub app: RwSignal<String>,
    /// What `Reset filters` returns to.
    initial: StoredValue<LogQuery>,
    /// The zone that periods and Custom wall times are read in.
    pub zone: Zone,
    /// The language of the inline messages.
    pub locale: Locale,
}

impl FilterState {
    /// State starting from the mount options' filters.
    pub fn new(initial: LogQuery, zone: Zone, locale: Locale) -> Self {
        let s = Self {
            keyword: RwSignal::new(String::new()),
            session_id: RwSignal::new(String::new()),
            account: RwSignal::new(String::new()),
            status: RwSignal::new(StatusFilter::All),
            period: RwSignal::new(Period::AllTime),
            preset_range: RwSignal::new(None),
            custom_from: RwSignal::new(RangeEnd::default()),
            custom_to: RwSignal::new(RangeEnd::default()),
            page: RwSignal::new(1),
            limit: RwSignal::new(initial.limit),
            app: RwSignal::new(String::new()),
            initial: StoredValue::new(initial),
            zone,
            locale,
        };
        s.load(&s.initial.get_value());
        s
    }

    /// Sets every filter from a query (initial options, reset, deep link).
    pub fn load(&self, q: &LogQuery) {
        self.keyword.set(q.keyword.clone());
        self.session_id.set(q.session_id.clone());
        self.account.set(q.account.clone());
        self.status.set(q.status);
        if q.after.is_some() || q.before.is_some() {
            let conv = |v: &Option<String>| match v {
                Some(iso) => RangeEnd::exact(iso, self.zone.offset_at_instant(iso)),
                None => RangeEnd::default(),
            };
            self.custom_from.set(conv(&q.after));
            self.custom_to.set(conv(&q.before));
            self.period.set(Period::Custom);
        } else {
            self.custom_from.set(RangeEnd::default());
            self.custom_to.set(RangeEnd::default());
            self.period.set(Period::AllTime);
        }
        self.preset_range.set(None);
        self.limit.set(q.limit);
        self.app.set(q.app.clone());
        self.page.set(q.page.max(1));
    }

    /// Restores a deep link: its filters, page and period (a preset is
    /// recomputed for today).
    pub fn apply_link(&self, link: &LinkState) {
        self.load(&link.query);
        if !matches!(link.period, Period::AllTime | Period::Custom) {
            let now = crate::browser::now_secs();
            self.period.set(link.period);
            let zone = self.zone;
            self.preset_range
                .set(link.period.range(now, zone.offset_at_unix(now), move |t| {
                    zone.offset_at_local(t)
                }));
        }
    }

    /// Back to the options' filters, page 1.
    pub fn reset(&self) {
        self.load(&LogQuery {
            page: 1,
            ..self.initial.get_value()
        });
    }

    /// Runs a filter change and returns to page 1.
    pub fn change(&self, f: impl FnOnce(&Self)) {
        f(self);
        self.page.set(1);
    }

    /// Chooses a period; presets are computed now, in the widget's zone.
    pub fn set_period(&self, p: Period) {
        self.change(|s| {
            s.period.set(p);
            let now = crate::browser::now_secs();
            let zone = s.zone;
            s.preset_range
                .set(p.range(now, zone.offset_at_unix(now), move |t| {
                    zone.offset_at_local(t)
                }));
        });
    }

    /// The query to send, or the inline message that stops it (e.g. From
    /// later than To). Tracks every filter signal.
    pub fn query(&self) -> Result<LogQuery, String> {
        let (after, before) = match self.period.get() {
            Period::AllTime => (None, None),
            Period::Custom => {
                custom_range(&self.custom_from.get(), &self.custom_to.get(), self.locale)?
            }
            _ => match self.preset_range.get() {
                Some((a, b)) => (Some(a), Some(b)),
                None => (None, None),
            },
        };
        Ok(LogQuery {
            keyword: self.keyword.get(),
            status: self.status.get(),
            after,
            before,
            session_id: self.session_id.get(),
            account: self.account.get(),
            page: self.page.get(),
            limit: self.limit.get(),
            app: self.app.get(),
        })
    }
}
