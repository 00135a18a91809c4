//! The bulk page, drawn from its state (`state::Bulk`): the text and the
//! file, the counts of the check, the buttons of the run, its progress and
//! pauses, and the rows (`table`).

use super::state::{bulk, rows, Bulk, Place, Read, SHOW_MAX};
use super::table;
use crate::api::client::use_api;
use crate::bulk::result::File;
use crate::bulk::sheet::MAX_BYTES;
use crate::bulk::{Pause, Phase};
use crate::i18n::tr;
use crate::trf;
use crate::ui::effect;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn BulkPage() -> impl IntoView {
    let b = bulk(use_api());
    crate::ui::guard::use_guard().watch(b.has_edits());
    let running = move || b.running();
    // The outcome cells of the rows on screen whose state changed.
    effect(move || {
        b.tick.track();
        table::apply_due(b);
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            b.choose_file(file);
        }
    };
    view! {
        <section class="card" aria-labelledby="bulk-title">
            <h1 id="bulk-title">{tr("Bulk assignment")}</h1>
            <p class="lead">
                {tr("Assign or unassign many softphones at once for the customer in the session panel. Nothing is sent until you start the run.")}
            </p>
            <div class="form">
                <div class="field">
                    <label for="bulk-file">{tr("CSV file")}</label>
                    <p class="hint" id="bulk-file-hint">{tr("Columns userId, deviceId, clientType and, optionally, action (assign or unassign); a header row is optional; separated by , or ;. At most 100,000 rows and 20 MB.")}</p>
                    <input id="bulk-file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="bulk-file-hint" disabled=move || b.frozen.get() on:change=on_file />
                </div>
                {move || text_view(b)}
                {move || check_view(b)}
                <div class="field narrow">
                    <label for="bulk-limit">{tr("Requests at a time")}</label>
                    <input id="bulk-limit" type="number" min="1" max="16" inputmode="numeric"
                        prop:value=move || b.limit.get()
                        on:input=move |ev| b.set_limit(event_target_value(&ev)) />
                </div>
                // Each button shown or hidden as the run goes, not drawn
                // again at each refresh.
                <div class="actions">
                    <button type="button" class="button" hidden=move || !running()
                        on:click=move |_| b.pause_or_resume()>
                        {move || match b.status() {
                            Some((Phase::Paused(_), _)) => tr("Resume"),
                            _ => tr("Pause"),
                        }}
                    </button>
                    <button type="button" class="button danger" hidden=move || !running()
                        on:click=move |_| b.cancel()>{tr("Cancel")}</button>
                    <button type="button" class="button"
                        hidden=move || running() || b.status().is_none_or(|(_, p)| p.resend == 0)
                        on:click=move |_| b.retry_failed()>{tr("Retry failed rows")}</button>
                    {download(b, File::Result)}
                    {download(b, File::Refused)}
                    <button type="button" class="button" hidden=move || !b.has_run() || running()
                        on:click=move |_| b.clear()>{tr("New run")}</button>
                    <button type="button" class="button primary" hidden=move || b.has_run()
                        disabled=move || b.frozen.get() on:click=move |_| b.start()>{tr("Start the run")}</button>
                </div>
                <p class="message" role="status" hidden=move || b.note.with(Option::is_none)>{move || b.note.get()}</p>
                {move || pause_view(b)}
                {move || progress_view(b)}
            </div>
        </section>
        {move || match b.sheet.get() {
            Read::Sheet(s) => Some(table::rows_view(b, s)),
            _ => None,
        }}
    }
}

/// The button that makes `file`, shown once the run has settled (the
/// refused rows only when there are some).
fn download(b: Bulk, file: File) -> impl IntoView {
    let hidden = move || {
        b.running()
            || match file {
                File::Result => !b.has_run(),
                File::Refused => b.status().is_none_or(|(_, p)| p.refused == 0),
            }
    };
    view! {
        <button type="button" class="button" hidden=hidden disabled=move || b.making.get().is_some()
            on:click=move |_| b.download(file)>
            {move || if b.making.get() == Some(file) {
                tr("Making the file\u{2026}")
            } else if file == File::Result {
                tr("Download the result (CSV)")
            } else {
                tr("Download the refused rows (CSV)")
            }}
        </button>
    }
}

