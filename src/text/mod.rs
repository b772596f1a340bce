//! Words and numbers for a locale: the translations (`i18n`), the
//! browser's `Intl` formats (`intl`, with `fixed` where there is none), and
//! the texts built from domain values: labels, messages, rows, the chart's
//! words and what a screen reader hears.

pub mod announce;
pub mod chart;
pub mod fixed;
pub mod i18n;
pub mod intl;
pub mod labels;
pub mod messages;
pub mod rows;
