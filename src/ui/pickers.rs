//! The customer picker (session panel) and the user picker with its role
//! check (Softphones page): comboboxes over the look-ups of contract 1.3.
//! Pasting a GUID still works in both; the recent choices of this tab (in
//! memory only) are offered first.

use crate::api::client::{use_api, Api};
use crate::api::dimensions::{self, Roles, CUSTOMER_PAGE_SIZE};
use crate::api::scope::Scope;
use crate::i18n::tr;
use crate::pick::{matches, remember, role_check, Choice};
use crate::trf;
use crate::ui::combobox::{Combo, Combobox};
use crate::ui::{debounce, effect, look_up};
use crate::validate;
use leptos::prelude::*;

/// How long typing must pause before the customer search is sent.
const DEBOUNCE_MS: i32 = 300;
/// At most this many users are listed; typing narrows the list.
const USER_LIST_MAX: usize = 100;

/// The customer picker: searches as you type (debounced; an answer to an
/// older query is dropped), pages with "Load more", sets the session's
/// tenant to the chosen customer or a pasted GUID.
#[component]
pub fn CustomerPicker(
    id: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    on_blur: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let session = api.session();
    let combo = Combo::bound_to(session.tenant);
    // Asks again with every keystroke (debounce) and every search: an
    // older search is aborted and its answer dropped.
    let scope = Scope::new();
    let page = StoredValue::new(0u32);

    let search = move |page_index: u32| {
        let query = combo.text.get_untracked();
        page.set_value(page_index);
        if !session.has_token() {
            scope.supersede();
            combo.status.set(Some(
                tr("Enter the bearer token to search customers; a pasted tenant id works without.")
                    .into(),
            ));
            return;
        }
        combo.status.set(Some(tr("Searching\u{2026}").into()));
        let request = dimensions::search_customers(&api.dimensions_base(), &query, page_index);
        look_up(
            api,
            scope,
            request,
            move |answer: Result<Vec<Choice>, _>| match answer {
                Ok(found) => {
                    let more = found.len() == CUSTOMER_PAGE_SIZE as usize;
                    combo.show_page(found, page_index == 0, more, || {
                        trf!("No customer matches \u{201c}{query}\u{201d}. Check the spelling, or paste the tenant id.", query = query)
                    });
                }
                Err(e) => combo.status.set(Some(trf!(
                    "The customer search failed. {error} A pasted tenant id still works.",
                    error = e
                ))),
            },
        );
    };

    // A name being typed is searched once typing pauses (and again when a
    // token arrives); an empty field offers the recent choices.
    effect(move || {
        let text = combo.text.get();
        session.has_token();
        scope.supersede();
        combo.more.set(false);
        combo.status.set(None);
        if combo.is_query(&text) {
            // Nothing from an older query stays to be chosen by mistake.
            combo.options.set(Vec::new());
            debounce(scope, DEBOUNCE_MS, move || search(0));
        } else if text.trim().is_empty() {
            combo.options.set(api.recent(|r| r.customers.clone()));
        } else {
            combo.options.set(Vec::new());
        }
    });

    let on_choose = Callback::new(move |c: Choice| {
        api.recent_mut(|r| remember(&mut r.customers, c));
    });
    let on_more = Callback::new(move |_| search(page.get_value() + 1));
    view! {
        <Combobox
            id
            label=tr("Customer")
            hint=tr("Type part of the customer's name or reference, or paste its tenant id (a GUID).")
            combo
            error
            on_choose
            on_more
            on_blur
        />
    }
}

