//! JSON as Python's `json.dumps` writes it, the form Dify stores run inputs
//! in (and its keyword search reads).

use serde_json::Value;

/// An ordered object as Python's `json.dumps` writes it: `", "` and `": "`
/// separators, non-ASCII as `\uXXXX` - the form Dify stores and searches.
pub fn python_json_object(fields: &[(String, Value)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        python_json_string(&mut out, k);
        out.push_str(": ");
        python_json_value(&mut out, v);
    }
    out.push('}');
    out
}

fn python_json_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => python_json_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                python_json_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let fields: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            out.push_str(&python_json_object(&fields));
        }
    }
}

fn python_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || !c.is_ascii() => crate::dify::push_u_escapes(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_json_matches_capture_format() {
        let fields = vec![
            ("query".to_string(), Value::from("alpha")),
            ("sys.files".to_string(), Value::Array(vec![])),
            ("sys.timestamp".to_string(), Value::from(1795686790)),
            ("q2".to_string(), Value::from("\u{4f60}\"\\")),
        ];
        assert_eq!(
            python_json_object(&fields),
            r#"{"query": "alpha", "sys.files": [], "sys.timestamp": 1795686790, "q2": "\u4f60\"\\"}"#
        );
    }
}
