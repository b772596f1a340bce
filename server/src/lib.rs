//! `dify-logs-server`: a Dify-compatible demo API so the dify-logs widget
//! can run and be tested without a real Dify, and a read-only proxy that
//! holds the app key so a dashboard never ships it to a browser.
//!
//! The routers are built here (not in `main.rs`) so tests can drive them
//! in-process.

pub mod demo;
pub mod dify;
pub mod proxy;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

pub use demo::{build as build_demo, Demo, DemoConfig};

/// The error that makes hyper close a connection without answering (the
/// `drop` test fault).
#[derive(Debug)]
pub struct ConnectionDropped;

impl std::fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a test fault")
    }
}

impl std::error::Error for ConnectionDropped {}

/// Serves `router` on `listener` over HTTP/1.1 until the task is dropped.
///
/// A hand-rolled accept loop rather than `axum::serve` because a response
/// marked with [`demo::hooks::DropConnection`] must become a closed
/// connection with no answer at all, which only a failing hyper service
/// can produce.
pub async fn serve(listener: TcpListener, router: Router) {
    accept_loop(listener, move |stream, _| {
        let router = router.clone();
        async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let router = router.clone();
                async move {
                    let resp: Response<Body> = router
                        .oneshot(req)
                        .await
                        .unwrap_or_else(|e: Infallible| match e {});
                    if resp
                        .extensions()
                        .get::<demo::hooks::DropConnection>()
                        .is_some()
                    {
                        Err(ConnectionDropped)
                    } else {
                        Ok(resp)
                    }
                }
            });
            // Errors here are client disconnects or dropped-by-fault.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        }
    })
    .await
}

/// Accepts connections on `listener` until the task is dropped, spawning
/// `on_conn(stream, peer)` as its own task for each one. An accept error
/// (e.g. too many open files) is logged and followed by a short back-off
/// instead of spinning.
pub(crate) async fn accept_loop<F, Fut>(listener: TcpListener, on_conn: F)
where
    F: Fn(TcpStream, SocketAddr) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                eprintln!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        tokio::spawn(on_conn(stream, peer));
    }
}
