//! The request log: one `tracing` event per answer inside a span that
//! carries the request's method, path (never the query), client IP and
//! upstream status, written as text or JSON lines. Every line passes
//! through [`Redacting`] on its way out, so the API key cannot reach the
//! log whichever code or library wrote it.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;
use tracing::Span;
use tracing_subscriber::fmt::MakeWriter;

/// How log lines are written (`--log-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// `tracing`'s human-readable lines.
    #[default]
    Text,
    /// One JSON object per line: the event's fields at the top level, the
    /// request's (method, path, client_ip, upstream_status) under `span`.
    Json,
}

/// A subscriber writing `format` lines of level INFO and above to
/// `writer`, with every occurrence of each of `secrets` replaced by
/// `<redacted>`.
pub fn dispatch<W>(format: LogFormat, secrets: Vec<String>, writer: W) -> tracing::Dispatch
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let writer = Redacting::new(writer, secrets);
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(tracing::Level::INFO)
        .with_target(false);
    match format {
        LogFormat::Text => builder.finish().into(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .finish()
            .into(),
    }
}

/// Installs [`dispatch`] writing to stderr as the process-wide subscriber.
pub fn init(format: LogFormat, secrets: Vec<String>) -> Result<(), String> {
    tracing::dispatcher::set_global_default(dispatch(format, secrets, std::io::stderr))
        .map_err(|e| format!("cannot set up logging: {e}"))
}

/// The type of [`trace_layer`] over answers with bodies of type `B`:
/// plain functions as callbacks, and `()` for the events the proxy does
/// not log.
pub(crate) type ProxyTrace<B> = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    fn(&Request<Body>) -> Span,
    (),
    fn(&Response<B>, Duration, &Span),
    (),
    (),
    (),
>;

/// The proxy's `TraceLayer`: a `request` span per request and one
/// `response` event when the answer's head is ready. 5xx answers are not
/// logged a second time as failures: the status is in the event.
pub(crate) fn trace_layer<B>() -> ProxyTrace<B> {
    TraceLayer::new_for_http()
        .make_span_with(request_span::<Body> as fn(&Request<Body>) -> Span)
        .on_request(())
        .on_response(log_response::<B> as fn(&Response<B>, Duration, &Span))
        .on_body_chunk(())
        .on_eos(())
        .on_failure(())
}

/// Longest path written to the log, in characters.
const MAX_LOGGED_PATH: usize = 200;

fn request_span<B>(req: &Request<B>) -> Span {
    let client_ip = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %ShortPath(req.uri().path()),
        client_ip = %OrDash(client_ip),
        upstream_status = tracing::field::Empty,
    )
}

/// A path cut to [`MAX_LOGGED_PATH`] characters, `...` marking a cut;
/// written straight into the line, so nothing is allocated for it.
struct ShortPath<'a>(&'a str);

impl std::fmt::Display for ShortPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.char_indices().nth(MAX_LOGGED_PATH) {
            Some((cut, _)) => write!(f, "{}...", &self.0[..cut]),
            None => f.write_str(self.0),
        }
    }
}

/// A value, or `-` when there is none (a request served in-process).
struct OrDash<T>(Option<T>);

impl<T: std::fmt::Display> std::fmt::Display for OrDash<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => f.write_str("-"),
        }
    }
}

fn log_response<B>(resp: &Response<B>, latency: Duration, _span: &Span) {
    tracing::info!(
        status = resp.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "response"
    );
}

/// Records the upstream's status in the current request span.
pub(crate) fn record_upstream_status(status: u16) {
    Span::current().record("upstream_status", status);
}

/// A [`MakeWriter`] that holds each line until it is complete and then
/// writes it with the secrets replaced, so a secret split over several
/// `write` calls is still caught.
pub struct Redacting<W> {
    inner: W,
    /// Each secret in the forms it can take in a line: as is, and escaped
    /// for a JSON string where that differs.
    needles: Arc<[Vec<u8>]>,
}

impl<W> Redacting<W> {
    /// Wraps `inner`; empty secrets are ignored.
    pub fn new(inner: W, secrets: Vec<String>) -> Self {
        let mut needles: Vec<Vec<u8>> = Vec::new();
        for s in secrets.into_iter().filter(|s| !s.is_empty()) {
            let json = serde_json::to_string(&s).unwrap_or_default();
            let json = json.trim_matches('"');
            if json != s {
                needles.push(json.as_bytes().to_vec());
            }
            needles.push(s.into_bytes());
        }
        Redacting {
            inner,
            needles: needles.into(),
        }
    }
}

