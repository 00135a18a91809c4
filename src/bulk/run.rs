//! The run over a sheet's valid rows.

use crate::api::dimensions::ClientType;
use crate::i18n::tr;

/// Where a row of a run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Queued,
    InFlight,
    Done,
    /// Done, and the device left the client type it served before (known
    /// from an assignment made earlier in this tab: the API does not say).
    Moved(ClientType),
    Failed(String),
    /// Answered 402: waits for the one question about charges.
    NeedsCharge,
    /// Cancelled before it was sent.
    NotSent,
}

/// How a sent row came back.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Done,
    Moved(ClientType),
    Failed(String),
    /// 402: not carried out.
    Charge,
    /// 401: not carried out; the run pauses until there is a token.
    Unauthorized,
}

/// A run over the valid rows of a sheet: at most `limit` in flight.
#[derive(Clone, Debug)]
pub struct Run {
    pub states: Vec<State>,
    /// Rows the person agreed to be charged for: their next send goes with
    /// `accept-charges: true`, and only that one (consent is for one send).
    pub consent: Vec<bool>,
    pub limit: usize,
    pub paused: bool,
    /// Paused by a 401: resumes when a token is there.
    pub waiting_for_token: bool,
    pub cancelled: bool,
}

/// Counts for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub in_flight: usize,
    pub queued: usize,
    pub needs_charge: usize,
    pub not_sent: usize,
}

impl Run {
    pub fn new(rows: usize, limit: usize) -> Run {
        Run {
            states: vec![State::Queued; rows],
            consent: vec![false; rows],
            limit: limit.clamp(1, 16),
            paused: false,
            waiting_for_token: false,
            cancelled: false,
        }
    }

    /// The next row to send now, marked in flight, and whether the person
    /// agreed to its charges for this send (the agreement is used up);
    /// `None` when paused, cancelled, at the limit, or nothing is queued.
    pub fn take_next(&mut self) -> Option<(usize, bool)> {
        if self.paused || self.cancelled || self.progress().in_flight >= self.limit {
            return None;
        }
        let i = self.states.iter().position(|s| *s == State::Queued)?;
        self.states[i] = State::InFlight;
        Some((i, std::mem::take(&mut self.consent[i])))
    }

    /// Records a row's answer. A 401 puts it back in the queue (it was not
    /// carried out) and pauses the run: nothing is sent twice, nothing lost.
    pub fn answer(&mut self, i: usize, answer: Answer) {
        self.states[i] = match answer {
            Answer::Done => State::Done,
            Answer::Moved(from) => State::Moved(from),
            Answer::Failed(why) => State::Failed(why),
            Answer::Charge => State::NeedsCharge,
            Answer::Unauthorized => {
                self.paused = true;
                self.waiting_for_token = true;
                State::Queued
            }
        };
    }

    pub fn pause(&mut self) {
        self.paused = true;
    }

    /// Waits for a token, as after a 401 (a run started without one).
    pub fn wait_for_token(&mut self) {
        self.paused = true;
        self.waiting_for_token = true;
    }

    /// Goes on (also after a 401, once a token was entered).
    pub fn resume(&mut self) {
        self.paused = false;
        self.waiting_for_token = false;
    }

    /// Sends nothing new; the rows in flight finish, and the 402 rows stay
    /// not carried out. Returns how many rows were not sent.
    pub fn cancel(&mut self) -> usize {
        self.cancelled = true;
        let mut n = 0;
        for s in &mut self.states {
            if *s == State::Queued {
                *s = State::NotSent;
                n += 1;
            }
        }
        n
    }

    /// The rows waiting for the question about charges.
    pub fn charged(&self) -> Vec<usize> {
        (0..self.states.len())
            .filter(|&i| self.states[i] == State::NeedsCharge)
            .collect()
    }

    /// The person agreed to the charges: the 402 rows go again, once, with
    /// `accept-charges: true`; or declined: they fail with that reason.
    pub fn charges(&mut self, accept: bool) {
        for (s, acc) in self.states.iter_mut().zip(&mut self.consent) {
            if *s == State::NeedsCharge {
                if accept {
                    *s = State::Queued;
                    *acc = true;
                } else {
                    *s = State::Failed(tr("You declined the additional charges.").into());
                }
            }
        }
    }

