//! The language in the browser (issue 7): which one to start in, loading
//! its table (`public/i18n/{tag}.json`, served beside `index.html`), and
//! the switcher. The text itself is `crate::i18n`.

use crate::api::client::{use_api, Api};
use crate::i18n::{self, tr, Lang};
use crate::ui::spawn;
use leptos::prelude::*;

/// `?lang=`, else the first of the browser's languages we have, else
/// English (a host portal's `init` may change it later).
pub fn initial() -> Lang {
    let w = window();
    let query = w
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lang"));
    let browser: Vec<String> = w
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    i18n::choose(None, query.as_deref(), &browser)
}

/// Fetches `lang`'s table (none for English, nor for a language already
/// loaded), giving up after `timeout_seconds`.
pub async fn fetch(lang: Lang, timeout_seconds: u32) -> Result<i18n::Table, ()> {
    if i18n::has_table(lang) {
        return Ok(i18n::Table::new());
    }
    let url = format!("i18n/{}.json", lang.tag());
    match crate::api::web::get_file(&url, timeout_seconds).await {
        Ok((200..=299, text)) => i18n::parse_table(&text).map_err(|_| ()),
        _ => Err(()),
    }
}

/// Makes `lang`, with `table` (from `fetch`), the text's language.
pub fn apply(lang: Lang, table: i18n::Table) {
    i18n::set_table(lang, table);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// Switches to `lang` (`api` from the caller: a task has no context to
/// look it up in): its table is loaded, then the console is drawn again
/// in it (what the session holds stays; a page's half-filled form does
/// not). `false` if the table could not be loaded.
pub async fn switch(api: Api, lang: Lang) -> bool {
    let Ok(table) = fetch(lang, api.config(|c| c.request_timeout_seconds)).await else {
        return false;
    };
    apply(lang, table);
    api.lang.set(lang);
    true
}

/// A `<select>` of the three languages, each named in itself.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let api = use_api();
    let failed = RwSignal::new(false);
    view! {
        <span class="lang">
            <label for="lang-select" class="visually-hidden">{tr("Language")}</label>
            <select
                id="lang-select"
                on:change=move |ev| {
                    let select: web_sys::HtmlSelectElement = event_target(&ev);
                    let lang = Lang::from_tag(&select.value()).unwrap_or(Lang::En);
                    spawn(async move {
                        let ok = switch(api, lang).await;
                        if !ok {
                            // Still drawn in the language it was.
                            select.set_value(api.lang.get_untracked().tag());
                        }
                        let _ = failed.try_set(!ok);
                    });
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|l| view! {
                        <option value=l.tag() selected=move || api.lang.get() == l lang=l.tag()>
                            {l.name()}
                        </option>
                    })
                    .collect_view()}
            </select>
            <span class="message error" role="alert" hidden=move || !failed.get()>
                {tr("This language could not be loaded.")}
            </span>
        </span>
    }
}
