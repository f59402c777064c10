//! Places a renderer's SVG inside the HTML report, letting through only what a diagram needs: an
//! allow-list of SVG elements and attributes (what Graphviz and the built-in renderer write), links
//! only to ids of the same drawing, and a style sheet of plain declarations. Anything else refuses
//! the whole drawing, with the reason. Text between tags is only text (renderers escape `<` and `&`
//! in it), so a name holding `javascript:` or markup is drawn as written and runs nothing.
//!
//! The markup is read tag by tag and written out again: ids, `#` links and `url(#…)` references
//! get a prefix, so two diagrams' ids cannot clash in one page; the XML prolog, doctype and
//! comments go. It must not let through anything it has not read.

/// The elements a diagram may hold.
const ELEMENTS: &[&str] = &[
    "svg", "g", "defs", "marker", "title", "style", "path", "polygon", "polyline", "line", "rect",
    "ellipse", "circle", "text", "tspan", "textPath",
];

/// The attributes a diagram's elements may have: geometry, paint, text layout. No event handlers,
/// no `style` attribute, and links only through `href` checked below.
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "version",
    "xmlns",
    "xmlns:xlink",
    "width",
    "height",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "d",
    "points",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "dx",
    "dy",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fill",
    "fill-opacity",
    "opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "marker-start",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "refX",
    "refY",
    "orient",
    "startOffset",
    "href",
    "xlink:href",
];

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";
const XLINK_NAMESPACE: &str = "http://www.w3.org/1999/xlink";

/// The drawing, ready to place in the page, or why it cannot be placed.
pub fn inline_svg(svg: &str, prefix: &str) -> Result<String, String> {
    let start = svg
        .find("<svg")
        .ok_or_else(|| "the drawing has no <svg> element".to_owned())?;
    let mut reader = Reader {
        rest: &svg[start..],
        prefix,
        out: String::with_capacity(svg.len() - start + svg.len() / 8),
        open: Vec::new(),
    };
    reader.read()?;
    Ok(reader.out.trim_end().to_owned() + "\n")
}

