//! A small JSON reader and writer, written out by hand so the widget needs
//! neither `serde` nor `serde_json`: their generic code, monomorphised for
//! every decoded type, was a large share of the wasm bundle.
//!
//! - [`parse`] is strict RFC 8259: JSON whitespace only, no trailing commas,
//!   no comments, no trailing characters, no byte order mark. It never
//!   panics, and nesting deeper than [`MAX_DEPTH`] is an error (as in
//!   `serde_json`), so hostile input cannot overflow the stack.
//! - Numbers are kept as the text they were written in ([`Value::Num`]);
//!   the accessors convert on demand.
//! - A `\uXXXX` escape of a lone UTF-16 surrogate (one without its other
//!   half) becomes U+FFFD, where `serde_json` refuses the whole document:
//!   one odd character in a user's input should not hide a page of runs.
//! - Objects keep their members in order; when a key repeats, [`Value::get`]
//!   returns the last one (as `serde_json::Value` does).
//! - [`quote`] and [`write_compact`] escape strings exactly as `serde_json`
//!   does, and [`write_f64`] prints floats as `serde_json` does, so
//!   re-serialised data is byte-identical.

use std::borrow::Cow;

/// Objects and arrays nested deeper than this are refused.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value. Strings without escapes, keys and numbers borrow
/// from the parsed text: a page of 100 runs then needs a few hundred
/// allocations instead of several thousand.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// The number's text as it appeared (always a valid JSON number).
    Num(Cow<'a, str>),
    Str(Cow<'a, str>),
    Arr(Vec<Value<'a>>),
    /// Members in document order; duplicates are kept.
    Obj(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// An object's member; the last one when the key repeats. `None` for a
    /// missing key or when this is not an object.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Obj(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean; nothing else is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// An array's items.
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Arr(items) => Some(items),
            _ => None,
        }
    }

    /// An object's members, in document order.
    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Value<'a>)]> {
        match self {
            Value::Obj(members) => Some(members),
            _ => None,
        }
    }

    /// A whole number, leniently (what Dify's API decoders have always
    /// accepted):
    /// - an integer that fits in `i64`;
    /// - a fractional or exponent number that is finite and below 9e15 in
    ///   magnitude, truncated towards zero (`1.9` is 1);
    /// - a string holding an integer (`" 42 "`, `"+7"`), after trimming.
    ///
    /// Anything else (out of range, `null`, booleans, arrays, objects) is `None`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Num(n) if is_integer_text(n) => n.parse().ok(),
            Value::Num(n) => parse_f64(n)
                .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                .map(|f| f as i64),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A finite number; also a string holding one (after trimming, Rust's
    /// float syntax). Infinities, NaN and everything else are `None`.
    pub fn as_f64(&self) -> Option<f64> {
        let f = match self {
            Value::Num(n) => parse_f64(n),
            Value::Str(s) => parse_f64(s.trim()),
            _ => None,
        };
        f.filter(|f| f.is_finite())
    }
}

/// True for number text without a fraction or exponent (`-12`, `0`).
/// A decimal number in Rust's float syntax (`-1.5e3`, `+.5`, `7.`), without
/// Rust's `inf` and `nan`, which every caller would drop anyway. In the
/// browser the JavaScript engine's correctly rounded `parseFloat` reads it:
/// the standard library's parser links a 20 KB table of powers of five.
pub fn parse_f64(s: &str) -> Option<f64> {
    if !is_decimal(s) {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    {
        Some(js_sys::Number::parse_float(s))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.parse().ok()
    }
}

/// `[+-]? (d+ (. d*)? | . d+) ([eE] [+-]? d+)?`
fn is_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

pub fn is_integer_text(n: &str) -> bool {
    !n.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
}

/// Parses one JSON text (surrounding whitespace allowed). The error says
/// what was wrong and where (`expected value at line 1 column 1`).
pub fn parse(text: &str) -> Result<Value<'_>, String> {
    let mut p = Parser {
        text,
        pos: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.skip_ws();
    if p.pos < text.len() {
        return Err(p.fail("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// `what` at line L column C (1-based; the column counts bytes).
    fn fail(&self, what: &str) -> String {
        let bytes = self.text.as_bytes();
        let before = bytes.get(..self.pos).unwrap_or(bytes);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Counting the offending byte, as serde_json does (none at the end).
        let column = before.len() - line_start + usize::from(self.pos < bytes.len());
        let mut out = String::with_capacity(what.len() + 24);
        out.push_str(what);
        out.push_str(" at line ");
        out.push_str(&line.to_string());
        out.push_str(" column ");
        out.push_str(&column.to_string());
        out
    }

    fn value(&mut self) -> Result<Value<'a>, String> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.fail("EOF while parsing a value")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value<'a>) -> Result<Value<'a>, String> {
        let end = self.pos + word.len();
        if self.text.as_bytes().get(self.pos..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(v)
        } else {
            Err(self.fail("expected value"))
        }
    }

    /// Consumes ASCII digits; true when there was at least one.
    fn digits(&mut self) -> bool {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos > start
    }

    fn number(&mut self) -> Result<Value<'a>, String> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.digits() {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.digits() {
                return Err(self.fail("invalid number"));
            }
        }
        match self.text.get(start..self.pos) {
            Some(n) => Ok(Value::Num(Cow::Borrowed(n))),
            None => Err(self.fail("invalid number")),
        }
    }

    /// A string; `pos` is at its opening quote. Borrowed from the text
    /// unless it has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        self.pos += 1;
        let start = self.pos;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(b'"') => {
                    let tail = self.text.get(run..self.pos).unwrap_or_default();
                    self.pos += 1;
                    if run == start {
                        return Ok(Cow::Borrowed(tail));
                    }
                    out.push_str(tail);
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or_default());
                    self.pos += 1;
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(0..=0x1f) => {
                    return Err(self
                        .fail("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// One escape; `pos` is just after the backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                out.push(self.code_point(unit));
                return Ok(());
            }
            _ => return Err(self.fail("invalid escape")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    /// The character of a `\u` escape's UTF-16 unit, joined with the low
    /// surrogate that follows a high one; a lone surrogate is U+FFFD.
    fn code_point(&mut self, unit: u32) -> char {
        if (0xD800..0xDC00).contains(&unit) {
            let bytes = self.text.as_bytes();
            if bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                let back = self.pos;
                self.pos += 2;
                match self.hex4() {
                    Ok(low @ 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        return char::from_u32(c).unwrap_or('\u{FFFD}');
                    }
                    // Not a low surrogate: leave it to be read on its own.
                    _ => self.pos = back,
                }
            }
            return '\u{FFFD}';
        }
        char::from_u32(unit).unwrap_or('\u{FFFD}')
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Result<u32, String> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.fail("invalid escape")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("recursion limit exceeded"));
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    fn array(&mut self) -> Result<Value<'a>, String> {
        self.enter()?;
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                items.push(self.value()?);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.fail("EOF while parsing a list")),
                    Some(_) => return Err(self.fail("expected `,` or `]`")),
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Arr(items))
    }

    fn object(&mut self) -> Result<Value<'a>, String> {
        self.enter()?;
        let mut members = Vec::new();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                match self.peek() {
                    Some(b'"') => {}
                    None => return Err(self.fail("EOF while parsing an object")),
                    Some(_) => return Err(self.fail("key must be a string")),
                }
                let key = self.string()?;
                self.skip_ws();
                match self.peek() {
                    Some(b':') => self.pos += 1,
                    None => return Err(self.fail("EOF while parsing an object")),
                    Some(_) => return Err(self.fail("expected `:`")),
                }
                let v = self.value()?;
                members.push((key, v));
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.fail("EOF while parsing an object")),
                    Some(_) => return Err(self.fail("expected `,` or `}`")),
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Obj(members))
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` does: `"` and `\`,
/// `\b \f \n \r \t`, other control characters as `\u00XX` (lowercase hex);
/// everything else, non-ASCII included, as it is.
pub fn quote(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0'..='\u{1f}' => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `v` as compact JSON (no whitespace); numbers as their text.
pub fn write_compact(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Num(n) => out.push_str(n),
        Value::Str(s) => quote(s, out),
        Value::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(item, out);
            }
            out.push(']');
        }
        Value::Obj(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                quote(k, out);
                out.push(':');
                write_compact(item, out);
            }
            out.push('}');
        }
    }
}

