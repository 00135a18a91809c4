//! The run over a sheet's rows: a bounded number in flight, pause, resume,
//! cancel; a 401 that pauses until there is a token; the 402s asked about
//! once; the API out of reach for a few rows in a row pauses it; the failed
//! rows a resend can cure sent again.
//!
//! Every step is O(1) per row (issue 17): the rows to send wait in a queue,
//! the counts the progress bar shows are kept as rows change state, and the
//! rows answered 402 are kept in a list of their own. Nothing scans the rows
//! but the buttons that act on many of them (Cancel, Retry failed rows).

use crate::api::dimensions::ClientType;
use crate::api::ApiError;
use std::collections::VecDeque;

/// Where a row of a run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// Not in the run: the check found a problem, and the run was started
    /// leaving such rows out.
    LeftOut,
    /// Waits its turn. `charges_accepted`: the person agreed to the charges
    /// for this row's next send, and that one only.
    Queued {
        charges_accepted: bool,
    },
    InFlight,
    Done,
    /// Done, and the device left the client type it served before (known
    /// from an assignment made earlier in this tab: the API does not say).
    Moved(ClientType),
    /// Answered 402: waits for the one question about charges.
    NeedsCharge,
    Failed(Box<ApiError>),
    /// Cancelled before it was sent.
    NotSent,
}

/// How a sent row came back.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Done,
    Moved(ClientType),
    /// Not done: a 402 waits for the question about charges, a missing or
    /// refused token goes back to the queue (the run waits for a token),
    /// any other error fails the row.
    Error(ApiError),
}

/// Why a run is paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pause {
    /// The person pressed Pause.
    Asked,
    /// A missing or refused token: goes on when there is one.
    Token,
    /// The session panel's customer or token changed.
    Customer,
    /// The API could not be reached for [`UNREACHABLE_AFTER`] rows in a
    /// row: goes on when it answers again, or on Resume.
    Unreachable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Running,
    Paused(Pause),
    /// Nothing new is sent; the rows in flight finish.
    Cancelled,
}

/// What could make a failed row succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cure {
    /// Sending it again (the network, a timeout, the API's side, a token,
    /// charges declined or withdrawn: a resend asks again): "Retry failed
    /// rows".
    Resend,
    /// Changing the row: the API refused what it says (400, 404, 422). Such
    /// rows are offered as a sheet of their own, to fix and load again.
    Fix,
    /// Neither, as far as we know (403, 409, an answer we cannot read).
    Neither,
}

/// What could make a row that failed with `e` succeed.
pub fn cure(e: &ApiError) -> Cure {
    match e {
        ApiError::BadRequest { .. }
        | ApiError::CustomerNotFound
        | ApiError::DeviceNotFound
        | ApiError::NotFound { .. }
        | ApiError::Unprocessable { .. } => Cure::Fix,
        ApiError::ChargesDeclined => Cure::Resend,
        e if e.is_retryable() => Cure::Resend,
        _ => Cure::Neither,
    }
}

/// Whether `e` says the API was not reached (or did not answer in time).
fn unreachable(e: &ApiError) -> bool {
    matches!(e, ApiError::Network | ApiError::Timeout { .. })
}

/// Network failures or timeouts in a row that pause a run.
pub const UNREACHABLE_AFTER: u32 = 3;

/// Counts for the progress bar, kept as rows change state.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Progress {
    /// The rows of the run (those left out not counted).
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    /// Of the failed rows, those a resend may cure.
    pub resend: usize,
    /// Of the failed rows, those refused for what they say.
    pub refused: usize,
    pub in_flight: usize,
    pub queued: usize,
    pub needs_charge: usize,
    pub not_sent: usize,
}

