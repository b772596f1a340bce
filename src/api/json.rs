//! JSON text as a server may send it: parsed even with the two lexical
//! oddities serde_json refuses, and pretty-printed for reading.

/// Indented JSON for reading and copying; text that is not JSON is
/// returned as it is.
pub fn pretty(raw: &str) -> String {
    match parse_tolerant::<serde_json::Value>(raw) {
        Ok(v) => pretty_value(&v),
        Err(_) => raw.to_string(),
    }
}

/// Indented JSON of a value (`""` only if serde_json could not write it).
pub fn pretty_value(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// `serde_json::from_str`, except that two lexical oddities a server may
/// send do not fail the whole body: a lone UTF-16 surrogate escape becomes
/// U+FFFD, and a number beyond `f64` becomes `null` (absent). serde_json
/// rejects both; its error position says where, so that token is replaced
/// and the text parsed again.
pub fn parse_tolerant<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let mut fixed: Option<String> = None;
    // Each pass mends one token; a body with more than this is not worth it.
    for _ in 0..64 {
        let current = fixed.as_deref().unwrap_or(text);
        let err = match serde_json::from_str(current) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        let Some(mended) = mend(current, &err) else {
            return Err(err);
        };
        fixed = Some(mended);
    }
    serde_json::from_str(fixed.as_deref().unwrap_or(text))
}

/// Replaces the token `err` points at, if it is one [`parse_tolerant`] forgives.
fn mend(text: &str, err: &serde_json::Error) -> Option<String> {
    let msg = err.to_string();
    let line_start = if err.line() <= 1 {
        0
    } else {
        text.match_indices('\n').nth(err.line() - 2)?.0 + 1
    };
    // The column is 1-based, in bytes, at the last byte read.
    let at = (line_start + err.column()).min(text.len());
    let bytes = text.as_bytes();
    if msg.starts_with("lone leading surrogate") || msg.starts_with("unexpected end of hex escape")
    {
        let start = (0..at.saturating_sub(5)).rev().find(|&i| {
            bytes[i] == b'\\'
                && bytes.get(i + 1) == Some(&b'u')
                && matches!(bytes.get(i + 2), Some(b'd' | b'D'))
                && matches!(
                    bytes.get(i + 3),
                    Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
                )
        })?;
        return Some(format!("{}\\ufffd{}", &text[..start], &text[start + 6..]));
    }
    if msg.starts_with("number out of range") {
        let is_num = |b: u8| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E');
        let end = (at..bytes.len())
            .find(|&i| !is_num(bytes[i]))
            .unwrap_or(bytes.len());
        let start = (0..end).rev().take_while(|&i| is_num(bytes[i])).last()?;
        return Some(format!("{}null{}", &text[..start], &text[end..]));
    }
    None
}
