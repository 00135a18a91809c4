//! Mobile config copy on Telecom X (contract 2.1): log in, pick the employee
//! to overwrite and the config to copy from, see what the copy changes, and
//! copy. The login is Telecom X's own (`api/tx.rs`), not the session panel's.
//!
//! The page is a wasm chunk of its own (docs/decisions.md, Size): `page`
//! below is the split point, and what only it reaches (this module, `api/tx.rs`,
//! most of `api/telecomx.rs`) leaves the main module. Every build splits the
//! wasm (scripts/split.mjs); the chunk is fetched when the page is first
//! shown.

use crate::api::scope::Scope;
use crate::api::telecomx::{self, is_object_id, EmployeePage, Item, MobileConfig, TxError};
use crate::api::tx::{Tx, TxState};
use crate::i18n::tr;
use crate::pick::{matches, Choice};
use crate::trf;
use crate::ui::combobox::{Combo, Combobox};
use crate::ui::field::{Form, TextField};
use crate::ui::{debounce, effect, focus_by_id, later, spawn};
use leptos::prelude::*;

// The page as app.rs shows it, in a chunk with all that only it uses.
crate::chunk_page!(mobile_config_page, mobile_config, MobileConfigPage);

/// Where the preview of a copy stands.
#[derive(Clone, Debug, PartialEq)]
enum Preview {
    /// No source and target to compare.
    Nothing,
    Loading,
    /// The source's config, the target's (`None`: it has none), and a note.
    Shown {
        from: MobileConfig,
        to: Option<MobileConfig>,
        note: Option<String>,
    },
    Failed(String),
}

/// Where the copy stands.
#[derive(Clone, Debug, PartialEq)]
enum CopyState {
    NotYet,
    Copying,
    /// The target's config as the copy made it.
    Copied(MobileConfig),
    Failed(String),
}

/// Employees per page of the target picker ("Load more" for the next).
const PAGE_SIZE: u32 = 100;

/// The app's Telecom X client, made the first time this page is shown:
/// the page is a wasm chunk of its own (docs/decisions.md, Size), and
/// making the client here keeps its code out of the main module. It belongs
/// to the app's root owner, not the page's, so the login outlives a visit
/// to another page.
fn tx_of_app() -> Tx {
    crate::ui::app_state(|| {
        let (base, timeout) = crate::api::client::use_api()
            .config(|c| (c.telecomx_api_base.clone(), c.request_timeout_seconds));
        Tx::new(base, timeout, std::rc::Rc::new(crate::api::web::Web))
    })
}

/// Keeps "expires in" current while a login lasts.
fn tick(tx: Tx) {
    let at = tx.clock.get_untracked();
    later(15_000, move || {
        if tx.state.try_get_untracked() == Some(TxState::LoggedIn) && tx.clock.get_untracked() == at
        {
            tx.clock.set(at.wrapping_add(1));
            tick(tx);
        }
    });
}

/// Sends a Telecom X look-up for `scope` (superseding its earlier ones)
/// and hands its answer to `then`, unless the scope asks again, the page is
/// gone, or the login changed meanwhile.
fn look_up<T: serde::de::DeserializeOwned + 'static>(
    tx: Tx,
    scope: Scope,
    request: crate::api::ApiRequest,
    then: impl FnOnce(Result<T, TxError>) + 'static,
) {
    let want = scope.renew();
    spawn(async move {
        if let Some(answer) = tx.get::<T>(want, request).await {
            then(answer);
        }
    });
}

fn employee_choice(e: telecomx::Employee) -> Choice {
    let detail = [e.email.as_str(), e.title.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" \u{b7} ");
    Choice {
        label: if e.name.is_empty() {
            e.id.clone()
        } else {
            e.name
        },
        id: e.id,
        detail,
    }
}

