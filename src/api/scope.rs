//! Who still wants an answer. A [`Scope`] is one place that asks (a
//! picker's search, the list of PBXs, a form); each question it asks is a
//! [`Want`] of the scope's current generation. Asking again (a new query)
//! or leaving the page supersedes every earlier `Want`: their requests are
//! aborted and their answers dropped, so a stale answer never acts on the
//! present. Pure (reactive_graph arena values), tested natively.

use reactive_graph::owner::{on_cleanup, LocalStorage, StoredValue};
use reactive_graph::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Inner {
    generation: u64,
    /// Wants of the current generation waiting to hear that they are
    /// superseded, one slot per waiting future ([`Superseded`]), given back
    /// when it is dropped: a bulk run's 100,000 requests, all of one
    /// generation, neither pile up wakers nor scan them.
    wakers: Vec<Option<Waker>>,
    /// Slots of `wakers` given back.
    free: Vec<usize>,
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
                i.free.clear();
                std::mem::take(&mut i.wakers)
            })
            .unwrap_or_default();
        wakers.into_iter().flatten().for_each(Waker::wake);
    }
}

impl Want {
    /// Whether the answer to this question is still wanted.
    pub fn is_current(&self) -> bool {
        self.scope.0.try_with_value(|i| i.generation) == Some(self.generation)
    }

    /// Resolves once this question is superseded (or its scope gone).
    pub fn superseded(self) -> Superseded {
        Superseded {
            want: self,
            slot: None,
        }
    }
}

/// [`Want::superseded`]: waits in a slot of its scope, given back when it
/// is dropped (its request answered, say).
pub struct Superseded {
    want: Want,
    slot: Option<usize>,
}

impl Future for Superseded {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let slot = this.slot;
        let waiting = this
            .want
            .scope
            .0
            .try_update_value(|i| {
                if i.generation != this.want.generation {
                    return None;
                }
                Some(match slot {
                    Some(s) => {
                        if !i.wakers[s]
                            .as_ref()
                            .is_some_and(|w| w.will_wake(cx.waker()))
                        {
                            i.wakers[s] = Some(cx.waker().clone());
                        }
                        s
                    }
                    None => {
                        let waker = Some(cx.waker().clone());
                        match i.free.pop() {
                            Some(s) => {
                                i.wakers[s] = waker;
                                s
                            }
                            None => {
                                i.wakers.push(waker);
                                i.wakers.len() - 1
                            }
                        }
                    }
                })
            })
            .flatten();
        match waiting {
            Some(s) => {
                this.slot = Some(s);
                Poll::Pending
            }
            None => Poll::Ready(()),
        }
    }
}

impl Drop for Superseded {
    fn drop(&mut self) {
        let (Some(s), generation) = (self.slot, self.want.generation) else {
            return;
        };
        // A slot of a generation since superseded is gone with it.
        self.want.scope.0.try_update_value(|i| {
            if i.generation == generation {
                i.wakers[s] = None;
                i.free.push(s);
            }
        });
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

    /// A request waiting on `want` sleeps until `scope` asks again, then
    /// wakes.
    fn woken_by_a_new_question(pool: &mut LocalPool, scope: Scope, want: Want) {
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
    fn superseded_wakes_the_waiting_request() {
        let mut pool = LocalPool::new();
        let scope = Scope::new();
        let want = scope.renew();
        woken_by_a_new_question(&mut pool, scope, want);
    }

    #[test]
    fn a_waiting_future_gives_its_slot_back_when_dropped() {
        // A bulk run: every request of one generation waits for the
        // generation to end, and most are answered first.
        let mut pool = LocalPool::new();
        let scope = Scope::new();
        let want = scope.want();
        let started = std::time::Instant::now();
        for _ in 0..100_000 {
            let (done, answered) = futures::channel::oneshot::channel::<()>();
            pool.spawner()
                .spawn_local(async move {
                    crate::api::transport::unless(
                        async {
                            let _ = answered.await;
                        },
                        want.superseded(),
                    )
                    .await;
                })
                .unwrap();
            pool.run_until_stalled();
            done.send(()).unwrap();
            pool.run_until_stalled();
        }
        // One slot, used again and again, and nothing left waiting.
        let (slots, waiting) = scope
            .0
            .with_value(|i| (i.wakers.len(), i.wakers.iter().flatten().count()));
        assert_eq!((slots, waiting), (1, 0));
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(20), "took {took:?}");
        // And one still waiting is woken by a new question.
        woken_by_a_new_question(&mut pool, scope, want);
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
