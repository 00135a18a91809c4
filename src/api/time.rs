//! The API's timestamps carry 7 fractional digits (`.9251680Z`), more than
//! JavaScript's `Date` promises to parse. Cut them to milliseconds first.

pub fn iso_for_js(ts: &str) -> String {
    let ts = ts.trim();
    let Some(dot) = ts.find('.') else {
        return ts.to_string();
    };
    let digits = ts[dot + 1..].bytes().take_while(u8::is_ascii_digit).count();
    let rest = &ts[dot + 1 + digits..];
    let millis: String = ts[dot + 1..dot + 1 + digits]
        .chars()
        .chain("000".chars())
        .take(3)
        .collect();
    format!("{}.{millis}{rest}", &ts[..dot])
}

#[cfg(test)]
mod tests {
    use super::iso_for_js;

    #[test]
    fn fractions_are_cut_to_milliseconds() {
        assert_eq!(
            iso_for_js("2019-11-29T16:03:23.9251680Z"),
            "2019-11-29T16:03:23.925Z"
        );
        assert_eq!(
            iso_for_js("2019-11-29T16:03:23.9Z"),
            "2019-11-29T16:03:23.900Z"
        );
        assert_eq!(iso_for_js("2019-11-29T16:03:23Z"), "2019-11-29T16:03:23Z");
        assert_eq!(
            iso_for_js("2019-11-29T16:03:23.123+01:00"),
            "2019-11-29T16:03:23.123+01:00"
        );
        assert_eq!(iso_for_js("garbage.é"), "garbage.000é");
    }
}
