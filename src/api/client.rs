//! The fetch layer. [`Transport`] is the seam: the browser uses
//! [`FetchTransport`] (`fetch`, abortable); tests hand in canned responses.
//! [`Client`] builds URLs, adds the key, and decodes, so components never
//! touch URLs or JSON.

use super::error::ApiError;
use super::model::{
    decode_app_info, decode_log_page, decode_run_detail, AppInfo, LogPage, RunDetail,
};
use super::query::{encode_component, LogQuery};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A response as the transport saw it, before any decoding.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResponse {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// A boxed, non-`Send` future (the browser is single-threaded).
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Sends one GET. `authorization` is the full header value, if any.
pub trait Transport {
    fn get(
        &self,
        url: String,
        authorization: Option<String>,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<RawResponse, ApiError>>;
}

/// Talks to a Dify-compatible API for one widget.
#[derive(Clone)]
pub struct Client {
    base: String,
    key: Option<String>,
    transport: Rc<dyn Transport>,
}

impl Client {
    /// `base` without a trailing slash (see `options::validate_api_base`).
    pub fn new(base: String, key: Option<String>, transport: Rc<dyn Transport>) -> Self {
        Self {
            base,
            key,
            transport,
        }
    }

    /// The logs URL for a query; the key never goes into it.
    pub fn logs_url(&self, q: &LogQuery) -> String {
        format!("{}/workflows/logs?{}", self.base, q.to_query_string())
    }

    fn send(
        &self,
        url: String,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<RawResponse, ApiError>> {
        let auth = self.key.as_ref().map(|k| format!("Bearer {k}"));
        self.transport.get(url, auth, abort)
    }

    /// One page of logs.
    pub fn logs(
        &self,
        q: &LogQuery,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<LogPage, ApiError>> {
        let fut = self.send(self.logs_url(q), abort);
        Box::pin(async move { decode_with(fut.await?, decode_log_page) })
    }

    /// One run's detail (`/workflows/run/{id}`).
    pub fn run(
        &self,
        run_id: &str,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<RunDetail, ApiError>> {
        let url = format!("{}/workflows/run/{}", self.base, encode_component(run_id));
        let fut = self.send(url, abort);
        Box::pin(async move { decode_with(fut.await?, decode_run_detail) })
    }

    /// The app's name and mode (`/info`).
    pub fn info(
        &self,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<AppInfo, ApiError>> {
        let fut = self.send(format!("{}/info", self.base), abort);
        Box::pin(async move { decode_with(fut.await?, decode_app_info) })
    }
}

/// Non-2xx -> classified error; 2xx -> decoded body or `Decode`.
pub fn decode_with<T>(
    raw: RawResponse,
    decode: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, ApiError> {
    if !(200..300).contains(&raw.status) {
        return Err(ApiError::from_response(
            raw.status,
            &raw.content_type,
            &raw.body,
        ));
    }
    decode(&raw.body).map_err(|e| ApiError::Decode(format!("The body is {e}.")))
}

/// The browser transport: `fetch`, abortable. Plain web-sys: an HTTP
/// client crate would add ~10 KB of wasm for the same one GET.
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn get(
        &self,
        url: String,
        authorization: Option<String>,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<RawResponse, ApiError>> {
        Box::pin(async move {
            let sent = |e: JsValue| {
                ApiError::Network(format!(
                    "The request could not be sent ({}).",
                    describe_js_error(&e)
                ))
            };
            let headers = web_sys::Headers::new().map_err(sent)?;
            headers.append("Accept", "application/json").map_err(sent)?;
            if let Some(a) = authorization {
                headers.append("Authorization", &a).map_err(sent)?;
            }
            let init = web_sys::RequestInit::new();
            init.set_method("GET");
            init.set_headers(&headers);
            init.set_signal(abort.as_ref());
            let window = web_sys::window().ok_or_else(|| {
                ApiError::Network("There is no browser window to fetch from.".into())
            })?;
            let resp: web_sys::Response =
                JsFuture::from(window.fetch_with_str_and_init(&url, &init))
                    .await
                    .map_err(sent)?
                    .unchecked_into();
            let status = resp.status();
            let content_type = resp
                .headers()
                .get("content-type")
                .ok()
                .flatten()
                .unwrap_or_default();
            let broke = |e: JsValue| {
                ApiError::Network(format!(
                    "The connection broke while reading the answer ({}).",
                    describe_js_error(&e)
                ))
            };
            // The bytes, copied once into wasm memory: `text()` would decode
            // to a JS string that wasm-bindgen then re-encodes.
            let buf = JsFuture::from(resp.array_buffer().map_err(broke)?)
                .await
                .map_err(broke)?;
            let body = utf8_body(js_sys::Uint8Array::new(&buf).to_vec());
            Ok(RawResponse {
                status,
                content_type,
                body,
            })
        })
    }
}

/// A body as `Response.text()` reads it: UTF-8, a leading BOM dropped,
/// invalid bytes as U+FFFD.
pub fn utf8_body(bytes: Vec<u8>) -> String {
    let s = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    match s.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => s,
    }
}

/// A JS error's message (e.g. `TypeError: Failed to fetch`), short and free
/// of the URL and headers.
fn describe_js_error(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "unknown error".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn bodies_read_like_response_text() {
        assert_eq!(utf8_body(b"{\"a\":1}".to_vec()), "{\"a\":1}");
        assert_eq!(utf8_body("\u{FEFF}{}".into()), "{}");
        assert_eq!(utf8_body(b"a\xffb".to_vec()), "a\u{FFFD}b");
        assert_eq!(
            utf8_body("é\u{FEFF}".into()),
            "é\u{FEFF}",
            "only a leading BOM"
        );
    }

    struct Canned(RefCell<Vec<(String, Option<String>)>>, RawResponse);

    impl Transport for Canned {
        fn get(
            &self,
            url: String,
            auth: Option<String>,
            _abort: Option<web_sys::AbortSignal>,
        ) -> LocalFuture<Result<RawResponse, ApiError>> {
            self.0.borrow_mut().push((url, auth));
            let r = self.1.clone();
            Box::pin(async move { Ok(r) })
        }
    }

    fn block_on<T>(f: LocalFuture<T>) -> T {
        use std::task::{Context, Poll, Waker};
        let mut f = f;
        let mut cx = Context::from_waker(Waker::noop());
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("canned future must be ready"),
        }
    }

    #[test]
    fn key_goes_only_into_the_header() {
        let t = Rc::new(Canned(
            RefCell::new(vec![]),
            RawResponse {
                status: 200,
                content_type: "application/json".into(),
                body: r#"{"page":1,"limit":20,"total":0,"has_more":false,"data":[]}"#.into(),
            },
        ));
        let c = Client::new("/v1".into(), Some("app-secret".into()), t.clone());
        let page = block_on(c.logs(&LogQuery::default(), None)).unwrap();
        assert_eq!(page.total, 0);
        {
            let sent = t.0.borrow();
            assert_eq!(sent[0].0, "/v1/workflows/logs?page=1&limit=20");
            assert!(!sent[0].0.contains("secret"));
            assert_eq!(sent[0].1.as_deref(), Some("Bearer app-secret"));
        }
        let c = Client::new("/v1".into(), None, t.clone());
        let _ = block_on(c.info(None));
        assert_eq!(t.0.borrow()[1], ("/v1/info".to_string(), None));
    }

    #[test]
    fn errors_and_garbage_are_classified() {
        let raw = |status, body: &str| RawResponse {
            status,
            content_type: "application/json".into(),
            body: body.into(),
        };
        assert!(matches!(
            decode_with(raw(200, "{\"items\":[1]}"), decode_log_page),
            Err(ApiError::Decode(_))
        ));
        assert!(matches!(
            decode_with(raw(401, "{\"code\":\"unauthorized\"}"), decode_log_page),
            Err(ApiError::Http { status: 401, .. })
        ));
        let run_url = {
            let t = Rc::new(Canned(RefCell::new(vec![]), raw(404, "{}")));
            let c = Client::new("https://x/v1".into(), None, t.clone());
            let _ = block_on(c.run("a/../b", None));
            let u = t.0.borrow()[0].0.clone();
            u
        };
        assert_eq!(run_url, "https://x/v1/workflows/run/a%2F..%2Fb");
    }
}