/// `v` as compact JSON text.
pub fn to_compact(v: &Value) -> String {
    let mut out = String::new();
    write_compact(v, &mut out);
    out
}

/// Appends a float as `serde_json` prints it: the shortest digits that read
/// back as the same `f64` (the nearest such when there are several), plain
/// from 1e-5 up to 1e16 (`45.164847`, `0.00001`, `3.0`), otherwise in
/// exponent form (`1e-7`, `1.5e+16`); NaN and infinities as `null`.
///
/// Without core's float formatting (about 10 KB of wasm): in the plain
/// range candidate digits come from exact integer arithmetic, checked by
/// parsing them back, so the text is exactly `serde_json`'s. Beyond it the
/// digits are found by bisecting on what parses back to the value; the text
/// always reads back exactly and is `serde_json`'s too.
pub fn write_f64(v: f64, out: &mut String) {
    if !v.is_finite() {
        out.push_str("null");
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    let a = v.abs();
    if a == 0.0 {
        out.push_str("0.0");
    } else if (1e-5..1e16).contains(&a) {
        plain_shortest(a, out);
    } else {
        exponent_shortest(a, out);
    }
}

/// Tries `a` with 0, 1, 2, ... fraction digits (the nearer of the two
/// candidates first) until one parses back as `a`. `a` is in 1e-5..1e16.
fn plain_shortest(a: f64, out: &mut String) {
    let bits = a.to_bits();
    // a is normal here: a = mant * 2^exp exactly, exp in -70..=1.
    let mant = u128::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mut pow10: u128 = 1;
    let mut text = String::with_capacity(32);
    // 17 significant digits always suffice, so at most 21 fraction digits.
    for d in 0..=22 {
        // mant < 2^53 and 10^22 < 2^74: no overflow.
        let num = mant * pow10;
        pow10 *= 10;
        let (q, rem, half) = if exp >= 0 {
            (num << exp, 0, 1)
        } else {
            let sh = exp.unsigned_abs();
            let q = num.checked_shr(sh).unwrap_or(0);
            let rem = num - q.checked_shl(sh).unwrap_or(0);
            (q, rem, 1u128.checked_shl(sh - 1).unwrap_or(0))
        };
        let q = u64::try_from(q).unwrap_or(u64::MAX);
        let up = q.saturating_add(1);
        let order = if rem == 0 {
            [q, q]
        } else if rem < half || rem == half && q % 2 == 0 {
            [q, up]
        } else {
            [up, q]
        };
        for m in order {
            text.clear();
            push_fixed(m, d, &mut text);
            if parse_f64(&text) == Some(a) {
                out.push_str(&text);
                return;
            }
        }
    }
    out.push_str(&text);
}

/// `m * 10^-d` as plain number text, `.0` for a whole number.
fn push_fixed(m: u64, d: usize, out: &mut String) {
    let mut digits = String::with_capacity(20);
    push_u64(m, &mut digits);
    let int_len = digits.len().saturating_sub(d);
    if int_len == 0 {
        out.push('0');
    }
    for (i, c) in digits.chars().enumerate() {
        if i == int_len {
            out.push('.');
            for _ in digits.len()..d {
                out.push('0');
            }
        }
        out.push(c);
    }
    if d == 0 {
        out.push_str(".0");
    }
}

/// `a` (outside the plain range) in exponent form. With `a` between
/// 10^e and 10^(e+1), the 19-digit integers `m` for which `m * 10^(e-18)`
/// parses back as `a` form a range; its shortest member nearest `a` is
/// printed.
fn exponent_shortest(a: f64, out: &mut String) {
    use std::cmp::Ordering::{Equal, Greater, Less};
    const LOW: u64 = 1_000_000_000_000_000_000;
    let mut buf = String::with_capacity(32);
    // A first guess of e, then checked by parsing.
    let (mut x, mut e) = (a, 0i32);
    while x >= 10.0 {
        x /= 10.0;
        e += 1;
    }
    while x < 1.0 {
        x *= 10.0;
        e -= 1;
    }
    for _ in 0..4 {
        if scaled(LOW, e, &mut buf) > a {
            e -= 1;
        } else if scaled(LOW, e + 1, &mut buf) <= a {
            e += 1;
        } else {
            break;
        }
    }
    // The first m reading as >= a, and the first reading as > a.
    let mut bounds = [0u64; 2];
    for (bound, strict) in bounds.iter_mut().zip([false, true]) {
        let (mut lo, mut hi) = (LOW, 10 * LOW);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let v = scaled(mid, e, &mut buf);
            if v > a || !strict && v == a {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        *bound = lo;
    }
    let (lo, hi) = (bounds[0], bounds[1].saturating_sub(1).max(bounds[0]));
    // The fewest digits p with a p-digit number in lo..=hi; of several, the
    // one nearest a (the middle of the range as a first guess, then checked
    // exactly against the midpoints between neighbours; ties go even).
    let (mut f, mut p) = (LOW, 1);
    while f > 1 {
        let (c_lo, c_hi) = (lo.div_ceil(f), hi / f);
        if c_lo <= c_hi {
            let mut c = ((lo + (hi - lo) / 2 + f / 2) / f).clamp(c_lo, c_hi);
            // a against the midpoint (k + 1/2) * 10^(e+1-p), doubled.
            let vs_mid = |k: u64| cmp_exact(a, (2 * k + 1, e + 1 - p));
            loop {
                if c > c_lo && matches!(vs_mid(c - 1), (Less, _) | (Equal, 0)) {
                    c -= 1;
                } else if c < c_hi && matches!(vs_mid(c), (Greater, _) | (Equal, 1)) {
                    c += 1;
                } else {
                    break;
                }
            }
            return push_exponent_form(c, e, out);
        }
        f /= 10;
        p += 1;
    }
    push_exponent_form(lo, e, out);
}

/// Compares `2 * a` with `m * 10^e10` exactly (big integers of 32-bit
/// limbs); also returns `m`'s parity for ties.
fn cmp_exact(a: f64, (m, e10): (u64, i32)) -> (std::cmp::Ordering, u64) {
    let bits = a.to_bits();
    let exp_field = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    // 2a = mant * 2^e2.
    let (mant, e2) = if exp_field == 0 {
        (frac, -1073)
    } else {
        (frac | (1 << 52), exp_field - 1074)
    };
    let mut left = vec![mant as u32, (mant >> 32) as u32];
    let mut right = vec![m as u32, (m >> 32) as u32];
    shift_left(
        if e2 > 0 { &mut left } else { &mut right },
        e2.unsigned_abs(),
    );
    let side = if e10 > 0 { &mut right } else { &mut left };
    for _ in 0..e10.unsigned_abs() {
        let mut carry = 0u64;
        for limb in side.iter_mut() {
            let t = u64::from(*limb) * 10 + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            side.push(carry as u32);
        }
    }
    for v in [&mut left, &mut right] {
        while v.last() == Some(&0) {
            v.pop();
        }
    }
    let order = left
        .len()
        .cmp(&right.len())
        .then_with(|| left.iter().rev().cmp(right.iter().rev()));
    (order, m / 2 % 2)
}

/// Multiplies a little-endian big integer by 2^n.
fn shift_left(v: &mut Vec<u32>, n: u32) {
    let (limbs, bits) = ((n / 32) as usize, n % 32);
    if bits > 0 {
        let mut carry = 0u32;
        for limb in v.iter_mut() {
            let t = (u64::from(*limb) << bits) | u64::from(carry);
            *limb = t as u32;
            carry = (t >> 32) as u32;
        }
        v.push(carry);
    }
    v.splice(0..0, std::iter::repeat_n(0, limbs));
}

/// `m * 10^(e-18)`, as the parser reads it.
fn scaled(m: u64, e: i32, buf: &mut String) -> f64 {
    buf.clear();
    push_u64(m, buf);
    buf.push('e');
    if e < 18 {
        buf.push('-');
    }
    push_u64(u64::from((e - 18).unsigned_abs()), buf);
    parse_f64(buf).unwrap_or(f64::NAN)
}

/// Digits `c` with the first one's power of ten `e`: `1.25e-7`, `1e+16`.
fn push_exponent_form(c: u64, e: i32, out: &mut String) {
    let mut digits = String::with_capacity(20);
    push_u64(c, &mut digits);
    let digits = digits.trim_end_matches('0');
    for (i, ch) in digits.chars().enumerate() {
        if i == 1 {
            out.push('.');
        }
        out.push(ch);
    }
    if digits.is_empty() {
        out.push('0');
    }
    out.push_str(if e < 0 { "e-" } else { "e+" });
    push_u64(u64::from(e.unsigned_abs()), out);
}

/// Decimal digits of `n`.
fn push_u64(n: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    while i > 0 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in buf.get(i..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn parse_f64_takes_what_rust_takes_apart_from_inf_and_nan() {
        for t in [
            "0", "-0", "+1", "1.", ".5", "+.5", "-.5e-3", "1e5", "1E+5", "2.5e-324", "1e400",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
            "0.30000000000000004", "123456789012345678901234567890",
        ] {
            assert_eq!(super::parse_f64(t), t.parse::<f64>().ok(), "{t}");
        }
        for t in [
            "", ".", "+", "-", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "0x10", "inf", "NaN",
            "infinity", "1_0", "１",
        ] {
            assert_eq!(super::parse_f64(t), None, "{t}");
        }
    }

    use super::*;

    fn s(v: &str) -> Value<'_> {
        Value::Str(v.into())
    }
    fn n(v: &str) -> Value<'_> {
        Value::Num(v.into())
    }
    fn compact(v: &Value) -> String {
        to_compact(v)
    }
    fn f64_text(v: f64) -> String {
        let mut out = String::new();
        write_f64(v, &mut out);
        out
    }

    #[test]
    fn parses_every_kind_of_value() {
        assert_eq!(parse("null"), Ok(Value::Null));
        assert_eq!(parse(" true "), Ok(Value::Bool(true)));
        assert_eq!(parse("\t\r\nfalse\n"), Ok(Value::Bool(false)));
        assert_eq!(parse("\"x\""), Ok(s("x")));
        assert_eq!(parse("[]"), Ok(Value::Arr(vec![])));
        assert_eq!(parse("{ }"), Ok(Value::Obj(vec![])));
        assert_eq!(
            parse(r#" { "a" : [ 1 , -2.5e+3 , "b" , null , { } ] , "c" : true } "#),
            Ok(Value::Obj(vec![
                (
                    "a".into(),
                    Value::Arr(vec![
                        n("1"),
                        n("-2.5e+3"),
                        s("b"),
                        Value::Null,
                        Value::Obj(vec![])
                    ])
                ),
                ("c".into(), Value::Bool(true)),
            ]))
        );
    }

    #[test]
    fn numbers_keep_their_text() {
        for t in [
            "0",
            "-0",
            "7",
            "-12",
            "0.5",
            "1.50",
            "1e5",
            "1E+5",
            "1e-05",
            "-0.0e0",
            "123456789012345678901234567890",
            "1e400",
        ] {
            assert_eq!(parse(t), Ok(n(t)), "{t}");
        }
        for t in [
            "01",
            "-",
            "+1",
            ".5",
            "1.",
            "1e",
            "1e+",
            "--1",
            "0x10",
            "1.e5",
            "-.5",
            "NaN",
            "Infinity",
            "-Infinity",
            "1_000",
        ] {
            assert!(parse(t).is_err(), "{t}");
        }
    }

    #[test]
    fn strings_borrow_from_the_text_unless_escaped() {
        let text = r#"{"key": "plain", "n": -1.5e3, "esc": "a\nb"}"#;
        let v = parse(text).unwrap();
        let Value::Obj(members) = &v else {
            panic!("not an object")
        };
        assert!(members.iter().all(|(k, _)| matches!(k, Cow::Borrowed(_))));
        assert!(matches!(
            v.get("key"),
            Some(Value::Str(Cow::Borrowed("plain")))
        ));
        assert!(matches!(
            v.get("n"),
            Some(Value::Num(Cow::Borrowed("-1.5e3")))
        ));
        assert!(matches!(v.get("esc"), Some(Value::Str(Cow::Owned(s))) if s == "a\nb"));
    }

    #[test]
    fn string_escapes() {
        assert_eq!(
            parse(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#),
            Ok(s("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"))
        );
        assert_eq!(parse(r#""\u0041\u00e9\u4F60""#), Ok(s("Aé你")));
        assert_eq!(parse(r#""\u0000""#), Ok(s("\0")));
        assert_eq!(parse("\"é 你 😀\""), Ok(s("é 你 😀")));
        for bad in [
            r#""\x""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\"#,
            r#""\u"#,
            r#""\U0041""#,
            "\"\\'\"",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        // Raw control characters must be escaped; DEL need not be.
        assert!(parse("\"a\nb\"").is_err());
        assert!(parse("\"a\tb\"").is_err());
        assert!(parse("\"\u{1f}\"").is_err());
        assert_eq!(parse("\"\u{7f}\""), Ok(s("\u{7f}")));
    }

    #[test]
    fn surrogate_pairs_join_and_lone_halves_become_replacement_characters() {
        assert_eq!(parse(r#""\ud83d\ude00""#), Ok(s("😀")));
        assert_eq!(parse(r#""\uD83D\uDE00x""#), Ok(s("😀x")));
        assert_eq!(parse(r#""\ud83d""#), Ok(s("\u{FFFD}")));
        assert_eq!(parse(r#""\ude00""#), Ok(s("\u{FFFD}")));
        assert_eq!(parse(r#""\ud83dx""#), Ok(s("\u{FFFD}x")));
        // A high half followed by another escape: that escape is kept.
        assert_eq!(parse(r#""\ud83d\n""#), Ok(s("\u{FFFD}\n")));
        assert_eq!(parse(r#""\ud83d\u0041""#), Ok(s("\u{FFFD}A")));
        assert_eq!(parse(r#""\ud83d\ud83d\ude00""#), Ok(s("\u{FFFD}😀")));
        // ... and a broken one is still an error.
        assert!(parse(r#""\ud83d\u00""#).is_err());
    }

    #[test]
    fn every_malformed_text_is_an_error() {
        for bad in [
            "",
            " ",
            "\n",
            "nul",
            "tru",
            "falsey",
            "nulll",
            "True",
            "[",
            "]",
            "{",
            "}",
            "[1",
            "[1,",
            "[1,]",
            "[,1]",
            "[1 2]",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{,}",
            "{a:1}",
            "{'a':1}",
            "{1:1}",
            "{\"a\":1 \"b\":2}",
            "\"abc",
            "\"",
            "1 2",
            "{} {}",
            "[] x",
            "\u{feff}{}",
            "// c\n1",
            "/* */1",
            "{\"a\":1",
            "[\"a\"",
            "\u{a0}1",
            "'x'",
            "undefined",
            "<html>",
        ] {
            let e = parse(bad).expect_err(bad);
            assert!(e.contains(" at line "), "{bad:?}: {e}");
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            parse("<html>").unwrap_err(),
            "expected value at line 1 column 1"
        );
        assert_eq!(
            parse("{}\n x").unwrap_err(),
            "trailing characters at line 2 column 2"
        );
        assert_eq!(
            parse("").unwrap_err(),
            "EOF while parsing a value at line 1 column 0"
        );
        assert_eq!(
            parse("{").unwrap_err(),
            "EOF while parsing an object at line 1 column 1"
        );
        assert!(parse("[1 2]")
            .unwrap_err()
            .starts_with("expected `,` or `]`"));
        assert!(parse("{\"a\" 1}").unwrap_err().starts_with("expected `:`"));
        assert!(parse("{\"a\":1 2}")
            .unwrap_err()
            .starts_with("expected `,` or `}`"));
        assert!(parse("{1:1}")
            .unwrap_err()
            .starts_with("key must be a string"));
        assert!(parse("\"a")
            .unwrap_err()
            .starts_with("EOF while parsing a string"));
        // A multi-byte character before the error does not upset the count.
        assert!(parse("[\"é\" x]").unwrap_err().starts_with("expected `,`"));
    }

    #[test]
    fn nesting_is_limited() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse(&deep)
            .unwrap_err()
            .starts_with("recursion limit exceeded"));
        let objects = "{\"a\":".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
        assert!(parse(&objects).is_err());
        // Hostile depth fails fast rather than overflowing the stack.
        assert!(parse(&"[".repeat(1_000_000)).is_err());
        assert!(parse(&"{\"a\":[".repeat(200_000)).is_err());
        // Siblings do not add up.
        let wide = format!("[{}]", vec!["[[1]]"; 1000].join(","));
        assert!(parse(&wide).is_ok());
    }

    #[test]
    fn object_lookup_takes_the_last_duplicate() {
        let v = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(v.get("a"), Some(&n("3")));
        assert_eq!(v.get("b"), Some(&n("2")));
        assert_eq!(v.get("c"), None);
        assert_eq!(v.as_object().map(<[_]>::len), Some(3));
        assert_eq!(parse("[1]").unwrap().get("a"), None);
        assert_eq!(compact(&v), r#"{"a":1,"b":2,"a":3}"#);
    }

    #[test]
    fn accessors() {
        let v = parse(r#"{"s":"x","b":true,"a":[1],"n":null}"#).unwrap();
        assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
        assert_eq!(v.get("a").and_then(Value::as_array), Some(&[n("1")][..]));
        assert_eq!(v.get("n").and_then(Value::as_str), None);
        assert_eq!(v.get("s").and_then(Value::as_bool), None);
        assert_eq!(v.get("b").and_then(Value::as_i64), None);
        assert_eq!(v.get("a").and_then(Value::as_f64), None);
        assert_eq!(v.as_array(), None);
    }

    #[test]
    fn as_i64_mirrors_the_lenient_decoders() {
        let i = |t: &str| parse(t).unwrap().as_i64();
        assert_eq!(i("42"), Some(42));
        assert_eq!(i("-42"), Some(-42));
        assert_eq!(i("-0"), Some(0));
        assert_eq!(i("9223372036854775807"), Some(i64::MAX));
        assert_eq!(i("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(i("9223372036854775808"), None);
        assert_eq!(i("-9223372036854775809"), None);
        assert_eq!(i("123456789012345678901234567890"), None);
        // Floats are truncated while below 9e15.
        assert_eq!(i("1.9"), Some(1));
        assert_eq!(i("-1.9"), Some(-1));
        assert_eq!(i("2.0"), Some(2));
        assert_eq!(i("1e3"), Some(1000));
        assert_eq!(i("8.9e15"), Some(8_900_000_000_000_000));
        assert_eq!(i("9e15"), None);
        assert_eq!(i("1e400"), None);
        // Strings holding integers, trimmed.
        assert_eq!(i("\"7\""), Some(7));
        assert_eq!(i("\" +7 \""), Some(7));
        assert_eq!(i("\"-3\""), Some(-3));
        assert_eq!(i("\"1.5\""), None);
        assert_eq!(i("\"oops\""), None);
        assert_eq!(i("\"\""), None);
        assert_eq!(i("true"), None);
        assert_eq!(i("null"), None);
        assert_eq!(i("[1]"), None);
        assert_eq!(i("{}"), None);
    }

    #[test]
    fn as_f64_accepts_finite_numbers_and_numeric_strings() {
        let f = |t: &str| parse(t).unwrap().as_f64();
        assert_eq!(f("1.5"), Some(1.5));
        assert_eq!(f("-2"), Some(-2.0));
        assert_eq!(f("45.164847"), Some(45.164847));
        assert_eq!(f("1e-7"), Some(1e-7));
        assert_eq!(f("1e400"), None);
        assert_eq!(f("\" 2.5 \""), Some(2.5));
        assert_eq!(f("\"inf\""), None);
        assert_eq!(f("\"NaN\""), None);
        assert_eq!(f("\"x\""), None);
        assert_eq!(f("false"), None);
        assert_eq!(f("null"), None);
    }

    #[test]
    fn quote_escapes_like_serde_json() {
        let all: String =
            (0u32..0x80).filter_map(char::from_u32).collect::<String>() + "é你😀\u{2028}\u{FFFD}";
        for text in [
            "",
            "plain",
            "a\"b\\c/d",
            "\u{8}\u{c}\n\r\t",
            "\0\u{1}\u{1b}\u{1f}\u{7f}",
            &all,
        ] {
            let mut out = String::new();
            quote(text, &mut out);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
            assert_eq!(parse(&out), Ok(s(text)));
        }
    }

    #[test]
    fn compact_round_trips() {
        for text in [
            r#"{"a":[1,-2.5e+3,"b\n\u0001",null,{}],"c":true,"d":false,"e":"é😀"}"#,
            r#"[[],{},[[]],"",0,-0,1E5]"#,
            "\"\\\"\"",
        ] {
            let v = parse(text).unwrap();
            assert_eq!(compact(&v), text);
            assert_eq!(parse(&compact(&v)), Ok(v));
        }
        // Whitespace and optional escapes are normalised.
        let v = parse(" { \"a\" : [ 1 , \"\\u00e9\\/\" ] } ").unwrap();
        assert_eq!(compact(&v), "{\"a\":[1,\"é/\"]}");
    }

    #[test]
    fn floats_print_as_serde_json_prints_them() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            1.5,
            45.164847,
            0.033063,
            0.1 + 0.2,
            100.0,
            0.001,
            123456.789,
            1e15,
            9_999_999_999_999_998.0,
            1e-5,
            1.5e-5,
            0.1,
            1.0 / 3.0,
            2.0f64.sqrt(),
            f64::EPSILON + 1.0,
            4_503_599_627_370_497.0,
            9_007_199_254_740_993.0,
            // Exponent form.
            1e16,
            1.5e16,
            1e17,
            1e21,
            1e100,
            9.9e-6,
            1e-6,
            1e-7,
            1.234e-7,
            2.5e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(f64_text(v), serde_json::to_string(&v).unwrap(), "{v:e}");
        }
        assert_eq!(f64_text(f64::NAN), "null");
        assert_eq!(f64_text(f64::INFINITY), "null");
        assert_eq!(f64_text(f64::NEG_INFINITY), "null");
    }

    #[test]
    fn floats_match_serde_json_across_the_plain_range() {
        // A deterministic sweep of bit patterns (xorshift).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut checked = 0;
        while checked < 20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if !(1e-5..1e16).contains(&v.abs()) {
                // Squeeze the exponent into range instead.
                let e = 1007 + (x >> 52) % 69;
                let v = f64::from_bits((x & ((1 << 52) - 1)) | (e << 52));
                assert_eq!(f64_text(v), serde_json::to_string(&v).unwrap(), "{v:e}");
            } else {
                assert_eq!(f64_text(v), serde_json::to_string(&v).unwrap(), "{v:e}");
            }
            checked += 1;
        }
        // Short decimals, the common case for durations.
        for ms in 0..20_000u32 {
            let v = f64::from(ms) / 1000.0 + 0.000_001 * f64::from(ms % 7);
            assert_eq!(f64_text(v), serde_json::to_string(&v).unwrap(), "{v}");
        }
    }

    #[test]
    fn floats_outside_the_plain_range_read_back() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            let text = f64_text(v);
            if !v.is_finite() {
                assert_eq!(text, "null");
                continue;
            }
            let back: f64 = text.parse().unwrap();
            assert_eq!(back, v, "{v:e} -> {text}");
            assert_eq!(text, serde_json::to_string(&v).unwrap(), "{v:e}");
            assert!(parse(&text).is_ok(), "{text}");
        }
    }
}
