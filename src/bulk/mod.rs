//! Bulk softphone assignment from a spreadsheet (issue 9), the pure part,
//! linear in the rows up to 100,000 of them (issue 17); tested natively. The
//! page is `features/bulk`. Three rooms:
//!
//! - [`sheet`]: reading the rows (CSV with `,` or `;`, a header or none, a
//!   byte-order mark), checking each like the single form, flagging
//!   duplicates, and the limits (20 MB, 100,000 rows);
//! - [`run`]: the run (a bounded number in flight, pause, resume, cancel, a
//!   401 that pauses, the 402s asked about once, the API out of reach that
//!   pauses, retrying what a resend can cure);
//! - [`result`]: the result file and the sheet of refused rows, safe in any
//!   locale, written a range of rows at a time.

pub mod result;
pub mod run;
pub mod sheet;

pub use run::{pace, Answer, Pause, Phase, Progress, Run, State};
pub use sheet::{parse, Action, Refusal, Row, Sheet};

/// The users and devices of the sheet's and the files' tests.
#[cfg(test)]
pub(crate) mod fixtures {
    pub const U1: &str = "11111111-0000-4000-8000-000000000001";
    pub const U2: &str = "11111111-0000-4000-8000-000000000002";
    pub const D1: &str = "5eed0000000000000000000000001011";
    pub const D2: &str = "5eed0000000000000000000000001021";
}
