//! The activity journal's page (issue 19): every change this tab sent,
//! newest first, filtered by kind and outcome, exported as CSV (the safe
//! writer, `crate::csv`) or JSON. The journal itself is `api::journal`,
//! written by the request lifecycle; it lives in memory only. The page is a
//! wasm chunk of its own, fetched when first shown.

use crate::api::client::use_api;
use crate::api::journal::{Counts, Entry, Journal, Kind, MakeFile, Outcome};
use crate::i18n::tr;
use crate::trf;
use crate::ui::curl::CopyAsCurl;
use leptos::prelude::*;

crate::chunk_page!(journal_page, journal, JournalPage);

/// The journal page's filters: a kind, an outcome ("done", "failed",
/// "pending"); `None` for all.
#[derive(Clone, Copy)]
struct Filters {
    kind: RwSignal<Option<Kind>>,
    outcome: RwSignal<Option<&'static str>>,
}

/// The outcomes one can filter by.
const OUTCOMES: [&str; 3] = ["done", "failed", "pending"];

fn outcome_label(wire: &str) -> &'static str {
    match wire {
        "done" => tr("Done"),
        "failed" => tr("Failed"),
        _ => tr("On its way"),
    }
}

fn local_time(at_ms: f64) -> String {
    js_sys::Date::new(&at_ms.into())
        .to_locale_string(
            crate::i18n::current().locale(),
            &wasm_bindgen::JsValue::UNDEFINED,
        )
        .into()
}

fn iso_time(at_ms: f64) -> String {
    js_sys::Date::new(&at_ms.into()).to_iso_string().into()
}

/// The entries as CSV, one line each, safe in any locale.
fn csv(entries: &[Entry]) -> String {
    let mut out = String::from("\u{feff}");
    crate::csv::record(
        &mut out,
        &[
            "time",
            "kind",
            "customer",
            "customerId",
            "what",
            "outcome",
            "status",
            "detail",
            "chargesAcceptedForSend",
            "sends",
            "rows",
            "method",
            "url",
        ],
        ',',
    );
    for e in entries {
        let status = match e.outcome {
            Outcome::Done {
                status: Some(status),
            }
            | Outcome::Failed {
                status: Some(status),
            } => status.to_string(),
            _ => String::new(),
        };
        let charged = e.charged_send().map(|n| n.to_string()).unwrap_or_default();
        let (method, url) = e
            .request
            .as_ref()
            .map_or(("", ""), |r| (r.method, r.url.as_str()));
        crate::csv::record(
            &mut out,
            &[
                &iso_time(e.at_ms),
                e.kind.wire(),
                &e.customer,
                &e.customer_id,
                &e.what,
                e.outcome.wire(),
                &status,
                &e.sentence,
                &charged,
                &e.attempts.len().to_string(),
                &e.counts.as_ref().map(rows_and_charges).unwrap_or_default(),
                method,
                url,
            ],
            ',',
        );
    }
    out
}

/// Hands `content` to the browser as a download named `name`.
fn download(name: &str, mime: &str, content: &str) {
    crate::ui::download(name, gloo_file::Blob::new_with_options(content, Some(mime)));
}

