//! The fetch layer. [`Transport`] is the seam: the browser uses
//! [`FetchTransport`] (gloo-net, abortable); tests hand in canned responses.
//! [`Client`] builds URLs, adds the key, and decodes, so components never
//! touch URLs or JSON.

use super::apps::{decode_app_list, ListedApp};
use super::error::ApiError;
use super::model::{
    decode_app_info, decode_log_page, decode_run_detail, AppInfo, LogPage, RunDetail,
};
use super::query::{encode_component, LogQuery};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

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
    /// `base` without a trailing slash (see `apps::validate_api_base`).
    pub fn new(base: String, key: Option<String>, transport: Rc<dyn Transport>) -> Self {
        Self {
            base,
            key,
            transport,
        }
    }

    /// A client for another base and key on the same transport (one app of
    /// several).
    pub fn for_base(&self, base: String, key: Option<String>) -> Self {
        Self::new(base, key, self.transport.clone())
    }

    /// The list of apps a dify-logs-server serves at `url` (`/apps`); no key
    /// is sent.
    pub fn app_list(
        &self,
        url: &str,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<Vec<ListedApp>, ApiError>> {
        let fut = self.transport.get(url.to_string(), None, abort);
        Box::pin(async move { decode_with(fut.await?, decode_app_list) })
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
    decode(&raw.body).map_err(ApiError::Decode)
}

/// The browser transport: `fetch` through gloo-net, abortable.
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn get(
        &self,
        url: String,
        authorization: Option<String>,
        abort: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<RawResponse, ApiError>> {
        Box::pin(async move {
            let mut req = gloo_net::http::Request::get(&url)
                .header("Accept", "application/json")
                .abort_signal(abort.as_ref());
            if let Some(a) = authorization {
                req = req.header("Authorization", &a);
            }
            let resp = req
                .send()
                .await
                .map_err(|e| ApiError::Network(describe_gloo_error(&e)))?;
            let status = resp.status();
            let content_type = resp.headers().get("content-type").unwrap_or_default();
            let body = resp
                .text()
                .await
                .map_err(|e| ApiError::Broken(describe_gloo_error(&e)))?;
            Ok(RawResponse {
                status,
                content_type,
                body,
            })
        })
    }
}

/// gloo's errors wrap a JS `TypeError: Failed to fetch`; keep it short and
/// free of the URL (which the browser may include) and of headers.
fn describe_gloo_error(e: &gloo_net::Error) -> String {
    match e {
        gloo_net::Error::JsError(js) => js.message.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

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
        let app = c.for_base("/apps/a/v1".into(), Some("app-a".into()));
        let _ = block_on(app.logs(&LogQuery::default(), None));
        assert_eq!(
            t.0.borrow()[2].0,
            "/apps/a/v1/workflows/logs?page=1&limit=20"
        );
        assert_eq!(t.0.borrow()[2].1.as_deref(), Some("Bearer app-a"));
        let _ = block_on(app.app_list("/apps", None));
        assert_eq!(t.0.borrow()[3], ("/apps".to_string(), None));
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
