//! Pretty-printing JSON text as it came: the run detail shows inputs and
//! outputs re-indented, strings and numbers byte for byte (a tree and its
//! serializer would normalise escapes and number text).

/// Re-indents JSON text with two spaces; strings are copied byte for byte.
/// Text that is not JSON is returned as it is.
pub fn pretty(raw: &str) -> String {
    if crate::json::parse(raw).is_err() {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len() + raw.len() / 2);
    let mut depth = 0usize;
    let mut chars = raw.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == '"' {
                        break;
                    }
                }
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(c);
                    out.push(close);
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// The top-level members of a JSON object as `(key, raw value)`, keys
/// decoded; `None` when the text is not an object.
pub fn object_members(raw: &str) -> Option<Vec<(String, String)>> {
    let t = raw.trim();
    let inner = t.strip_prefix('{')?.strip_suffix('}')?;
    let mut members = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut in_str = false;
    let mut escaped = false;
    let bytes = inner.as_bytes();
    let split = |from: usize, to: usize, members: &mut Vec<(String, String)>| -> Option<()> {
        let m = inner[from..to].trim();
        if m.is_empty() {
            return Some(());
        }
        let (k, v) = split_member(m)?;
        members.push((k, v.to_string()));
        Some(())
    };
    for (i, &b) in bytes.iter().enumerate() {
        if in_str {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => {
                split(start, i, &mut members)?;
                start = i + 1;
            }
            _ => {}
        }
    }
    split(start, inner.len(), &mut members)?;
    Some(members)
}

/// `"key": value` -> decoded key and the raw value.
fn split_member(m: &str) -> Option<(String, &str)> {
    let b = m.as_bytes();
    if b.first() != Some(&b'"') {
        return None;
    }
    let mut escaped = false;
    let mut end = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        if escaped {
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
        } else if c == b'"' {
            end = Some(i);
            break;
        }
    }
    let end = end?;
    let crate::json::Value::Str(key) = crate::json::parse(m.get(..=end)?).ok()? else {
        return None;
    };
    let rest = m[end + 1..].trim_start().strip_prefix(':')?;
    Some((key.into_owned(), rest.trim()))
}

/// Builds an object's text from raw members (keys re-encoded).
pub fn object_text(members: &[(String, String)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::json::quote(k, &mut out);
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_matches_serde_json_for_ordinary_json() {
        let raw =
            r#"{"query": "a, b: {c}", "n": [1, 2, {"x": null}], "e": {}, "l": [], "s": "q\"uote"}"#;
        let v: serde_json::Value = serde_json::from_str(raw).unwrap();
        // serde_json's Value sorts keys; compare on a key-ordered input.
        let ordered = serde_json::to_string(&v).unwrap();
        assert_eq!(pretty(&ordered), serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(pretty("{}"), "{}");
        assert_eq!(pretty(" [ ] "), "[]");
        assert_eq!(pretty("not json"), "not json");
    }

    #[test]
    fn members_split_at_top_level_only() {
        let m = object_members(
            r#"{"query": "a,b", "sys.files": [1, {"k": ","}], "sys.user_id": "u\"x"}"#,
        )
        .unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[0], ("query".into(), "\"a,b\"".into()));
        assert_eq!(m[1].0, "sys.files");
        assert_eq!(m[2], ("sys.user_id".into(), "\"u\\\"x\"".into()));
        assert_eq!(object_members("{}").unwrap(), vec![]);
        assert!(object_members("[1]").is_none());
        assert!(object_members("{oops}").is_none());
        let text = object_text(&m[..1]);
        assert_eq!(text, r#"{"query":"a,b"}"#);
        assert_eq!(pretty(&text), "{\n  \"query\": \"a,b\"\n}");
    }
}
