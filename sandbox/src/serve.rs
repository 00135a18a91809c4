//! Our own accept loop (hyper HTTP/1.1), instead of `axum::serve`, so that a
//! handler can close its connection without sending any response (the `drop`
//! fault), and so that the API listener can run without keep-alive.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower::Service;

/// Put into every request's extensions; firing it closes the request's TCP
/// connection at once, without a response.
#[derive(Clone)]
pub struct KillSwitch(Arc<Notify>);

impl KillSwitch {
    pub fn fire(&self) {
        self.0.notify_one();
    }
}

/// How long in-flight connections get to finish after shutdown is asked for.
const GRACE: Duration = Duration::from_secs(3);

/// Serves `app` on `listener` until `shutdown` turns true (or its sender goes).
///
/// `keep_alive: false` answers every request with `Connection: close`. The API
/// listener uses that: a browser only retries a request silently when the
/// connection it used had been used before, so with fresh connections a
/// dropped request reliably surfaces as a network error.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    keep_alive: bool,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        if *shutdown.borrow() {
            break;
        }
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    conns.spawn(connection(stream, app.clone(), keep_alive, shutdown.clone()));
                }
                // E.g. out of file descriptors: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            changed = shutdown.changed() => {
                if changed.is_err() {
                    break;
                }
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async { while conns.join_next().await.is_some() {} }).await;
    conns.abort_all();
}

async fn connection(
    stream: TcpStream,
    app: Router,
    keep_alive: bool,
    mut shutdown: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let kill = Arc::new(Notify::new());
    let switch = KillSwitch(kill.clone());
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(switch.clone());
        let mut app = app.clone();
        // A task of its own: like a real server, the sandbox finishes (and
        // carries out) a request even when the client gives up on it, e.g.
        // a console timing out during a `delayMs` fault.
        let task = tokio::spawn(async move { app.call(req.map(Body::new)).await });
        async move {
            match task.await {
                Ok(result) => result,
                Err(_) => Ok(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
            }
        }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .keep_alive(keep_alive)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut closing = *shutdown.borrow();
    if closing {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            // Checked first, so that nothing is written once it fired.
            biased;
            // Dropping `conn` closes the socket; nothing more is written.
            _ = kill.notified() => break,
            _ = conn.as_mut() => break,
            _ = shutdown.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}
