//! Modal dialogs on the native `<dialog>` element: `showModal` keeps focus
//! inside and makes the page behind inert; Escape fires `cancel`.

use super::effect;
use crate::i18n::tr;
use crate::trf;
use leptos::html;
use leptos::prelude::*;

/// Opens `node` as a modal while `open()` is true, closes it otherwise.
pub fn sync_modal(node: NodeRef<html::Dialog>, open: impl Fn() -> bool + 'static) {
    effect(move || {
        let open = open();
        if let Some(el) = node.get() {
            if open && !el.open() {
                let _ = el.show_modal();
            } else if !open && el.open() {
                el.close();
            }
        }
    });
}

/// What a confirmation asks. `type_to_confirm`: text the person must type
/// (e.g. the name of what is deleted) before Confirm is enabled.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirmation {
    pub title: String,
    pub text: String,
    pub confirm_label: String,
    pub danger: bool,
    pub type_to_confirm: Option<String>,
}

/// A yes/no dialog. Set `ask` to open it; Confirm runs `on_confirm` with the
/// confirmation that was shown; Cancel or Escape closes it and does nothing.
#[component]
pub fn ConfirmDialog(
    id: &'static str,
    ask: RwSignal<Option<Confirmation>>,
    on_confirm: Callback<Confirmation>,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    sync_modal(node, move || ask.with(Option::is_some));
    let typed = RwSignal::new(String::new());
    view! {
        <dialog
            node_ref=node
            id=id
            class="dialog"
            aria-labelledby=format!("{id}-title")
            aria-describedby=format!("{id}-text")
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                ask.set(None);
            }
        >
            {move || {
                ask.get()
                    .map(|c| {
                        typed.set(String::new());
                        let must_type = c.type_to_confirm.clone();
                        let ready = {
                            let must_type = must_type.clone();
                            move || must_type.as_ref().is_none_or(|t| typed.with(|x| x.trim() == t.trim()))
                        };
                        let shown = c.clone();
                        view! {
                            <h2 id=format!("{id}-title")>{c.title}</h2>
                            <p id=format!("{id}-text")>{c.text}</p>
                            {must_type
                                .map(|t| {
                                    view! {
                                        <div class="field">
                                            <label for=format!("{id}-typed")>
                                                {trf!("Type \u{201c}{word}\u{201d} to confirm", word = t)}
                                            </label>
                                            <input
                                                id=format!("{id}-typed")
                                                type="text"
                                                autocomplete="off"
                                                prop:value=move || typed.get()
                                                on:input=move |ev| typed.set(event_target_value(&ev))
                                            />
                                        </div>
                                    }
                                })}
                            <div class="actions">
                                <button
                                    type="button"
                                    class=if c.danger { "button danger" } else { "button primary" }
                                    disabled=move || !ready()
                                    on:click=move |_| {
                                        ask.set(None);
                                        on_confirm.run(shown.clone());
                                    }
                                >
                                    {c.confirm_label}
                                </button>
                                <button type="button" class="button" on:click=move |_| ask.set(None)>
                                    {tr("Cancel")}
                                </button>
                            </div>
                        }
                    })
            }}
        </dialog>
    }
}
