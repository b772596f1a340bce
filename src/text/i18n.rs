//! The widget's languages: the `i18n` module leptos_i18n generates from
//! `locales/*.json` at build time (see `build.rs`), and the choice of one
//! from the mount option, the host page's `<html lang>` or the browser.

// The generated module is named `i18n` too: a module of its own keeps it
// from nesting `i18n::i18n`.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

pub use i18n::{td_string, Locale};
pub use leptos_i18n::Locale as _;

/// The locale a BCP 47 tag asks for, if the widget speaks it: `zh`,
/// `zh-CN`, `zh-SG` and `zh-Hans-*` are Simplified Chinese, any `ja-*` is
/// Japanese and any `en-*` English. Traditional Chinese (`zh-TW`, `zh-HK`,
/// `zh-MO`, `zh-Hant-*`) is not Simplified, so it falls through.
pub fn match_tag(tag: &str) -> Option<Locale> {
    let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
    let mut parts = lower.split('-');
    match parts.next()? {
        "en" => Some(Locale::en),
        "ja" => Some(Locale::ja),
        "zh" => {
            let rest: Vec<&str> = parts.collect();
            let traditional = rest
                .iter()
                .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
            let simplified = rest.first().is_none_or(|p| *p == "hans")
                || rest.iter().any(|p| matches!(*p, "cn" | "sg" | "hans"));
            (simplified && !traditional).then_some(Locale::zh_Hans)
        }
        _ => None,
    }
}

/// The widget's locale and the tag to hand `Intl` (the page's own tag when
/// it names a region, so `en-GB` gets British dates): the first of
/// `candidates` (the `locale` option, `<html lang>`, then the browser's
/// languages) that the widget speaks, else English.
pub fn choose<'a>(candidates: impl IntoIterator<Item = &'a str>) -> (Locale, String) {
    candidates
        .into_iter()
        .find_map(|tag| match_tag(tag).map(|l| (l, tag.trim().replace('_', "-"))))
        .unwrap_or((Locale::en, "en".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_the_locales_the_issue_names() {
        for t in ["zh", "zh-CN", "zh-Hans", "zh-hans-cn", "ZH_cn", "zh-SG"] {
            assert_eq!(match_tag(t), Some(Locale::zh_Hans), "{t}");
        }
        for t in ["ja", "ja-JP", "JA"] {
            assert_eq!(match_tag(t), Some(Locale::ja), "{t}");
        }
        for t in ["en", "en-GB", "en-US"] {
            assert_eq!(match_tag(t), Some(Locale::en), "{t}");
        }
        for t in ["zh-TW", "zh-Hant", "zh-Hant-TW", "zh-HK", "fr", "", "jav"] {
            assert_eq!(match_tag(t), None, "{t}");
        }
    }

    #[test]
    fn the_first_spoken_candidate_wins() {
        assert_eq!(
            choose(["fr-FR", "ja-JP", "zh"]),
            (Locale::ja, "ja-JP".into())
        );
        assert_eq!(choose(["zh-TW", "en-GB"]), (Locale::en, "en-GB".into()));
        assert_eq!(choose(["de", ""]), (Locale::en, "en".into()));
        assert_eq!(choose([]), (Locale::en, "en".into()));
        assert_eq!(choose(["zh_CN"]), (Locale::zh_Hans, "zh-CN".into()));
    }

    #[test]
    fn locale_names_are_bcp47() {
        assert_eq!(Locale::zh_Hans.as_str(), "zh-Hans");
        assert_eq!("ja".parse::<Locale>().ok(), Some(Locale::ja));
    }
}
