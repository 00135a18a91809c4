//! The one combobox (WAI-ARIA "combobox with listbox popup"): a labelled
//! text input whose list is filled by its owner (a search, a local filter).
//! Arrow keys move through the list (`aria-activedescendant`; focus stays
//! in the input), Enter chooses, Escape closes; a "Load more" entry may end
//! the list. Typing never has to choose: the owner reads the text too, so a
//! pasted id still works. Not generic: compiled once for every picker.

use crate::i18n::tr;
use crate::pick::{move_active, resolve, Choice};
use crate::ui::effect;
use leptos::prelude::*;

/// What the owner of a combobox shares with it.
#[derive(Clone, Copy)]
pub struct Combo {
    /// The text in the input.
    pub text: RwSignal<String>,
    /// The entries to offer now.
    pub options: RwSignal<Vec<Choice>>,
    /// Whether a "Load more" entry ends the list.
    pub more: RwSignal<bool>,
    /// A line under the field, read out when it changes: searching, nothing
    /// found, a failed look-up.
    pub status: RwSignal<Option<String>>,
    pub open: RwSignal<bool>,
    /// The entry chosen last; it stands for the text while the text is its
    /// label.
    pub chosen: StoredValue<Option<Choice>>,
}

impl Combo {
    /// A combobox standing for `value`: typing sets `value` (to the chosen
    /// entry's id while the text is its label, else to the text, so a
    /// pasted id works), and `value` set elsewhere replaces the text.
    pub fn bound_to(value: RwSignal<String>) -> Self {
        let combo = Combo {
            text: RwSignal::new(value.get_untracked()),
            options: RwSignal::new(Vec::new()),
            more: RwSignal::new(false),
            status: RwSignal::new(None),
            open: RwSignal::new(false),
            chosen: StoredValue::new(None),
        };
        effect(move || {
            let v = combo.value_of(&combo.text.get());
            if value.with_untracked(|x| *x != v) {
                value.set(v);
            }
        });
        effect(move || {
            let v = value.get();
            let text = combo.text.get_untracked();
            if combo.value_of(&text) != v {
                combo.chosen.set_value(None);
                combo.text.set(v);
            }
        });
        combo
    }

    /// Shows one page of a search's answer: the first page replaces the
    /// list, a later one ("Load more") extends it; `more` offers another;
    /// an empty list says `none_found`.
    pub fn show_page(
        &self,
        found: Vec<Choice>,
        first: bool,
        more: bool,
        none_found: impl FnOnce() -> String,
    ) {
        self.more.set(more);
        if first {
            self.options.set(found);
        } else {
            self.options.update(|o| o.extend(found));
        }
        self.status
            .set(self.options.with(Vec::is_empty).then(none_found));
    }

    /// What `text` stands for (`pick::resolve`).
    pub fn value_of(&self, text: &str) -> String {
        self.chosen.with_value(|c| resolve(text, c.as_ref()))
    }

    /// Whether `text` is a name being typed: not empty, not an id, not the
    /// chosen entry's label. Only then is there something to look up.
    pub fn is_query(&self, text: &str) -> bool {
        !text.trim().is_empty()
            && !crate::validate::is_guid(text)
            && !crate::api::telecomx::is_object_id(text)
            && self.value_of(text) == text
    }
}

#[component]
pub fn Combobox(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    combo: Combo,
    #[prop(into)] error: Signal<Option<String>>,
    on_choose: Callback<Choice>,
    on_more: Callback<()>,
    on_blur: Callback<()>,
) -> impl IntoView {
    let Combo {
        text,
        options,
        more,
        status,
        open,
        ..
    } = combo;
    // The active entry's index, if one is.
    let active = RwSignal::new(None::<usize>);
    let active_at = move || active.get();
    let list_id = format!("{id}-list");
    let option_id = move |i: usize| format!("{id}-opt-{i}");
    // Entries in the list, "Load more" included.
    let len = move || options.with(Vec::len) + usize::from(more.get());
    let choose = move |i: usize| {
        if i == options.with_untracked(Vec::len) {
            // "Load more": stays open, on the first new entry.
            on_more.run(());
            return;
        }
        if let Some(c) = options.with_untracked(|o| o.get(i).cloned()) {
            open.set(false);
            active.set(None);
            combo.chosen.set_value(Some(c.clone()));
            text.set(c.label.clone());
            on_choose.run(c);
        }
    };
    let close = move || {
        open.set(false);
        active.set(None);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                let down = key == "ArrowDown";
                if !open.get_untracked() {
                    open.set(true);
                }
                let next = move_active(untrack(active_at), untrack(len), down);
                active.set(next);
            }
            "Enter" => {
                if let (true, Some(i)) = (open.get_untracked(), untrack(active_at)) {
                    // Choosing is not submitting the form.
                    ev.prevent_default();
                    choose(i);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };

    view! {
        <div class="field combo" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
            <input
                id=id
                type="text"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=move || {
                    active_at().map(|i| if i == options.with(Vec::len) { format!("{id}-more") } else { option_id(i) })
                }
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                // The message's id is there only while there is an error;
                // a reference to no element is ignored.
                aria-describedby=format!("{id}-hint {id}-msg")
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    active.set(None);
                    open.set(true);
                }
                on:click=move |_| open.set(true)
                on:keydown=on_key
                on:blur=move |_| {
                    close();
                    on_blur.run(());
                }
            />
            <ul role="listbox" id=list_id class="combo-list" aria-label=label hidden=move || !open.get() || len() == 0>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            view! {
                                <li
                                    role="option"
                                    id=option_id(i)
                                    aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                    // Keep the focus in the input.
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:click=move |_| choose(i)
                                >
                                    <span class="combo-label">{c.label}</span>
                                    <span class="combo-detail">{c.detail}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || more.get().then(|| {
                    let i = options.with(Vec::len);
                    view! {
                        <li
                            role="option"
                            id=format!("{id}-more")
                            class="combo-more"
                            aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| choose(i)
                        >
                            {tr("Load more\u{2026}")}
                        </li>
                    }
                })}
            </ul>
            <p class="hint combo-status" role="status">{move || status.get()}</p>
            {move || error.get().map(|e| view! { <p class="message error" id=format!("{id}-msg")>{e}</p> })}
        </div>
    }
}
