//! The sheet's rows as a windowed table (issue 17): only the rows on screen,
//! and a few on either side, are in the DOM, at their place in a body as
//! tall as all of them (each row has the same height, `--sb-row-h`), so the
//! scroll bar and the page behave as for the whole sheet. The ARIA table
//! keeps the whole in view for assistive technology: `aria-rowcount` on the
//! table, `aria-rowindex` on each row drawn.
//!
//! The scroll box is focusable, and within it the arrow keys, Page Up, Page
//! Down, Home and End move the focus from row to row through the whole
//! sheet, drawing the rows as they come (a screen reader reads each focused
//! row, with its number); the focused row shows all its text. Left and right
//! scroll sideways, as before.
//!
//! The outcome cells are written when a row is drawn, and after that only
//! when that row's state changes ([`apply_due`]).
//!
//! The rows are drawn by hand (`web_sys`), not with Leptos' `<For>`: the
//! window only ever gains and loses rows at its two ends, and each row is
//! static once drawn (its outcome is written by `apply_due`), so a queue of
//! drawn rows does it, synchronously in the scroll or key handler; `<For>`
//! diffed the whole window through a hash set of keys after each scroll,
//! later, and cost 2.5 KB of the chunk (brotli).

use super::state::{Bulk, Screen};
use crate::bulk::{Action, Sheet};
use crate::i18n::tr;
use crate::ui::effect;
use leptos::html;
use leptos::prelude::*;
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Rows drawn above and below those on screen.
const OVERSCAN: usize = 8;

/// Rows on screen until the box is measured.
const FIT: usize = 16;

/// Where the box is, and the rows drawn (in order: sheet row, element).
struct Window {
    sheet: Arc<Sheet>,
    first: usize,
    fit: usize,
    drawn: VecDeque<(usize, web_sys::Element)>,
}

impl Window {
    /// The rows to draw: those on screen and `OVERSCAN` on either side.
    fn wanted(&self) -> Range<usize> {
        self.first.saturating_sub(OVERSCAN)
            ..(self.first + self.fit + OVERSCAN).min(self.sheet.rows.len())
    }

    /// Removes the rows drawn outside `want` and draws those missing, at
    /// either end (what is drawn stays one run of rows).
    fn draw(&mut self, b: Bulk, body: &web_sys::Element, want: &Range<usize>) {
        while let Some((_, el)) = self.drawn.front().filter(|(k, _)| !want.contains(k)) {
            el.remove();
            self.drawn.pop_front();
        }
        while let Some((_, el)) = self.drawn.back().filter(|(k, _)| !want.contains(k)) {
            el.remove();
            self.drawn.pop_back();
        }
        let (first, end) = match (self.drawn.front(), self.drawn.back()) {
            (Some(f), Some(l)) => (f.0, l.0 + 1),
            _ => (want.start, want.start),
        };
        for k in (want.start..first).rev() {
            let el = row(b, &self.sheet, k);
            let _ = body.prepend_with_node_1(&el);
            self.drawn.push_front((k, el));
        }
        for k in end..want.end {
            let el = row(b, &self.sheet, k);
            let _ = body.append_child(&el);
            self.drawn.push_back((k, el));
        }
    }
}

fn row_id(k: usize) -> String {
    format!("bulk-row-{k}")
}

/// The sheet row whose table row has the focus, if one has.
fn focused_row() -> Option<usize> {
    document()
        .active_element()?
        .id()
        .strip_prefix("bulk-row-")?
        .parse()
        .ok()
}

/// Writes the outcome cells of the rows on screen whose state changed.
pub(super) fn apply_due(b: Bulk) {
    let due = b
        .screen
        .try_update_value(|s| std::mem::take(&mut s.due))
        .unwrap_or_default();
    if due.is_empty() {
        return;
    }
    let doc = document();
    for k in due {
        let Some(cell) = doc.get_element_by_id(&format!("bulk-o-{k}")) else {
            continue;
        };
        let now = b.outcome(k);
        if cell.text_content().as_deref() != Some(now.as_str()) {
            cell.set_text_content(Some(&now));
            let _ = cell.set_attribute("title", &now);
        }
    }
}

