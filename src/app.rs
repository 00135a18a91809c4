//! The app: loads the runtime config, then mounts the console (or a clear
//! start-up error page), with the session, API client and charge dialog
//! provided as context.

use crate::api::client::Api;
use crate::config::{self, Config};
use crate::embed::{Embed, Phase};
use crate::features::bulk::bulk_page;
use crate::features::journal::journal_page;
use crate::features::pbx::pbx_page;
use crate::features::softphone::SoftphonesPage;
use crate::features::telecomx::mobile_config_page;
use crate::i18n::tr;
use crate::i18n::Lang;
use crate::nav::{self, Page};
use crate::session::{tenant_from_url, Session};
use crate::ui::charge_dialog::ChargeDialogView;
use crate::ui::guard::{use_guard, Guard};
use crate::ui::lang::{self, LanguageSwitcher};
use crate::ui::session_panel::SessionPanel;
use crate::ui::{effect, spawn};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Entry point called by `main`.
pub fn start() {
    // Panic messages in the console while developing; the release build
    // (panic = "abort") leaves the hook out to save its formatting code.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // Not `leptos::task::spawn_local`: its executor is set up by `mount`.
    wasm_bindgen_futures::spawn_local(async {
        // The language's table is fetched beside config.json, not after it
        // (index.html preloads config.json), and applied first, so that a
        // start-up error is in it too.
        let lang = lang::initial();
        let (table, file) = futures::join!(
            lang::fetch(lang, config::DEFAULT_TIMEOUT_SECONDS),
            config::fetch()
        );
        // A table that cannot be loaded leaves the text in English.
        if let Ok(pairs) = table {
            lang::apply(lang, pairs);
        }
        let loaded = config::read(file);
        if let Some(el) = document().get_element_by_id("boot") {
            el.remove();
        }
        leptos::mount::mount_to_body(move || match loaded {
            Ok(config) => view! { <App config /> }.into_any(),
            Err(message) => view! { <StartupError message /> }.into_any(),
        });
    });
}

/// Provides the contexts every page uses. Tests mount pages inside it.
/// In an allowed host's iframe, the embedding bridge is one of them.
pub fn provide_app_context(config: Config) -> Api {
    let embed = Embed::detect(&config);
    // Embedded, the tenant comes from the host's `init`, not the URL.
    let session = Session::new(if embed.is_some() {
        String::new()
    } else {
        tenant_from_url()
    });
    let host = embed.map(|e| std::rc::Rc::new(e) as std::rc::Rc<dyn crate::api::client::Host>);
    let api = Api::new(
        config,
        session,
        std::rc::Rc::new(crate::api::web::Web),
        host,
    );
    provide_context(api);
    // Leaving a page with edits asks first (`ui::guard`).
    provide_context(Guard::install());
    if let Some(embed) = embed {
        provide_context(embed);
    }
    api
}

/// The embedding bridge, when the console is in an allowed host's iframe.
pub fn use_embed() -> Option<Embed> {
    use_context::<Embed>()
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    let api = provide_app_context(config);
    let embed = use_embed();
    let page = RwSignal::new(current_page());
    // Embedded: the page the host asked for in `init`, and no page chrome
    // (the host portal has its own).
    if let Some(embed) = embed {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-embedded", "");
        }
        effect(move || {
            if let Phase::Started(p) = embed.phase.get() {
                page.set(p);
            }
        });
        // The host's language wins over the address and the browser.
        effect(move || {
            let wanted = embed.locale.get().as_deref().and_then(Lang::from_tag);
            if let Some(l) = wanted.filter(|l| *l != crate::i18n::current()) {
                spawn(async move {
                    lang::switch(api, l).await;
                });
            }
        });
        embed.start(api);
    }
    // Back and forward buttons.
    let guard = use_guard();
    // Back and forward: the address has changed already; with edits, it is
    // put back while the person is asked.
    let on_pop = Closure::<dyn Fn()>::new(move || {
        let target = current_page();
        if target == page.get_untracked() {
            return;
        }
        if !guard.has_edits() {
            return page.set(target);
        }
        let (base, query) = base_and_query();
        let wanted = here("");
        if let Ok(history) = window().history() {
            let back = page.get_untracked().href(&base, &query);
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&back));
        }
        guard.leave(move || {
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&wanted));
            }
            page.set(target);
        });
    });
    window().set_onpopstate(Some(on_pop.as_ref().unchecked_ref()));
    on_pop.forget();
    effect(move || {
        api.lang.track();
        document().set_title(&format!("{} \u{2013} Switchboard", page.get().title()))
    });
    // Drawn again in a new language (`ui::lang::switch`): the text is read
    // from the table as the view is made.
    move || {
        api.lang.track();
        shell(page, embed)
    }
}

