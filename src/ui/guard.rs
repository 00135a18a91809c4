//! The unsaved-changes guard (issue 19): a page with edits not sent says
//! so (`Guard::watch`); leaving it by a link or the back button asks first
//! (the browser's own `confirm`, as for reloading or closing the tab,
//! `beforeunload`: modal, keyboard-operable and read by screen readers,
//! at no cost to the first page's wasm). An edit undone back to the
//! original values is not an edit, nor is an empty form; after a
//! successful send the form's values are its new original ones (each page
//! decides, comparing with what it last sent). Work that goes on in the
//! tab, a bulk run, asks only when the tab is closed or reloaded
//! (`Guard::watch_closing`): leaving its page does not stop it.

use crate::i18n::tr;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// When a watch asks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Asks {
    /// Leaving the page, reloading or closing the tab.
    Leaving,
    /// Reloading or closing the tab only.
    Closing,
}

#[derive(Clone, Copy)]
pub struct Guard {
    /// The pages shown now that hold edits (and the work going on), by key.
    watched: RwSignal<Vec<(u64, Asks, Signal<bool>)>>,
    next: StoredValue<u64>,
}

impl Guard {
    /// The app's guard, with its `beforeunload` listener.
    pub fn install() -> Guard {
        let g = Guard {
            watched: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        };
        let on_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
            move |ev: web_sys::BeforeUnloadEvent| {
                if g.holds(Asks::Closing) {
                    ev.prevent_default();
                    ev.set_return_value("");
                }
            },
        );
        let _ = window()
            .add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        on_unload.forget();
        g
    }

    /// A page shown now: while `has_edits`, leaving asks first. The watch
    /// ends with the page's view.
    pub fn watch(self, has_edits: Signal<bool>) {
        self.add(Asks::Leaving, has_edits);
    }

    /// Work of the tab (not of a page): while `busy`, reloading or closing
    /// the tab asks first. The watch ends with the current owner.
    pub fn watch_closing(self, busy: Signal<bool>) {
        self.add(Asks::Closing, busy);
    }

    fn add(self, asks: Asks, holds: Signal<bool>) {
        let key = self.next.get_value();
        self.next.set_value(key + 1);
        self.watched.update(|w| w.push((key, asks, holds)));
        on_cleanup(move || {
            let _ = self.watched.try_update(|w| w.retain(|(k, _, _)| *k != key));
        });
    }

    /// Whether something would be lost: by leaving the page (`Leaving`),
    /// or by closing the tab (`Closing`, which also loses the pages' edits).
    fn holds(&self, by: Asks) -> bool {
        self.watched.with_untracked(|w| {
            w.iter().any(|(_, asks, holds)| {
                (by == Asks::Closing || *asks == by) && holds.get_untracked()
            })
        })
    }

    /// Whether a page shown holds edits not sent.
    pub fn has_edits(&self) -> bool {
        self.holds(Asks::Leaving)
    }

    /// Leaves (runs `go`) at once when nothing would be lost, else asks.
    pub fn leave(self, go: impl FnOnce()) {
        let sure = !self.has_edits()
            || window()
                .confirm_with_message(tr("This page holds changes that were not sent. Leave it? They stay here for when you come back in this tab, but they are not carried out."))
                .unwrap_or(false);
        if sure {
            go();
        }
    }
}

/// The app's guard.
pub fn use_guard() -> Guard {
    expect_context::<Guard>()
}