#[component]
pub fn MobileConfigPage() -> impl IntoView {
    let tx = tx_of_app();
    // Page-level, so a second login (expiry) finds them as they were.
    let email = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    // The customer's employees (names for the config list and the result).
    let names = RwSignal::new(Vec::<Choice>::new());
    let logout_note = RwSignal::new(None::<String>);
    // Logged in: start on one's own company.
    effect(move || {
        if tx.state.get() == TxState::LoggedIn {
            tick(tx);
            logout_note.set(None);
            if customer.with_untracked(String::is_empty) {
                customer.set(tx.me(|m| m.map(|m| m.customer.clone()).unwrap_or_default()));
            }
        }
    });
    let log_out = move |_| {
        spawn(async move {
            let r = tx.log_out().await;
            logout_note.set(Some(match r {
                Ok(()) => tr("Logged out of Telecom X.").to_string(),
                Err(e) => trf!(
                    "Logged out here; Telecom X could not be told. {error}",
                    error = e
                ),
            }));
        });
    };
    view! {
        <section class="card" aria-labelledby="tx-title">
            <h1 id="tx-title">{tr("Mobile config copy")}</h1>
            <p class="lead">
                {tr("Copy one employee's Communicator mobile config onto another employee on Telecom X. The copy overwrites the other employee's config.")}
            </p>
            {move || match tx.state.get() {
                TxState::LoggedIn => view! {
                    <p class="tx-session" role="status">
                        {move || tx.me(|m| m.map(|m| trf!(
                            "Logged in to Telecom X as {name} ({level}), {expiry}.",
                            name = if m.name.is_empty() { &m.employee } else { &m.name },
                            level = m.access_level.map_or_else(|| tr("level unknown"), |l| l.wire()),
                            expiry = tx.expiry().unwrap_or_else(|| tr("until you log out").into()),
                        )))}
                        " "
                        <button type="button" class="button small" on:click=log_out>{tr("Log out")}</button>
                    </p>
                }.into_any(),
                _ => view! { <LoginForm tx email /> }.into_any(),
            }}
            <p class="note" role="status" hidden=move || logout_note.with(Option::is_none)>{move || logout_note.get()}</p>
        </section>
        <CopyForm tx customer target source names />
    }
}

#[component]
fn LoginForm(tx: Tx, email: RwSignal<String>) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    // The errors show once a log-in was tried (the fields' `on_blur` is not
    // given: leaving them says nothing yet).
    let form = Form::new();
    let email_ok = move || email.with(|e| e.contains('@'));
    let password_ok = move || password.with(|p| !p.is_empty());
    let email_error = form.error("tx-email", move || {
        let check = if email_ok() {
            Ok(())
        } else {
            Err(tr("Enter the e-mail address you log in to Telecom X with.").into())
        };
        (check, false)
    });
    let password_error = form.error("tx-password", move || {
        let check = if password_ok() {
            Ok(())
        } else {
            Err(tr("Enter your Telecom X password.").into())
        };
        (check, false)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ready = form.submit(&[
            ("tx-email", !untrack(email_ok)),
            ("tx-password", !untrack(password_ok)),
        ]);
        if !ready || busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(None);
        spawn(async move {
            let r = tx
                .log_in(
                    &email.get_untracked(),
                    &password.get_untracked(),
                    &code.get_untracked(),
                )
                .await;
            busy.set(false);
            if let Err(e) = r {
                failed.set(Some(e.to_string()));
                focus_by_id("tx-login-result");
            }
        });
    };
    view! {
        <form class="form" novalidate on:submit=submit aria-labelledby="tx-login-title">
            <h2 id="tx-login-title">{tr("Log in to Telecom X")}</h2>
            {move || tx.problem.get().map(|p| view! { <p class="message warning" role="alert">{p}</p> })}
            <TextField id="tx-email" label=tr("E-mail") value=email error=email_error input_type="email" />
            <TextField id="tx-password" label=tr("Password") value=password error=password_error secret=true />
            <TextField
                id="tx-code"
                label=tr("SMS code")
                value=code
                error=Signal::derive(|| None::<String>)
                hint=tr("Only if your account logs in with a code sent by SMS.")
            />
            <div class="actions">
                <button type="submit" class="button primary" disabled=busy aria-busy=move || busy.get().then_some("true")>
                    {move || if busy.get() { tr("Logging in\u{2026}") } else { tr("Log in") }}
                </button>
            </div>
            <div id="tx-login-result" tabindex="-1" role="alert">
                {move || failed.get().map(|f| view! { <p class="message error">{f}</p> })}
            </div>
        </form>
    }
}

