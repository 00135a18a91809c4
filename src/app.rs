//! The app: loads the runtime config, then mounts the console (or a clear
//! start-up error page), with the session, API client and charge dialog
//! provided as context.

use crate::api::client::Api;
use crate::config::{self, Config};
use crate::features::pbx::PbxPage;
use crate::features::softphone::SoftphonesPage;
use crate::session::{tenant_from_url, Session};
use crate::ui::charge_dialog::{ChargeDialog, ChargeDialogView};
use crate::ui::session_panel::SessionPanel;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// Entry point called by `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    // Not `leptos::task::spawn_local`: its executor is set up by `mount`.
    wasm_bindgen_futures::spawn_local(async {
        let loaded = config::load().await;
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
pub fn provide_app_context(config: Config) -> Api {
    let session = Session::new(tenant_from_url());
    let charges = ChargeDialog::new();
    let api = Api::new(config, session, charges);
    provide_context(session);
    provide_context(charges);
    provide_context(api);
    api
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    provide_app_context(config);
    view! {
        <Router>
            <a class="skip" href="#main">"Skip to content"</a>
            <header class="topbar">
                <span class="brand">"Switchboard"</span>
                <nav aria-label="Main">
                    <A href="/softphones">"Softphones"</A>
                    <A href="/pbx">"PBX connections"</A>
                </nav>
            </header>
            <div class="layout">
                <SessionPanel />
                <main id="main">
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=SoftphonesPage />
                        <Route path=path!("/softphones") view=SoftphonesPage />
                        <Route path=path!("/pbx") view=PbxPage />
                    </Routes>
                </main>
            </div>
            <ChargeDialogView />
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p><A href="/softphones">"Go to Softphones"</A></p>
        </section>
    }
}

#[component]
pub fn StartupError(message: String) -> impl IntoView {
    view! {
        <main class="startup-error" role="alert">
            <h1>"Switchboard could not start"</h1>
            <p>{message}</p>
            <p>
                "The console reads its settings (the API addresses) from config.json next to this page. "
                "Ask whoever deployed it to check that file, then reload."
            </p>
        </main>
    }
}
