//! PBX connections (contract 1.2): list the customer's PBXs, create a Kazoo
//! or 3CX connection profile, check whether its account or licence is
//! already connected, enable it, delete it. The page is a wasm chunk of its
//! own, fetched when first shown (docs/decisions.md, Size). Its rooms: the
//! create form and its checks (`form.rs`), the page's states and the
//! enable/delete changes (`state.rs`), and this, the page's view.

mod form;
mod state;

use form::{Form, Variant};
use state::{run_change, Change, Enabled, InUseCheck, ListState, Notice, PbxAction, PbxState};

use crate::api::client::use_api;
use crate::api::dimensions::{self, data_as, InUse, Pbx, PbxProfile};
use crate::api::journal::Shown;
use crate::api::scope::Scope;
use crate::api::ApiError;
use crate::embed::protocol::detail;
use crate::i18n::tr;
use crate::session::use_session;
use crate::trf;
use crate::ui::curl::CopyAsCurl;
use crate::ui::dialog::{ConfirmDialog, Confirmation};
use crate::ui::field::TextField;
use crate::ui::guard::use_guard;
use crate::ui::{debounce, effect, focus_by_id, look_up, spawn};
use crate::validate;
use leptos::prelude::*;

// The page as app.rs shows it, in a chunk with all that only it uses (this
// module, the confirm dialog).
crate::chunk_page!(pbx_page, pbx, PbxPage);

