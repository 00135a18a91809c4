//! Browser tests (wasm-bindgen-test in headless Chromium): pages render and
//! inline validation messages appear and clear as a person types.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use switchboard::config::Config;
use switchboard::features::softphone::SoftphonesPage;
use switchboard::provide_app_context;
use switchboard::ui::session_panel::SessionPanel;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn config() -> Config {
    Config {
        dimensions_api_base: "http://127.0.0.1:9/api".into(),
        telecomx_api_base: "http://127.0.0.1:9/telecomx".into(),
        embed_allowed_origins: vec![],
        request_timeout_seconds: 15,
    }
}

/// Mounts the session panel and the Softphones page in a fresh container.
fn mount() -> HtmlElement {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || {
        provide_app_context(config());
        view! {
            <SessionPanel />
            <SoftphonesPage />
        }
    });
    handle.forget();
    root
}

fn input(root: &HtmlElement, id: &str) -> HtmlInputElement {
    root.query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

async fn type_into(root: &HtmlElement, id: &str, text: &str) {
    let el = input(root, id);
    el.set_value(text);
    el.dispatch_event(&Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
}

async fn leave(root: &HtmlElement, id: &str) {
    input(root, id)
        .dispatch_event(&Event::new("blur").unwrap())
        .unwrap();
    leptos::task::tick().await;
}

fn message(root: &HtmlElement, id: &str) -> Option<String> {
    root.query_selector(&format!("#{id}-msg"))
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn the_page_renders_its_fields_and_client_types() {
    let root = mount();
    leptos::task::tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Softphones"));
    for label in [
        "Customer",
        "Bearer token",
        "User",
        "Device id",
        "Desktop",
        "Mobile",
        "WebRTC",
        "CRM",
    ] {
        assert!(text.contains(label), "missing {label}");
    }
    assert_eq!(input(&root, "session-token").type_(), "password");
    for wire in ["desktop", "mobile", "webrtc", "crm"] {
        let radio = input(&root, &format!("sp-client-{wire}"));
        assert_eq!(radio.type_(), "radio");
        // Each option is labelled and described.
        let desc = radio.get_attribute("aria-describedby").unwrap();
        assert!(!root
            .query_selector(&format!("#{desc}"))
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
            .is_empty());
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn a_user_id_error_appears_after_leaving_the_field_and_clears_when_fixed() {
    let root = mount();
    type_into(&root, "sp-user", "1b4e28ba").await;
    assert_eq!(
        message(&root, "sp-user"),
        None,
        "no nagging while a valid prefix is typed"
    );
    leave(&root, "sp-user").await;
    let msg = message(&root, "sp-user").expect("message after blur");
    assert!(
        msg.contains("Choose a user from the list, or paste its id"),
        "{msg}"
    );
    let el = input(&root, "sp-user");
    assert_eq!(el.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(el
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("sp-user-msg"));

    type_into(&root, "sp-user", "1b4e28ba-2fa1-41d2-883f-0016d3cca427").await;
    assert_eq!(message(&root, "sp-user"), None);
    assert_eq!(
        input(&root, "sp-user")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    root.remove();
}

/// A name typed in the customer picker is a search, not a mistake: no
/// message while typing; leaving it unchosen says what to do.
#[wasm_bindgen_test]
async fn a_customer_name_is_searched_not_flagged_until_left_unchosen() {
    let root = mount();
    type_into(&root, "session-tenant", "acme corp").await;
    assert_eq!(message(&root, "session-tenant"), None);
    leave(&root, "session-tenant").await;
    let msg = message(&root, "session-tenant").expect("message after blur");
    assert!(msg.contains("Choose a customer from the list"), "{msg}");
    type_into(
        &root,
        "session-tenant",
        "11111111-2222-4333-8444-555555555555",
    )
    .await;
    assert_eq!(message(&root, "session-tenant"), None);
    root.remove();
}

fn key(root: &HtmlElement, id: &str, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input(root, id).dispatch_event(&ev).unwrap();
}

/// The combobox pattern, on a combobox whose list its owner fills (here by
/// hand, as a search would): roles, expanded state, the active entry by
/// `aria-activedescendant`, Enter to choose, Escape to close.
#[wasm_bindgen_test]
async fn the_combobox_is_keyboard_operable_with_its_aria_states() {
    use switchboard::pick::Choice;
    use switchboard::ui::combobox::{Combo, Combobox};
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let value = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let more_asked = RwSignal::new(0u32);
    let combo_out = std::rc::Rc::new(std::cell::Cell::new(None));
    let keep = combo_out.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let combo = Combo::bound_to(value);
        keep.set(Some(combo));
        view! {
            <Combobox
                id="cb"
                label="Thing"
                hint="Pick a thing."
                combo
                error=Signal::derive(|| None::<String>)
                on_choose=Callback::new(move |c: Choice| chosen.update(|v| v.push(c.id)))
                on_more=Callback::new(move |_| more_asked.update(|n| *n += 1))
                on_blur=Callback::new(|_| {})
            />
        }
    });
    leptos::task::tick().await;
    let combo = combo_out.get().unwrap();
    let cb = input(&root, "cb");
    assert_eq!(cb.get_attribute("role").as_deref(), Some("combobox"));
    assert_eq!(
        cb.get_attribute("aria-controls").as_deref(),
        Some("cb-list")
    );
    assert_eq!(
        cb.get_attribute("aria-autocomplete").as_deref(),
        Some("list")
    );
    assert_eq!(cb.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(cb.get_attribute("aria-activedescendant").is_none());
    let list = root.query_selector("#cb-list").unwrap().unwrap();
    assert_eq!(list.get_attribute("role").as_deref(), Some("listbox"));

    type_into(&root, "cb", "th").await;
    combo.options.set(vec![
        Choice {
            id: "11111111-0000-4000-8000-000000000001".into(),
            label: "Thor".into(),
            detail: "T-1".into(),
        },
        Choice {
            id: "11111111-0000-4000-8000-000000000002".into(),
            label: "Thyra".into(),
            detail: "T-2".into(),
        },
    ]);
    combo.more.set(true);
    leptos::task::tick().await;
    assert_eq!(cb.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        root.query_selector_all("#cb-list [role=option]")
            .unwrap()
            .length(),
        3
    );

    // Down, down, down: Thor, Thyra, "Load more"; then it wraps to Thor.
    for expected in ["cb-opt-0", "cb-opt-1", "cb-more", "cb-opt-0"] {
        key(&root, "cb", "ArrowDown");
        leptos::task::tick().await;
        assert_eq!(
            cb.get_attribute("aria-activedescendant").as_deref(),
            Some(expected)
        );
        let active = root
            .query_selector(&format!("#{expected}"))
            .unwrap()
            .unwrap();
        assert_eq!(
            active.get_attribute("aria-selected").as_deref(),
            Some("true")
        );
    }
    key(&root, "cb", "ArrowUp");
    leptos::task::tick().await;
    assert_eq!(
        cb.get_attribute("aria-activedescendant").as_deref(),
        Some("cb-more")
    );
    key(&root, "cb", "Enter");
    leptos::task::tick().await;
    assert_eq!(
        more_asked.get_untracked(),
        1,
        "Enter on Load more asks for more"
    );
    assert_eq!(cb.get_attribute("aria-expanded").as_deref(), Some("true"));

    // Up to Thyra, Enter: chosen; the text is its name, the value its id.
    key(&root, "cb", "ArrowUp");
    leptos::task::tick().await;
    key(&root, "cb", "Enter");
    leptos::task::tick().await;
    assert_eq!(
        chosen.get_untracked(),
        ["11111111-0000-4000-8000-000000000002"]
    );
    assert_eq!(cb.value(), "Thyra");
    assert_eq!(
        value.get_untracked(),
        "11111111-0000-4000-8000-000000000002"
    );
    assert_eq!(cb.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(cb.get_attribute("aria-activedescendant").is_none());

    // Typing again: the value is the text until something is chosen.
    type_into(&root, "cb", "Thyr").await;
    assert_eq!(value.get_untracked(), "Thyr");
    assert_eq!(cb.get_attribute("aria-expanded").as_deref(), Some("true"));
    key(&root, "cb", "Escape");
    leptos::task::tick().await;
    assert_eq!(cb.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(cb.value(), "Thyr", "Escape keeps the text");
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_odd_device_id_warns_without_blocking() {
    let root = mount();
    type_into(&root, "sp-device", "desk-phone-7").await;
    let msg = message(&root, "sp-device").expect("warning");
    assert!(
        msg.contains("does not look like a Kazoo device id"),
        "{msg}"
    );
    assert_eq!(
        input(&root, "sp-device")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("false")
    );
    type_into(&root, "sp-device", "0123456789abcdef0123456789abcdef").await;
    assert_eq!(message(&root, "sp-device"), None);
    root.remove();
}

#[wasm_bindgen_test]
async fn submitting_an_empty_form_shows_every_message_and_keeps_input() {
    let root = mount();
    type_into(&root, "sp-device", "0123456789abcdef0123456789abcdef").await;
    let assign: HtmlElement = root
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assign.click();
    leptos::task::tick().await;
    assert!(message(&root, "session-tenant")
        .unwrap()
        .contains("Choose the customer"));
    assert!(message(&root, "sp-user")
        .unwrap()
        .contains("Choose the user"));
    assert!(root.query_selector("#sp-client-msg").unwrap().is_some());
    assert_eq!(
        input(&root, "sp-device").value(),
        "0123456789abcdef0123456789abcdef"
    );
    // Nothing was sent: no result is shown.
    assert!(root
        .query_selector("#sp-result .outcome")
        .unwrap()
        .is_none());
    root.remove();
}

// ---- PBX connections page ----

fn mount_pbx() -> HtmlElement {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), || {
        provide_app_context(config());
        view! {
            <SessionPanel />
            <switchboard::features::pbx::PbxPage />
        }
    })
    .forget();
    root
}

async fn check(root: &HtmlElement, id: &str) {
    let el = input(root, id);
    el.set_checked(true);
    el.dispatch_event(&Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
    leptos::task::tick().await;
}

async fn click(root: &HtmlElement, selector: &str) {
    let el: HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into();
    el.click();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn switching_the_pbx_type_shows_only_its_fields_and_keeps_what_was_typed() {
    let root = mount_pbx();
    leptos::task::tick().await;
    assert!(root.query_selector("#pbx-k-rest").unwrap().is_some());
    assert!(root.query_selector("#pbx-t-license").unwrap().is_none());
    type_into(&root, "pbx-k-name", "HQ Kazoo").await;
    type_into(&root, "pbx-k-account", "acct-1").await;

    check(&root, "pbx-type-3cx").await;
    assert!(root.query_selector("#pbx-k-rest").unwrap().is_none());
    assert!(root.query_selector("#pbx-t-license").unwrap().is_some());
    // The archive frequency only shows when the archive is on.
    assert!(root.query_selector("#pbx-t-frequency").unwrap().is_none());
    check(&root, "pbx-t-archive").await;
    let shown = input(&root, "pbx-t-frequency").value();
    assert_eq!(shown, "00:20:00", "default frequency");
    type_into(&root, "pbx-t-license", "LIC-9").await;

    check(&root, "pbx-type-kazoo").await;
    assert_eq!(input(&root, "pbx-k-name").value(), "HQ Kazoo");
    assert_eq!(input(&root, "pbx-k-account").value(), "acct-1");
    check(&root, "pbx-type-3cx").await;
    assert_eq!(input(&root, "pbx-t-license").value(), "LIC-9");
    assert_eq!(input(&root, "pbx-t-frequency").value(), "00:20:00");
    root.remove();
}

#[wasm_bindgen_test]
async fn pbx_fields_validate_inline() {
    let root = mount_pbx();
    leptos::task::tick().await;
    type_into(&root, "pbx-k-rest", "http://rest.example.com").await;
    leave(&root, "pbx-k-rest").await;
    assert!(message(&root, "pbx-k-rest").unwrap().contains("https://"));
    type_into(&root, "pbx-k-rest", "https://rest.example.com").await;
    assert_eq!(message(&root, "pbx-k-rest"), None);

    type_into(&root, "pbx-k-ws", "https://ws.example.com").await;
    leave(&root, "pbx-k-ws").await;
    assert!(message(&root, "pbx-k-ws").unwrap().contains("wss://"));

    check(&root, "pbx-type-3cx").await;
    check(&root, "pbx-t-archive").await;
    for bad in ["25:00:00", "abc"] {
        type_into(&root, "pbx-t-frequency", bad).await;
        leave(&root, "pbx-t-frequency").await;
        assert!(
            message(&root, "pbx-t-frequency")
                .unwrap()
                .contains("hh:mm:ss"),
            "{bad}"
        );
    }
    // A preset fixes it.
    click(&root, ".presets button:nth-of-type(3)").await;
    assert_eq!(input(&root, "pbx-t-frequency").value(), "01:00:00");
    assert_eq!(message(&root, "pbx-t-frequency"), None);

    // Submitting shows every other missing field.
    click(&root, "form button[type=submit]").await;
    for id in [
        "pbx-t-name",
        "pbx-t-license",
        "pbx-t-user",
        "pbx-t-password",
    ] {
        assert!(message(&root, id).unwrap().starts_with("Enter the"), "{id}");
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn secrets_are_masked_with_a_show_hide_toggle() {
    let root = mount_pbx();
    leptos::task::tick().await;
    type_into(&root, "pbx-k-key", "s3cret").await;
    assert_eq!(input(&root, "pbx-k-key").type_(), "password");
    click(&root, "button.reveal[aria-controls=pbx-k-key]").await;
    assert_eq!(input(&root, "pbx-k-key").type_(), "text");
    assert_eq!(input(&root, "pbx-k-key").value(), "s3cret");
    click(&root, "button.reveal[aria-controls=pbx-k-key]").await;
    assert_eq!(input(&root, "pbx-k-key").type_(), "password");
    root.remove();
}

/// Embedding configured, but the page is not in a frame (these tests run in
/// a top-level page): the console is a plain page with its token field, and
/// no embedding bridge.
#[wasm_bindgen_test]
async fn allowed_embedders_alone_do_not_make_a_top_level_page_embedded() {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let is_embedded = std::rc::Rc::new(std::cell::Cell::new(None));
    let seen = is_embedded.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let api = provide_app_context(Config {
            embed_allowed_origins: vec!["https://portal.example".into()],
            ..config()
        });
        seen.set(Some(api.embedded()));
        view! { <SessionPanel /> }
    });
    leptos::task::tick().await;
    assert_eq!(is_embedded.get(), Some(false));
    assert_eq!(input(&root, "session-token").type_(), "password");
    assert!(root.query_selector(".embedded-session").unwrap().is_none());
    drop(handle);
    root.remove();
}

// ---- Mobile config copy (Telecom X) ----

fn mount_mobile_config() -> HtmlElement {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), || {
        provide_app_context(config());
        view! { <switchboard::features::telecomx::MobileConfigPage /> }
    })
    .forget();
    root
}

/// Ids are Telecom X object ids (24 hexadecimal characters): a pasted one is
/// taken, anything else is refused next to the field once left, and the
/// same employee on both sides is refused at once.
#[wasm_bindgen_test]
async fn telecomx_ids_are_checked_inline() {
    let root = mount_mobile_config();
    leptos::task::tick().await;
    assert!(root.text_content().unwrap().contains("Log in to Telecom X"));

    type_into(&root, "tx-customer", "c0ffee00000000000000000").await;
    assert_eq!(message(&root, "tx-customer"), None, "not before leaving");
    leave(&root, "tx-customer").await;
    assert!(message(&root, "tx-customer")
        .unwrap()
        .contains("24 characters"));
    type_into(&root, "tx-customer", "c0ffee000000000000000002").await;
    assert_eq!(message(&root, "tx-customer"), None);

    // A GUID (a Dimensions id) is not a Telecom X id.
    type_into(&root, "tx-target", "11111111-0000-4000-8000-000000000004").await;
    leave(&root, "tx-target").await;
    let m = message(&root, "tx-target").expect("a GUID is refused");
    assert!(
        m.contains("24 characters, 0\u{2013}9 and a\u{2013}f"),
        "{m}"
    );
    assert_eq!(
        input(&root, "tx-target")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    type_into(&root, "tx-target", " EE0000000000000000002004 ").await;
    assert_eq!(message(&root, "tx-target"), None);
    assert_eq!(
        input(&root, "tx-target").value(),
        " EE0000000000000000002004 ",
        "kept as typed"
    );

    // The same employee as source: refused without waiting for a blur.
    type_into(&root, "tx-source", "ee0000000000000000002004").await;
    let m = message(&root, "tx-source").expect("source = target is refused");
    assert!(m.contains("the employee to overwrite"), "{m}");
    type_into(&root, "tx-source", "ee0000000000000000002002").await;
    assert_eq!(message(&root, "tx-source"), None);
    root.remove();
}

/// The preview sets the target's config now beside what the copy makes of
/// it, per type, marking what is added and removed; a type only the target
/// has is emptied, and names are shown as text.
#[wasm_bindgen_test]
async fn the_preview_marks_what_a_copy_adds_and_removes() {
    use switchboard::api::telecomx::{ConfigSet, Item, MobileConfig};
    let item = |id: &str, name: &str| Item {
        id: id.into(),
        name: name.into(),
    };
    let config = |sets: Vec<(&str, Vec<Item>)>| MobileConfig {
        id: "x".into(),
        customer: "c".into(),
        configs: sets
            .into_iter()
            .map(|(kind, items)| ConfigSet {
                kind: kind.into(),
                items,
                others: vec![],
            })
            .collect(),
    };
    let source = config(vec![(
        "COLLEAGUES",
        vec![item("a", "Ann"), item("b", "<img src=x onerror=alert(1)>")],
    )]);
    let target = config(vec![
        (
            "COLLEAGUES",
            vec![item("B", "<img src=x onerror=alert(1)>"), item("c", "Cy")],
        ),
        ("QUEUES", vec![item("q", "Support")]),
    ]);
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), move || {
        switchboard::features::telecomx::preview_view(Some(&source), Some(&target), None, "Peter")
    })
    .forget();
    leptos::task::tick().await;
    let rows: Vec<String> = (0..)
        .map_while(|i| {
            root.query_selector(&format!("tbody tr:nth-child({})", i + 1))
                .unwrap()
                .map(|r| r.text_content().unwrap_or_default())
        })
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("COLLEAGUES +1 \u{2212}1"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("\u{2212} removed: Cy"), "{}", rows[0]);
    assert!(rows[0].contains("+ added: Ann"), "{}", rows[0]);
    assert!(
        !rows[0].contains("added: <img"),
        "kept entries are not marked"
    );
    assert!(rows[1].starts_with("QUEUES +0 \u{2212}1"), "{}", rows[1]);
    assert!(
        rows[1].contains("(none)"),
        "emptied by the copy: {}",
        rows[1]
    );
    assert!(root.text_content().unwrap().contains("Now (Peter)"));
    assert!(
        root.query_selector("img").unwrap().is_none(),
        "names are text"
    );
    root.remove();
}

// ---- The charge question (issue 15) ----

/// Waits `ms` milliseconds of the browser's clock.
async fn wait_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn question(action: &str) -> switchboard::api::charges::Question {
    switchboard::api::charges::Question {
        id: 0,
        what: switchboard::api::charges::What {
            action: action.into(),
            customer: "Nordlys Energi ApS".into(),
        },
        request: format!("PUT /api/v1.0/{action}"),
        body: None,
        message: None,
        rows: Vec::new(),
        uncertain: Vec::new(),
        confirm: "Confirm and accept charges".into(),
    }
}

#[wasm_bindgen_test]
async fn the_charge_dialog_shows_one_question_at_a_time_and_arms_confirm_late() {
    use switchboard::api::charges::Consent;
    use switchboard::ui::charge_dialog::ChargeDialogView;
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let api = std::rc::Rc::new(std::cell::Cell::new(None));
    let a = api.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        a.set(Some(provide_app_context(config())));
        view! { <ChargeDialogView /> }
    });
    leptos::task::tick().await;
    let charges = api.get().unwrap().charges();
    let answers = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    for action in ["mobile", "webrtc"] {
        let answers = answers.clone();
        leptos::task::spawn_local(async move {
            let c = charges.ask(question(action), std::future::pending()).await;
            answers.borrow_mut().push((action, c));
        });
    }
    leptos::task::tick().await;
    let dialog = || -> web_sys::HtmlDialogElement {
        root.query_selector("#charge-dialog")
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    let confirm = || -> web_sys::HtmlButtonElement {
        root.query_selector("#charge-dialog .button.primary")
            .unwrap()
            .unwrap()
            .unchecked_into()
    };
    assert!(dialog().open());
    let text = dialog().text_content().unwrap();
    assert!(text.contains("PUT /api/v1.0/mobile"), "{text}");
    assert!(text.contains("Nordlys Energi ApS"), "{text}");
    assert!(
        text.contains("1 more question about charges waits"),
        "{text}"
    );
    assert!(confirm().disabled(), "not armed at once");
    // A click on the disabled Confirm (a double click's second) does nothing.
    confirm().click();
    leptos::task::tick().await;
    assert!(answers.borrow().is_empty());
    wait_ms(800).await;
    assert!(!confirm().disabled(), "armed after a moment");
    confirm().click();
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(*answers.borrow(), [("mobile", Consent::Accepted)]);
    // The next question is drawn anew, its Confirm disarmed again.
    let text = dialog().text_content().unwrap();
    assert!(text.contains("PUT /api/v1.0/webrtc"), "{text}");
    assert!(!text.contains("more question"), "{text}");
    assert!(confirm().disabled());
    // Escape (the dialog's cancel) is a no for the question shown.
    dialog()
        .dispatch_event(&Event::new("cancel").unwrap())
        .unwrap();
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(
        *answers.borrow(),
        [("mobile", Consent::Accepted), ("webrtc", Consent::Declined)]
    );
    assert!(!dialog().open());
    drop(handle);
    root.remove();
}