/// The text box, or, for a text too long for it, what holds it.
fn text_view(b: Bulk) -> AnyView {
    if b.place.get() == Place::Held {
        return view! {
            <div class="field">
                <span class="label" id="bulk-held-label">{tr("Or paste the rows")}</span>
                <div class="held" role="group" aria-labelledby="bulk-held-label">
                    <p>{tr("The text is too long to show in the text box without slowing the page down: it is kept as pasted or loaded, and its rows are read below.")}</p>
                    <div class="actions">
                        <button type="button" class="button" disabled=move || b.frozen.get() on:click=move |_| b.show_in_box()>
                            {tr("Show it in the text box (slow for a text this long)")}
                        </button>
                        <button type="button" class="button" disabled=move || b.frozen.get() on:click=move |_| b.clear_text()>
                            {tr("Clear")}
                        </button>
                    </div>
                </div>
            </div>
        }
        .into_any();
    }
    let on_input = move |ev: leptos::ev::Event| {
        let area: web_sys::HtmlTextAreaElement = event_target(&ev);
        // A paste or a drop is read at once; typing when it pauses.
        let at_once = ev
            .dyn_ref::<web_sys::InputEvent>()
            .is_some_and(|e| e.input_type().starts_with("insertFrom"));
        b.typed(area.text_length() as usize, || area.value(), at_once);
    };
    // A long paste is taken from the clipboard before the text box gets it:
    // refused over 20 MB, held by the page over `SHOW_MAX`.
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let Some(pasted) = ev.clipboard_data().and_then(|d| clipboard_text(&d)) else {
            return;
        };
        let area: web_sys::HtmlTextAreaElement = event_target(&ev);
        let length = pasted.length() as usize;
        if length > MAX_BYTES {
            ev.prevent_default();
            b.refuse_paste(length);
        } else if area.text_length() as usize + length > SHOW_MAX {
            ev.prevent_default();
            let (value, mut pasted) = (area.value(), String::from(pasted));
            // Into what was there, in place of the selection (nothing is
            // copied twice when the box was empty).
            if !value.is_empty() {
                let at = |n: Option<u32>| byte_at(&value, n.unwrap_or(0) as usize);
                let from = at(area.selection_start().ok().flatten());
                let to = at(area.selection_end().ok().flatten()).max(from);
                pasted.insert_str(0, &value[..from]);
                pasted.push_str(&value[to..]);
            }
            b.take(pasted);
        }
    };
    view! {
        <div class="field">
            <label for="bulk-text">{tr("Or paste the rows")}</label>
            <textarea
                id="bulk-text"
                rows="6"
                spellcheck="false"
                readonly=move || b.frozen.get()
                // Set when the text comes from elsewhere (a file, the page
                // drawn again), not as it is typed: the text is not written
                // back at each key.
                prop:value=move || {
                    b.loaded.track();
                    b.text.get_untracked().to_string()
                }
                on:input=on_input
                on:paste=on_paste
            ></textarea>
        </div>
    }
    .into_any()
}

/// The clipboard's text, as the browser holds it (not copied into the wasm
/// yet: its length decides whether it is taken).
fn clipboard_text(data: &web_sys::DataTransfer) -> Option<js_sys::JsString> {
    let get = js_sys::Reflect::get(data, &"getData".into()).ok()?;
    let text = get
        .dyn_ref::<js_sys::Function>()?
        .call1(data, &"text/plain".into())
        .ok()?;
    text.dyn_into().ok()
}

/// The byte offset in `s` of the UTF-16 offset `units` (a text area's
/// selection).
fn byte_at(s: &str, units: usize) -> usize {
    let mut seen = 0;
    for (at, c) in s.char_indices() {
        if seen >= units {
            return at;
        }
        seen += c.len_utf16();
    }
    s.len()
}

/// What the check found, under the text.
fn check_view(b: Bulk) -> Option<AnyView> {
    if let Some(refused) = b.refused.get() {
        return Some(
            view! { <p class="message error" role="alert">{refused.message()}</p> }.into_any(),
        );
    }
    match b.sheet.get() {
        Read::Empty => None,
        Read::Refused(e) => {
            Some(view! { <p class="message error" role="alert">{e.message()}</p> }.into_any())
        }
        Read::Sheet(s) => {
            let bad = s.invalid;
            Some(view! {
                <p class="note" role="status">{trf!(
                    "{rows} read: {ready} ready, {bad} with errors.",
                    rows = rows(s.rows.len()),
                    ready = s.ready(),
                    bad = bad
                )}</p>
                <label class="check" hidden=bad == 0>
                    <input type="checkbox" prop:checked=move || b.skip_invalid.get() on:change=move |ev| b.skip_invalid.set(event_target_checked(&ev)) />
                    {tr(" Leave out the rows with errors")}
                </label>
            }.into_any())
        }
    }
}