#[component]
pub fn PbxPage() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let state = PbxState::of_app();
    use_guard().watch(state.has_edits());
    let PbxState {
        form,
        baseline,
        list,
        enabled,
        created,
        create_request,
        creating,
        notice,
        in_use,
        confirm,
        target,
        changing,
        changes,
    } = state;

    let tenant = move || {
        let t = session.tenant.get();
        validate::is_guid(&t).then(|| validate::normalize_guid(&t))
    };

    // The list, (re)loaded whenever the tenant or the token changes, and after
    // every change made here. A newer load supersedes an older one (a
    // newer tenant may have been chosen meanwhile: the newest is kept).
    let list_scope = Scope::new();
    let refresh = move || {
        let want = list_scope.renew();
        let Some(t) = tenant() else {
            list.set(ListState::NeedSession);
            return;
        };
        if !session.has_token() {
            list.set(ListState::NeedSession);
            return;
        }
        list.set(ListState::Loading);
        let req = dimensions::list_pbxs(&api.dimensions_base(), &t);
        spawn(async move {
            let Some(answer) = api.read(want, req).await else {
                return;
            };
            match answer.and_then(|s| data_as::<Vec<Pbx>>(&s)) {
                Ok(pbxs) => {
                    // The list does not say which are enabled: each PBX's
                    // own answer does (as many at a time as the list has).
                    enabled.set(
                        pbxs.iter()
                            .map(|p| {
                                (
                                    p.id.clone(),
                                    p.enabled.map_or(Enabled::Checking, Enabled::Known),
                                )
                            })
                            .collect(),
                    );
                    for p in pbxs.iter().filter(|p| p.enabled.is_none()) {
                        let (id, req) = (
                            p.id.clone(),
                            dimensions::get_pbx(&api.dimensions_base(), &t, &p.id),
                        );
                        spawn(async move {
                            let Some(answer) = api.read(want, req).await else {
                                return;
                            };
                            let state = match answer.and_then(|s| data_as::<Pbx>(&s)) {
                                Ok(Pbx {
                                    enabled: Some(on), ..
                                }) => Enabled::Known(on),
                                _ => Enabled::Unknown,
                            };
                            enabled.update(|all| {
                                if let Some(slot) = all.iter_mut().find(|(i, _)| *i == id) {
                                    slot.1 = state;
                                }
                            });
                        });
                    }
                    list.set(ListState::Loaded(pbxs));
                }
                Err(e) => list.set(ListState::Failed(e)),
            }
        });
    };
    effect(move || {
        tenant();
        session.has_token();
        untrack(refresh);
    });

    // "Already in use?" as the account id / licence key is typed (debounced;
    // an older answer never overwrites a newer question).
    let asked = Scope::new();
    effect(move || {
        let id = form.instance_id();
        asked.supersede();
        if id.is_empty() || !session.has_token() {
            in_use.set(InUseCheck::Idle);
            return;
        }
        in_use.set(InUseCheck::Checking);
        debounce(asked, 400, move || {
            let req = dimensions::pbx_in_use(&api.dimensions_base(), &id);
            look_up(api, asked, req, move |result: Result<InUse, _>| {
                in_use.set(match result {
                    Ok(r) if r.exists => InUseCheck::Taken {
                        tenant: r.tenant_id.unwrap_or_else(|| tr("unknown").into()),
                    },
                    Ok(_) => InUseCheck::Free,
                    Err(e) => InUseCheck::Failed(e.to_string()),
                });
            });
        });
    });

    // Plain signals and `spawn`, not an `Action`: the same behaviour for
    // less wasm (docs/decisions.md, Size).
    let create = move |profile: PbxProfile| {
        let req =
            untrack(tenant).map(|t| dimensions::create_pbx(&api.dimensions_base(), &t, &profile));
        let what = api.what(
            crate::api::journal::Kind::PbxCreate,
            match &profile {
                PbxProfile::Kazoo(k) => trf!(
                    "Create the Kazoo PBX connection \u{201c}{name}\u{201d}",
                    name = k.name.trim()
                ),
                PbxProfile::ThreeCx(t) => trf!(
                    "Create the 3CX PBX connection \u{201c}{name}\u{201d}",
                    name = t.name.trim()
                ),
            },
        );
        creating.set(true);
        create_request.set_value(req.clone());
        let sent_values = untrack(|| form.values());
        spawn(async move {
            let result = match req {
                Some(req) => match api.call(changes.want(), req, what).await {
                    Some(answer) => answer.and_then(|s| data_as::<Pbx>(&s)),
                    None => {
                        let _ = creating.try_set(false);
                        return;
                    }
                },
                None => Err(ApiError::BadRequest {
                    message: Some(
                        tr("Enter a valid customer tenant id in the session panel.").into(),
                    ),
                }),
            };
            creating.set(false);
            match result {
                Ok(pbx) => {
                    api.completed(
                        "pbx.created",
                        detail(&[
                            ("customerId", Some(&pbx.tenant_id)),
                            ("pbxId", Some(&pbx.id)),
                            ("name", Some(&pbx.name)),
                            ("type", Some(&pbx.kind)),
                        ]),
                    );
                    created.set(Some(Ok(pbx)));
                    // What was sent is no longer an edit.
                    baseline.set(sent_values);
                    untrack(refresh);
                }
                Err(e) => created.set(Some(Err(e))),
            }
            focus_by_id("pbx-result");
        });
    };

    let submit = move || {
        session.tenant_touched.set(true);
        let mut checks = vec![(
            crate::ui::session_panel::TENANT_INPUT,
            !validate::is_guid(&session.tenant.get_untracked()),
        )];
        checks.extend(
            untrack(|| form.checks())
                .into_iter()
                .map(|(id, r)| (id, r.is_err())),
        );
        if !form.marks.submit(&checks) {
            return;
        }
        if !creating.get_untracked() {
            create(untrack(|| form.profile()));
        }
    };

    let ask_enable = move |id: String, name: String| {
        target.set_value(Some((PbxAction::Enable, id, name.clone())));
        confirm.set(Some(Confirmation {
            title: trf!("Enable \u{201c}{name}\u{201d}?", name = name),
            text: tr("Enabling (re)starts this PBX's event collection: the console's statistics start counting its calls from now on.").into(),
            confirm_label: tr("Enable and start collecting").into(),
            danger: false,
            type_to_confirm: None,
        }));
    };
    let ask_delete = move |id: String, name: String| {
        target.set_value(Some((PbxAction::Delete, id, name.clone())));
        confirm.set(Some(Confirmation {
            title: trf!("Delete \u{201c}{name}\u{201d}?", name = name),
            text: tr("Deleting disconnects this PBX from the customer: its events are no longer collected. This cannot be undone here.").into(),
            confirm_label: tr("Delete PBX").into(),
            danger: true,
            type_to_confirm: Some(name),
        }));
    };
    // The enable or delete on its way (`changing`): one at a time, its
    // buttons disabled meanwhile.
    let on_confirm = Callback::new(move |_: Confirmation| {
        if changing.with_untracked(Option::is_some) {
            return;
        }
        let (Some((action, id, name)), Some(t)) = (target.get_value(), untrack(tenant)) else {
            return;
        };
        changing.set(Some((action, id.clone())));
        run_change(
            Change {
                api,
                scope: changes,
                action,
                tenant: t,
                id,
                name,
                notice,
                created,
                changing,
            },
            refresh,
        );
    });
    let busy = move || changing.with(Option::is_some);

    view! {
        <section class="card" aria-labelledby="pbx-title">
            <h1 id="pbx-title">{tr("PBX connections")}</h1>
            <p class="lead">{tr("The customer's PBX connection profiles: create, enable and delete them.")}</p>
            <div class="actions">
                <button type="button" class="button small" on:click=move |_| refresh()>{tr("Refresh list")}</button>
            </div>
            // Not a live region: a screen reader hears the change made
            // (the notice below), not the whole table again.
            <div id="pbx-list">
                {move || match list.get() {
                    ListState::NeedSession => view! { <p class="note">{tr("Enter a customer tenant id and a token in the session panel to see the customer's PBXs.")}</p> }.into_any(),
                    ListState::Loading => view! { <p class="note"><span class="spinner" aria-hidden="true"></span>{tr(" Loading PBXs\u{2026}")}</p> }.into_any(),
                    ListState::Failed(e) => view! { <p class="message error">{trf!("The list could not be loaded. {error}", error = e)}</p> }.into_any(),
                    ListState::Loaded(pbxs) if pbxs.is_empty() => view! { <p class="note">{tr("This customer has no PBX connection yet.")}</p> }.into_any(),
                    ListState::Loaded(pbxs) => view! {
                        <table class="list">
                            <thead><tr><th scope="col">{tr("Name")}</th><th scope="col">{tr("Type")}</th><th scope="col">{tr("Enabled")}</th><th scope="col">{tr("Actions")}</th></tr></thead>
                            <tbody>
                                {pbxs.into_iter().map(|p| {
                                    let (id1, name1) = (p.id.clone(), p.name.clone());
                                    let (id2, name2) = (p.id.clone(), p.name.clone());
                                    let id = StoredValue::new(p.id.clone());
                                    let state = move || id.with_value(|id| enabled.with(|all| all.iter().find(|(i, _)| i == id).map_or(Enabled::Unknown, |(_, e)| *e)));
                                    let enable_label = trf!("Enable {name}", name = p.name);
                                    view! {
                                        <tr>
                                            <td>{p.name.clone()}</td>
                                            <td>{p.kind_label().to_string()}</td>
                                            <td>{move || match state() {
                                                Enabled::Known(true) => tr("Yes"),
                                                Enabled::Known(false) => tr("No"),
                                                Enabled::Checking => tr("Checking\u{2026}"),
                                                Enabled::Unknown => tr("Unknown"),
                                            }}</td>
                                            <td class="actions-cell">
                                                // Only where it is known to be off: enabling
                                                // restarts the event collector of one that is on.
                                                {move || (state() == Enabled::Known(false)).then(|| {
                                                    let (id1, name1) = (id1.clone(), name1.clone());
                                                    view! {
                                                        <button type="button" class="button small" aria-label=enable_label.clone() disabled=busy
                                                            on:click=move |_| ask_enable(id1.clone(), name1.clone())>{tr("Enable")}</button>
                                                    }
                                                })}
                                                <button type="button" class="button small danger" aria-label=trf!("Delete {name}", name = p.name) disabled=busy
                                                    on:click=move |_| ask_delete(id2.clone(), name2.clone())>{tr("Delete")}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }}
            </div>
            <div id="pbx-notice" aria-live="polite">
                {move || notice.get().map(|n| match n {
                    Notice::Ok(t) => view! { <p class="message ok-text" role="status">{t}</p> }.into_any(),
                    Notice::Err(t, curl) => view! {
                        <div role="alert">
                            <p class="message error">{t}</p>
                            <CopyAsCurl command=curl />
                        </div>
                    }.into_any(),
                })}
            </div>
        </section>

        <section class="card" aria-labelledby="pbx-new-title">
            <h2 id="pbx-new-title">{tr("New PBX connection")}</h2>
            <form class="form" novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <fieldset class="field radios">
                    <legend>{tr("PBX type")}</legend>
                    <div class="switch">
                        {[(Variant::Kazoo, "Kazoo", "pbx-type-kazoo"), (Variant::ThreeCx, "3CX", "pbx-type-3cx")].into_iter().map(|(v, label, id)| view! {
                            <span class="check">
                                <input type="radio" name="pbxType" id=id prop:checked=move || form.variant() == v on:change=move |_| form.variant.set(v) />
                                <label for=id>{label}</label>
                            </span>
                        }).collect_view()}
                    </div>
                </fieldset>
                {move || match form.variant() {
                    Variant::Kazoo => kazoo_fields(form).into_any(),
                    Variant::ThreeCx => threecx_fields(form).into_any(),
                }}
                <div id="pbx-in-use" aria-live="polite">
                    {move || match in_use.get() {
                        InUseCheck::Idle => None,
                        InUseCheck::Checking => Some(view! { <p class="note">{tr("Checking whether it is already connected\u{2026}")}</p> }.into_any()),
                        InUseCheck::Free => Some(view! { <p class="note">{tr("Not connected to any customer yet.")}</p> }.into_any()),
                        InUseCheck::Taken { tenant } => Some(view! {
                            <p class="note warning" role="alert">{trf!("Already in use: this instance is connected to tenant {tenant}. Creating another connection to it will be refused.", tenant = tenant)}</p>
                        }.into_any()),
                        InUseCheck::Failed(e) => Some(view! {
                            <p class="note">{trf!("Could not check whether it is already connected ({error}). You can still save.", error = e)}</p>
                        }.into_any()),
                    }}
                </div>
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || creating.get()>
                        {move || if creating.get() { view! { <span class="spinner" aria-hidden="true"></span>{tr("Creating\u{2026}")} }.into_any() } else { tr("Create PBX").into_any() }}
                    </button>
                </div>
            </form>
            <div id="pbx-result" class="result" tabindex="-1" aria-live="polite">
                {move || created.get().and_then(Result::err).map(|e| view! {
                    <div class="outcome failed" role="alert">
                        <p class="outcome-title"><strong>{tr("The PBX was not created.")}</strong></p>
                        <p class="error-text">{e.to_string()}</p>
                        {create_request.get_value().map(|r| view! { <CopyAsCurl command=Shown::of(&r).curl() /> })}
                    </div>
                })}
                {move || created.get().and_then(Result::ok).map(|p| created_card(p, ask_enable, busy))}
            </div>
        </section>
        <ConfirmDialog id="pbx-confirm" ask=confirm on_confirm=on_confirm />
    }
}

fn kazoo_fields(f: Form) -> impl IntoView {
    view! {
        <TextField id="pbx-k-name" label=tr("PBX name") value=f.k_name error=f.error("pbx-k-name") on_blur=f.marks.on_blur("pbx-k-name") />
        <TextField id="pbx-k-rest" label=tr("REST host") value=f.k_rest error=f.error("pbx-k-rest") placeholder="https://rest.example.com" hint=tr("The Kazoo REST API address, starting with https://.") on_blur=f.marks.on_blur("pbx-k-rest") />
        <TextField id="pbx-k-ws" label=tr("Websocket host") value=f.k_ws error=f.error("pbx-k-ws") placeholder="wss://ws.example.com" hint=tr("The Kazoo websocket address, starting with wss://.") on_blur=f.marks.on_blur("pbx-k-ws") />
        <TextField id="pbx-k-account" label=tr("Account id") value=f.k_account error=f.error("pbx-k-account") hint=tr("The Kazoo account to connect.") on_blur=f.marks.on_blur("pbx-k-account") />
        <TextField id="pbx-k-key" label=tr("API key") value=f.k_key error=f.error("pbx-k-key") secret=true on_blur=f.marks.on_blur("pbx-k-key") />
        <div class="check">
            <input type="checkbox" id="pbx-k-monitor" prop:checked=move || f.k_monitor.get() on:change=move |ev| f.k_monitor.set(event_target_checked(&ev)) />
            <label for="pbx-k-monitor">{tr("Monitor sub-accounts")}</label>
        </div>
    }
}

fn threecx_fields(f: Form) -> impl IntoView {
    view! {
        <TextField id="pbx-t-name" label=tr("PBX name") value=f.t_name error=f.error("pbx-t-name") on_blur=f.marks.on_blur("pbx-t-name") />
        <TextField id="pbx-t-license" label=tr("Licence key") value=f.t_license error=f.error("pbx-t-license") on_blur=f.marks.on_blur("pbx-t-license") />
        <TextField id="pbx-t-user" label=tr("Username") value=f.t_user error=f.error("pbx-t-user") on_blur=f.marks.on_blur("pbx-t-user") />
        <TextField id="pbx-t-password" label=tr("Password") value=f.t_password error=f.error("pbx-t-password") secret=true on_blur=f.marks.on_blur("pbx-t-password") />
        <div class="check">
            <input type="checkbox" id="pbx-t-archive" prop:checked=move || f.t_archive.get() on:change=move |ev| f.t_archive.set(event_target_checked(&ev)) />
            <label for="pbx-t-archive">{tr("Recording archive")}</label>
        </div>
        <Show when=move || f.t_archive.get()>
            <TextField id="pbx-t-frequency" label=tr("Archive frequency") value=f.t_frequency error=f.error("pbx-t-frequency") hint=tr("How often recordings are archived, in hours, minutes and seconds (hh:mm:ss), from 00:00:01 to 23:59:59.") on_blur=f.marks.on_blur("pbx-t-frequency") />
            <div class="presets" role="group" aria-label=tr("Frequency presets")>
                {tr("Presets:")} " "
                {[(tr("15 min"), "00:15:00"), (tr("20 min"), "00:20:00"), (tr("1 hour"), "01:00:00"), (tr("6 hours"), "06:00:00"), (tr("12 hours"), "12:00:00")].into_iter().map(|(label, v)| view! {
                    <button type="button" class="button small" on:click=move |_| f.t_frequency.set(v.to_string())>{label}</button>
                }).collect_view()}
            </div>
        </Show>
    }
}

/// The new PBX, secrets masked.
fn created_card(
    p: Pbx,
    ask_enable: impl Fn(String, String) + Copy + 'static,
    busy: impl Fn() -> bool + Send + Sync + Copy + 'static,
) -> impl IntoView {
    let masked = "\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}";
    let (secret_label, instance_label, instance) = match p.kind.as_str() {
        dimensions::THREECX_TYPE => (tr("Password"), tr("Licence key"), p.license_key.clone()),
        _ => (tr("API key"), tr("Account id"), p.account_id.clone()),
    };
    let enabled = p.enabled == Some(true);
    let (id, name) = (p.id.clone(), p.name.clone());
    view! {
        <div class="outcome ok" role="status">
            <p class="outcome-title"><strong>{trf!("Created \u{201c}{name}\u{201d} (201 Created)", name = p.name)}</strong></p>
            <dl class="facts">
                <dt>{tr("PBX id")}</dt><dd>{p.id.clone()}</dd>
                <dt>{tr("Type")}</dt><dd>{p.kind_label().to_string()}</dd>
                <dt>{tr("Tenant id")}</dt><dd>{p.tenant_id.clone()}</dd>
                <dt>{tr("Country code")}</dt><dd>{p.country_code.clone().unwrap_or_else(|| tr("not given").into())}</dd>
                <dt>{instance_label}</dt><dd>{instance.unwrap_or_default()}</dd>
                <dt>{secret_label}</dt><dd>{masked}</dd>
                <dt>{tr("Enabled")}</dt><dd>{if enabled { tr("Yes") } else { tr("No") }}</dd>
            </dl>
            {(!enabled).then(|| view! {
                <p>{tr("A new PBX collects nothing until it is enabled.")}</p>
                <button type="button" class="button primary" disabled=busy on:click=move |_| ask_enable(id.clone(), name.clone())>{tr("Enable this PBX")}</button>
            })}
        </div>
    }
}
