//! `GET /apps` of dify-logs-server (proxy or demo): the apps it serves,
//! `[{"slug": "support", "label": "Support bot"}]`, and nothing else.

use super::json::parse_tolerant;
use super::lenient::lenient_string;
use serde::Deserialize;

/// One app of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ListedApp {
    #[serde(default, deserialize_with = "lenient_string")]
    pub slug: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub label: String,
}

/// Decodes the list; also takes `{"data": [...]}` and `{"apps": [...]}`,
/// the shapes a hand-written endpoint is likely to use.
pub fn decode_app_list(body: &str) -> Result<Vec<ListedApp>, String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List(Vec<ListedApp>),
        Data { data: Vec<ListedApp> },
        Apps { apps: Vec<ListedApp> },
    }
    match parse_tolerant::<Shape>(body).map_err(|e| e.to_string())? {
        Shape::List(v) | Shape::Data { data: v } | Shape::Apps { apps: v } => Ok(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_list_and_its_variants() {
        let v = decode_app_list(r#"[{"slug":"a","label":"A"},{"slug":"b","label":"B","x":1}]"#)
            .unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].label, "B");
        assert_eq!(
            decode_app_list(r#"{"data":[{"slug":"a"}]}"#).unwrap()[0].slug,
            "a"
        );
        assert_eq!(decode_app_list(r#"{"apps":[]}"#).unwrap(), vec![]);
        assert!(decode_app_list("<html>").is_err());
        assert!(decode_app_list(r#"{"slug":"a"}"#).is_err());
    }
}
