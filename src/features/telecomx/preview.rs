//! What a copy changes, shown side by side; a config as a list.

use crate::api::telecomx::{self, Item, MobileConfig};
use crate::i18n::tr;
use crate::trf;
use leptos::prelude::*;

fn item_list(items: &[Item], marked: &[Item], mark: &'static str) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="hint">{tr("(none)")}</p> }.into_any();
    }
    view! {
        <ul>
            {items.iter().map(|i| {
                let m = marked.iter().any(|x| x.id.eq_ignore_ascii_case(&i.id));
                view! { <li class:changed=m>{if m { format!("{mark} {}", i.name) } else { i.name.clone() }}</li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

pub(super) fn config_view(c: &MobileConfig) -> impl IntoView {
    view! {
        <dl class="facts">
            {c.configs.iter().map(|s| view! {
                <dt>{s.kind.clone()}</dt>
                <dd>{item_list(&s.items, &[], "")}</dd>
            }).collect_view()}
        </dl>
    }
}

pub fn preview_view(
    from: Option<&MobileConfig>,
    to: Option<&MobileConfig>,
    problem: Option<String>,
    target_name: &str,
) -> impl IntoView {
    let changes = from.map(|f| telecomx::preview(f, to)).unwrap_or_default();
    view! {
        <h3>{tr("What the copy changes")}</h3>
        {problem.map(|p| view! { <p class="message warning">{p}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-label=tr("The target's entries now and after the copy, side by side")>
        <table class="list diff">
            <thead><tr>
                <th scope="col">{tr("Type")}</th>
                <th scope="col">{trf!("Now ({name})", name = target_name)}</th>
                <th scope="col">{tr("After the copy")}</th>
            </tr></thead>
            <tbody>
                {changes.into_iter().map(|c| view! {
                    <tr>
                        <th scope="row">
                            {c.kind}
                            // Read as words, not symbols.
                            <span class="hint" aria-hidden="true">{format!(" +{} \u{2212}{}", c.added.len(), c.removed.len())}</span>
                            <span class="visually-hidden">{trf!(", {added} added, {removed} removed", added = c.added.len(), removed = c.removed.len())}</span>
                        </th>
                        <td>{item_list(&c.before, &c.removed, tr("\u{2212} removed:"))}</td>
                        <td>{item_list(&c.after, &c.added, tr("+ added:"))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
