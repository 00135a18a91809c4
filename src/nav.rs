//! The console's pages and their paths. Pure, so it is tested natively; the
//! browser side (links, history) is in `app.rs`.
//!
//! A hand-written switch instead of leptos_router: measured on the release
//! build, leptos_router cost 34 KB of brotli-compressed wasm (182.1 KB with
//! it, 148.0 KB without) for three static paths, and the budget is 150 KB.

use crate::i18n::tr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Softphones,
    Pbx,
    Bulk,
    MobileConfig,
    NotFound,
}

impl Page {
    /// Pages in the navigation, in order.
    pub const NAV: [Page; 4] = [Page::Softphones, Page::Bulk, Page::Pbx, Page::MobileConfig];

    pub fn from_path(path: &str) -> Page {
        match path.trim_end_matches('/') {
            "" | "/softphones" => Page::Softphones,
            "/pbx" => Page::Pbx,
            "/mobile-config" => Page::MobileConfig,
            "/bulk" => Page::Bulk,
            _ => Page::NotFound,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Page::Softphones | Page::NotFound => "/softphones",
            Page::Pbx => "/pbx",
            Page::MobileConfig => "/mobile-config",
            Page::Bulk => "/bulk",
        }
    }

    /// The page's name in the embedding protocol's `init` (`"pbx"`).
    pub fn key(self) -> &'static str {
        self.path().trim_start_matches('/')
    }

    /// The page's name, in the chosen language.
    pub fn title(self) -> &'static str {
        match self {
            Page::Softphones => tr("Softphones"),
            Page::Pbx => tr("PBX connections"),
            Page::MobileConfig => tr("Mobile config copy"),
            Page::Bulk => tr("Bulk assignment"),
            Page::NotFound => tr("Page not found"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn paths_map_to_pages_and_back() {
        assert_eq!(Page::from_path("/"), Page::Softphones);
        assert_eq!(Page::from_path(""), Page::Softphones);
        assert_eq!(Page::from_path("/softphones/"), Page::Softphones);
        assert_eq!(Page::from_path("/pbx"), Page::Pbx);
        assert_eq!(Page::from_path("/mobile-config/"), Page::MobileConfig);
        assert_eq!(Page::from_path("/bulk"), Page::Bulk);
        assert_eq!(Page::from_path("/nope"), Page::NotFound);
        for p in Page::NAV {
            assert_eq!(Page::from_path(p.path()), p);
        }
    }
}