#[component]
pub fn JournalPage() -> impl IntoView {
    let journal = use_api().journal;
    // The filters outlive the page's view (a language switch draws it again).
    let Filters { kind, outcome } = crate::ui::app_state(|| Filters {
        kind: RwSignal::new(None),
        outcome: RwSignal::new(None),
    });
    // Once per change of the journal or the filters, for the count, the
    // list and the exports alike.
    let shown = Memo::new(move |_| {
        let (kind, outcome) = (kind.get(), outcome.get());
        journal.entries.with(|all| {
            all.iter()
                .rev()
                .filter(|e| kind.is_none_or(|k| e.kind == k))
                .filter(|e| outcome.is_none_or(|o| e.outcome.wire() == o))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card" aria-labelledby="journal-title">
            <h1 id="journal-title">{tr("Activity")}</h1>
            <p class="lead">{tr("Every change this tab sent, newest first: when, for which customer, what, and how it came back.")}</p>
            <p class="note">{tr("Kept in this tab's memory only: it is gone when the tab is closed or reloaded. It never holds a token or a secret.")}</p>
            <div class="journal-tools">
                <div class="field narrow">
                    <label for="journal-kind">{tr("Kind")}</label>
                    <select id="journal-kind" on:change=move |ev| kind.set(Kind::from_wire(&event_target_value(&ev)))>
                        <option value="" selected=move || kind.get().is_none()>{tr("All kinds")}</option>
                        {Kind::ALL.into_iter().map(|k| view! {
                            <option value=k.wire() selected=move || kind.get() == Some(k)>{k.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field narrow">
                    <label for="journal-outcome">{tr("Outcome")}</label>
                    <select id="journal-outcome" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        outcome.set(OUTCOMES.into_iter().find(|o| *o == v));
                    }>
                        <option value="" selected=move || outcome.get().is_none()>{tr("All outcomes")}</option>
                        {OUTCOMES.into_iter().map(|o| view! {
                            <option value=o selected=move || outcome.get() == Some(o)>{outcome_label(o)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| download("switchboard-activity.csv", "text/csv;charset=utf-8", &shown.with_untracked(|s| csv(s)))>
                        {tr("Export as CSV")}
                    </button>
                    <button type="button" class="button" on:click=move |_| download("switchboard-activity.json", "application/json", &shown.with_untracked(|s| Journal::to_json(s)))>
                        {tr("Export as JSON")}
                    </button>
                </div>
            </div>
            <p class="note" role="status">
                {move || {
                    let n = shown.with(Vec::len);
                    crate::trn!(n, "{n} change shown.", "{n} changes shown.")
                }}
            </p>
            <ol class="journal">
                {move || shown.get().into_iter().map(|e| {
                    let file = journal.file(e.id);
                    entry_view(e, file)
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A bulk run's counts in words.
fn counted(c: &Counts) -> String {
    trf!("{rows} rows: {done} done, {failed} failed, {not_sent} not sent, {charge} not carried out because of charges", rows = c.rows, done = c.done, failed = c.failed, not_sent = c.not_sent, charge = c.needs_charge)
}

/// A bulk run's counts and its charged sends, for the CSV file.
fn rows_and_charges(c: &Counts) -> String {
    let mut out = counted(c);
    if c.charged > 0 {
        out.push_str("; ");
        out.push_str(&bulk_charges(c.charged));
    }
    out
}

fn bulk_charges(n: usize) -> String {
    crate::trn!(
        n,
        "Accepted, for {n} send of a row asked about",
        "Accepted, for {n} sends of rows asked about"
    )
}

fn entry_view(e: Entry, file: Option<MakeFile>) -> impl IntoView {
    let outcome = match e.outcome {
        Outcome::Done {
            status: Some(status),
        } => trf!("Done ({status})", status = status),
        Outcome::Done { status: None } => tr("Done").into(),
        Outcome::Failed {
            status: Some(status),
        } => trf!("Failed ({status})", status = status),
        Outcome::Failed { status: None } => tr("Failed").into(),
        Outcome::Pending => tr("On its way").into(),
    };
    let charges = match (e.charged_send(), e.counts) {
        (Some(n), _) => trf!(
            "Accepted, for send {n} of {sends}",
            n = n,
            sends = e.attempts.len()
        ),
        (None, Some(c)) if c.charged > 0 => bulk_charges(c.charged),
        _ => tr("Not accepted").into(),
    };
    let customer = if e.customer == e.customer_id || e.customer_id.is_empty() {
        e.customer.clone()
    } else {
        format!("{} ({})", e.customer, e.customer_id)
    };
    let class = format!("entry {}", e.outcome.wire());
    view! {
        <li class=class>
            <p class="entry-head">
                <strong>{e.kind.label()}</strong>
                " \u{2013} "
                <time datetime=iso_time(e.at_ms)>{local_time(e.at_ms)}</time>
            </p>
            <p class="entry-what">{e.what.clone()}</p>
            <dl class="facts">
                <dt>{tr("Customer")}</dt><dd>{customer}</dd>
                <dt>{tr("Outcome")}</dt><dd>{outcome} " " {e.sentence.clone()}</dd>
                <dt>{tr("Charges")}</dt><dd>{charges}</dd>
                {e.counts.map(|c| view! {
                    <dt>{tr("Rows")}</dt>
                    <dd>{counted(&c)}</dd>
                })}
            </dl>
            {e.request.map(|r| view! { <CopyAsCurl command=r.curl() /> })}
            {file.map(|make| view! {
                <button type="button" class="button" on:click=move |_| make()>
                    {tr("Download its result file (CSV)")}
                </button>
            })}
        </li>
    }
}
