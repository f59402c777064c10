//! The digits a figure is written to in JSON and CSV: the analyses' own, without the round-off
//! of binary arithmetic. (Text, Markdown and HTML round people and places to the whole and money
//! to the penny, `words::people` and `money`.)

/// Significant figures a fraction is written to.
const FIGURES: i32 = 12;

/// Decimal places a fraction is written to at most: a billionth.
const PLACES: i32 = 9;

/// Powers of ten that are exact in an `f64`, as many as [`figures`] uses.
const TENS: [f64; 22] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21,
];

/// `value` to [`FIGURES`] significant figures and at most [`PLACES`] decimal places: the digits
/// past those are the round-off of binary arithmetic (a need of 88.80000000000001 people, a share
/// of 0.9299999999999999, 4.757684000000012 people short), never part of a figure. Whole numbers,
/// and numbers of more than [`FIGURES`] digits before the point, are left as they are.
pub fn figures(value: f64) -> f64 {
    let size = value.abs();
    if value.fract() == 0.0 || size >= 1e11 {
        return value;
    }
    // Digits before the point, less one (−3 for 0.00123); its floor may be one too low just
    // under a power of ten, which keeps one more digit, never one fewer.
    let exponent = size.log10().floor() as i32;
    let places = (FIGURES - 1 - exponent).clamp(0, PLACES);
    let Some(&scale) = TENS.get(places as usize) else {
        return value;
    };
    let whole = (value * scale).round();
    if whole == 0.0 {
        return 0.0;
    }
    // Both exact, so the quotient is the double nearest the decimal, which is written as that
    // decimal.
    whole / scale
}
