//! Personal data an import must not carry into a map: e-mail addresses and phone numbers. Fields
//! that hold them (contacts, phones, e-mail fields, assurance and change metadata) are never read
//! into a map, only counted; free text an import keeps (a description, an eligibility note) has
//! them replaced by a marker. Counts are of distinct addresses and numbers.

use std::collections::BTreeSet;

/// The e-mail addresses and phone numbers seen, distinct.
#[derive(Debug, Clone, Default)]
pub struct Personal {
    emails: BTreeSet<String>,
    phones: BTreeSet<String>,
}

/// What replaces an e-mail address in kept text.
pub const EMAIL_LEFT_OUT: &str = "[e-mail address left out]";
/// What replaces a phone number in kept text.
pub const PHONE_LEFT_OUT: &str = "[phone number left out]";

impl Personal {
    /// How many distinct e-mail addresses and phone numbers were seen.
    pub fn counts(&self) -> (usize, usize) {
        (self.emails.len(), self.phones.len())
    }

    /// Counts every e-mail address and phone number in a field that is never kept.
    pub fn count_in(&mut self, text: &str) {
        let _ = self.scrub(text);
    }

    /// Counts the e-mail addresses in a field that is never kept (its numbers may be ids).
    pub fn count_emails_in(&mut self, text: &str) {
        let _ = self.scrub_emails(text);
    }

    /// `text` with every e-mail address and phone number replaced by a marker, each counted.
    pub fn scrub(&mut self, text: &str) -> String {
        let text = self.scrub_emails(text);
        self.scrub_phones(&text)
    }

    fn scrub_emails(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for word in split_keeping(text, |c: char| {
            c.is_whitespace() || "<>()[]{},;:\"'".contains(c)
        }) {
            match email_in(word) {
                Some((start, end)) => {
                    out.push_str(&word[..start]);
                    self.emails.insert(word[start..end].to_lowercase());
                    out.push_str(EMAIL_LEFT_OUT);
                    out.push_str(&word[end..]);
                }
                None => out.push_str(word),
            }
        }
        out
    }

    fn scrub_phones(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            let starts = c == '+' || c == '(' || c.is_ascii_digit();
            let after_word = i > 0 && chars[i - 1].1.is_alphanumeric();
            if starts && !after_word {
                // The longest run of digits and separators from here, ending on a digit.
                let mut j = i;
                let mut last_digit = None;
                let mut digits = 0;
                while j < chars.len()
                    && (chars[j].1.is_ascii_digit() || " -().+".contains(chars[j].1))
                {
                    if chars[j].1.is_ascii_digit() {
                        digits += 1;
                        last_digit = Some(j);
                    }
                    j += 1;
                }
                if let Some(last) = last_digit
                    && (10..=15).contains(&digits)
                    && !chars
                        .get(last + 1)
                        .is_some_and(|(_, c)| c.is_alphanumeric())
                {
                    let end = chars.get(last + 1).map_or(text.len(), |(p, _)| *p);
                    let number: String =
                        text[at..end].chars().filter(char::is_ascii_digit).collect();
                    self.phones.insert(number);
                    out.push_str(PHONE_LEFT_OUT);
                    i = last + 1;
                    continue;
                }
            }
            out.push(c);
            i += 1;
        }
        out
    }
}

/// Splits `text` into words and the separators between them, keeping both, in order.
fn split_keeping(text: &str, sep: impl Fn(char) -> bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if sep(c) {
            if start < i {
                parts.push(&text[start..i]);
            }
            parts.push(&text[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// Where an e-mail address is in `word`: something@something.something, trimmed of punctuation
/// around it.
fn email_in(word: &str) -> Option<(usize, usize)> {
    let at = word.find('@')?;
    let local_ok = |c: char| c.is_alphanumeric() || "._%+-!#$&*=?^`|~/".contains(c);
    let domain_ok = |c: char| c.is_alphanumeric() || ".-".contains(c);
    let start = word[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| local_ok(*c))
        .last()
        .map(|(i, _)| i)?;
    let domain: &str = &word[at + 1..];
    let len = domain
        .char_indices()
        .take_while(|(_, c)| domain_ok(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let domain = domain[..len].trim_end_matches(['.', '-']);
    let dot = domain.rfind('.')?;
    if dot == 0 || domain.len() - dot < 3 || start == at {
        return None;
    }
    Some((start, at + 1 + domain.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_numbers_are_replaced_and_counted_once() {
        let mut p = Personal::default();
        let kept = p.scrub(
            "Call Jo on 0117 496 0123 or (0117) 4960123, or e-mail jo.bloggs@example.org. Also JO.BLOGGS@example.org; +44 117 496 0999.",
        );
        assert_eq!(
            kept,
            "Call Jo on [phone number left out] or [phone number left out], or e-mail [e-mail address left out]. Also [e-mail address left out]; [phone number left out]."
        );
        // The same address in two cases and the same number written two ways count once each.
        assert_eq!(p.counts(), (1, 2));
    }

    #[test]
    fn figures_dates_and_short_numbers_are_not_phone_numbers() {
        let mut p = Personal::default();
        let text = "Open 9-5, ages 16-24, 2024-04-01, £120,000, ref ABC1234567890, room 12.";
        assert_eq!(p.scrub(text), text);
        assert_eq!(p.counts(), (0, 0));
        assert_eq!(email_in("name@localhost"), None);
        assert_eq!(email_in("a.b@c.co.uk"), Some((0, 11)));
    }

    #[test]
    fn a_number_needs_ten_digits_and_an_address_its_at_sign() {
        let mut p = Personal::default();
        // Ten digits are a number, nine are not.
        assert_eq!(p.scrub("call 0117 496 012"), "call [phone number left out]");
        assert_eq!(p.scrub("call 0117 496 01"), "call 0117 496 01");
        // Ten digits in all (4 + 4 + 2), but no run of ten: no number.
        let ages = "ages 16-24 and 31-45, rooms 12";
        assert_eq!(p.scrub(ages), ages);
        // No `@`, no address; with one, the address.
        assert_eq!(p.scrub("jo at example.org"), "jo at example.org");
        assert_eq!(p.scrub("jo@example.org"), "[e-mail address left out]");
        assert_eq!(p.counts(), (1, 1));
    }
}
