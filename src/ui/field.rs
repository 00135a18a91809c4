//! The one labelled text field: a visible label, the input, an optional hint,
//! and an error (blocks) or warning (does not) tied to the input with
//! `aria-describedby` / `aria-invalid`. Not generic, so it is compiled once.

use crate::i18n::tr;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional, into)] warning: Signal<Option<String>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] on_blur: Option<Callback<()>>,

    #[prop(optional)] node_ref: Option<NodeRef<html::Input>>,
    /// A secret: masked, with a show/hide toggle.
    #[prop(optional)]
    secret: bool,
) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let msg_id = format!("{id}-msg");
    let described_by = {
        let hint_id = hint_id.clone();
        let msg_id = msg_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) || warning.with(Option::is_some) {
                ids.push(msg_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let node_ref = node_ref.unwrap_or_default();
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            // No `name`: the forms are the wasm's, and a native submit
            // (a script's `form.submit()`, a click after the wasm stopped)
            // must have nothing to put in the address bar (issue 18; the
            // policy's `form-action 'none'` stops the submit itself).
            <input
                id=id
                type=move || if secret && !revealed.get() { "password" } else { input_type }
                node_ref=node_ref
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |ev: web_sys::FocusEvent| {
                    // Leaving a field for a button (Create, Assign, Show)
                    // does not show its error yet: the message would shift
                    // the layout between mouse-down and mouse-up and the
                    // click would land elsewhere. A submit shows it anyway.
                    let to_button = ev
                        .related_target()
                        .is_some_and(|t| t.has_type::<web_sys::HtmlButtonElement>());
                    if let (Some(cb), false) = (on_blur, to_button) {
                        cb.run(())
                    }
                }
            />
            {secret
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button small reveal"
                            aria-controls=id
                            aria-pressed=move || if revealed.get() { "true" } else { "false" }
                            on:click=move |_| revealed.update(|r| *r = !*r)
                        >
                            // One name, "Show …", its pressed state saying
                            // whether it is shown (not a name that changes
                            // as well).
                            {tr("Show")}
                            <span class="visually-hidden">{format!(" {label}")}</span>
                        </button>
                    }
                })}
            {move || match (error.get(), warning.get()) {
                (Some(e), _) => Some(view! { <p class="message error" id=msg_id.clone()>{e}</p> }.into_any()),
                (None, Some(w)) => Some(view! { <p class="message warning" id=msg_id.clone()>{w}</p> }.into_any()),
                (None, None) => None,
            }}
        </div>
    }
}

/// A form's checks as a person meets them: a field's error shows once the
/// field was left or a submit was tried; a submit goes to the first field
/// that is wrong. One for every form (Softphones, PBX, Telecom X).
#[derive(Clone, Copy)]
pub struct Form {
    /// Fields the person has left (by DOM id).
    touched: RwSignal<Vec<&'static str>>,
    submitted: RwSignal<bool>,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    pub fn new() -> Form {
        Form {
            touched: RwSignal::new(Vec::new()),
            submitted: RwSignal::new(false),
        }
    }

    /// Whether a submit was tried (tracked).
    pub fn submitted(&self) -> bool {
        self.submitted.get()
    }

    /// Whether field `id`'s error shows: it was left, or a submit tried
    /// (tracked).
    pub fn shows(&self, id: &'static str) -> bool {
        self.submitted.get() || self.touched.with(|t| t.contains(&id))
    }

    /// The field's `on_blur`: marks it as left, so its error shows from
    /// then on.
    pub fn on_blur(&self, id: &'static str) -> Callback<()> {
        let touched = self.touched;
        Callback::new(move |_| {
            if !touched.with_untracked(|t| t.contains(&id)) {
                touched.update(|t| t.push(id));
            }
        })
    }

    /// The error to show for field `id`: `check`'s, once the field was left
    /// or a submit tried, or at once when `check` says the input can never
    /// become valid (`hopeless_now`).
    pub fn error(
        self,
        id: &'static str,
        check: impl Fn() -> (Result<(), String>, bool) + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        Signal::derive(move || match check() {
            (Err(e), hopeless_now) if hopeless_now || self.shows(id) => Some(e),
            _ => None,
        })
    }

    /// A submit: every error shows from now on, and the first field whose
    /// check fails (`checks` in display order: id, wrong) gets the focus.
    /// `true` when none fails.
    pub fn submit(&self, checks: &[(&'static str, bool)]) -> bool {
        self.submitted.set(true);
        match checks.iter().find(|(_, wrong)| *wrong) {
            Some((id, _)) => {
                super::focus_by_id(id);
                false
            }
            None => true,
        }
    }
}