impl Progress {
    /// Adds `n` (1 or -1) to the count of `state`.
    fn add(&mut self, state: &State, n: isize) {
        let at = match state {
            State::LeftOut => return,
            State::Queued { .. } => &mut self.queued,
            State::InFlight => &mut self.in_flight,
            State::Done | State::Moved(_) => &mut self.done,
            State::NeedsCharge => &mut self.needs_charge,
            State::NotSent => &mut self.not_sent,
            State::Failed(e) => {
                let class = match cure(e) {
                    Cure::Resend => Some(&mut self.resend),
                    Cure::Fix => Some(&mut self.refused),
                    Cure::Neither => None,
                };
                if let Some(c) = class {
                    *c = c.wrapping_add_signed(n);
                }
                &mut self.failed
            }
        };
        *at = at.wrapping_add_signed(n);
    }
}

/// A run over the rows of a sheet: at most `limit` in flight.
#[derive(Clone, Debug)]
pub struct Run {
    states: Vec<State>,
    /// The queued rows, in the order they go.
    queue: VecDeque<usize>,
    /// The rows answered 402, waiting for the question.
    charged: Vec<usize>,
    progress: Progress,
    limit: usize,
    phase: Phase,
    /// Rows answered by a network failure or a timeout since the API last
    /// answered.
    unreachable: u32,
}

impl Run {
    /// A run over rows of which those marked `true` are sent, in order;
    /// the others are left out. `limit`: requests at a time (1 to 16).
    pub fn new(rows: impl IntoIterator<Item = bool>, limit: usize) -> Run {
        let mut queue = VecDeque::new();
        let states: Vec<State> = rows
            .into_iter()
            .enumerate()
            .map(|(i, sent)| {
                if sent {
                    queue.push_back(i);
                    State::Queued {
                        charges_accepted: false,
                    }
                } else {
                    State::LeftOut
                }
            })
            .collect();
        let progress = Progress {
            total: queue.len(),
            queued: queue.len(),
            ..Progress::default()
        };
        Run {
            states,
            queue,
            charged: Vec::new(),
            progress,
            limit: limit.clamp(1, 16),
            phase: Phase::Running,
            unreachable: 0,
        }
    }

    /// Row `i`'s state.
    pub fn state(&self, i: usize) -> &State {
        &self.states[i]
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn progress(&self) -> Progress {
        self.progress
    }

    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit.clamp(1, 16);
    }

    fn set(&mut self, i: usize, state: State) {
        self.progress.add(&self.states[i], -1);
        self.progress.add(&state, 1);
        self.states[i] = state;
    }

    /// The next row to send now, marked in flight, and whether the person
    /// agreed to its charges for this send (the agreement is used up);
    /// `None` when not running, at the limit, or nothing is queued.
    pub fn take_next(&mut self) -> Option<(usize, bool)> {
        if self.phase != Phase::Running || self.progress.in_flight >= self.limit {
            return None;
        }
        let i = self.queue.pop_front()?;
        let State::Queued { charges_accepted } = self.states[i] else {
            unreachable!("only queued rows are in the queue");
        };
        self.set(i, State::InFlight);
        Some((i, charges_accepted))
    }

    /// The row that goes next, if one is queued.
    pub fn next_queued(&self) -> Option<usize> {
        self.queue.front().copied()
    }

    /// Records the answer to row `i` (in flight; anything else is ignored).
    /// A missing or refused token puts it back at the head of the queue (it
    /// was not carried out) and pauses the run: nothing is sent twice,
    /// nothing lost. The third network failure or timeout in a row pauses
    /// the run too: the rows not sent stay queued; any other answer (a row
    /// still in flight, say) shows the API is there again, and the run goes
    /// on.
    pub fn answer(&mut self, i: usize, answer: Answer) {
        // (`matches!` rather than `!=`: comparing states would compare
        // errors, whose code the page does not need.)
        if !matches!(self.states[i], State::InFlight) {
            return;
        }
        let state = match answer {
            Answer::Done => State::Done,
            Answer::Moved(from) => State::Moved(from),
            Answer::Error(ApiError::ChargesApply { .. }) => {
                self.charged.push(i);
                State::NeedsCharge
            }
            Answer::Error(e) if e.needs_token() => {
                self.unreachable = 0;
                if self.phase == Phase::Cancelled {
                    self.set(i, State::NotSent);
                } else {
                    self.phase = Phase::Paused(Pause::Token);
                    self.set(
                        i,
                        State::Queued {
                            charges_accepted: false,
                        },
                    );
                    self.queue.push_front(i);
                }
                return;
            }
            Answer::Error(e) if unreachable(&e) => {
                self.unreachable += 1;
                if self.unreachable >= UNREACHABLE_AFTER && self.phase == Phase::Running {
                    self.phase = Phase::Paused(Pause::Unreachable);
                }
                self.set(i, State::Failed(Box::new(e)));
                return;
            }
            Answer::Error(e) => State::Failed(Box::new(e)),
        };
        self.reached();
        self.set(i, state);
    }

