//! Bulk softphone assignment (issue 9), at up to 100,000 rows (issue 17):
//! rows from a CSV file or pasted text, checked before anything is sent
//! (`crate::bulk`), then sent a few at a time with progress, pause, resume
//! and cancel; the 402s asked about once; the API out of reach pauses the
//! run; failed rows retried when a resend can cure them; the result file,
//! and the rows refused for what they say as a sheet of their own. The page
//! is a wasm chunk of its own, fetched when first shown.
//!
//! - `state`: what was typed, the sheet read from it (a memo), the run and
//!   its requests; it lives on the app's root owner, so a run goes on while
//!   the page is left;
//! - `view`: the page;
//! - `table`: the rows, as a windowed table.

mod state;
mod table;
mod view;

use view::BulkPage;

// The page as app.rs shows it, in a chunk with all that only it uses (this
// module and `crate::bulk`).
crate::chunk_page!(bulk_page, bulk, BulkPage);
