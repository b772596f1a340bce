//! `dify-logs-server`: a Dify-compatible demo API so the dify-logs widget
//! can run and be tested without a real Dify, and a read-only proxy that
//! holds the app key so a dashboard never ships it to a browser.
//!
//! The routers are built here (not in `main.rs`) so tests can drive them
//! in-process.

pub mod apps;
pub mod demo;
pub mod dify;
pub mod proxy;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::{GracefulConnection, GracefulShutdown};
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
pub async fn serve(listener: TcpListener, router: Router) {
    serve_until(listener, router, std::future::pending(), Duration::ZERO).await;
}

/// Serves `router` on `listener` over HTTP/1.1 until `shutdown` completes,
/// then stops as [`accept_until`] describes.
///
/// A hand-rolled accept loop rather than `axum::serve` because a response
/// marked with [`demo::hooks::DropConnection`] must become a closed
/// connection with no answer at all, which only a failing hyper service
/// can produce.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> Stopped {
    let conn = move |stream: TcpStream, _peer: SocketAddr| {
        let router = router.clone();
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
        hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .serve_connection(TokioIo::new(stream), service)
    };
    accept_until(listener, conn, shutdown, grace).await
}

/// How a server stopped after its shutdown signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped {
    /// Connections open when the signal came.
    pub open: usize,
    /// Connections still busy when the grace period ran out; they were
    /// closed without their answer.
    pub cut_off: usize,
}

/// Accepts connections on `listener` and serves each with `conn(stream,
/// peer)` in its own task, until `shutdown` completes. Then it stops
/// listening (new connections are refused), lets each open connection
/// finish the request it is on, closes idle ones, and waits up to `grace`
/// for that before giving up on the rest.
///
/// An accept error (e.g. too many open files) is logged and followed by a
/// short back-off instead of spinning.
pub(crate) async fn accept_until<C, F>(
    listener: TcpListener,
    conn: F,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> Stopped
where
    F: Fn(TcpStream, SocketAddr) -> C,
    C: GracefulConnection + Send + 'static,
{
    let graceful = GracefulShutdown::new();
    // One clone per live connection task: strong_count - 1 is how many run.
    let live = Arc::new(());
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((stream, peer)) => {
                let served = graceful.watch(conn(stream, peer));
                let token = live.clone();
                tokio::spawn(async move {
                    // Errors here are client disconnects or dropped-by-fault.
                    let _ = served.await;
                    drop(token);
                });
            }
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    drop(listener);
    let open = Arc::strong_count(&live) - 1;
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_ok()
    {
        Stopped { open, cut_off: 0 }
    } else {
        Stopped {
            open,
            cut_off: Arc::strong_count(&live) - 1,
        }
    }
}
