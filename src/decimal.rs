//! One rule for every number in a map: it is written in decimal (`120000`, `1250.50`, `-3`,
//! `1.5e3`), and is within the range of what it counts. YAML also reads `0x10`, `0o17`, `0b11`,
//! `1_000`, `.inf` and `.nan` as numbers; ecomap refuses them, saying what was probably meant.
//! The ranges are here, in one place, and in `docs/format.md`.

/// The most people, places or any other count or figure a map may give: ten billion, more than
/// the world's population, so only a mistake reaches it.
pub const MAX_QUANTITY: f64 = 1e10;
/// The least staff (whole-time equivalent) a map may give above none: 0.01 WTE is about 20
/// minutes a week of one person's time (of a 37.5-hour week), less than any service's staff can
/// be. Below it a figure is a mistake (a misplaced point, hours or a share written as WTE), and
/// dividing by it (people supported per specialist) would give figures of no meaning.
pub const MIN_WTE: f64 = 0.01;
/// The most money, in minor units (pence), one funding line may give, and all the map's funding
/// lines together: £10^16 a year. Sums of parts of the map stay a hundred times inside what the
/// integers money is counted in can hold.
pub const MAX_MINOR_UNITS: i128 = 1_000_000_000_000_000_000;
/// The most people in all the map's cohorts together, and the most places in all its services:
/// within the integers a float holds exactly (2^53), so shares and ratios of them are exact.
pub const MAX_TOTAL: u128 = 1_000_000_000_000_000;

/// Whether `text` is a number written in decimal: an optional sign, digits with an optional
/// fraction, an optional exponent.
pub fn is_decimal(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        (!whole.is_empty() || !fraction.is_empty()) && digits(whole) && digits(fraction);
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// Whether the digits before a number's point are grouped by thousands with commas (`1,840`,
/// `12,000,000`; not `1,84`, `,100`, `100,` or `1,,000`). Digits with no comma are not grouped,
/// and pass too.
pub fn thousands_ok(whole: &str) -> bool {
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    if !whole.contains(',') {
        return digits(whole);
    }
    (1..=3).contains(&first.len()) && digits(first) && groups.all(|g| g.len() == 3 && digits(g))
}

/// What a number written other than in decimal means, as help: `0x10 is 16: write 16`. `None`
/// when `text` is not such a number.
pub fn hint(text: &str) -> Option<String> {
    let t = text.trim();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.strip_prefix('+').unwrap_or(t)),
    };
    let radix = |prefix: &str, base: u32| {
        let digits = body.strip_prefix(prefix)?.replace('_', "");
        u128::from_str_radix(&digits, base).ok()
    };
    let value = radix("0x", 16)
        .or_else(|| radix("0X", 16))
        .or_else(|| radix("0o", 8))
        .or_else(|| radix("0b", 2));
    if let Some(v) = value {
        return Some(format!(
            "numbers are written in decimal: {t} is {sign}{v}, so write {sign}{v}"
        ));
    }
    if body.contains('_') && is_decimal(&body.replace('_', "")) {
        let plain = t.replace('_', "");
        return Some(format!("numbers are written without `_`: write {plain}"));
    }
    let word = body.to_ascii_lowercase();
    if matches!(word.as_str(), ".inf" | ".nan" | "inf" | "nan" | "infinity") {
        return Some("a figure is a finite decimal number, such as 120 or 0.3".to_owned());
    }
    None
}

/// How to write as a number what was written as one the way people write figures in text: `30%`
/// (a share, from 0 to 1), `100,000` or `100 000` (digits alone: only amounts of money take
/// commas), `2,5` (a decimal point, not a comma). `None` when `text` is not such a figure.
pub fn figure_hint(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(percent) = t.strip_suffix('%').map(str::trim_end)
        && is_decimal(percent)
    {
        let share = percent.parse::<f64>().ok()? / 100.0;
        return Some(format!(
            "a share is written as a number from 0 to 1, without `%`: for {percent} %, write {share}"
        ));
    }
    let (sign, body) = t.strip_prefix('-').map_or(("", t), |rest| ("-", rest));
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.contains(',') && thousands_ok(whole) && digits(fraction) {
        let plain = t.replace(',', "");
        return Some(format!(
            "write the number without commas (only amounts of money take them): write {plain}"
        ));
    }
    if let Some((units, decimals)) = body.split_once(',')
        && !units.is_empty()
        && !decimals.is_empty()
        && digits(units)
        && digits(decimals)
    {
        return Some(format!(
            "a number is written with a point before its decimals, not a comma: write {sign}{units}.{decimals}"
        ));
    }
    if t.contains(' ') && is_decimal(&t.replace(' ', "")) {
        let plain = t.replace(' ', "");
        return Some(format!("write the number without spaces: write {plain}"));
    }
    None
}

/// The number's text as written at the start of `source`: up to the first space, comma,
/// bracket, brace or comment.
pub fn token(source: &str) -> &str {
    let end = source
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
        .unwrap_or(source.len());
    &source[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_and_not() {
        for ok in [
            "0", "120000", "-3", "+5", "1250.50", ".5", "5.", "1.5e3", "1E-2",
        ] {
            assert!(is_decimal(ok), "{ok}");
        }
        for no in [
            "0x10", "0o17", "0b11", "1_000", ".inf", ".nan", "", "-", "e5", "1e", "ten",
        ] {
            assert!(!is_decimal(no), "{no}");
        }
    }

    #[test]
    fn hints_say_what_was_meant() {
        assert_eq!(
            hint("0x10").as_deref(),
            Some("numbers are written in decimal: 0x10 is 16, so write 16")
        );
        assert_eq!(
            hint("-0o17").as_deref(),
            Some("numbers are written in decimal: -0o17 is -15, so write -15")
        );
        assert_eq!(
            hint("1_000").as_deref(),
            Some("numbers are written without `_`: write 1000")
        );
        assert!(hint(".inf").is_some());
        assert_eq!(hint("ten"), None);
        assert_eq!(token("0x10, size: 3 }"), "0x10");
    }

    #[test]
    fn figures_as_written_in_text_say_the_number_meant() {
        // 30 % of a cohort is the share 30 / 100 = 0.3.
        assert_eq!(
            figure_hint("30%").as_deref(),
            Some("a share is written as a number from 0 to 1, without `%`: for 30 %, write 0.3")
        );
        // Thousands grouped by commas or spaces: the same digits without them.
        assert!(figure_hint("100,000").is_some_and(|h| h.ends_with("write 100000")));
        assert!(figure_hint("1,736").is_some_and(|h| h.ends_with("write 1736")));
        assert!(figure_hint("100 000").is_some_and(|h| h.ends_with("write 100000")));
        // A decimal comma: 2,5 is two and a half, and 1,5 (not three digits after it) too.
        assert!(figure_hint("2,5").is_some_and(|h| h.ends_with("write 2.5")));
        assert_eq!(figure_hint("ten"), None);
        assert_eq!(figure_hint("1,2,3"), None);
    }
}
