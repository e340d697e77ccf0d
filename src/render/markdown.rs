//! Markdown bodies to HTML, once per file.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::domain::slug::slugify;

/// The ids the default theme's templates give their own elements, read from the templates
/// themselves so that none is forgotten: the whole ids (`id="map-label"`), and the beginnings of
/// the ids they make (`id="c-{{ continent.key }}"` reserves `c-`). Body headings never take
/// them; `top` is reserved too, since HTML gives it to every page.
static RESERVED_IDS: std::sync::LazyLock<(Vec<String>, Vec<String>)> =
    std::sync::LazyLock::new(|| {
        let mut whole = vec!["top".to_string()];
        let mut prefixes = Vec::new();
        for (_, template) in crate::load::builtin::TEMPLATES {
            for part in template.split("id=\"").skip(1) {
                let Some((id, _)) = part.split_once('"') else {
                    continue;
                };
                match id.split_once("{{") {
                    None => whole.push(id.to_string()),
                    Some((prefix, _)) if !prefix.is_empty() => prefixes.push(prefix.to_string()),
                    Some(_) => {}
                }
            }
        }
        (whole, prefixes)
    });

/// An id for a heading: an ASCII slug where the text allows one, else the text's words joined
/// by hyphens in their own script (HTML ids may hold any letter).
fn anchor(text: &str) -> String {
    slugify(text).unwrap_or_else(|| {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            "section".to_string()
        } else {
            words.join("-")
        }
    })
}

/// The HTML that fiche's Markdown makes, and nothing else: what a body keeps when the site
/// says `markdown.raw_html: false`. Tags written by hand are removed (their text stays, except
/// in `script` and `style`), and so are event handlers, comments, and addresses that are not
/// http(s), mailto or relative (`javascript:`).
static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    use std::collections::{HashMap, HashSet};
    let tags = [
        "p",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "em",
        "strong",
        "del",
        "a",
        "img",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "div",
    ];
    let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::from([
        ("a", HashSet::from(["href", "title"])),
        ("img", HashSet::from(["src", "alt", "title"])),
        ("ol", HashSet::from(["start"])),
        ("code", HashSet::from(["class"])),
        ("th", HashSet::from(["style"])),
        ("td", HashSet::from(["style"])),
        // Footnotes.
        ("sup", HashSet::from(["class"])),
        // A table's scrolling box (`TABLE_BOX`).
        ("div", HashSet::from(["class", "id", "tabindex"])),
    ]);
    for heading in ["h2", "h3", "h4", "h5", "h6"] {
        attributes.insert(heading, HashSet::from(["id"]));
    }
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(tags))
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .clean_content_tags(HashSet::from(["script", "style"]))
        // Table columns' alignment.
        .filter_style_properties(HashSet::from(["text-align"]));
    builder
});

/// What a table is put in: a box that scrolls sideways on its own, so that a wide table does
/// not make the whole page wider than a phone's screen. It can take the keyboard's focus, so
/// that it can be scrolled without a mouse.
const TABLE_BOX: (&str, &str) = ("<div class=\"table-box\" tabindex=\"0\">", "</div>\n");

/// Where a body's links are written, as rendering it found them: what the link check needs to
/// say where a broken link can be fixed, without reading the body again.
#[derive(Debug, Default)]
pub struct BodyLinks {
    /// Each Markdown link and image, in the order written.
    pub links: Vec<BodyLink>,
    /// The byte ranges of the body that are raw HTML, whose addresses are as written.
    pub html: Vec<std::ops::Range<usize>>,
}

/// A Markdown link or image address.
#[derive(Debug)]
pub struct BodyLink {
    /// As the page's HTML has it ([`to_html`] rebases relative addresses).
    pub url: String,
    /// How many bytes of `url` [`to_html`] put before what the body wrote (`root`), or 0.
    pub rebased: usize,
    /// The byte offset in the body of the link's first character (its `[` or `!`).
    pub offset: usize,
}

