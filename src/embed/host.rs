//! The bridge to a host portal when the console runs in its iframe: the one
//! place that talks to the parent window. It listens for the host's
//! messages (trusted only from `window.parent` on an allowed origin), posts
//! the console's reports to the host's verified origin (never `"*"`), and
//! reports the content's height as it changes.

use super::protocol::{self, HostMessage, Report};
use crate::api::client::{Api, Host};
use crate::config::Config;
use crate::nav::Page;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the embedded console stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// `ready` was posted (or is about to be); no `init` yet.
    Waiting,
    /// The bridge's chunk could not be loaded (network).
    Unavailable,
    /// The host sent `init`: show this page.
    Started(Page),
}

#[derive(Default)]
struct Inner {
    allowed: Vec<String>,
    /// The host's origin, pinned by its `init`.
    host: Option<String>,
    /// Messages ignored so far (untrusted, not ours, or malformed); shown as
    /// `data-embed-ignored` on `<html>` for tests.
    ignored: u32,
}

/// The embedding bridge, provided as context when the console is framed by
/// an allowed host.
#[derive(Clone, Copy)]
pub struct Embed {
    pub phase: RwSignal<Phase>,
    /// The locale the host asked for (used once translations exist).
    pub locale: RwSignal<Option<String>>,
    inner: StoredValue<Inner, LocalStorage>,
}

fn parent() -> Option<web_sys::Window> {
    let w = window();
    w.parent()
        .ok()
        .flatten()
        .filter(|p| !JsValue::from(p.clone()).loose_eq(&JsValue::from(w.clone())))
}

impl Embed {
    /// Whether the console is in an iframe and embedding is configured. With
    /// no allowed origins the console is a plain page (and the server's
    /// `frame-ancestors 'none'` keeps it out of frames anyway).
    pub fn detect(config: &Config) -> Option<Embed> {
        if config.embed_allowed_origins.is_empty() || parent().is_none() {
            return None;
        }
        Some(Embed {
            phase: RwSignal::new(Phase::Waiting),
            locale: RwSignal::new(None),
            inner: StoredValue::new_local(Inner {
                allowed: config.embed_allowed_origins.clone(),
                ..Inner::default()
            }),
        })
    }

    /// Loads the bridge and starts it: it listens for the host, reports
    /// the content height, and says `ready`. The bridge is a wasm chunk of
    /// its own, as only a framed console needs it (docs/decisions.md,
    /// Size); one that cannot be loaded says so instead of waiting forever.
    pub fn start(self, api: Api) {
        crate::ui::spawn(async move {
            if bridge(self, api).await.is_err() {
                let _ = self.phase.try_set(Phase::Unavailable);
            }
        });
    }

    /// The bridge proper, in the chunk. The host's tokens go to `api` (its
    /// session, and what waits for one).
    fn listen(self, api: Api) {
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev| self.receive(&ev, api));
        let _ = window()
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        on_message.forget();
        self.observe_height();
        self.post(Report::Ready);
    }

    fn receive(self, ev: &web_sys::MessageEvent, api: Api) {
        let session = api.session();
        let origin = ev.origin();
        let from_parent = match (ev.source(), parent()) {
            (Some(source), Some(parent)) => JsValue::from(source).loose_eq(&JsValue::from(parent)),
            _ => false,
        };
        let trusted = self
            .inner
            .with_value(|i| protocol::trusted(&origin, from_parent, &i.allowed, i.host.as_deref()));
        if !trusted {
            return self.ignore();
        }
        let data = js_sys::JSON::stringify(&ev.data())
            .ok()
            .and_then(|s| s.as_string())
            .and_then(|s| crate::api::wire::parse(&s).ok())
            .unwrap_or(Value::Null);
        match protocol::parse(&data) {
            Ok(None) => self.ignore(),
            Err(why) => {
                self.ignore();
                self.post_to(&origin, Report::Rejected(&why));
            }
            Ok(Some(HostMessage::Init(init))) => {
                if self.inner.with_value(|i| i.host.is_some()) {
                    self.ignore();
                    return self.post_to(
                        &origin,
                        Report::Rejected(
                            "already initialised; send a `token` message to change the token",
                        ),
                    );
                }
                self.inner.update_value(|i| i.host = Some(origin));
                apply_theme(&init.theme);
                self.locale.set(init.locale);
                session.tenant.set(init.tenant);
                session.tenant_touched.set(true);
                api.host_token(init.token);
                self.phase.set(Phase::Started(init.page));
            }
            Ok(Some(HostMessage::Token(token))) => api.host_token(token),
        }
    }

    fn ignore(self) {
        let n = self.inner.try_update_value(|i| {
            i.ignored += 1;
            i.ignored
        });
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-embed-ignored", &n.unwrap_or(0).to_string());
        }
    }

    /// Posts a report to the host. Before `init` the host's origin is not
    /// known: `ready` then goes to each allowed origin (the browser delivers
    /// it only to the one the parent is on), anything else waits for `init`.
    pub fn post(self, report: Report) {
        let targets = self.inner.with_value(|i| match (&i.host, &report) {
            (Some(h), _) => vec![h.clone()],
            (None, Report::Ready) => i.allowed.clone(),
            (None, _) => Vec::new(),
        });
        for origin in targets {
            self.post_to(&origin, report.clone());
        }
    }

    fn post_to(self, origin: &str, report: Report) {
        let Some(parent) = parent() else { return };
        // Through JSON.parse: the host gets a plain object.
        if let Ok(message) = js_sys::JSON::parse(&report.to_json().to_string()) {
            let _ = parent.post_message(&message, origin);
        }
    }

    /// Posts `resize` whenever the content's height changes.
    fn observe_height(self) {
        let last = std::cell::Cell::new(0u32);
        let measure = Closure::<dyn Fn()>::new(move || {
            let Some(root) = document().document_element() else {
                return;
            };
            let h = root.get_bounding_client_rect().height().ceil() as u32;
            if h != last.replace(h) {
                self.post(Report::Resize(h));
            }
        });
        if let (Ok(observer), Some(root)) = (
            web_sys::ResizeObserver::new(measure.as_ref().unchecked_ref()),
            document().document_element(),
        ) {
            observer.observe(&root);
        }
        measure.forget();
    }
}

/// The split point: called from the main module, it lives in the `embed`
/// chunk with all that only it reaches (the message reader, the protocol's
/// parser, the theme, the height observer).
#[wasm_split_helpers::wasm_split(embed, fallible)]
fn bridge(embed: Embed, api: Api) -> Result<(), wasm_split_helpers::SplitLoaderError> {
    embed.listen(api);
    Ok(())
}

impl Host for Embed {
    fn request_token(&self) {
        self.post(Report::TokenRequest);
    }

    fn completed(&self, action: &str, detail: Value) {
        self.post(Report::Completed(action, detail));
    }
}

/// The host's theme, as custom properties on `<html>` (they win over the
/// stylesheet's `:root` values, light and dark).
fn apply_theme(theme: &[(&'static str, String)]) {
    if let Some(root) = document()
        .document_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        for (property, value) in theme {
            let _ = root.style().set_property(property, value);
        }
    }
}