    /// The API answered: the count of rows out of reach starts again, and a
    /// run paused for want of the API goes on.
    pub fn reached(&mut self) {
        self.unreachable = 0;
        if self.phase == Phase::Paused(Pause::Unreachable) {
            self.phase = Phase::Running;
        }
    }

    /// Pause: nothing new is sent until Resume (the rows in flight finish).
    pub fn pause(&mut self) {
        self.pause_for(Pause::Asked);
    }

    /// Pauses for `why` (unless cancelled): waiting for a token, a change
    /// in the session panel.
    pub fn pause_for(&mut self, why: Pause) {
        if self.phase != Phase::Cancelled {
            self.phase = Phase::Paused(why);
        }
    }

    /// Goes on, whatever it was paused for.
    pub fn resume(&mut self) {
        if let Phase::Paused(_) = self.phase {
            self.phase = Phase::Running;
            self.unreachable = 0;
        }
    }

    /// Sends nothing new; the rows in flight finish, and the 402 rows stay
    /// not carried out. Returns how many rows were not sent.
    pub fn cancel(&mut self) -> usize {
        self.phase = Phase::Cancelled;
        let n = self.queue.len();
        while let Some(i) = self.queue.pop_front() {
            self.set(i, State::NotSent);
        }
        n
    }

    /// The rows waiting for the question about charges.
    pub fn charged(&self) -> &[usize] {
        &self.charged
    }

    /// The person agreed to the charges: the 402 rows go again (also after
    /// a Cancel: they were agreed to), once, with `accept-charges: true`; or
    /// declined: they fail with that reason.
    pub fn charges(&mut self, accept: bool) {
        for i in std::mem::take(&mut self.charged) {
            if !matches!(self.states[i], State::NeedsCharge) {
                continue;
            }
            if accept {
                self.set(
                    i,
                    State::Queued {
                        charges_accepted: true,
                    },
                );
                self.queue.push_back(i);
            } else {
                self.set(i, State::Failed(Box::new(ApiError::ChargesDeclined)));
            }
        }
        if accept && self.phase == Phase::Cancelled && !self.queue.is_empty() {
            self.phase = Phase::Running;
        }
    }

    /// Queues again the failed rows that a resend may cure, without consent
    /// to charges (a row answered 402 again is asked about again), and goes
    /// on. Returns how many.
    pub fn retry_failed(&mut self) -> usize {
        let mut n = 0;
        for i in 0..self.states.len() {
            if matches!(&self.states[i], State::Failed(e) if cure(e) == Cure::Resend) {
                self.set(
                    i,
                    State::Queued {
                        charges_accepted: false,
                    },
                );
                self.queue.push_back(i);
                n += 1;
            }
        }
        if n > 0 {
            self.phase = Phase::Running;
            self.unreachable = 0;
        }
        n
    }

    /// The rows refused for what they say (a sheet of their own).
    pub fn refused(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.states.len())
            .filter(|&i| matches!(&self.states[i], State::Failed(e) if cure(e) == Cure::Fix))
    }

    /// Nothing in flight, and nothing more will be sent without a question
    /// (charges) or a decision (retry).
    pub fn is_settled(&self) -> bool {
        self.progress.in_flight == 0 && self.progress.queued == 0
    }
}