impl BodyLinks {
    /// A Markdown link's or image's address at `offset`, rebased on `root` as the page has
    /// it, and kept.
    fn found(&mut self, dest_url: CowStr<'_>, root: &str, offset: usize) -> CowStr<'static> {
        let before = dest_url.len();
        let url = rebase(dest_url, root).into_string();
        self.links.push(BodyLink {
            url: url.clone(),
            rebased: url.len() - before,
            offset,
        });
        CowStr::from(url)
    }
}

/// The id of a heading whose text is `text`: made from its words, never one of the theme's
/// nor one already `used` (which it joins).
fn heading_id(text: &str, used: &mut Vec<String>) -> String {
    let mut base = anchor(text);
    // `## C-Level` would be `c-level`, which a template may make (`c-{{ … }}`): a heading's
    // id never starts like those.
    if RESERVED_IDS.1.iter().any(|p| base.starts_with(p.as_str())) {
        base = format!("h-{base}");
    }
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.push(id.clone());
    id
}

impl BodyLink {
    /// The address as the body writes it.
    pub fn written(&self) -> &str {
        &self.url[self.rebased..]
    }
}

/// Renders Markdown to HTML, with where its links are written. Relative link and image
/// addresses are made relative to the page by prefixing `root` (the way from the page up to
/// the site root); headings get ids. Without `raw_html`, only what Markdown itself makes is
/// kept (see [`CLEANER`]).
pub fn to_html(markdown: &str, root: &str, raw_html: bool) -> (String, BodyLinks) {
    let options = parser_options();
    let mut events: Vec<Event> = Vec::new();
    let mut links = BodyLinks::default();
    let mut heading: Option<(usize, String)> = None;
    let mut used_ids: Vec<String> = RESERVED_IDS.0.clone();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: links.found(dest_url, root, range.start),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: links.found(dest_url, root, range.start),
                title,
                id,
            }),
            Event::Html(html) => {
                links.html.push(range);
                Event::Html(html)
            }
            Event::InlineHtml(html) => {
                links.html.push(range);
                Event::InlineHtml(html)
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // A body's headings sit under the page's h1: `#` becomes h2.
                let level = if level == HeadingLevel::H1 {
                    HeadingLevel::H2
                } else {
                    level
                };
                if id.is_none() {
                    heading = Some((events.len(), String::new()));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    let id = heading_id(&text, &mut used_ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                }
                let level = if level == HeadingLevel::H1 {
                    HeadingLevel::H2
                } else {
                    level
                };
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(CowStr::Borrowed(TABLE_BOX.0)));
                Event::Start(Tag::Table(alignments))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed(TABLE_BOX.1))
            }
            Event::Text(t) => {
                if let Some((_, text)) = &mut heading {
                    text.push_str(&t);
                }
                Event::Text(t)
            }
            other => other,
        };
        events.push(event);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if raw_html {
        (out, links)
    } else {
        (CLEANER.clean(&out).to_string(), links)
    }
}

/// The Markdown extensions fiche turns on, for rendering and for finding links alike.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn rebase<'a>(url: CowStr<'a>, root: &str) -> CowStr<'a> {
    let u: &str = &url;
    let absolute = u.is_empty()
        || u.starts_with('#')
        || u.starts_with('/')
        || u.starts_with("//")
        || u.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        });
    if absolute {
        url
    } else {
        CowStr::from(format!("{root}{u}"))
    }
}