impl<'a, W: MakeWriter<'a>> MakeWriter<'a> for Redacting<W> {
    type Writer = RedactingLine<W::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingLine {
            inner: self.inner.make_writer(),
            needles: self.needles.clone(),
            line: Vec::new(),
        }
    }
}

/// One line being written through [`Redacting`]; it goes out on drop.
pub struct RedactingLine<W: Write> {
    inner: W,
    needles: Arc<[Vec<u8>]>,
    line: Vec<u8>,
}

impl<W: Write> Write for RedactingLine<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.line.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for RedactingLine<W> {
    fn drop(&mut self) {
        let mut line = std::mem::take(&mut self.line);
        for needle in self.needles.iter() {
            if memchr::memmem::find(&line, needle).is_some() {
                line = redact(&line, needle);
            }
        }
        // A log line that cannot be written has nowhere else to go.
        let _ = self.inner.write_all(&line);
        let _ = self.inner.flush();
    }
}

/// `hay` with each occurrence of `needle` replaced by `<redacted>`.
fn redact(hay: &[u8], needle: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(i) = memchr::memmem::find(rest, needle) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(b"<redacted>");
        rest = &rest[i + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A writer appending to a shared buffer.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn text(sink: &Sink) -> String {
        String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn secrets_are_redacted_in_both_formats() {
        for format in [LogFormat::Text, LogFormat::Json] {
            let sink = Sink::default();
            let out = sink.clone();
            let d = dispatch(
                format,
                vec!["app-k\"ey".into(), "app-plain".into()],
                move || out.clone(),
            );
            tracing::dispatcher::with_default(&d, || {
                tracing::info!(
                    header = "Bearer app-plain",
                    "sent app-k\"ey twice: app-k\"ey"
                );
            });
            let line = text(&sink);
            assert!(line.ends_with('\n'), "{line}");
            assert!(!line.contains("app-plain"), "{line}");
            assert!(!line.contains("app-k"), "{line}");
            assert_eq!(line.matches("<redacted>").count(), 3, "{line}");
            if format == LogFormat::Json {
                let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
                assert_eq!(v["header"], "Bearer <redacted>");
            }
        }
    }

    #[test]
    fn long_paths_are_cut_at_a_character() {
        let long = format!("/v1/{}", "\u{e9}".repeat(300));
        let shown = ShortPath(&long).to_string();
        assert_eq!(shown.chars().count(), MAX_LOGGED_PATH + 3);
        assert!(shown.ends_with("\u{e9}..."));
        assert_eq!(ShortPath("/v1/info").to_string(), "/v1/info");
    }

    #[test]
    fn split_writes_are_redacted() {
        let sink = Sink::default();
        let out = sink.clone();
        let r = Redacting::new(move || out.clone(), vec!["secret".into()]);
        {
            let mut w = r.make_writer();
            w.write_all(b"a sec").unwrap();
            w.write_all(b"ret b\n").unwrap();
        }
        assert_eq!(text(&sink), "a <redacted> b\n");
    }

    #[test]
    fn json_lines_carry_the_request_fields() {
        let sink = Sink::default();
        let out = sink.clone();
        let d = dispatch(LogFormat::Json, vec![], move || out.clone());
        tracing::dispatcher::with_default(&d, || {
            let req = Request::get("/v1/info?user=x").body(()).unwrap();
            let span = request_span(&req);
            let _entered = span.enter();
            record_upstream_status(401);
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            log_response(&resp, Duration::from_micros(1500), &span);
        });
        let line = text(&sink);
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(v["message"], "response");
        assert_eq!(v["status"], 401);
        assert_eq!(v["latency_ms"], 1.5);
        assert_eq!(v["span"]["method"], "GET");
        assert_eq!(v["span"]["path"], "/v1/info");
        assert_eq!(v["span"]["client_ip"], "-");
        assert_eq!(v["span"]["upstream_status"], 401);
        assert!(!line.contains("user=x"), "{line}");
    }
}