/// The console's frame and page, as drawn in the current language. A
/// function of its own (not inlined), so that drawing it again on a
/// language switch does not compile the whole view a second time.
#[inline(never)]
fn shell(page: RwSignal<Page>, embed: Option<Embed>) -> AnyView {
    let waiting = move || embed.is_some_and(|e| e.phase.get() == Phase::Waiting);
    let unavailable = move || embed.is_some_and(|e| e.phase.get() == Phase::Unavailable);
    view! {
        {embed.is_none().then(|| view! {
            // The page's own address: a bare "#main" would resolve against
            // index.html's <base href> and leave the page.
            <a class="skip" href=move || { page.track(); here("#main") }>{tr("Skip to content")}</a>
            <header class="topbar">
                <span class="brand">"Switchboard"</span>
                <nav aria-label=tr("Main")>
                    {Page::NAV.into_iter().map(|p| view! { <NavLink to=p current=page /> }).collect_view()}
                </nav>
                <LanguageSwitcher />
            </header>
        })}
        <div class="layout">
            // The Dimensions session means nothing on the Telecom X page,
            // which has its own login; hidden, not dropped, so it keeps
            // what was typed.
            <div hidden=move || page.get() == Page::MobileConfig>
                <SessionPanel />
            </div>
            <main id="main">
                {move || match page.get() {
                    _ if unavailable() => view! {
                        <p class="message error" role="alert">{tr("The link to your portal could not be loaded. Check the connection, then reload the portal page.")}</p>
                    }.into_any(),
                    _ if waiting() => view! {
                        <p class="boot" role="status">{tr("Waiting for your portal to start the console\u{2026}")}</p>
                    }.into_any(),
                    Page::Softphones => view! { <SoftphonesPage /> }.into_any(),
                    Page::Pbx => pbx_page(),
                    Page::MobileConfig => mobile_config_page(),
                    Page::Bulk => bulk_page(),
                    Page::Journal => journal_page(),
                    Page::NotFound => view! { <NotFound current=page /> }.into_any(),
                }}
            </main>
            {embed.is_some().then(|| view! { <footer class="embedded-footer"><LanguageSwitcher /></footer> })}
        </div>
        <ChargeDialogView />
        }
        .into_any()
}

/// The deployment's base path (index.html's `<base href>`) and the query
/// the console was opened with: links keep both (`nav.rs`).
fn base_and_query() -> (String, String) {
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    (
        nav::base_path(&base, &origin),
        location.search().unwrap_or_default(),
    )
}

/// This page's address (path and query) with `fragment`.
fn here(fragment: &str) -> String {
    let location = window().location();
    format!(
        "{}{}{fragment}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// The page the address names.
fn current_page() -> Page {
    let (base, _) = base_and_query();
    Page::from_path(&base, &window().location().pathname().unwrap_or_default())
}

/// A link to a page: a real `href` (open in a new tab works), and a plain
/// click switches the page in place with `history.pushState`. Both keep the
/// base path and the query.
#[component]
fn NavLink(to: Page, current: RwSignal<Page>) -> impl IntoView {
    let (base, query) = base_and_query();
    let href = to.href(&base, &query);
    view! {
        <a
            href=href.clone()
            aria-current=move || (current.get() == to).then_some("page")
            on:click=move |ev: web_sys::MouseEvent| {
                if ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()) {
                    ev.prevent_default();
                    if current.get_untracked() == to {
                        return;
                    }
                    let href = href.clone();
                    use_guard().leave(move || {
                        if let Ok(history) = window().history() {
                            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
                        }
                        current.set(to);
                    });
                }
            }
        >
            {to.title()}
        </a>
    }
}

#[component]
fn NotFound(current: RwSignal<Page>) -> impl IntoView {
    view! {
        <section class="card">
            <h1>{tr("Page not found")}</h1>
            <p><NavLink to=Page::Softphones current /></p>
        </section>
    }
}

#[component]
pub fn StartupError(message: String) -> impl IntoView {
    view! {
        <main class="startup-error" role="alert">
            <h1>{tr("Switchboard could not start")}</h1>
            <p>{message}</p>
            <p>
                {tr("The console reads its settings (the API addresses) from config.json next to this page. Ask whoever deployed it to check that file, then reload.")}
            </p>
        </main>
    }
}