    /// Queues the failed rows again, without consent to charges: a row
    /// answered 402 again is asked about again. Returns how many.
    pub fn retry_failed(&mut self) -> usize {
        self.cancelled = false;
        let mut n = 0;
        for s in &mut self.states {
            if matches!(s, State::Failed(_)) {
                *s = State::Queued;
                n += 1;
            }
        }
        n
    }

    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            total: self.states.len(),
            ..Progress::default()
        };
        for s in &self.states {
            match s {
                State::Queued => p.queued += 1,
                State::InFlight => p.in_flight += 1,
                State::Done | State::Moved(_) => p.done += 1,
                State::Failed(_) => p.failed += 1,
                State::NeedsCharge => p.needs_charge += 1,
                State::NotSent => p.not_sent += 1,
            }
        }
        p
    }

    /// Nothing in flight and nothing more will be sent without a question
    /// (charges) or a decision (retry).
    pub fn is_settled(&self) -> bool {
        let p = self.progress();
        p.in_flight == 0 && (p.queued == 0 || self.cancelled)
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

    #[test]
    fn a_run_keeps_its_limit_pauses_resumes_and_cancels() {
        let mut run = Run::new(6, 2);
        assert_eq!(
            (run.take_next(), run.take_next(), run.take_next()),
            (Some((0, false)), Some((1, false)), None)
        );
        run.answer(0, Answer::Moved(ClientType::Crm));
        assert_eq!(run.take_next(), Some((2, false)));
        run.pause();
        run.answer(1, Answer::Failed("Device not found".into()));
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
        // Retry the failed row.
        assert_eq!(run.retry_failed(), 1);
        assert_eq!(run.take_next(), Some((1, false)));
    }

    #[test]
    fn a_cancel_leaves_the_402_rows_not_carried_out_and_counts_the_unsent() {
        let mut run = Run::new(3, 1);
        run.take_next();
        run.answer(0, Answer::Charge);
        assert_eq!(run.cancel(), 2);
        assert_eq!(run.states[0], State::NeedsCharge);
        assert_eq!(run.progress().not_sent, 2);
    }

    #[test]
    fn a_401_pauses_and_nothing_is_sent_twice() {
        let mut run = Run::new(3, 3);
        let sent: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(sent, [0, 1, 2]);
        run.answer(0, Answer::Done);
        run.answer(1, Answer::Unauthorized);
        run.answer(2, Answer::Unauthorized);
        assert!(run.paused && run.waiting_for_token);
        assert_eq!(run.take_next(), None);
        run.resume();
        let again: Vec<usize> = std::iter::from_fn(|| run.take_next().map(|t| t.0)).collect();
        assert_eq!(again, [1, 2], "the done row is not sent again");
    }

    #[test]
    fn charges_are_asked_once_for_all_the_402_rows() {
        let mut run = Run::new(4, 4);
        while run.take_next().is_some() {}
        run.answer(0, Answer::Charge);
        run.answer(1, Answer::Done);
        run.answer(2, Answer::Charge);
        run.answer(3, Answer::Failed("x".into()));
        assert!(run.is_settled());
        assert_eq!(run.progress().needs_charge, 2);
        assert_eq!(run.charged(), [0, 2]);
        run.charges(true);
        let again: Vec<(usize, bool)> = std::iter::from_fn(|| run.take_next()).collect();
        assert_eq!(
            again,
            [(0, true), (2, true)],
            "sent with the charges accepted"
        );
        assert!(
            run.consent.iter().all(|c| !c),
            "consent is used up by the send"
        );
        run.answer(0, Answer::Done);
        // The charged send timed out: retrying it goes without consent, so
        // a 402 asks again.
        run.answer(2, Answer::Failed("timeout".into()));
        assert_eq!(run.retry_failed(), 2);
        let retried: Vec<(usize, bool)> = std::iter::from_fn(|| run.take_next()).collect();
        assert_eq!(retried, [(2, false), (3, false)]);
        run.answer(2, Answer::Charge);
        assert_eq!(run.states[2], State::NeedsCharge);
        let mut declined = Run::new(1, 1);
        // (the 402 rows of the run above wait for their question again)
        declined.take_next();
        declined.answer(0, Answer::Charge);
        declined.charges(false);
        assert_eq!(
            declined.states[0],
            State::Failed("You declined the additional charges.".into())
        );
    }

    #[test]
    fn pace_and_time_left() {
        assert_eq!(pace(0, 10, 1000.0), (0.0, None));
        let (rate, left) = pace(50, 150, 2000.0);
        assert_eq!(rate, 25.0);
        assert_eq!(left, Some(6.0));
    }
}
