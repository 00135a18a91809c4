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

use super::state::{Bulk, Screen};
use crate::bulk::{Action, Sheet};
use crate::i18n::tr;
use crate::ui::{effect, later};
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;

/// Rows drawn above and below those on screen.
const OVERSCAN: usize = 8;

/// Rows on screen until the box is measured.
const FIT: usize = 16;

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
    // The first row on screen, and how many rows fit.
    let first = RwSignal::new(0usize);
    let fit = RwSignal::new(FIT);
    // The rows drawn: those on screen and `OVERSCAN` on either side.
    let window = move || {
        let f = first.get();
        f.saturating_sub(OVERSCAN)..(f + fit.get() + OVERSCAN).min(n)
    };
    effect(move || {
        let shown = window();
        b.screen.update_value(|s| s.shown = shown);
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
    let follow = move || {
        if let Some((f, fits, _)) = measure() {
            if first.get_untracked() != f {
                first.set(f);
            }
            if fit.get_untracked() != fits {
                fit.set(fits);
            }
        }
    };
    // Measured once drawn.
    effect(move || {
        if region.get().is_some() {
            later(0, follow);
        }
    });
    // The row the focus is on its way to, until it is drawn.
    let pending = StoredValue::new(None::<usize>);
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
        // Drawn already: focused now; else once drawn (the keys pressed
        // meanwhile count from it).
        if document().get_element_by_id(&row_id(k)).is_some() {
            pending.set_value(None);
            crate::ui::focus_by_id(&row_id(k));
        } else {
            pending.set_value(Some(k));
            later(0, move || {
                if pending.get_value() == Some(k) {
                    pending.set_value(None);
                    crate::ui::focus_by_id(&row_id(k));
                }
            });
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let current = pending.get_value().or_else(focused_row);
        let page = fit.get_untracked().saturating_sub(3).max(1);
        let from = current.unwrap_or_else(|| first.get_untracked());
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
    let rows = Arc::clone(&sheet);
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
                    <div role="rowgroup" class="body" node_ref=body style:--n=n.to_string()>
                        <For
                            each=window
                            key=|k| *k
                            children=move |k| row_view(b, &rows, k)
                        />
                    </div>
                </div>
            </div>
        </section>
    }
    .into_any()
}

fn row_view(b: Bulk, sheet: &Sheet, k: usize) -> impl IntoView {
    let r = &sheet.rows[k];
    let check = r.check_text();
    let check_title = check.clone();
    let outcome = b.outcome(k);
    let outcome_title = outcome.clone();
    view! {
        <div
            class="row"
            role="row"
            id=row_id(k)
            tabindex="-1"
            aria-rowindex=k + 2
            class:invalid=!r.is_valid()
            style:--k=k.to_string()
        >
            <span role="cell">{r.number}</span>
            <span role="cell">{r.user.clone()}</span>
            <span role="cell">{r.device.clone()}</span>
            <span role="cell">{r.client.map_or("", |c| c.wire())}</span>
            <span role="cell">{if r.action == Action::Assign { tr("assign") } else { tr("unassign") }}</span>
            <span role="cell" title=check_title>{check}</span>
            <span role="cell" id=format!("bulk-o-{k}") title=outcome_title>{outcome}</span>
        </div>
    }
}
