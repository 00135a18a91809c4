//! The copy form: the customer, the employee to overwrite (searched,
//! paged), the config to copy from, the preview and the copy.

use super::preview::{config_view, preview_view};
use super::state::*;
use crate::api::scope::Scope;
use crate::api::telecomx::{self, is_object_id, EmployeePage, MobileConfig, TxError};
use crate::api::tx::{Tx, TxState};
use crate::i18n::tr;
use crate::pick::{matches, Choice};
use crate::trf;
use crate::ui::combobox::{Combo, Combobox};
use crate::ui::field::TextField;
use crate::ui::{debounce, effect, focus_by_id, spawn};
use leptos::prelude::*;

#[component]
pub(super) fn CopyForm(tx: Tx, page: TxPage) -> impl IntoView {
    let TxPage {
        customer,
        target,
        source,
        names,
        copy_form: form,
        copying,
        copied,
        copies: copy_scope,
        ..
    } = page;
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
            let what = crate::api::charges::What {
                kind: crate::api::journal::Kind::MobileConfigCopy,
                action: trf!(
                    "Copy the mobile config of {from} onto {to} (overwriting it)",
                    from = name_of(&s),
                    to = name_of(&t)
                ),
                customer: c.clone(),
            };
            let r = tx
                .change(
                    copy_scope.want(),
                    telecomx::copy(&tx.base(), &s, &t),
                    what,
                    c.clone(),
                )
                .await
                .map(|r| r.and_then(|v| telecomx::read::<MobileConfig>(200, &v)));
            let Some(r) = r else {
                // Not wanted any more: logged out, or the page was left.
                let _ = copying.try_set(CopyState::NotYet);
                return;
            };
            copying.set(match r {
                Ok(done) => {
                    // What was copied is no longer an edit.
                    copied.set((t.clone(), s.clone()));
                    CopyState::Copied(done)
                }
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
