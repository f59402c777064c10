//! Money, exact: integer minor units (pence, cents), never floats.
//!
//! Amounts print with the area's currency and thousands separators. Splitting an amount into shares
//! uses the largest-remainder rule, so the parts always add up to the whole.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

// `Serialize` only for the dump of a model that the round-trip tests compare (tests/cli/support.rs);
// the JSON output writes these values its own way (export::json), never through this.
use serde::Serialize;

/// An amount of money in minor units (1/100 of the currency's unit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// The amount in major units, for ratios and charts (never for sums).
    pub fn as_major(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Whole major units, rounded half away from zero.
    pub fn round_major(self) -> i64 {
        let (q, r) = (self.0 / 100, self.0 % 100);
        if r >= 50 {
            q + 1
        } else if r <= -50 {
            q - 1
        } else {
            q
        }
    }

    /// The amount as a plain decimal in major units, exact: `285000.00`, `-12.50`.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let minor = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", minor / 100, minor % 100)
    }

    /// Shows the amount with a currency symbol and thousands separators: `£180,000` or `£1,250.50`.
    pub fn display(self, currency: &str) -> MoneyDisplay<'_> {
        MoneyDisplay {
            money: self,
            currency,
        }
    }

    /// Splits the amount in proportion to `weights`, by the largest-remainder rule: the parts add up
    /// to the amount exactly, and ties in the remainder go to the earlier weight. All-zero weights
    /// give all-zero parts.
    pub fn split(self, weights: &[u128]) -> Vec<Money> {
        let negative = self.0 < 0;
        largest_remainder(u128::from(self.0.unsigned_abs()), weights)
            .into_iter()
            .map(|p| {
                let p = i64::try_from(p).unwrap_or(i64::MAX);
                Money(if negative { -p } else { p })
            })
            .collect()
    }
}

/// Splits `amount` whole units in proportion to `weights` by the largest-remainder rule: the parts
/// add up to the amount exactly, and ties in the remainder go to the earlier weight. All-zero
/// weights give all-zero parts. (Pennies here; people served, in millionths, in the sharing of
/// places.)
pub fn largest_remainder(amount: u128, weights: &[u128]) -> Vec<u128> {
    let total: u128 = weights.iter().sum();
    if total == 0 || amount == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u128> = weights.iter().map(|w| amount * w / total).collect();
    let mut left = amount - parts.iter().sum::<u128>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest remainder first; the stable sort keeps earlier weights first on ties.
    order.sort_by_key(|&i| std::cmp::Reverse(amount * weights[i] % total));
    for i in order {
        if left == 0 {
            break;
        }
        if weights[i] > 0 {
            parts[i] += 1;
            left -= 1;
        }
    }
    parts
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// The symbol a currency code prints with, or the code itself.
pub fn currency_symbol(code: &str) -> &str {
    match code {
        "GBP" => "£",
        "EUR" => "€",
        "USD" => "$",
        other => other,
    }
}

/// See [`Money::display`].
pub struct MoneyDisplay<'a> {
    money: Money,
    currency: &'a str,
}

impl fmt::Display for MoneyDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let symbol = currency_symbol(self.currency);
        let sign = if self.money.0 < 0 { "-" } else { "" };
        let minor = self.money.0.unsigned_abs();
        let major = group_thousands(minor / 100);
        let pence = minor % 100;
        let space = if symbol.chars().all(|c| c.is_ascii_alphabetic()) {
            " "
        } else {
            ""
        };
        write!(f, "{sign}{symbol}{space}{major}")?;
        if pence != 0 {
            write!(f, ".{pence:02}")?;
        }
        Ok(())
    }
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    group_digits(&n.to_string())
}

/// Digits with a comma between each group of three: `1234567` → `1,234,567`.
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Reads `120000`, `120,000`, `1250.5` or `-30.25` as minor units. At most two decimal places.
pub fn parse_minor_units(text: &str) -> Result<i64, String> {
    parse(text, false)
}

/// [`parse_minor_units`], but an amount written well but too large for the integers money is
/// kept in is read as the largest amount (the smallest, below zero) they hold, rather than
/// refused: every such amount is far beyond the range a map's money may be, so the map's checks
/// report it as out of range (or below zero), with the range, where it is written.
pub fn parse_minor_units_or_beyond(text: &str) -> Result<i64, String> {
    parse(text, true)
}