/// Rows per second so far, and the time left in seconds at that pace.
pub fn pace(finished: usize, left: usize, elapsed_ms: f64) -> (f64, Option<f64>) {
    if finished == 0 || elapsed_ms <= 0.0 {
        return (0.0, None);
    }
    let rate = finished as f64 * 1000.0 / elapsed_ms;
    (rate, Some(left as f64 / rate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn all(n: usize) -> Run {
        Run::new(std::iter::repeat_n(true, n), n)
    }

    fn failed(e: ApiError) -> State {
        State::Failed(Box::new(e))
    }

    fn not_found() -> ApiError {
        ApiError::DeviceNotFound
    }

    #[test]
    fn a_run_keeps_its_limit_pauses_resumes_and_cancels() {
        let mut run = Run::new([true; 6], 2);
        assert_eq!(
            (run.take_next(), run.take_next(), run.take_next()),
            (Some((0, false)), Some((1, false)), None)
        );
        run.answer(0, Answer::Moved(ClientType::Crm));
        assert_eq!(run.take_next(), Some((2, false)));
        run.pause();
        assert_eq!(run.phase(), Phase::Paused(Pause::Asked));
        run.answer(1, Answer::Error(not_found()));
        assert_eq!(run.take_next(), None, "paused");
        run.resume();
        assert_eq!(run.take_next(), Some((3, false)));
        let p = run.progress();
        assert_eq!((p.done, p.failed, p.in_flight, p.queued), (1, 1, 2, 2));
        // Cancel: nothing new; the two in flight finish; two were not sent.
        assert_eq!(run.cancel(), 2);
        assert_eq!(run.take_next(), None);
        assert!(!run.is_settled());
        run.answer(2, Answer::Done);
        run.answer(3, Answer::Done);
        assert!(run.is_settled());
        assert_eq!(run.progress().not_sent, 2);
        // An answer for a row that is not in flight changes nothing.
        run.answer(3, Answer::Error(ApiError::Network));
        assert_eq!(*run.state(3), State::Done);
        // The failed row was refused for what it says: not retried.
        assert_eq!(run.retry_failed(), 0);
        assert_eq!(run.refused().collect::<Vec<_>>(), [1]);
        // A smaller limit holds for the next sends.
        run.set_limit(0);
        assert_eq!(run.limit, 1);
    }

    #[test]
    fn rows_left_out_are_neither_sent_nor_counted() {
        let mut run = Run::new([true, false, true, false], 4);
        assert_eq!(run.progress().total, 2);
        assert_eq!(*run.state(1), State::LeftOut);
        let sent: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(sent, [0, 2]);
        run.answer(1, Answer::Done);
        assert_eq!(*run.state(1), State::LeftOut);
        run.answer(0, Answer::Done);
        run.answer(2, Answer::Done);
        assert!(run.is_settled());
        assert_eq!(run.progress().done, 2);
    }

    #[test]
    fn a_cancel_leaves_the_402_rows_not_carried_out_and_counts_the_unsent() {
        let mut run = Run::new([true; 3], 1);
        run.take_next();
        run.answer(
            0,
            Answer::Error(ApiError::ChargesApply {
                message: None,
                echo: None,
            }),
        );
        assert_eq!(run.cancel(), 2);
        assert_eq!(*run.state(0), State::NeedsCharge);
        assert_eq!(run.progress().not_sent, 2);
        assert!(run.is_settled());
        // Agreed to after the cancel: those rows go, and only those.
        run.charges(true);
        assert_eq!(run.take_next(), Some((0, true)));
        assert_eq!(run.take_next(), None);
    }

    #[test]
    fn a_401_pauses_and_nothing_is_sent_twice() {
        let mut run = all(3);
        let sent: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(sent, [0, 1, 2]);
        run.answer(0, Answer::Done);
        run.answer(1, Answer::Error(ApiError::Unauthorized));
        run.answer(2, Answer::Error(ApiError::HostToken));
        assert_eq!(run.phase(), Phase::Paused(Pause::Token));
        assert_eq!(run.take_next(), None);
        assert_eq!(run.progress().queued, 2);
        run.resume();
        let mut again: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        again.sort_unstable();
        assert_eq!(again, [1, 2], "the done row is not sent again");
        // After a cancel, a refused token leaves the row not sent.
        let mut run = all(2);
        run.take_next();
        run.cancel();
        run.answer(0, Answer::Error(ApiError::Unauthorized));
        assert_eq!(*run.state(0), State::NotSent);
        assert_eq!(run.phase(), Phase::Cancelled);
        assert!(run.is_settled());
    }

    #[test]
    fn charges_are_asked_once_for_all_the_402_rows() {
        let charge = || {
            Answer::Error(ApiError::ChargesApply {
                message: None,
                echo: None,
            })
        };
        let mut run = all(4);
        while run.take_next().is_some() {}
        run.answer(0, charge());
        run.answer(1, Answer::Done);
        run.answer(2, charge());
        run.answer(
            3,
            Answer::Error(ApiError::Server {
                status: 503,
                message: None,
                not_json: false,
            }),
        );
        assert!(run.is_settled());
        assert_eq!(run.progress().needs_charge, 2);
        assert_eq!(run.charged(), [0, 2]);
        run.charges(true);
        assert!(run.charged().is_empty());
        let again: Vec<(usize, bool)> = std::iter::from_fn(|| run.take_next()).collect();
        assert_eq!(
            again,
            [(0, true), (2, true)],
            "sent with the charges accepted"
        );
        run.answer(0, Answer::Done);
        // The charged send timed out: retrying it goes without consent, so
        // a 402 asks again.
        run.answer(2, Answer::Error(ApiError::Timeout { seconds: 15 }));
        assert!(run.states.iter().all(|s| !matches!(
            s,
            State::Queued {
                charges_accepted: true
            }
        )));
        assert_eq!(run.retry_failed(), 2);
        let retried: Vec<(usize, bool)> = std::iter::from_fn(|| run.take_next()).collect();
        assert_eq!(retried, [(2, false), (3, false)]);
        run.answer(2, charge());
        assert_eq!(*run.state(2), State::NeedsCharge);
        let mut declined = Run::new([true], 1);
        declined.take_next();
        declined.answer(0, charge());
        declined.charges(false);
        assert_eq!(*declined.state(0), failed(ApiError::ChargesDeclined));
        // A declined row is a resend away from being asked again.
        assert_eq!(declined.progress().resend, 1);
    }

    #[test]
    fn the_api_out_of_reach_pauses_the_run_and_the_rest_stays_queued() {
        let mut run = Run::new([true; 10], 4);
        let sent: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(sent, [0, 1, 2, 3]);
        // Two network failures, then an answer: the count starts again.
        run.answer(0, Answer::Error(ApiError::Network));
        run.answer(1, Answer::Error(ApiError::Timeout { seconds: 15 }));
        run.answer(2, Answer::Error(not_found()));
        assert_eq!(run.phase(), Phase::Running);
        let next: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(next, [4, 5, 6]);
        // Three in a row: paused; the rows not sent stay queued.
        run.answer(3, Answer::Error(ApiError::Network));
        run.answer(4, Answer::Error(ApiError::Network));
        assert_eq!(run.phase(), Phase::Running);
        run.answer(5, Answer::Error(ApiError::Timeout { seconds: 15 }));
        assert_eq!(run.phase(), Phase::Paused(Pause::Unreachable));
        assert_eq!(run.take_next(), None);
        run.answer(6, Answer::Error(ApiError::Network));
        assert_eq!(run.next_queued(), Some(7));
        let p = run.progress();
        assert_eq!(
            (p.failed, p.resend, p.refused, p.queued, p.in_flight),
            (7, 6, 1, 3, 0)
        );
        assert!(!run.is_settled(), "rows wait to be sent");
        // A timed-out row says it may have been carried out.
        let State::Failed(e) = run.state(5) else {
            panic!("{:?}", run.state(5))
        };
        assert!(e
            .to_string()
            .contains("may or may not have been carried out"));
        // Resume (or the API answering again: a probe, or a row still in
        // flight) goes on with the queued rows.
        let mut probed = run.clone();
        probed.reached();
        assert_eq!(probed.phase(), Phase::Running);
        run.resume();
        let rest: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(rest, [7, 8, 9]);
        for i in rest {
            run.answer(i, Answer::Done);
        }
        assert!(run.is_settled());
        // Retry: the six a resend may cure, not the one refused (404).
        assert_eq!(run.retry_failed(), 6);
        let mut again: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        again.sort_unstable();
        assert_eq!(again, [0, 1, 3, 4], "four at a time");
        assert_eq!(run.progress().queued, 2);
        // Paused again by three in a row; a fourth row, answered by the API,
        // shows it is back.
        for i in [0, 1, 3] {
            run.answer(i, Answer::Error(ApiError::Network));
        }
        assert_eq!(run.phase(), Phase::Paused(Pause::Unreachable));
        run.answer(4, Answer::Error(not_found()));
        assert_eq!(run.phase(), Phase::Running);
    }

    #[test]
    fn what_a_resend_can_cure() {
        for (e, c) in [
            (ApiError::Network, Cure::Resend),
            (ApiError::Timeout { seconds: 3 }, Cure::Resend),
            (
                ApiError::Server {
                    status: 502,
                    message: None,
                    not_json: true,
                },
                Cure::Resend,
            ),
            (ApiError::Unauthorized, Cure::Resend),
            (ApiError::ChargesWithdrawn, Cure::Resend),
            (ApiError::BadRequest { message: None }, Cure::Fix),
            (ApiError::DeviceNotFound, Cure::Fix),
            (ApiError::CustomerNotFound, Cure::Fix),
            (ApiError::Unprocessable { message: None }, Cure::Fix),
            (ApiError::Forbidden { message: None }, Cure::Neither),
            (ApiError::Conflict { message: None }, Cure::Neither),
            (ApiError::ChargedDespiteConsent, Cure::Neither),
        ] {
            assert_eq!(cure(&e), c, "{e:?}");
        }
    }

    #[test]
    fn the_bookkeeping_of_a_hundred_thousand_rows_is_linear() {
        // Before issue 17, each take_next and each progress() scanned every
        // row: this took minutes. The bound is generous for a loaded
        // machine; a debug build does it in well under a second.
        const N: usize = 100_000;
        let started = Instant::now();
        let mut run = Run::new((0..N).map(|i| i % 50 != 49), 4);
        let mut in_flight = VecDeque::new();
        let mut answered = 0;
        loop {
            while let Some((i, _)) = run.take_next() {
                in_flight.push_back(i);
            }
            // Progress and "settled?" after every answer, as the page asks.
            let p = run.progress();
            assert!(p.in_flight <= 4);
            if run.is_settled() {
                break;
            }
            let i = in_flight.pop_front().unwrap();
            let answer = match i % 10 {
                0 => Answer::Error(ApiError::ChargesApply {
                    message: None,
                    echo: None,
                }),
                7 => Answer::Error(ApiError::Unprocessable { message: None }),
                _ => Answer::Done,
            };
            run.answer(i, answer);
            answered += 1;
        }
        let p = run.progress();
        assert_eq!(answered, 98_000);
        assert_eq!(p.total, 98_000);
        assert_eq!((p.needs_charge, p.refused), (10_000, 10_000));
        assert_eq!(run.charged().len(), 10_000);
        run.charges(true);
        while let Some((i, accepted)) = run.take_next() {
            assert!(accepted);
            run.answer(i, Answer::Done);
        }
        assert!(run.is_settled());
        assert_eq!(run.progress().done, 88_000);
        assert_eq!(run.refused().count(), 10_000);
        let took = started.elapsed();
        assert!(took < Duration::from_secs(10), "took {took:?}");
    }

    #[test]
    fn pace_and_time_left() {
        assert_eq!(pace(0, 10, 1000.0), (0.0, None));
        let (rate, left) = pace(50, 150, 2000.0);
        assert_eq!(rate, 25.0);
        assert_eq!(left, Some(6.0));
    }
}