/// Why the run is paused, when it is not the person's doing.
fn pause_view(b: Bulk) -> Option<AnyView> {
    let (phase, p) = b.status()?;
    let Phase::Paused(why) = phase else {
        return None;
    };
    let text = match why {
        Pause::Asked => return None,
        Pause::Token if b.api.embedded() => tr("The portal's token was refused or is missing: the run is paused, and your portal was asked for a new one. The run goes on by itself when it arrives; nothing is sent twice.").to_string(),
        Pause::Token => tr("The API refused the token (401): the run is paused. Enter a new token in the session panel and it goes on by itself; nothing is sent twice.").to_string(),
        Pause::Customer => trf!(
            "The customer or the token in the session panel changed: the run for {customer} is paused, and nothing more is sent. Choose that customer again and resume, or cancel the run.",
            customer = b.customer()
        ),
        Pause::Unreachable => trf!(
            "The API cannot be reached (the last rows failed on the network or timed out): the run is paused, with {rows} still to send. It goes on by itself as soon as the API answers again, or press Resume.",
            rows = rows(p.queued)
        ),
    };
    Some(view! { <p class="message warning" role="alert">{text}</p> }.into_any())
}

fn progress_view(b: Bulk) -> Option<AnyView> {
    let (phase, p) = b.status()?;
    let finished = p.done + p.failed + p.not_sent;
    let (rate, left) = b.pace(&p);
    let mut line = trf!(
        "{finished} of {total} finished: {done} done, {failed} failed",
        finished = finished,
        total = rows(p.total),
        done = p.done,
        failed = p.failed
    );
    if p.not_sent > 0 {
        line.push_str(&trf!(", {n} not sent", n = p.not_sent));
    }
    if p.needs_charge > 0 {
        line.push_str(&trf!(
            ", {n} not carried out because of charges",
            n = p.needs_charge
        ));
    }
    if p.queued + p.in_flight > 0 && rate > 0.0 && phase == Phase::Running {
        // Whole numbers: formatting a float would add its own code.
        line.push_str(&trf!(
            "; {rate} rows/s, about {left} s left",
            rate = rate.round() as u64,
            left = left.unwrap_or(0.0).ceil() as u64
        ));
    }
    let settled = p.in_flight == 0 && p.queued == 0;
    let ask = p.needs_charge > 0 && settled;
    let said = b.charge_said().unwrap_or_default();
    let asking = b.asking();
    // After the run: what a retry would send, and what must be fixed.
    let failed = (settled && p.failed > 0).then(|| {
        let mut parts = Vec::new();
        if p.resend > 0 {
            parts.push(trf!(
                "Failed for a reason a resend may cure (the network, a timeout, the API's side): {rows}. Retry failed rows sends them again.",
                rows = rows(p.resend)
            ));
        }
        if p.refused > 0 {
            parts.push(trf!(
                "Refused by the API for what they say (400, 404, 422): {rows}. Download them as a sheet of their own, fix them and load it again.",
                rows = rows(p.refused)
            ));
        }
        parts.join(" ")
    });
    Some(view! {
        <div class="progress">
            <progress id="bulk-progress" max=p.total value=finished aria-label=tr("Rows finished")></progress>
            <p role="status">{line}</p>
            {failed.filter(|t| !t.is_empty()).map(|t| view! { <p class="note">{t}</p> })}
            {ask.then(|| view! {
                <div class="outcome warning" role="alert">
                    <p><strong>{crate::trn!(
                        p.needs_charge,
                        "{n} row not carried out: the API says it adds charges to the bill (402).",
                        "{n} rows not carried out: the API says they add charges to the bill (402)."
                    )}</strong></p>
                    <p hidden=said.is_empty()>{said.clone()}</p>
                    <p>{tr("You are asked about them in one question, which lists them.")}</p>
                    <div class="actions" hidden=asking>
                        <button type="button" class="button" on:click=move |_| b.ask_about_charges()>
                            {tr("Ask about the charges again")}
                        </button>
                    </div>
                </div>
            })}
        </div>
    }.into_any())
}