/// A config's types and their entries, for the lists and the result.
fn summary(c: &MobileConfig) -> String {
    c.configs
        .iter()
        .map(|s| format!("{} {}", s.kind, s.items.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn CopyForm(
    tx: Tx,
    customer: RwSignal<String>,
    target: RwSignal<String>,
    source: RwSignal<String>,
    names: RwSignal<Vec<Choice>>,
) -> impl IntoView {
    let form = Form::new();
    let name_of = move |id: &str| {
        names.with(|n| {
            n.iter()
                .find(|c| c.id.eq_ignore_ascii_case(id.trim()))
                .map_or_else(|| id.trim().to_string(), |c| c.label.clone())
        })
    };

    let customer_error = form.error("tx-customer", move || {
        let check = if customer.with(|c| is_object_id(c)) {
            Ok(())
        } else {
            Err(tr("A Telecom X customer id has 24 characters, 0\u{2013}9 and a\u{2013}f.").into())
        };
        (check, false)
    });
    // `what`: the field, with its article, translated.
    let id_check = move |v: &str, what: &str| -> Result<(), String> {
        if v.trim().is_empty() {
            Err(trf!(
                "Choose {what} from the list, or paste their id.",
                what = what
            ))
        } else if !is_object_id(v) {
            Err(trf!("Choose {what} from the list, or paste their Telecom X id (24 characters, 0\u{2013}9 and a\u{2013}f).", what = what))
        } else {
            Ok(())
        }
    };
    let target_error = form.error("tx-target", move || {
        (
            id_check(&target.get(), tr("the employee to overwrite")),
            false,
        )
    });
    // Source = target can never be right: said at once.
    let source_error = form.error("tx-source", move || {
        let s = source.get();
        let same = is_object_id(&s) && s.trim().eq_ignore_ascii_case(target.get().trim());
        let check = id_check(&s, tr("the employee to copy from")).and_then(|_| {
            if same {
                Err(tr("That is the employee to overwrite: copy from someone else.").into())
            } else {
                Ok(())
            }
        });
        (check, same)
    });

    // ---- The employee to overwrite: searched at Telecom X, paged. ----
    let tcombo = Combo::bound_to(target);
    let tscope = Scope::new();
    let offset = StoredValue::new(0u32);
    let search = move |from: u32| {
        let c = customer.get_untracked();
        let text = tcombo.text.get_untracked();
        offset.set_value(from);
        if !is_object_id(&c) || tx.state.get_untracked() != TxState::LoggedIn {
            tscope.supersede();
            return;
        }
        tcombo.status.set(Some(tr("Searching\u{2026}").into()));
        let filter = if tcombo.is_query(&text) {
            text.clone()
        } else {
            String::new()
        };
        look_up(
            tx,
            tscope,
            telecomx::employees(&tx.base(), &c, from, PAGE_SIZE, &filter),
            move |r: Result<EmployeePage, _>| match r {
                Ok(page) => {
                    let more = page.more();
                    let list = page.employees.into_iter().map(employee_choice).collect();
                    tcombo.show_page(list, from == 0, more, || {
                        trf!("No employee matches \u{201c}{filter}\u{201d}. A pasted employee id still works.", filter = filter)
                    });
                }
                Err(e) => tcombo.status.set(Some(trf!(
                    "The employee search failed. {error} A pasted employee id still works.",
                    error = e
                ))),
            },
        );
    };
    effect(move || {
        let text = tcombo.text.get();
        customer.track();
        tx.state.track();
        tscope.supersede();
        tcombo.more.set(false);
        tcombo.status.set(None);
        tcombo.options.set(Vec::new());
        if tcombo.is_query(&text) || text.trim().is_empty() {
            debounce(tscope, 300, move || search(0));
        }
    });

    // ---- The config to copy from: the ones the API offers for this
    // target, named from the employee list, filtered here. ----
    let scombo = Combo::bound_to(source);
    let configs = RwSignal::new(Vec::<Choice>::new());
    let sscope = Scope::new();
    effect(move || {
        let c = customer.get();
        let t = target.get();
        tx.state.track();
        sscope.supersede();
        configs.set(Vec::new());
        scombo.status.set(None);
        if !is_object_id(&c) || tx.state.get_untracked() != TxState::LoggedIn {
            return;
        }
        let me = tx.me(|m| m.map(|m| m.employee.clone()).unwrap_or_default());
        let t = if is_object_id(&t) { t } else { me };
        let base = tx.base();
        scombo
            .status
            .set(Some(tr("Loading the configs you can copy\u{2026}").into()));
        look_up(
            tx,
            sscope,
            telecomx::employees(&base, &c, 0, 500, ""),
            move |r: Result<EmployeePage, _>| {
                if let Ok(page) = r {
                    names.set(page.employees.into_iter().map(employee_choice).collect());
                }
                look_up(
                    tx,
                    sscope,
                    telecomx::configs(&base, &c, &t),
                    move |r: Result<Vec<MobileConfig>, _>| {
                        match r {
                        Ok(list) => {
                            scombo.status.set(
                                list.is_empty()
                                    .then(|| tr("No config of this customer can be copied.").into()),
                            );
                            configs.set(
                                list.iter()
                                    .map(|m| Choice {
                                        id: m.id.clone(),
                                        label: name_of(&m.id),
                                        detail: summary(m),
                                    })
                                    .collect(),
                            );
                        }
                        Err(e) => scombo.status.set(Some(trf!(
                            "The configs could not be listed. {error} A pasted employee id still works.",
                            error = e
                        ))),
                    }
                    },
                );
            },
        );
    });
    effect(move || {
        let text = scombo.text.get();
        let typing = scombo.is_query(&text);
        scombo.options.set(configs.with(|all| {
            all.iter()
                .filter(|c| !typing || matches(c, &text))
                .cloned()
                .collect()
        }));
    });

    // ---- The preview: both configs, side by side per type. ----
    let preview = RwSignal::new(Preview::Nothing);
    let pscope = Scope::new();
    effect(move || {
        let (s, t) = (source.get(), target.get());
        tx.state.track();
        pscope.supersede();
        preview.set(Preview::Nothing);
        if !is_object_id(&s) || !is_object_id(&t) || s.eq_ignore_ascii_case(&t) {
            return;
        }
        if tx.state.get_untracked() != TxState::LoggedIn {
            return;
        }
        preview.set(Preview::Loading);
        let base = tx.base();
        look_up(
            tx,
            pscope,
            telecomx::config(&base, &s),
            move |r: Result<MobileConfig, _>| {
                let from = match r {
                    Ok(c) => c,
                    Err(e) => {
                        return preview.set(Preview::Failed(trf!(
                            "The config to copy could not be read. {error}",
                            error = e
                        )));
                    }
                };
                look_up(
                    tx,
                    pscope,
                    telecomx::config(&base, &t),
                    move |r: Result<MobileConfig, _>| {
                        preview.set(match r {
                            Ok(to) => Preview::Shown { from, to: Some(to), note: None },
                            Err(TxError::NotFound { .. }) => Preview::Shown {
                                from,
                                to: None,
                                note: Some(tr("This employee has no mobile config yet, so there is nothing to overwrite: Telecom X will refuse the copy (404).").into()),
                            },
                            Err(e) => Preview::Failed(trf!(
                                "The current config of the employee to overwrite could not be read. {error}",
                                error = e
                            )),
                        });
                    },
                );
            },
        );
    });

    // ---- The copy. ----
    let copying = RwSignal::new(CopyState::NotYet);
    let copy_scope = Scope::new();
    let copy = move || {
        let (c, s, t) = (
            customer.get_untracked(),
            source.get_untracked(),
            target.get_untracked(),
        );
        let ready = form.submit(&[
            ("tx-customer", !is_object_id(&c)),
            ("tx-target", id_check(&t, "").is_err()),
            (
                "tx-source",
                id_check(&s, "").is_err() || s.trim().eq_ignore_ascii_case(t.trim()),
            ),
        ]);
        if !ready {
            return;
        }
        if copying.with_untracked(|c| *c == CopyState::Copying) {
            return;
        }
        copying.set(CopyState::Copying);
        spawn(async move {
            let r = tx
                .get::<MobileConfig>(copy_scope.want(), telecomx::copy(&tx.base(), &s, &t))
                .await;
            let Some(r) = r else {
                // Not wanted any more: logged out, or the page was left.
                let _ = copying.try_set(CopyState::NotYet);
                return;
            };
            copying.set(match r {
                Ok(done) => CopyState::Copied(done),
                Err(e) => {
                    let hint = match &e {
                        TxError::Forbidden { .. } => {
                            tx.me(|m| m.map(|m| telecomx::access_hint(m, &t, &c)))
                        }
                        _ => None,
                    };
                    CopyState::Failed(format!("{e} {}", hint.unwrap_or_default()))
                }
            });
        });
    };
    // The outcome is where the person looks next.
    effect(move || {
        if copying.with(|c| matches!(c, CopyState::Copied(_) | CopyState::Failed(_))) {
            focus_by_id("tx-result");
        }
    });

    view! {
        // Hidden, not dropped, while logged out: what was chosen stays.
        <section class="card" aria-labelledby="tx-copy-title" hidden=move || tx.state.get() == TxState::LoggedOut>
            <h2 id="tx-copy-title">{tr("Copy a mobile config")}</h2>
            <form class="form" novalidate on:submit=move |ev| { ev.prevent_default(); copy(); }>
                <TextField
                    id="tx-customer"
                    label=tr("Customer id")
                    value=customer
                    error=customer_error
                    hint=tr("Your own company is filled in; for one of your customers, paste its Telecom X id.")
                    on_blur=form.on_blur("tx-customer")
                />
                <Combobox
                    id="tx-target"
                    label=tr("Employee to overwrite")
                    hint=tr("Type part of the name or e-mail, or paste the employee's id.")
                    combo=tcombo
                    error=target_error
                    on_choose=Callback::new(|_| {})
                    on_more=Callback::new(move |_| search(offset.get_value() + PAGE_SIZE))
                    on_blur=form.on_blur("tx-target")
                />
                <Combobox
                    id="tx-source"
                    label=tr("Copy the config of")
                    hint=tr("The employees whose config you may copy; type to narrow the list, or paste an id.")
                    combo=scombo
                    error=source_error
                    on_choose=Callback::new(|_| {})
                    on_more=Callback::new(|_| {})
                    on_blur=form.on_blur("tx-source")
                />
                <div class="preview" aria-live="polite">
                    {move || match preview.get() {
                        Preview::Loading => view! { <p class="note"><span class="spinner" aria-hidden="true"></span>{tr(" Loading both configs\u{2026}")}</p> }.into_any(),
                        Preview::Shown { from, to, note } => preview_view(Some(&from), to.as_ref(), note, &name_of(&target.get_untracked())).into_any(),
                        Preview::Failed(why) => view! { <p class="message error">{why}</p> }.into_any(),
                        Preview::Nothing => ().into_any(),
                    }}
                </div>
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || copying.with(|c| *c == CopyState::Copying) || tx.state.get() == TxState::LoginAgain>
                        {move || if copying.with(|c| *c == CopyState::Copying) {
                            tr("Copying\u{2026}").to_string()
                        } else {
                            let t = target.get();
                            trf!("Copy and overwrite the config of {name}", name = if is_object_id(&t) { name_of(&t) } else { tr("the employee").into() })
                        }}
                    </button>
                </div>
            </form>
            <div id="tx-result" class="result" tabindex="-1" aria-live="polite">
                {move || match copying.get() {
                    CopyState::Copied(r) => view! {
                        <div class="outcome ok" role="status">
                            <p class="outcome-title"><strong>{trf!("Copied: the mobile config of {name} is now", name = name_of(&r.id))}</strong></p>
                            {config_view(&r)}
                        </div>
                    }.into_any(),
                    CopyState::Failed(why) => view! {
                        <div class="outcome failed" role="alert">
                            <p class="outcome-title"><strong>{tr("The config was not copied.")}</strong></p>
                            <p class="error-text">{why}</p>
                        </div>
                    }.into_any(),
                    CopyState::NotYet | CopyState::Copying => ().into_any(),
                }}
            </div>
        </section>
    }
}

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

fn config_view(c: &MobileConfig) -> impl IntoView {
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
        <div class="table-scroll" tabindex="0" role="region" aria-label=tr("What the copy changes")>
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
                            <span class="hint">{format!(" +{} \u{2212}{}", c.added.len(), c.removed.len())}</span>
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