/// The words a reader sees in a Markdown body, for the search index: text, code and image
/// descriptions, one space between blocks; raw HTML left out (its tags are not words, and a
/// body that hides text in HTML comments must not leak it into search excerpts).
pub fn to_plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let gap = |text: &mut String| {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    };
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => gap(&mut text),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => gap(&mut text),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebases_relative_addresses_and_keeps_absolute_ones() {
        let html = to_html(
            "[a](images/x.pdf) [b](https://e.org) [c](#top) ![i](images/p.svg)",
            "../../",
            true,
        )
        .0;
        assert!(html.contains(r#"href="../../images/x.pdf""#), "{html}");
        assert!(html.contains(r#"href="https://e.org""#));
        assert!(html.contains(r##"href="#top""##));
        assert!(html.contains(r#"src="../../images/p.svg""#));
    }

    #[test]
    fn keeps_where_each_link_image_and_raw_html_is_written() {
        let body = "Intro.\n\nSee [the map](images/map.svg) and\n![a photo](https://e.org/p.jpg).\n\n<a href=\"fr/pays/x/\">raw</a>\n";
        let (_, links) = to_html(body, "../../../", true);
        let found: Vec<(&str, &str, &str)> = links
            .links
            .iter()
            .map(|l| (l.written(), l.url.as_str(), &body[l.offset..]))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "images/map.svg",
                    "../../../images/map.svg",
                    &body[body.find("[the map]").unwrap()..]
                ),
                (
                    "https://e.org/p.jpg",
                    "https://e.org/p.jpg",
                    &body[body.find("![a photo]").unwrap()..]
                ),
            ]
        );
        let html: Vec<&str> = links.html.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(html, ["<a href=\"fr/pays/x/\">", "</a>"]);
    }

    #[test]
    fn headings_get_ids_and_h1_becomes_h2() {
        let html = to_html(
            "# Objectif\n\n## Axe 1 – Formation\n\n## Axe 1 – Formation\n",
            "",
            true,
        )
        .0;
        assert!(html.contains(r#"<h2 id="objectif">"#), "{html}");
        assert!(html.contains(r#"<h2 id="axe-1-formation">"#));
        assert!(html.contains(r#"<h2 id="axe-1-formation-2">"#));
    }

    #[test]
    fn heading_ids_avoid_the_theme_ids_and_keep_other_scripts() {
        let html = to_html("# Main\n\n## الأهداف العامة\n", "", true).0;
        assert!(html.contains(r#"<h2 id="main-2">"#), "{html}");
        assert!(html.contains(r#"<h2 id="الأهداف-العامة">"#), "{html}");
    }

    #[test]
    fn heading_ids_avoid_every_id_of_the_default_theme_templates() {
        let html = to_html(
            "## Map label\n\n## Finder title\n\n## C-Level\n\n## Map\n",
            "",
            true,
        )
        .0;
        for id in ["map-label-2", "h-finder-title", "h-c-level", "map"] {
            assert!(html.contains(&format!(r#"id="{id}""#)), "{id}: {html}");
        }
        let (whole, prefixes) = &*RESERVED_IDS;
        for id in ["main", "map-label", "facts-title", "finder-q", "top"] {
            assert!(whole.iter().any(|w| w == id), "{id}: {whole:?}");
        }
        assert!(prefixes.iter().any(|p| p == "c-"), "{prefixes:?}");
    }

    #[test]
    fn tables_scroll_in_a_box_of_their_own_with_or_without_raw_html() {
        for raw_html in [true, false] {
            let html = to_html("| a | b |\n|---|---|\n| c | d |\n", "", raw_html).0;
            let html = html.replace(" />", ">");
            assert!(
                html.starts_with(TABLE_BOX.0) && html.trim_end().ends_with("</table>\n</div>"),
                "{html}"
            );
        }
    }

    #[test]
    fn raw_html_is_kept_by_default() {
        let html = to_html("a <b>bold</b>\n\n<div class=\"x\">block</div>\n", "", true).0;
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(html.contains("<div class=\"x\">block</div>"), "{html}");
    }

    #[test]
    fn without_raw_html_tags_written_by_hand_go_and_their_text_stays() {
        let html = to_html(
            "a <b>bold</b> <span onclick=\"x()\">word</span>\n\n<marquee>block</marquee>\n\n<!-- note -->\n",
            "",
            false,
        ).0;
        assert_eq!(
            html.trim_end(),
            "<p>a bold word</p>\n<p>block</p>",
            "{html}"
        );
    }

    #[test]
    fn without_raw_html_scripts_styles_frames_and_javascript_links_go_whole() {
        let body = "<script>alert(1)</script>\n\n<style>p{}</style>\n\n<iframe src=\"https://e.org\"></iframe>\n\n[x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a> ![i](data:text/html,x)\n\n# T {onclick=alert(3)}\n";
        let html = to_html(body, "", false).0;
        for gone in [
            "alert", "<script", "<style", "p{}", "<iframe", "onclick", "data:",
        ] {
            assert!(!html.contains(gone), "`{gone}` is still in {html}");
        }
        assert!(
            html.contains("<a>x</a>") && html.contains("<a>y</a>"),
            "{html}"
        );
    }

    #[test]
    fn without_raw_html_what_markdown_makes_is_kept_as_is() {
        let body = "# Objectif\n\n**a** *b* ~~c~~ `d` [e](images/e.pdf \"t\") ![f](images/f.svg)\n\n> g\n\n3. h\n4. i\n\n| j | k |\n|:--|--:|\n| l | m |\n\n```rust\nfn n() {}\n```\n\nA note[^1].\n\n[^1]: The note.\n\n---\n";
        // The cleaner writes void elements and styles in its own way; nothing else differs.
        let same = |html: String| html.replace(" />", ">").replace(": ", ":");
        assert_eq!(
            same(to_html(body, "../", false).0),
            same(to_html(body, "../", true).0)
        );
    }

    #[test]
    fn plain_text_keeps_words_and_leaves_out_raw_html() {
        let text = to_plain_text(
            "## Aims\n\nA **bold** move, `code`.\n\n- one\n- two\n\n<!-- hidden --><b>raw</b>",
        );
        assert_eq!(text, "Aims A bold move, code. one two");
    }
}
