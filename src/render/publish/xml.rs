//! Writing XML (sitemaps, Atom feeds, the IATI file) with quick-xml: the writer escapes every
//! text and attribute; [`clean`] drops what XML 1.0 cannot hold at all.

use std::borrow::Cow;
use std::io;

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};

pub type XmlWriter = Writer<Vec<u8>>;

/// A writer that indents by two spaces, with the XML declaration written.
pub fn writer() -> io::Result<XmlWriter> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// The finished document, ending with a line break.
pub fn finish(w: XmlWriter) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// Writes what `w` holds into `out` and empties it: a long document (a sitemap, the IATI
/// file) is handed on as it is written, not held whole.
pub fn hand_on(w: &mut XmlWriter, out: &mut impl io::Write) -> io::Result<()> {
    out.write_all(w.get_ref())?;
    w.get_mut().clear();
    Ok(())
}

/// `text` without the characters XML 1.0 forbids (control characters other than tab and line
/// breaks, and U+FFFE/U+FFFF), which YAML's escapes can produce.
pub fn clean(text: &str) -> Cow<'_, str> {
    // Most text is ASCII without control characters: no character to decode.
    if text
        .bytes()
        .all(|b| (0x20..0x80).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Cow::Borrowed(text);
    }
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// Appends `text` as the content of an element, cleaned and escaped as [`text_element`]
/// writes it.
pub fn push_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(partial_escape(clean(text)).as_bytes());
}

/// Appends `value` as an attribute's value (between its quotes), cleaned and escaped as
/// [`empty_element`] and [`element`] write it.
pub fn push_attribute_value(out: &mut Vec<u8>, value: &str) {
    // An attribute made from text is escaped by quick-xml as its writer escapes it.
    let cleaned = clean(value);
    let attribute: Attribute = ("", cleaned.as_ref()).into();
    out.extend_from_slice(attribute.value.as_bytes());
}

/// `<name attrs…>text</name>`.
pub fn text_element(
    w: &mut XmlWriter,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    let cleaned: Vec<(&str, Cow<str>)> = attrs.iter().map(|(k, v)| (*k, clean(v))).collect();
    w.create_element(name)
        .with_attributes(cleaned.iter().map(|(k, v)| (*k, v.as_ref())))
        .write_text_content(BytesText::from_escaped(partial_escape(clean(text))))?;
    Ok(())
}

/// `<name attrs…/>`.
pub fn empty_element(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    let cleaned: Vec<(&str, Cow<str>)> = attrs.iter().map(|(k, v)| (*k, clean(v))).collect();
    w.create_element(name)
        .with_attributes(cleaned.iter().map(|(k, v)| (*k, v.as_ref())))
        .write_empty()?;
    Ok(())
}

/// `<name attrs…>` then what `inner` writes, then `</name>`.
pub fn element(
    w: &mut XmlWriter,
    name: &str,
    attrs: &[(&str, &str)],
    inner: impl FnOnce(&mut XmlWriter) -> io::Result<()>,
) -> io::Result<()> {
    let cleaned: Vec<(&str, Cow<str>)> = attrs.iter().map(|(k, v)| (*k, clean(v))).collect();
    w.create_element(name)
        .with_attributes(cleaned.iter().map(|(k, v)| (*k, v.as_ref())))
        .write_inner_content(inner)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes_and_drops_forbidden_characters() {
        let mut w = writer().expect("writes");
        element(&mut w, "a", &[("title", "x \"y\" & <z>")], |w| {
            text_element(w, "b", &[], "1 < 2 & \u{1}bell")
        })
        .expect("writes");
        let xml = String::from_utf8(finish(w)).expect("UTF-8");
        assert!(
            xml.contains(r#"<a title="x &quot;y&quot; &amp; &lt;z&gt;">"#),
            "{xml}"
        );
        assert!(xml.contains("<b>1 &lt; 2 &amp; bell</b>"), "{xml}");
    }
}
