//! The console's pages and their paths under the deployment's base path.
//! Pure, so it is tested natively; the browser side (links, history) is in
//! `app.rs`.
//!
//! The base path is the path of the page's `<base href>` (index.html names
//! it; `/` unless the console is deployed under a sub-path such as
//! `/console/`, docs/deploy.md), read at run time, so one build serves any
//! path. A page's address is the base, the page's name, and the query the
//! console was opened with (`?lang=fr`), which links keep.
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
    /// The activity journal: what this tab changed.
    Journal,
    NotFound,
}

impl Page {
    /// Pages in the navigation, in order.
    pub const NAV: [Page; 5] = [
        Page::Softphones,
        Page::Bulk,
        Page::Pbx,
        Page::MobileConfig,
        Page::Journal,
    ];

    /// The page at `path` (`location.pathname`) under the base path `base`
    /// (see [`base_path`]); trailing slashes do not matter (`/pbx/` is the
    /// PBX page), nor does `index.html` for the first page.
    pub fn from_path(base: &str, path: &str) -> Page {
        let rest = match path.strip_prefix(base) {
            Some(rest) => rest,
            // The base without its slash (`/console`): the first page.
            None if base.strip_suffix('/') == Some(path) => "",
            None => return Page::NotFound,
        };
        match rest.trim_matches('/') {
            "" | "index.html" | "softphones" => Page::Softphones,
            "pbx" => Page::Pbx,
            "mobile-config" => Page::MobileConfig,
            "bulk" => Page::Bulk,
            "journal" => Page::Journal,
            _ => Page::NotFound,
        }
    }

    /// The page's address under `base`, keeping `query` (`location.search`,
    /// `?lang=fr` or empty): a link's `href` and what `pushState` is given.
    pub fn href(self, base: &str, query: &str) -> String {
        let query = if query == "?" { "" } else { query };
        format!("{base}{}{query}", self.key())
    }

    pub fn path(self) -> &'static str {
        match self {
            Page::Softphones | Page::NotFound => "/softphones",
            Page::Pbx => "/pbx",
            Page::MobileConfig => "/mobile-config",
            Page::Bulk => "/bulk",
            Page::Journal => "/journal",
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
            Page::Journal => tr("Activity"),
            Page::NotFound => tr("Page not found"),
        }
    }
}

/// The base path of the deployment from the document's base URL
/// (`document.baseURI`, from index.html's `<base href>`): its path, always
/// ending in `/`. Anything unexpected (no base, another origin's, a
/// `data:` URL) is `/`.
pub fn base_path(base_uri: &str, page_origin: &str) -> String {
    let Some(rest) = base_uri.strip_prefix(page_origin) else {
        return "/".into();
    };
    if !rest.starts_with('/') {
        return "/".into();
    }
    let path = rest.split(['?', '#']).next().unwrap_or("/");
    // A base naming a file (`/console/index.html`) is its folder.
    let dir = &path[..=path.rfind('/').unwrap_or(0)];
    dir.to_string()
}

#[cfg(test)]
mod tests {
    use super::{base_path, Page};

    #[test]
    fn paths_map_to_pages_and_back() {
        assert_eq!(Page::from_path("/", "/"), Page::Softphones);
        assert_eq!(Page::from_path("/", ""), Page::Softphones);
        assert_eq!(Page::from_path("/", "/index.html"), Page::Softphones);
        assert_eq!(Page::from_path("/", "/softphones/"), Page::Softphones);
        assert_eq!(Page::from_path("/", "/pbx"), Page::Pbx);
        assert_eq!(Page::from_path("/", "/pbx/"), Page::Pbx);
        assert_eq!(Page::from_path("/", "/pbx//"), Page::Pbx);
        assert_eq!(Page::from_path("/", "/mobile-config/"), Page::MobileConfig);
        assert_eq!(Page::from_path("/", "/bulk"), Page::Bulk);
        assert_eq!(Page::from_path("/", "/nope"), Page::NotFound);
        assert_eq!(Page::from_path("/", "/pbx/more"), Page::NotFound);
        for p in Page::NAV {
            assert_eq!(Page::from_path("/", p.path()), p);
            assert_eq!(Page::from_path("/", &p.href("/", "")), p);
        }
    }

    #[test]
    fn pages_under_a_sub_path() {
        let base = "/console/";
        assert_eq!(Page::from_path(base, "/console/"), Page::Softphones);
        assert_eq!(Page::from_path(base, "/console"), Page::Softphones);
        assert_eq!(
            Page::from_path(base, "/console/index.html"),
            Page::Softphones
        );
        assert_eq!(Page::from_path(base, "/console/pbx"), Page::Pbx);
        assert_eq!(Page::from_path(base, "/console/pbx/"), Page::Pbx);
        assert_eq!(Page::from_path(base, "/console/bulk/"), Page::Bulk);
        // The page's name without the base is another site's path.
        assert_eq!(Page::from_path(base, "/pbx"), Page::NotFound);
        assert_eq!(Page::from_path(base, "/consolepbx"), Page::NotFound);
        for p in Page::NAV {
            let href = p.href(base, "?lang=fr");
            assert!(
                href.starts_with("/console/") && href.ends_with("?lang=fr"),
                "{href}"
            );
            let path = href.split('?').next().unwrap();
            assert_eq!(Page::from_path(base, path), p);
        }
    }

    #[test]
    fn links_keep_the_base_and_the_query() {
        assert_eq!(Page::Pbx.href("/", ""), "/pbx");
        assert_eq!(Page::Pbx.href("/", "?"), "/pbx");
        assert_eq!(Page::Bulk.href("/", "?lang=fr"), "/bulk?lang=fr");
        assert_eq!(
            Page::MobileConfig.href("/a/b/", "?lang=da&tenant=x"),
            "/a/b/mobile-config?lang=da&tenant=x"
        );
        assert_eq!(Page::NotFound.href("/console/", ""), "/console/softphones");
    }

    #[test]
    fn the_base_path_comes_from_the_base_url() {
        let o = "https://switchboard.example.com";
        assert_eq!(base_path(&format!("{o}/"), o), "/");
        assert_eq!(base_path(&format!("{o}/console/"), o), "/console/");
        assert_eq!(
            base_path(&format!("{o}/console/index.html"), o),
            "/console/"
        );
        assert_eq!(base_path(&format!("{o}/console/?x=1#y"), o), "/console/");
        // No <base>: the base URL is the page's own; its folder is not the
        // base of a client-side path, but is the best there is.
        assert_eq!(base_path(&format!("{o}/pbx"), o), "/");
        // Another origin's, or none at all.
        assert_eq!(base_path("https://cdn.example.net/console/", o), "/");
        assert_eq!(base_path("about:blank", o), "/");
        assert_eq!(base_path(&format!("{o}.evil/x/"), o), "/");
    }
}