fn parse(text: &str, saturate: bool) -> Result<i64, String> {
    if crate::decimal::hint(text).is_some() {
        return Err(format!("`{}` is not a decimal number", text.trim()));
    }
    let bad =
        || format!("`{text}` is not an amount of money: write digits, such as 120000 or 1250.50");
    let written = text.trim();
    let unsigned = written.strip_prefix('-').unwrap_or(written);
    // A sign or a letter is the mistake, whatever the commas around it: said first.
    if unsigned.contains(CURRENCY_SIGNS) {
        let digits: String = unsigned
            .chars()
            .filter(|c| !CURRENCY_SIGNS.contains(c))
            .collect();
        return Err(format!(
            "`{written}` has a currency sign: write the amount as digits alone, such as {}, \
             in the currency the area's `currency` names",
            digits.trim().replace(',', "")
        ));
    }
    if !unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(bad());
    }
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if frac.contains(',') || (whole.contains(',') && !crate::decimal::thousands_ok(whole)) {
        return Err(misplaced_comma(written));
    }
    let t = written.replace(',', "");
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(format!(
            "`{text}` has more than two decimal places: money is kept to the penny"
        ));
    }
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let minor = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(100))
        .and_then(|w| w.checked_add(frac));
    match (minor, saturate) {
        (Some(minor), _) => Ok(if negative { -minor } else { minor }),
        (None, true) => Ok(if negative { i64::MIN } else { i64::MAX }),
        (None, false) => Err(format!(
            "`{written}` is more than a funding line may be: at most {} a year",
            group_digits(&(crate::decimal::MAX_MINOR_UNITS / 100).to_string())
        )),
    }
}

/// Currency signs people write before an amount; the map's currency is the area's `currency`.
const CURRENCY_SIGNS: &[char] = &['£', '$', '€', '¥', '₹', '¢'];

/// Why an amount with a comma out of place is refused: a comma only ever groups thousands, so
/// `1250,50` (a decimal comma) and `1,2,3` are not read as some other amount.
fn misplaced_comma(written: &str) -> String {
    let decimal_comma = written.split_once(',').filter(|(whole, cents)| {
        !whole.is_empty()
            && !whole.contains('.')
            && (1..=2).contains(&cents.len())
            && cents.bytes().all(|b| b.is_ascii_digit())
    });
    match decimal_comma {
        Some((whole, cents)) => format!(
            "`{written}` has a comma where a decimal point goes: money is written with a point \
             for the pence, so write {whole}.{cents:0<2}"
        ),
        None => format!(
            "`{written}` has a comma that does not separate thousands: write the amount as \
             digits (120000 or 1250.50), with commas, if any, only between groups of three \
             (120,000)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(parse_minor_units("120,000"), Ok(12_000_000));
        assert_eq!(parse_minor_units("1250.5"), Ok(125_050));
        assert_eq!(parse_minor_units("-30.25"), Ok(-3025));
        assert!(parse_minor_units("1.234").is_err());
        assert!(parse_minor_units("ten").is_err());
        assert_eq!(parse_minor_units("1,234,567.50"), Ok(123_456_750));
        assert_eq!(parse_minor_units("-1,000"), Ok(-100_000));
    }

    #[test]
    fn a_comma_only_ever_separates_thousands() {
        // Read as thousands, these would be 100 times the amount meant (a decimal comma) or an
        // amount no one wrote: each is refused, never read as another number.
        for text in [
            "1250,50", "12,5", "1,2,3", ",100", "100,", "1,,000", "1,0000", "1.5,0",
        ] {
            assert!(parse_minor_units(text).is_err(), "{text} was taken");
        }
        let why = parse_minor_units("1250,50").unwrap_err();
        assert!(why.contains("write 1250.50"), "{why}");
        let why = parse_minor_units("12,5").unwrap_err();
        assert!(why.contains("write 12.50"), "{why}");
        let why = parse_minor_units("1,2,3").unwrap_err();
        assert!(why.contains("groups of three"), "{why}");
        assert_eq!(Money(12_000_000).display("GBP").to_string(), "£120,000");
        assert_eq!(Money(125_050).display("EUR").to_string(), "€1,250.50");
        assert_eq!(Money(-100).display("CHF").to_string(), "-CHF 1");
    }

    #[test]
    fn a_currency_sign_is_named_before_any_comma() {
        // `£180,000` has thousands grouped right; the sign is the mistake, and 180000 is meant.
        let why = parse_minor_units("£180,000").unwrap_err();
        assert!(
            why.contains("currency sign") && why.contains("such as 180000,"),
            "{why}"
        );
        let why = parse_minor_units("-£1,5").unwrap_err();
        assert!(why.contains("currency sign"), "{why}");
        // A letter among digits and commas is not an amount, whatever the commas.
        let why = parse_minor_units("1,5k").unwrap_err();
        assert!(why.contains("is not an amount of money"), "{why}");
    }

    #[test]
    fn split_reconciles_with_largest_remainder() {
        // 100 pence in thirds: 33.33 each, the remaining penny goes to the first (ties: earlier).
        assert_eq!(
            Money(100).split(&[1, 1, 1]),
            vec![Money(34), Money(33), Money(33)]
        );
        // 1000 over weights 1:2 → 333.3 / 666.6: the larger remainder (the second) gets the penny.
        assert_eq!(Money(1000).split(&[1, 2]), vec![Money(333), Money(667)]);
        assert_eq!(Money(500).split(&[0, 0]), vec![Money(0), Money(0)]);
        assert_eq!(Money(7).split(&[0, 3]), vec![Money(0), Money(7)]);
    }
}
