//! Questions about charges, as data: a queue with one question shown at a
//! time. Each question describes its own request in words and never
//! changes while it is shown; a new 402 waits its turn behind it, and an
//! answer names the question it answers, so agreeing to one request can
//! never send another. Pure: the UI draws `shown()` and calls `answer`.

use futures::channel::oneshot;
use futures::future::{select, Either};
use reactive_graph::owner::StoredValue;
use reactive_graph::prelude::*;
use reactive_graph::signal::RwSignal;
use std::future::Future;

/// A request in a reseller's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct What {
    /// What kind of change it is (for the journal).
    pub kind: super::journal::Kind,
    /// What it does: "Assign device 5eed… to Mette Jensen as a Mobile
    /// softphone".
    pub action: String,
    /// For whom: the customer's name where known, else its tenant id.
    pub customer: String,
}

/// One question, as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub id: u64,
    pub what: What,
    /// The request as sent: `PUT /api/v1.0/...` (the first, for a bulk
    /// question).
    pub request: String,
    /// Its body, secrets masked.
    pub body: Option<String>,
    /// The API's own sentence about the charge.
    pub message: Option<String>,
    /// A bulk question: the rows it covers, each in words.
    pub rows: Vec<String>,
    /// Rows (or, for one request, "this request") whose earlier send, with
    /// the charges accepted, got no clear answer: it may have been carried
    /// out, and charged.
    pub uncertain: Vec<String>,
    /// The words of the Confirm button.
    pub confirm: String,
}

/// How a question ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// For one send of the request(s) it described.
    Accepted,
    Declined,
    /// Taken back before it was answered: the customer changed, the token
    /// was removed, or nobody waits for the request any more.
    Withdrawn,
}

#[derive(Clone, Copy)]
pub struct Charges {
    /// The questions: the first is shown, the others wait their turn.
    queue: RwSignal<Vec<Question>>,
    answers: StoredValue<Vec<(u64, oneshot::Sender<bool>)>>,
    next_id: StoredValue<u64>,
}

impl Default for Charges {
    fn default() -> Self {
        Self::new()
    }
}

impl Charges {
    pub fn new() -> Self {
        Charges {
            queue: RwSignal::new(Vec::new()),
            answers: StoredValue::new(Vec::new()),
            next_id: StoredValue::new(1),
        }
    }

    /// The question to show now (tracked).
    pub fn shown(&self) -> Option<Question> {
        self.queue.with(|q| q.first().cloned())
    }

    /// How many questions wait behind the shown one (tracked).
    pub fn waiting(&self) -> usize {
        self.queue.with(|q| q.len().saturating_sub(1))
    }

    /// Asks `question` (its `id` is given here) once the questions before
    /// it are answered; `withdraw` resolving first takes it back.
    pub async fn ask(self, mut question: Question, withdraw: impl Future<Output = ()>) -> Consent {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        question.id = id;
        let (tx, rx) = oneshot::channel();
        self.answers.update_value(|a| a.push((id, tx)));
        self.queue.update(|q| q.push(question));
        let withdraw = std::pin::pin!(withdraw);
        match select(rx, withdraw).await {
            Either::Left((Ok(true), _)) => Consent::Accepted,
            Either::Left((Ok(false), _)) => Consent::Declined,
            Either::Left((Err(_), _)) | Either::Right(_) => {
                self.remove(id);
                Consent::Withdrawn
            }
        }
    }

    /// The person's answer to the question `id`. Only the shown question
    /// can be answered: a click drawn for an earlier question does nothing.
    pub fn answer(&self, id: u64, accept: bool) {
        if self.queue.with_untracked(|q| q.first().map(|f| f.id)) != Some(id) {
            return;
        }
        if let Some(tx) = self.remove(id) {
            let _ = tx.send(accept);
        }
    }

    fn remove(&self, id: u64) -> Option<oneshot::Sender<bool>> {
        if self.queue.with_untracked(|q| q.iter().any(|x| x.id == id)) {
            self.queue.update(|q| q.retain(|x| x.id != id));
        }
        self.answers
            .try_update_value(|a| {
                a.iter()
                    .position(|(i, _)| *i == id)
                    .map(|at| a.remove(at).1)
            })
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::cell::RefCell;
    use std::rc::Rc;

    fn q(action: &str) -> Question {
        Question {
            id: 0,
            what: What {
                kind: super::super::journal::Kind::Assign,
                action: action.into(),
                customer: "Acme".into(),
            },
            request: "PUT /x".into(),
            body: None,
            message: None,
            rows: Vec::new(),
            uncertain: Vec::new(),
            confirm: "Confirm".into(),
        }
    }

    #[test]
    fn one_question_at_a_time_each_answered_by_its_own_id() {
        let mut pool = LocalPool::new();
        let charges = Charges::new();
        let got = Rc::new(RefCell::new(Vec::new()));
        for what in ["mobile", "webrtc"] {
            let got = got.clone();
            pool.spawner()
                .spawn_local(async move {
                    let c = charges.ask(q(what), std::future::pending()).await;
                    got.borrow_mut().push((what, c));
                })
                .unwrap();
        }
        pool.run_until_stalled();
        let first = charges.shown().unwrap();
        assert_eq!(first.what.action, "mobile");
        assert_eq!(charges.waiting(), 1);
        // A click drawn for another question does nothing.
        charges.answer(first.id + 1, true);
        pool.run_until_stalled();
        assert!(got.borrow().is_empty());
        assert_eq!(charges.shown().unwrap(), first, "unchanged while shown");
        charges.answer(first.id, false);
        pool.run_until_stalled();
        let second = charges.shown().unwrap();
        assert_eq!(second.what.action, "webrtc");
        // A second click on the first question's button: nothing.
        charges.answer(first.id, true);
        pool.run_until_stalled();
        assert_eq!(*got.borrow(), [("mobile", Consent::Declined)]);
        charges.answer(second.id, true);
        pool.run_until_stalled();
        assert_eq!(
            *got.borrow(),
            [("mobile", Consent::Declined), ("webrtc", Consent::Accepted)]
        );
        assert!(charges.shown().is_none());
    }

    #[test]
    fn a_withdrawn_question_leaves_the_queue() {
        let mut pool = LocalPool::new();
        let charges = Charges::new();
        let (stop, stopped) = oneshot::channel::<()>();
        let got = Rc::new(RefCell::new(None));
        let g = got.clone();
        pool.spawner()
            .spawn_local(async move {
                let c = charges
                    .ask(q("assign"), async {
                        let _ = stopped.await;
                    })
                    .await;
                *g.borrow_mut() = Some(c);
            })
            .unwrap();
        pool.run_until_stalled();
        assert!(charges.shown().is_some());
        stop.send(()).unwrap();
        pool.run_until_stalled();
        assert_eq!(*got.borrow(), Some(Consent::Withdrawn));
        assert!(charges.shown().is_none());
    }
}
