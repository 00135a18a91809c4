//! Bulk softphone assignment from a spreadsheet (issue 9), the pure part,
//! tested natively; the page is `features/bulk`. Three rooms:
//!
//! - [`sheet`]: reading the rows (CSV with `,` or `;`, a header or none, a
//!   byte-order mark) and checking each like the single form, flagging
//!   duplicates;
//! - [`run`]: the run (a bounded number in flight, pause, resume, cancel, a
//!   401 that pauses, the 402s asked about once, retrying the failed rows);
//! - [`result`]: the result file.

pub mod result;
pub mod run;
pub mod sheet;

pub use result::result_csv;
pub use run::{pace, Answer, Progress, Run, State};
pub use sheet::{parse, Action, Row, Sheet};