struct Reader<'a> {
    rest: &'a str,
    prefix: &'a str,
    out: String,
    /// The elements open at this point, innermost last.
    open: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    fn read(&mut self) -> Result<(), String> {
        let mut seen_root = false;
        while !self.rest.is_empty() {
            let text_len = self.rest.find('<').unwrap_or(self.rest.len());
            let (text, rest) = self.rest.split_at(text_len);
            if self.open.is_empty() && !text.trim().is_empty() {
                return Err("the drawing has text outside its <svg> element".into());
            }
            if self.open.last() == Some(&"style") {
                style_sheet(text)?;
            }
            self.out.push_str(text);
            self.rest = rest;
            if self.rest.is_empty() {
                break;
            }
            if let Some(comment) = self.rest.strip_prefix("<!--") {
                let end = comment
                    .find("-->")
                    .ok_or_else(|| "the drawing has a comment that does not end".to_owned())?;
                self.rest = &comment[end + 3..];
            } else if let Some(tag) = self.rest.strip_prefix("</") {
                self.rest = tag;
                self.end_tag()?;
            } else {
                if self.open.is_empty() && seen_root {
                    return Err("the drawing has markup after its <svg> element".into());
                }
                self.rest = &self.rest[1..];
                self.start_tag(!seen_root)?;
                seen_root = true;
            }
        }
        match self.open.last() {
            Some(name) => Err(format!("the drawing's <{name}> element does not end")),
            None => Ok(()),
        }
    }

    fn end_tag(&mut self) -> Result<(), String> {
        let name = self.name()?;
        self.skip_space();
        self.rest = self
            .rest
            .strip_prefix('>')
            .ok_or_else(|| format!("the drawing's </{name}> tag is not closed"))?;
        match self.open.pop() {
            Some(open) if open == name => {}
            _ => return Err(format!("the drawing's </{name}> closes no open element")),
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        Ok(())
    }

    fn start_tag(&mut self, root: bool) -> Result<(), String> {
        let name = self.name()?;
        if !ELEMENTS.contains(&name) || (root != (name == "svg")) {
            return Err(format!(
                "the drawing has an element <{name}> the page does not allow"
            ));
        }
        self.out.push('<');
        self.out.push_str(name);
        loop {
            self.skip_space();
            if let Some(rest) = self.rest.strip_prefix("/>") {
                self.rest = rest;
                self.out.push_str("/>");
                return Ok(());
            }
            if let Some(rest) = self.rest.strip_prefix('>') {
                self.rest = rest;
                self.out.push('>');
                self.open.push(name);
                return Ok(());
            }
            let attribute = self.name()?;
            self.skip_space();
            self.rest = self
                .rest
                .strip_prefix('=')
                .ok_or_else(|| format!("the drawing's attribute {attribute} has no value"))?;
            self.skip_space();
            let value = self.quoted(attribute)?;
            let value = self.attribute(name, attribute, value, root)?;
            self.out.push(' ');
            self.out.push_str(attribute);
            self.out.push_str("=\"");
            self.out.push_str(&value);
            self.out.push('"');
        }
    }

    /// An element or attribute name.
    fn name(&mut self) -> Result<&'a str, String> {
        let len = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.')))
            .unwrap_or(self.rest.len());
        if len == 0 {
            return Err("the drawing has markup that is not a tag".into());
        }
        let (name, rest) = self.rest.split_at(len);
        self.rest = rest;
        Ok(name)
    }

    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t', '\n', '\r']);
    }

    /// A value in double or single quotes, with no `<` in it.
    fn quoted(&mut self, attribute: &str) -> Result<&'a str, String> {
        let quote = self
            .rest
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(|| format!("the drawing's attribute {attribute} is not quoted"))?;
        let body = &self.rest[1..];
        let end = body
            .find(quote)
            .ok_or_else(|| format!("the drawing's attribute {attribute} does not end"))?;
        let value = &body[..end];
        if value.contains('<') {
            return Err(format!("the drawing's attribute {attribute} holds a tag"));
        }
        self.rest = &body[end + 1..];
        Ok(value)
    }

    /// The value to write for an allowed attribute: checked, with ids and references prefixed.
    fn attribute(
        &self,
        element: &str,
        attribute: &str,
        value: &str,
        root: bool,
    ) -> Result<String, String> {
        let refuse = || {
            Err(format!(
                "the drawing's <{element}> has {attribute}=\"{value}\", which the page does not allow"
            ))
        };
        if !ATTRIBUTES.contains(&attribute) {
            return refuse();
        }
        let value = value.replace('"', "&quot;");
        match attribute {
            "xmlns" if value == SVG_NAMESPACE => Ok(value),
            "xmlns:xlink" if value == XLINK_NAMESPACE => Ok(value),
            "xmlns" | "xmlns:xlink" => refuse(),
            "id" if is_id(&value) => Ok(format!("{}-{value}", self.prefix)),
            "href" | "xlink:href" => match value.strip_prefix('#') {
                Some(id) if is_id(id) => Ok(format!("#{}-{id}", self.prefix)),
                _ => refuse(),
            },
            "id" => refuse(),
            "width" | "height" if root => Ok(value
                .strip_suffix("pt")
                .map_or(value.clone(), str::to_owned)),
            _ if value.contains("url(") => match self.local_references(&value) {
                Some(v) => Ok(v),
                None => refuse(),
            },
            _ => Ok(value),
        }
    }

    /// `url(#x)` references made `url(#prefix-x)`; `None` if any points outside the drawing.
    fn local_references(&self, value: &str) -> Option<String> {
        let mut out = String::with_capacity(value.len() + 8);
        let mut rest = value;
        while let Some(i) = rest.find("url(") {
            out.push_str(&rest[..i]);
            let inner = &rest[i + 4..];
            let end = inner.find(')')?;
            let id = inner[..end].strip_prefix('#').filter(|id| is_id(id))?;
            out.push_str(&format!("url(#{}-{id})", self.prefix));
            rest = &inner[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// An id the renderers write: letters, digits, `-`, `_`, `.`.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A style sheet of plain declarations (`.a10 { font-size: 10px; font-family: Times, serif; }`):
/// no `url(`, `@import`, escapes, quotes or comments, which could fetch or hide something.
fn style_sheet(text: &str) -> Result<(), String> {
    let plain = text.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                ' ' | '\n' | '\t' | '.' | '{' | '}' | ':' | ';' | ',' | '#' | '%' | '-' | '_'
            )
    });
    if plain {
        Ok(())
    } else {
        Err("the drawing's style sheet holds more than plain declarations".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_references_get_the_prefix_and_prolog_and_comments_go() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg id=\"g\"><!-- a --><g id=\"n1\" clip-path=\"url(#c)\"><path marker-end=\"url(#m)\"/></g></svg>";
        // clip-path is not on the list: the whole drawing is refused.
        assert!(inline_svg(svg, "d1").is_err());
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg id=\"g\"><!-- a --><g id = \"n1\"><path id=\"p\" marker-end=\"url(#m)\"/><text><textPath href=\"#p\">a url(#x) b</textPath></text></g></svg>";
        assert_eq!(
            inline_svg(svg, "d1").as_deref(),
            Ok(
                "<svg id=\"d1-g\"><g id=\"d1-n1\"><path id=\"d1-p\" marker-end=\"url(#d1-m)\"/><text><textPath href=\"#d1-p\">a url(#x) b</textPath></text></g></svg>\n"
            )
        );
    }

    #[test]
    fn points_become_pixels_on_the_svg_element_only() {
        assert_eq!(
            inline_svg(
                "<svg width=\"100pt\" height=\"50.5pt\" viewBox=\"0 0 100 50\"><text font-size=\"3pt\"/></svg>",
                "d"
            )
            .as_deref(),
            Ok(
                "<svg width=\"100\" height=\"50.5\" viewBox=\"0 0 100 50\"><text font-size=\"3pt\"/></svg>\n"
            )
        );
    }

    #[test]
    fn what_could_run_or_fetch_is_refused() {
        for svg in [
            "<svg><script>x</script></svg>",
            "<svg onload=\"x\"></svg>",
            "<svg><a href=\"#x\">a</a></svg>",
            "<svg><textPath href=\"javascript:x\"/></svg>",
            "<svg><textPath xlink:href=\"https://x\"/></svg>",
            "<svg><image href=\"x\"/></svg>",
            "<svg><foreignObject/></svg>",
            "<svg><rect style=\"fill:red\"/></svg>",
            "<svg><rect fill=\"url(https://x)\"/></svg>",
            "<svg><style>@import 'x';</style></svg>",
            "<svg><style>.a { background: url(x) }</style></svg>",
            "<svg xmlns=\"http://example.com\"></svg>",
            // Markup after the drawing would be read as HTML.
            "<svg></svg><img src=x>",
            "<svg></g><img src=x></svg>",
            "<svg><![CDATA[<script>]]></svg>",
            "<svg><text x=\"<\"></text></svg>",
            "<svg><g>",
        ] {
            assert!(inline_svg(svg, "d").is_err(), "let through: {svg}");
        }
    }

    #[test]
    fn text_is_only_text() {
        // Escaped text is drawn as written, `javascript:` and all; quoted values are only values.
        for svg in [
            "<svg><text x=\"1\">&lt;img src=x onerror=alert(1)&gt; onload=</text></svg>",
            "<svg><title>javascript:alert(1)</title><text>JavaScript:x</text></svg>",
            "<svg><text class=\"onload=x\">t</text></svg>",
            "<svg><style>.a10 { font-size: 10px; font-family: Times, serif; }</style></svg>",
        ] {
            assert!(inline_svg(svg, "d").is_ok(), "refused: {svg}");
        }
    }
}