/// The user picker: the customer's users, filtered here as you type by
/// name or email; a pasted user GUID works too. `value` is the page's user
/// id (the chosen user's, or the text). Below it, the role check.
#[component]
pub fn UserPicker(
    id: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    on_blur: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let session = api.session();
    let combo = Combo::bound_to(value);
    let users = RwSignal::new(Vec::<Choice>::new());
    let scope = Scope::new();

    // The customer's users, loaded when the customer is known.
    effect(move || {
        let tenant = session.tenant.get();
        let has_token = session.has_token();
        scope.supersede();
        users.set(Vec::new());
        combo.status.set(None);
        if !validate::is_guid(&tenant) || !has_token {
            return;
        }
        combo
            .status
            .set(Some(tr("Loading the customer's users\u{2026}").into()));
        let request =
            dimensions::list_users(&api.dimensions_base(), &validate::normalize_guid(&tenant));
        look_up(
            api,
            scope,
            request,
            move |answer: Result<Vec<Choice>, _>| {
                match answer {
                Ok(list) => {
                    combo.status.set(
                        list.is_empty()
                            .then(|| tr("This customer has no users.").into()),
                    );
                    users.set(list);
                }
                Err(e) => combo.status.set(Some(trf!(
                    "The customer's users could not be loaded. {error} A pasted user id still works.",
                    error = e
                ))),
            }
            },
        );
    });

    // The list: the recent choices among this customer's users first when
    // nothing is typed, else every user whose name or email has the words
    // typed.
    effect(move || {
        let text = combo.text.get();
        let typing = combo.is_query(&text);
        let mut list: Vec<Choice> = Vec::new();
        users.with(|all| {
            if text.trim().is_empty() {
                api.recent(|r| {
                    list.extend(
                        r.users
                            .iter()
                            .filter(|c| all.iter().any(|u| u.id == c.id))
                            .cloned(),
                    )
                });
            }
            if typing || text.trim().is_empty() {
                for u in all {
                    if matches(u, &text) && !list.iter().any(|c| c.id == u.id) {
                        list.push(u.clone());
                    }
                }
            }
        });
        let found = list.len();
        list.truncate(USER_LIST_MAX);
        if users.with(|u| !u.is_empty()) {
            combo.status.set(if found > USER_LIST_MAX {
                Some(trf!(
                    "{shown} of {found} users shown: type more of the name to narrow the list.",
                    shown = USER_LIST_MAX,
                    found = found
                ))
            } else if found == 0 && typing {
                Some(trf!(
                    "No user matches \u{201c}{text}\u{201d}. A pasted user id still works.",
                    text = text
                ))
            } else {
                None
            });
        }
        combo.options.set(list);
    });

    let on_choose = Callback::new(move |c: Choice| {
        api.recent_mut(|r| remember(&mut r.users, c));
    });
    // Never offered: the user list is not paged.
    let on_more = Callback::new(|_| {});
    view! {
        <Combobox
            id
            label=tr("User")
            hint=tr("Type part of the user's name or email, or paste the user's id (a GUID).")
            combo
            error
            on_choose
            on_more
            on_blur
        />
        {role_check_view(api, value)}
    }
}

/// Where the role check of the chosen user stands.
#[derive(Clone, Debug, PartialEq)]
enum RoleCheck {
    /// No customer, user or token to check with.
    Idle,
    Checking,
    /// Each softphone role, and whether the user has it.
    Checked([(&'static str, bool); 2]),
    /// The check failed: why.
    Failed(String),
}

/// Whether the chosen user has the two softphone roles. A warning, never a
/// block: the check may be wrong, and Assign stays possible.
fn role_check_view(api: Api, value: RwSignal<String>) -> impl IntoView {
    let session = api.session();
    let check = RwSignal::new(RoleCheck::Idle);
    let scope = Scope::new();
    effect(move || {
        let tenant = session.tenant.get();
        let user = value.get();
        scope.supersede();
        if !(validate::is_guid(&tenant) && validate::is_guid(&user) && session.has_token()) {
            check.set(RoleCheck::Idle);
            return;
        }
        check.set(RoleCheck::Checking);
        let request = dimensions::get_user(
            &api.dimensions_base(),
            &validate::normalize_guid(&tenant),
            &validate::normalize_guid(&user),
        );
        look_up(api, scope, request, move |answer: Result<Roles, _>| {
            check.set(match answer {
                Ok(Roles { roles }) => RoleCheck::Checked(role_check(&roles)),
                Err(e) => RoleCheck::Failed(trf!(
                    "The user's roles could not be checked. {error}",
                    error = e
                )),
            })
        });
    });
    view! {
        <div class="roles" role="status">
            {move || match check.get() {
                RoleCheck::Idle => None,
                RoleCheck::Checking => Some(view! { <p class="note">{tr("Checking the user's roles\u{2026}")}</p> }.into_any()),
                RoleCheck::Failed(why) => Some(view! { <p class="note">{why}</p> }.into_any()),
                RoleCheck::Checked(roles) => {
                    let missing: Vec<&str> = roles.iter().filter(|(_, has)| !has).map(|(r, _)| *r).collect();
                    Some(view! {
                        <ul class="role-list" aria-label=tr("Softphone roles")>
                            {roles
                                .into_iter()
                                .map(|(role, has)| view! {
                                    <li class=if has { "has" } else { "missing" }>
                                        {if has { format!("\u{2713} {role}") } else { trf!("\u{2717} {role} (missing)", role = role) }}
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                        <p class="note warning" hidden=missing.is_empty()>
                            {trf!(
                                "This user lacks {roles}: the API will probably refuse a softphone. Ask an administrator to add it; you can still try.",
                                roles = missing.join(tr(" and "))
                            )}
                        </p>
                    }.into_any())
                }
            }}
        </div>
    }
}
