//! UTC timestamps in the vendor's format: `2019-11-29T16:03:23.9251680Z`
//! (ISO-8601, seven fractional digits, `Z`). No date crate needed.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, formatted like the vendor's `timestamp` fields.
pub fn now() -> String {
    format(SystemTime::now())
}

/// Formats `t` as `YYYY-MM-DDThh:mm:ss.fffffffZ` (UTC, 100 ns ticks like .NET).
pub fn format(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (y, m, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:07}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60,
        d.subsec_nanos() / 100
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_the_vendor_example() {
        // 2019-11-29T16:03:23.9251680Z
        let t = UNIX_EPOCH + Duration::new(1_575_043_403, 925_168_000);
        assert_eq!(format(t), "2019-11-29T16:03:23.9251680Z");
    }

    #[test]
    fn epoch_and_leap_days() {
        assert_eq!(format(UNIX_EPOCH), "1970-01-01T00:00:00.0000000Z");
        // 2020-02-29T23:59:59.0000001Z
        let t = UNIX_EPOCH + Duration::new(1_583_020_799, 100);
        assert_eq!(format(t), "2020-02-29T23:59:59.0000001Z");
        // 2000-03-01
        let t = UNIX_EPOCH + Duration::from_secs(951_868_800);
        assert_eq!(format(t), "2000-03-01T00:00:00.0000000Z");
    }

    #[test]
    fn now_has_the_expected_shape() {
        let s = now();
        assert_eq!(s.len(), 28, "{s}");
        assert!(s.ends_with('Z'));
        assert_eq!(&s[19..20], ".");
    }
}