pub(super) fn rows_view(b: Bulk, sheet: Arc<Sheet>) -> AnyView {
    let n = sheet.rows.len();
    let region = NodeRef::<html::Div>::new();
    let body = NodeRef::<html::Div>::new();
    let window = StoredValue::new_local(Window {
        sheet,
        first: 0,
        fit: FIT,
        drawn: VecDeque::new(),
    });
    on_cleanup(move || {
        b.screen.try_update_value(|s| *s = Screen::default());
    });
    // Where the box is scrolled to, in rows: the first on screen, and how
    // many fit (and a row's height in pixels).
    let measure = move || -> Option<(usize, usize, f64)> {
        let (region, body) = (region.get_untracked()?, body.get_untracked()?);
        let (r, t) = (
            region.get_bounding_client_rect(),
            body.get_bounding_client_rect(),
        );
        let h = t.height() / n as f64;
        if h <= 0.0 {
            return None;
        }
        let above = (r.top() - t.top()).max(0.0);
        let f = ((above / h) as usize).min(n - 1);
        let fits = (f64::from(region.client_height()) / h).ceil() as usize + 1;
        Some((f, fits, h))
    };
    // Draws the rows the box shows now (after a scroll, a key, or once it
    // is on the page).
    let follow = move || {
        let Some(el) = body.get_untracked() else {
            return;
        };
        let at = measure();
        let want = window
            .try_update_value(|w| {
                if let Some((f, fits, _)) = at {
                    (w.first, w.fit) = (f, fits);
                }
                let want = w.wanted();
                w.draw(b, &el, &want);
                want
            })
            .unwrap_or_default();
        b.screen.update_value(|s| s.shown = want);
    };
    effect(move || {
        if body.get().is_some() {
            follow();
        }
    });
    // Moves the focus to row `k`: scrolls it on screen, draws it, focuses it.
    let go_to = move |k: usize| {
        let (Some(el), Some((f, fits, h))) = (region.get_untracked(), measure()) else {
            return;
        };
        // The last `fits - 1` rows on screen: the sticky header covers one.
        let on_screen = fits.saturating_sub(2).max(1);
        let top = f64::from(el.scroll_top());
        if k < f {
            el.set_scroll_top((top - (f - k) as f64 * h).max(0.0) as i32);
        } else if k >= f + on_screen {
            el.set_scroll_top((top + (k + 1 - f - on_screen) as f64 * h) as i32);
        }
        follow();
        crate::ui::focus_by_id(&row_id(k));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let current = focused_row();
        let (first, fit) = window.with_value(|w| (w.first, w.fit));
        let page = fit.saturating_sub(3).max(1);
        let from = current.unwrap_or(first);
        let to = match (ev.key().as_str(), current) {
            ("ArrowDown", Some(k)) => k + 1,
            ("ArrowUp", Some(k)) => k.saturating_sub(1),
            ("ArrowDown" | "ArrowUp", None) => from,
            ("PageDown", _) => from + page,
            ("PageUp", _) => from.saturating_sub(page),
            ("Home", _) => 0,
            ("End", _) => n - 1,
            _ => return,
        };
        ev.prevent_default();
        go_to(to.min(n - 1));
    };
    view! {
        <section class="card">
            <h2 id="bulk-rows-title">{tr("Rows")}</h2>
            <p class="hint" id="bulk-rows-hint">
                {tr("In the table, the arrow keys, Page Up, Page Down, Home and End move from row to row through the whole sheet; the rows are drawn as they come on screen.")}
            </p>
            // Focusable, so that a keyboard can scroll it and move through
            // the rows.
            <div
                class="table-scroll rows-scroll"
                tabindex="0"
                role="region"
                aria-labelledby="bulk-rows-title"
                aria-describedby="bulk-rows-hint"
                node_ref=region
                on:scroll=move |_| follow()
                on:keydown=on_key
            >
                <div class="rows" role="table" aria-labelledby="bulk-rows-title" aria-rowcount=n + 1>
                    <div role="rowgroup">
                        <div class="row head" role="row" aria-rowindex="1">
                            <span role="columnheader">{tr("Row")}</span>
                            <span role="columnheader">{tr("User")}</span>
                            <span role="columnheader">{tr("Device")}</span>
                            <span role="columnheader">{tr("Client type")}</span>
                            <span role="columnheader">{tr("Action")}</span>
                            <span role="columnheader">{tr("Check")}</span>
                            <span role="columnheader">{tr("Outcome")}</span>
                        </div>
                    </div>
                    <div role="rowgroup" class="body" node_ref=body style:--n=n.to_string()></div>
                </div>
            </div>
        </section>
    }
    .into_any()
}

/// Table row `k`, drawn: its place (`--k`), its cells, its outcome now.
fn row(b: Bulk, sheet: &Sheet, k: usize) -> web_sys::Element {
    let r = &sheet.rows[k];
    let doc = document();
    let el = |tag: &str| doc.create_element(tag).expect("a DOM element");
    let row = el("div");
    row.set_class_name(if r.is_valid() { "row" } else { "row invalid" });
    for (name, value) in [
        ("role", "row".to_string()),
        ("id", row_id(k)),
        ("tabindex", "-1".into()),
        ("aria-rowindex", (k + 2).to_string()),
    ] {
        let _ = row.set_attribute(name, &value);
    }
    // Through the CSSOM: the Content-Security-Policy refuses style
    // attributes.
    let _ = row
        .unchecked_ref::<web_sys::HtmlElement>()
        .style()
        .set_property("--k", &k.to_string());
    let action = if r.action == Action::Assign {
        tr("assign")
    } else {
        tr("unassign")
    };
    let (check, outcome) = (r.check_text(), b.outcome(k));
    for (i, text) in [
        r.number.to_string().as_str(),
        &r.user,
        &r.device,
        r.client.map_or("", |c| c.wire()),
        action,
        &check,
        &outcome,
    ]
    .into_iter()
    .enumerate()
    {
        let cell = el("span");
        let _ = cell.set_attribute("role", "cell");
        cell.set_text_content(Some(text));
        if i >= 5 {
            let _ = cell.set_attribute("title", text);
        }
        if i == 6 {
            cell.set_id(&format!("bulk-o-{k}"));
        }
        let _ = row.append_child(&cell);
    }
    row
}
