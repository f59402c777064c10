//! Figures as the benchmarks' words print them: at most two decimals with thousands separators,
//! more where a figure would otherwise print equal to the mark it is held against.

use crate::money::{group_digits, group_thousands};

/// A figure to at most two decimals, with thousands separators: `1,840`, `13.8`, `0.08`. A figure
/// that is not nought but would round to it keeps two significant figures (`0.0012`, and
/// `1.0e-12` below a billionth), so a working never shows a division by 0.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    // Past what hundredths can be counted in, the whole number as it is: never capped.
    if v.abs() >= 1e15 {
        let sign = if v < 0.0 { "-" } else { "" };
        return format!("{sign}{}", group_digits(&format!("{:.0}", v.abs())));
    }
    let hundredths = (v.abs() * 100.0).round() as u64;
    if hundredths == 0 && v != 0.0 {
        if v.abs() < 1e-9 {
            return format!("{v:.1e}");
        }
        let places = (-v.abs().log10()).ceil() as usize + 1;
        let text = format!("{v:.places$}");
        return text.trim_end_matches('0').to_owned();
    }
    let sign = if v < 0.0 && hundredths != 0 { "-" } else { "" };
    let whole = group_thousands(hundredths / 100);
    let frac = hundredths % 100;
    if frac == 0 {
        format!("{sign}{whole}")
    } else if frac.is_multiple_of(10) {
        format!("{sign}{whole}.{}", frac / 10)
    } else {
        format!("{sign}{whole}.{frac:02}")
    }
}

/// `v` to `places` decimals, with thousands separators and without trailing zeros.
fn with_places(v: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    // A hair over, so a figure such as 799 ÷ 2,000, stored a little under 0.3995, rounds as its
    // decimal does.
    let units = (v.abs() * scale as f64 * (1.0 + 1e-12)).round() as u64;
    let sign = if v < 0.0 && units != 0 { "-" } else { "" };
    let whole = group_thousands(units / scale);
    let frac = format!("{:0width$}", units % scale, width = places as usize);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// [`number`], with as many more decimals as it takes (up to nine) for `v` not to print the same
/// as any of `marks` it is not at: 0.3995 against 0.4 prints `0.3995`, never `0.4`, so a figure
/// under its mark never reads as at it.
pub fn number_against(v: f64, marks: &[f64]) -> String {
    let apart = |a: f64, b: f64| (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0);
    let s = number(v);
    if !v.is_finite() || marks.iter().all(|m| !apart(v, *m) || number(*m) != s) {
        return s;
    }
    for places in 3..=9 {
        let s = with_places(v, places);
        if marks
            .iter()
            .all(|m| !apart(v, *m) || with_places(*m, places) != s)
        {
            return s;
        }
    }
    v.to_string()
}

/// A share as a percentage: `0.4` → `40%`.
pub fn percent(share: f64) -> String {
    format!("{}%", number(share * 100.0))
}
