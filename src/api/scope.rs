//! Who still wants an answer. A [`Scope`] is one place that asks (a
//! picker's search, the list of PBXs, a form); each question it asks is a
//! [`Want`] of the scope's current generation. Asking again (a new query)
//! or leaving the page supersedes every earlier `Want`: their requests are
//! aborted and their answers dropped, so a stale answer never acts on the
//! present. Pure (reactive_graph arena values), tested natively.

use reactive_graph::owner::{on_cleanup, LocalStorage, StoredValue};
use reactive_graph::prelude::*;
use std::future::Future;
use std::task::{Poll, Waker};

#[derive(Default)]
struct Inner {
    generation: u64,
    /// Wants of the current generation waiting to hear that they are
    /// superseded.
    wakers: Vec<Waker>,
}

/// One place that asks. Copy: an arena handle. Made under a view's owner,
/// it is superseded when that view is dropped (the page is left).
#[derive(Clone, Copy)]
pub struct Scope(StoredValue<Inner, LocalStorage>);

/// One question of a scope: current until the scope asks again or is gone.
#[derive(Clone, Copy)]
pub struct Want {
    scope: Scope,
    generation: u64,
}

impl Default for Scope {
    fn default() -> Self {
        Self::new()
    }
}

impl Scope {
    pub fn new() -> Scope {
        let scope = Scope(StoredValue::new_local(Inner::default()));
        on_cleanup(move || scope.supersede());
        scope
    }

    /// A new question: every earlier `Want` of this scope is superseded.
    pub fn renew(&self) -> Want {
        self.supersede();
        self.want()
    }

    /// The current question, without superseding it (a form's send: the
    /// page being left is what ends it).
    pub fn want(&self) -> Want {
        Want {
            scope: *self,
            generation: self.0.try_with_value(|i| i.generation).unwrap_or(u64::MAX),
        }
    }

    /// Ends the current generation: its requests are aborted and their
    /// answers dropped.
    pub fn supersede(&self) {
        let wakers = self
            .0
            .try_update_value(|i| {
                i.generation += 1;
                std::mem::take(&mut i.wakers)
            })
            .unwrap_or_default();
        wakers.into_iter().for_each(Waker::wake);
    }
}

impl Want {
    /// Whether the answer to this question is still wanted.
    pub fn is_current(&self) -> bool {
        self.scope.0.try_with_value(|i| i.generation) == Some(self.generation)
    }

    /// Resolves once this question is superseded (or its scope gone).
    pub fn superseded(self) -> impl Future<Output = ()> {
        std::future::poll_fn(move |cx| {
            let waiting = self
                .scope
                .0
                .try_update_value(|i| {
                    let current = i.generation == self.generation;
                    if current && !i.wakers.iter().any(|w| w.will_wake(cx.waker())) {
                        i.wakers.push(cx.waker().clone());
                    }
                    current
                })
                .unwrap_or(false);
            if waiting {
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_new_question_supersedes_the_older_ones() {
        let scope = Scope::new();
        let first = scope.renew();
        assert!(first.is_current());
        let second = scope.renew();
        assert!(!first.is_current());
        assert!(second.is_current());
        assert!(scope.want().is_current(), "want() does not supersede");
        assert!(second.is_current());
    }

    #[test]
    fn superseded_wakes_the_waiting_request() {
        let mut pool = LocalPool::new();
        let scope = Scope::new();
        let want = scope.renew();
        let woke = Rc::new(Cell::new(false));
        let w = woke.clone();
        pool.spawner()
            .spawn_local(async move {
                want.superseded().await;
                w.set(true);
            })
            .unwrap();
        pool.run_until_stalled();
        assert!(!woke.get());
        scope.renew();
        pool.run_until_stalled();
        assert!(woke.get());
    }

    #[test]
    fn a_disposed_scope_wants_nothing() {
        let scope = Scope::new();
        let want = scope.want();
        scope.0.dispose();
        assert!(!want.is_current());
        assert!(!scope.want().is_current());
        futures::executor::block_on(want.superseded());
    }
}
