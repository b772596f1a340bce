//! Filters -> the query string of `GET /workflows/logs`, validated the way
//! Dify validates it, so the widget never sends a request Dify would refuse.

/// The status filter Dify accepts (`succeeded|failed|stopped`), or none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    #[default]
    All,
    Succeeded,
    Failed,
    Stopped,
}

impl StatusFilter {
    /// Every choice, in the order the "Status" select shows them.
    pub const ALL: [StatusFilter; 4] = [Self::All, Self::Succeeded, Self::Failed, Self::Stopped];

    /// Parses the wire value; `""`/`all` mean no filter; anything else is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "all" => Some(Self::All),
            "succeeded" => Some(Self::Succeeded),
            "failed" => Some(Self::Failed),
            "stopped" => Some(Self::Stopped),
            _ => None,
        }
    }

    /// The wire value (`""` for no filter).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Stopped => "stopped",
        }
    }
}

/// Everything that selects one page of logs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LogQuery {
    pub keyword: String,
    pub status: StatusFilter,
    /// ISO 8601 instant, inclusive.
    pub after: Option<String>,
    /// ISO 8601 instant, inclusive.
    pub before: Option<String>,
    pub session_id: String,
    pub account: String,
    pub page: u32,
    pub limit: u32,
    /// Which of the widget's apps to ask (its id); empty: the only one, or
    /// all of them merged. Chooses the URL, never sent as a parameter.
    pub app: String,
}

/// Dify's bounds for `page` and `limit`.
pub const MAX_PAGE: u32 = 99_999;
/// Dify refuses `limit` above this with a 400 (it is not a cap).
pub const MAX_LIMIT: u32 = 100;
/// The default rows per page, as in Dify.
pub const DEFAULT_LIMIT: u32 = 20;
/// Dify matches only this many characters of a keyword.
pub const KEYWORD_MATCH_CHARS: usize = 30;

impl Default for LogQuery {
    fn default() -> Self {
        Self {
            keyword: String::new(),
            status: StatusFilter::All,
            after: None,
            before: None,
            session_id: String::new(),
            account: String::new(),
            page: 1,
            limit: DEFAULT_LIMIT,
            app: String::new(),
        }
    }
}

impl LogQuery {
    /// The query string (without `?`), empty filters omitted, every value
    /// percent-encoded (a `+` in an offset goes out as `%2B`).
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let keyword = self.keyword.trim();
        if !keyword.is_empty() {
            pairs.push(("keyword", keyword.to_string()));
        }
        if self.status != StatusFilter::All {
            pairs.push(("status", self.status.as_str().to_string()));
        }
        if let Some(a) = self.after.as_deref().filter(|s| !s.trim().is_empty()) {
            pairs.push(("created_at__after", a.trim().to_string()));
        }
        if let Some(b) = self.before.as_deref().filter(|s| !s.trim().is_empty()) {
            pairs.push(("created_at__before", b.trim().to_string()));
        }
        let session = self.session_id.trim();
        if !session.is_empty() {
            pairs.push(("created_by_end_user_session_id", session.to_string()));
        }
        let account = self.account.trim();
        if !account.is_empty() {
            pairs.push(("created_by_account", account.to_string()));
        }
        pairs.push(("page", self.page.clamp(1, MAX_PAGE).to_string()));
        pairs.push(("limit", self.limit.clamp(1, MAX_LIMIT).to_string()));
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Parses a query string produced by [`Self::to_query_string`] (or typed by
    /// hand) back into a query; unknown keys are ignored.
    pub fn from_query_string(qs: &str) -> Result<Self, String> {
        let mut q = LogQuery::default();
        for part in qs
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let v = decode_component(v).ok_or_else(|| format!("bad encoding in {k}"))?;
            match k {
                "keyword" => q.keyword = v,
                "status" => {
                    q.status =
                        StatusFilter::parse(&v).ok_or_else(|| format!("unknown status {v:?}"))?
                }
                "created_at__after" => q.after = Some(v),
                "created_at__before" => q.before = Some(v),
                "created_by_end_user_session_id" => q.session_id = v,
                "created_by_account" => q.account = v,
                "page" => q.page = v.parse().map_err(|_| format!("bad page {v:?}"))?,
                "limit" => q.limit = v.parse().map_err(|_| format!("bad limit {v:?}"))?,
                _ => {}
            }
        }
        Ok(q)
    }
}

/// Percent-encodes all but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[(b >> 4) as usize]));
            out.push(char::from(HEX[(b & 15) as usize]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes `%XX` escapes and `+` as a space (form encoding); `None` on a
/// broken escape or invalid UTF-8.
pub fn decode_component(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hi = (hex[0] as char).to_digit(16)?;
                let lo = (hex[1] as char).to_digit(16)?;
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_query_sends_only_page_and_limit() {
        assert_eq!(LogQuery::default().to_query_string(), "page=1&limit=20");
    }

    #[test]
    fn every_filter_is_encoded_and_empty_ones_omitted() {
        let q = LogQuery {
            keyword: " a b&c ".into(),
            status: StatusFilter::Failed,
            after: Some("2026-11-26T17:53:21+08:00".into()),
            before: Some("  ".into()),
            session_id: "user-alice".into(),
            account: "admin@example.com".into(),
            page: 3,
            limit: 50,
            app: "support".into(),
        };
        assert_eq!(
            q.to_query_string(),
            "keyword=a%20b%26c&status=failed&created_at__after=2026-11-26T17%3A53%3A21%2B08%3A00\
             &created_by_end_user_session_id=user-alice&created_by_account=admin%40example.com\
             &page=3&limit=50"
        );
    }

    #[test]
    fn page_and_limit_stay_in_difys_bounds() {
        let q = LogQuery {
            page: 0,
            limit: 101,
            ..Default::default()
        };
        assert_eq!(q.to_query_string(), "page=1&limit=100");
        let q = LogQuery {
            page: 200_000,
            limit: 0,
            ..Default::default()
        };
        assert_eq!(q.to_query_string(), "page=99999&limit=1");
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let q = LogQuery {
            keyword: "你好 +x%".into(),
            status: StatusFilter::Stopped,
            after: Some("2026-01-01T00:00:00Z".into()),
            before: Some("2026-02-01T00:00:00-05:00".into()),
            session_id: "s=1".into(),
            account: "a@b.c".into(),
            page: 7,
            limit: 10,
            ..LogQuery::default()
        };
        assert_eq!(
            LogQuery::from_query_string(&q.to_query_string()).unwrap(),
            q
        );
    }

    #[test]
    fn decode_rejects_broken_escapes() {
        assert_eq!(decode_component("%2"), None);
        assert_eq!(decode_component("%zz"), None);
        assert_eq!(decode_component("%FF"), None);
        assert_eq!(decode_component("a+b%2B").as_deref(), Some("a b+"));
    }

    #[test]
    fn status_filter_parses_only_what_dify_accepts() {
        assert_eq!(StatusFilter::parse("Failed"), Some(StatusFilter::Failed));
        assert_eq!(StatusFilter::parse(""), Some(StatusFilter::All));
        assert_eq!(StatusFilter::parse("running"), None);
    }
}
