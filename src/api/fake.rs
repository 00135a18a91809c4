//! A scripted transport for the native tests of the request lifecycle:
//! every request waits until the test answers it, every timer until the
//! test fires it, so a test decides the order in which things happen.

use super::error::ApiError;
use super::request::ApiRequest;
use super::transport::{Boxed, RawResponse, Transport};
use futures::channel::oneshot;
use futures::executor::LocalSpawner;
use futures::task::LocalSpawnExt;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A request as it left.
#[derive(Clone, Debug)]
pub struct Sent {
    pub method: &'static str,
    pub url: String,
    pub token: Option<String>,
    pub accept_charges: bool,
    pub body: Option<String>,
    /// Dropped before it was answered.
    pub aborted: Rc<Cell<bool>>,
}

type Reply = oneshot::Sender<Result<RawResponse, ApiError>>;

pub struct Fake {
    spawner: LocalSpawner,
    sent: RefCell<Vec<Sent>>,
    replies: RefCell<Vec<Option<Reply>>>,
    timers: RefCell<Vec<(u32, Option<oneshot::Sender<()>>)>>,
    pub now: Cell<f64>,
}

struct MarkAborted(Rc<Cell<bool>>, bool);

impl Drop for MarkAborted {
    fn drop(&mut self) {
        if !self.1 {
            self.0.set(true);
        }
    }
}

impl Fake {
    pub fn new(spawner: LocalSpawner) -> Rc<Fake> {
        Rc::new(Fake {
            spawner,
            sent: RefCell::new(Vec::new()),
            replies: RefCell::new(Vec::new()),
            timers: RefCell::new(Vec::new()),
            now: Cell::new(1_000_000.0),
        })
    }

    pub fn sent(&self) -> Vec<Sent> {
        self.sent.borrow().clone()
    }

    pub fn count(&self) -> usize {
        self.sent.borrow().len()
    }

    /// Answers request `i` (in the order sent) with `status` and `body`.
    pub fn answer(&self, i: usize, status: u16, body: &str) {
        self.reply(
            i,
            Ok(RawResponse {
                status,
                body: body.into(),
                location: None,
            }),
        );
    }

    /// Fails request `i` as the network would.
    pub fn reply(&self, i: usize, result: Result<RawResponse, ApiError>) {
        let tx = self.replies.borrow_mut()[i]
            .take()
            .unwrap_or_else(|| panic!("request {i} was answered already"));
        let _ = tx.send(result);
    }

    /// Fires every timer set so far (their time has come).
    pub fn fire_timers(&self) {
        let due: Vec<_> = self
            .timers
            .borrow_mut()
            .iter_mut()
            .filter_map(|(_, t)| t.take())
            .collect();
        for t in due {
            let _ = t.send(());
        }
    }

    /// How long the timers set so far and not yet fired wait, in ms.
    pub fn timers(&self) -> Vec<u32> {
        self.timers
            .borrow()
            .iter()
            .filter(|(_, t)| t.is_some())
            .map(|(ms, _)| *ms)
            .collect()
    }
}

impl Transport for Fake {
    fn send(
        &self,
        request: &ApiRequest,
        token: Option<&str>,
    ) -> Boxed<Result<RawResponse, ApiError>> {
        let aborted = Rc::new(Cell::new(false));
        self.sent.borrow_mut().push(Sent {
            method: request.method.as_str(),
            url: request.url.clone(),
            token: token.map(str::to_string),
            accept_charges: request.accepts_charges(),
            body: request.body.as_ref().map(|b| b.to_string()),
            aborted: aborted.clone(),
        });
        let (tx, rx) = oneshot::channel();
        self.replies.borrow_mut().push(Some(tx));
        Box::pin(async move {
            let mut mark = MarkAborted(aborted, false);
            let answer = rx.await.unwrap_or(Err(ApiError::Network));
            mark.1 = true;
            answer
        })
    }

    fn sleep(&self, ms: u32) -> Boxed<()> {
        let (tx, rx) = oneshot::channel();
        self.timers.borrow_mut().push((ms, Some(tx)));
        Box::pin(async move {
            let _ = rx.await;
        })
    }

    fn spawn(&self, task: Boxed<()>) {
        self.spawner.spawn_local(task).expect("spawn");
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }
}
