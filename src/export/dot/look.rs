//! The shared look: one place for shapes, pens and colours. Colours are chosen to differ in
//! lightness as well as hue, and every kind of thing also differs in shape or line style, so a
//! diagram printed in greyscale still tells them apart.

use super::Attrs;

/// Fonts: a sans-serif Graphviz finds everywhere.
pub const FONT: &str = "Helvetica,Arial,sans-serif";

pub fn graph() -> Attrs {
    Attrs::new()
        .with("fontname", FONT)
        .with("fontsize", "12")
        .with("labelloc", "t")
        .with("nodesep", "0.3")
        .with("ranksep", "0.6")
}

pub fn node() -> Attrs {
    Attrs::new()
        .with("fontname", FONT)
        .with("fontsize", "10")
        .with("margin", "0.1,0.05")
}

pub fn edge() -> Attrs {
    Attrs::new()
        .with("fontname", FONT)
        .with("fontsize", "9")
        .with("color", INK)
        .with("fontcolor", INK)
}

/// Lines and text.
pub const INK: &str = "#333333";
/// Quiet lines: referrals, cluster frames.
pub const GREY: &str = "#777777";
/// Money.
pub const MONEY: &str = "#1f4e8c";
/// Gaps: red (mid-dark, so it prints as a clear grey) and always dashed.
pub const GAP: &str = "#c0272d";
/// Overlaps: purple, always a double line.
pub const OVERLAP: &str = "#6a3d9a";

/// A body that pays: a filled box with a bold frame.
pub fn commissioner() -> Attrs {
    Attrs::new()
        .with("shape", "box")
        .with("style", "filled,bold")
        .with("fillcolor", "#c6dbef")
        .with("color", MONEY)
}

/// A service: a white rounded box.
pub fn service() -> Attrs {
    Attrs::new()
        .with("shape", "box")
        .with("style", "rounded,filled")
        .with("fillcolor", "#ffffff")
        .with("color", INK)
}

/// A group of people: a filled ellipse.
pub fn cohort() -> Attrs {
    Attrs::new()
        .with("shape", "ellipse")
        .with("style", "filled")
        .with("fillcolor", "#fdd9b5")
        .with("color", INK)
}

/// A stage of support: a grey hexagon.
pub fn stage() -> Attrs {
    Attrs::new()
        .with("shape", "hexagon")
        .with("style", "filled")
        .with("fillcolor", "#e6e6e6")
        .with("color", INK)
}

/// Something short of what it needs: a thick double frame.
pub fn short() -> Attrs {
    Attrs::new()
        .with("peripheries", "2")
        .with("penwidth", "2")
        .with("color", GAP)
}

/// Money that goes nowhere on the map (it reaches no cohort, or is not spent): a dashed note.
pub fn money_note() -> Attrs {
    Attrs::new()
        .with("shape", "note")
        .with("style", "dashed")
        .with("color", GREY)
}

/// A provider's frame around its services.
pub fn provider() -> Attrs {
    Attrs::new()
        .with("style", "rounded,dashed")
        .with("color", GREY)
        .with("fontcolor", INK)
        .with("fontsize", "10")
        .with("labeljust", "l")
}

/// Money: solid, blue, its width in proportion to the amount.
pub fn funding(pen: f64) -> Attrs {
    Attrs::new()
        .with("color", MONEY)
        .with("fontcolor", MONEY)
        .with_number("penwidth", pen)
}

/// A referral from one service to another: thin, solid, grey.
pub fn referral() -> Attrs {
    Attrs::new().with("color", GREY).with("arrowsize", "0.7")
}

/// Where a cohort first shows up: dotted.
pub fn entry() -> Attrs {
    Attrs::new()
        .with("style", "dotted")
        .with("penwidth", "1.5")
        .with("arrowhead", "vee")
}

/// A chain that starts with people referring themselves: dotted, with an open arrow.
pub fn self_referral() -> Attrs {
    Attrs::new()
        .with("style", "dotted")
        .with("penwidth", "1.5")
        .with("arrowhead", "onormal")
}

/// A service offering a stage: solid, bold, with a box arrow.
pub fn offers() -> Attrs {
    Attrs::new().with("style", "bold").with("arrowhead", "box")
}

/// A gap: red and dashed, thick.
pub fn gap() -> Attrs {
    Attrs::new()
        .with("color", GAP)
        .with("fontcolor", GAP)
        .with("style", "dashed")
        .with("penwidth", "2")
}

/// A service that overlaps others: a purple double frame.
pub fn overlapping() -> Attrs {
    Attrs::new().with("peripheries", "2").with("color", OVERLAP)
}

/// An overlap: a purple double line without arrows.
pub fn overlap(accepted: bool) -> Attrs {
    let a = Attrs::new()
        .with("dir", "none")
        .with("fontcolor", OVERLAP)
        .with("color", &format!("{OVERLAP}:#ffffff:{OVERLAP}"));
    if accepted {
        a.with("style", "dashed")
    } else {
        a.with("penwidth", "1.5")
    }
}

/// The legend's frame.
pub fn legend() -> Attrs {
    Attrs::new()
        .with("label", "Legend")
        .with("style", "rounded")
        .with("color", GREY)
        .with("fontsize", "11")
        .with("labeljust", "l")
}
