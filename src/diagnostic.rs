//! Errors and warnings about the user's files, as values with a place.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing at the first one, so that
//! one run lists everything wrong with a site. There is one renderer: [`report`] renders a
//! run's diagnostics for `build`, `check` and the `serve` overlay alike (at most
//! [`PRINTED_PER_FILE`] per file), [`Diagnostic::render`] one of them.

use std::fmt;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a diagnostic is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a user's file: 1-based line and column, and how many characters to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// One problem in one file, with what to do about it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root, with `/` separators.
    pub file: String,
    pub place: Option<Place>,
    /// The front-matter field or setting concerned, such as `countries` or `image.alt`.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The whole text of the file, for the snippet.
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            place: None,
            field: None,
            message: message.into(),
            hint: None,
            source: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, place: Option<Place>) -> Self {
        self.place = place;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    pub fn source(mut self, source: &Arc<str>) -> Self {
        self.source = Some(Arc::clone(source));
        self
    }

    /// The text to show the place in, when there is one.
    pub fn maybe_source(mut self, source: Option<Arc<str>>) -> Self {
        if source.is_some() {
            self.source = source;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> String {
        match self.place {
            Some(p) if p.column > 0 => format!("{}:{}:{}", self.file, p.line, p.column),
            Some(p) => format!("{}:{}", self.file, p.line),
            None => self.file.clone(),
        }
    }

    /// The title line: the field (if any) and the message.
    pub fn title(&self) -> String {
        match &self.field {
            Some(f) => format!("`{f}`: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// The diagnostic as a source snippet with a caret under the place, in plain text.
    pub fn render(&self) -> String {
        let index = self.source.as_deref().map(LineIndex::new);
        self.render_indexed(&Renderer::plain(), index.as_ref())
    }

    /// Renders with `index`, the line index of `self.source` made once for all the
    /// diagnostics of a file (see [`report`]).
    fn render_indexed(&self, renderer: &Renderer, index: Option<&LineIndex>) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = self.title();
        let location = self.location();
        let mut elements: Vec<annotate_snippets::Element> = Vec::new();
        let excerpt: Option<Excerpt> = match (&self.source, self.place, index) {
            (Some(source), Some(place), Some(index)) if place.line > 0 => {
                excerpt(source, index, place)
            }
            _ => None,
        };
        match &excerpt {
            Some(e) if !e.cut => elements.push(
                Snippet::source(e.text)
                    .line_start(e.first_line)
                    .path(self.file.as_str())
                    .annotation(AnnotationKind::Primary.span(e.span.clone()))
                    .into(),
            ),
            // A part of a long line: the place is said in the header, since the columns of
            // the part are not those of the line.
            Some(e) => {
                elements.push(annotate_snippets::Origin::path(location.as_str()).into());
                elements.push(
                    Snippet::source(e.text)
                        .line_start(e.first_line)
                        .annotation(AnnotationKind::Primary.span(e.span.clone()))
                        .into(),
                );
            }
            None => elements.push(annotate_snippets::Origin::path(location.as_str()).into()),
        }
        if let Some(hint) = &self.hint {
            elements.push(Level::HELP.message(hint.as_str()).into());
        }
        let groups: Vec<Group> = vec![level.primary_title(title.as_str()).elements(elements)];
        let rendered = renderer.render(&groups);
        if !excerpt.is_some_and(|e| e.cut) {
            return rendered;
        }
        // After an origin, a snippet without a path of its own gets an empty ` ::: ` line.
        rendered
            .lines()
            .filter(|line| !without_escapes(line).trim().eq(":::"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The byte offset where each line of a text starts, made once per file so that showing any
/// number of its diagnostics takes time in proportion to their number, not to it times the
/// file's size.
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        // A final line ending does not start another line.
        if starts.len() > 1 && starts.last() == Some(&source.len()) {
            starts.pop();
        }
        LineIndex {
            starts,
            len: source.len(),
        }
    }

    /// The start and text of line `line` (1-based), without its line ending.
    pub fn line<'a>(&self, source: &'a str, line: usize) -> Option<(usize, &'a str)> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.len);
        let text = source.get(start..end)?;
        Some((start, text.trim_end_matches('\n').trim_end_matches('\r')))
    }
}

/// A line of terminal output without its colour escapes (`ESC [ … m`).
fn without_escapes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What of a file a diagnostic shows.
struct Excerpt<'a> {
    text: &'a str,
    first_line: usize,
    /// The place, in bytes of `text`.
    span: std::ops::Range<usize>,
    /// Whether `text` is a part of one long line rather than whole lines.
    cut: bool,
}

/// Lines longer than this (in bytes) are shown in part, around the place.
const LONG_LINE: usize = 240;
/// How many characters of a long line are shown before and after the place.
const AROUND: usize = 60;

/// The lines around `place` (one before, the line itself), and the span of the place in that
/// excerpt; of a long line, only the part around the place. Cutting the excerpt keeps the
/// renderer's work small on large files.
fn excerpt<'a>(source: &'a str, index: &LineIndex, place: Place) -> Option<Excerpt<'a>> {
    let (start_of_line, line_text) = index.line(source, place.line)?;
    // Columns count characters; spans count bytes.
    let byte_at = |text: &str, chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i)
    };
    let col_byte = byte_at(line_text, place.column.saturating_sub(1));
    let len_bytes = byte_at(&line_text[col_byte..], place.len.max(1));
    if line_text.len() > LONG_LINE {
        let from = line_text[..col_byte]
            .char_indices()
            .rev()
            .nth(AROUND - 1)
            .map_or(0, |(i, _)| i);
        let shown_len = len_bytes.min(byte_at(&line_text[col_byte..], AROUND));
        let to = col_byte + shown_len + byte_at(&line_text[col_byte + shown_len..], AROUND);
        let span_from = col_byte - from;
        return Some(Excerpt {
            text: &line_text[from..to],
            first_line: place.line,
            span: span_from..span_from + shown_len,
            cut: true,
        });
    }
    let first = place.line.saturating_sub(1).max(1);
    let (excerpt_start, _) = index.line(source, first)?;
    let text = &source[excerpt_start..start_of_line + line_text.len()];
    let from = start_of_line - excerpt_start + col_byte;
    let span = from..(from + len_bytes).min(text.len()).max(from);
    Some(Excerpt {
        text,
        first_line: first,
        span,
        cut: false,
    })
}

/// How many diagnostics of one file are printed; the rest are counted.
pub const PRINTED_PER_FILE: usize = 20;

/// The diagnostics of a run as printed, in the order given (sorted by file): each file's
/// first [`PRINTED_PER_FILE`], then a line saying how many more it has. Each file's lines are
/// indexed once, so this takes time in proportion to the number of diagnostics.
pub fn report(diagnostics: &[Diagnostic], styled: bool) -> Vec<String> {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = Vec::new();
    let mut rest = diagnostics;
    while let Some(first) = rest.first() {
        let same = rest
            .iter()
            .position(|d| d.file != first.file)
            .unwrap_or(rest.len());
        let (file, after) = rest.split_at(same);
        rest = after;
        // The index of the source in hand, made again only for a diagnostic with another one.
        let mut index: Option<(*const u8, LineIndex)> = None;
        for d in file.iter().take(PRINTED_PER_FILE) {
            let shared = d.source.as_ref().map(|s| {
                if index.as_ref().is_none_or(|(k, _)| *k != s.as_ptr()) {
                    index = Some((s.as_ptr(), LineIndex::new(s)));
                }
                &index.as_ref().expect("just set").1
            });
            out.push(d.render_indexed(&renderer, shared));
        }
        if let Some(more) = file.get(PRINTED_PER_FILE..).filter(|m| !m.is_empty()) {
            let errors = more.iter().filter(|d| d.is_error()).count();
            let count = match (errors, more.len() - errors) {
                (e, 0) => plural(e, "more error"),
                (0, w) => plural(w, "more warning"),
                (e, w) => format!("{} and {}", plural(e, "more error"), plural(w, "warning")),
            };
            out.push(format!(
                "note: {count} in {} not shown (only the first {PRINTED_PER_FILE} of each file are)",
                first.file
            ));
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Byte offset and text (without the line ending) of each line.
pub fn line_starts(source: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in source.split_inclusive('\n') {
        let text = raw.trim_end_matches('\n').trim_end_matches('\r');
        out.push((offset, text));
        offset += raw.len();
    }
    if out.is_empty() {
        out.push((0, ""));
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// So that a writer's `io::Error` can carry a diagnostic of the site (a body that could not
/// be read again) to where its errors are reported: see [`Diagnostic::from_io`].
impl std::error::Error for Diagnostic {}

impl Diagnostic {
    /// The diagnostic an `io::Error` carries, else one saying that `name` could not be
    /// written.
    pub fn from_io(e: &std::io::Error, name: &str) -> Diagnostic {
        match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Diagnostic>())
        {
            Some(d) => d.clone(),
            None => Diagnostic::error(name, format!("could not be written: {e}")),
        }
    }
}

/// Sorts diagnostics by file, then line, so a run's report reads top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.file.as_str(),
            a.place.map(|p| (p.line, p.column)),
            a.severity,
        )
            .cmp(&(
                b.file.as_str(),
                b.place.map(|p| (p.line, p.column)),
                b.severity,
            ))
    });
}

/// The closest of `candidates` to `input`, if it is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, source: &Arc<str>, line: usize) -> Diagnostic {
        Diagnostic::error(file, format!("problem on line {line}"))
            .at(Some(Place {
                line,
                column: 1,
                len: 1,
            }))
            .source(source)
    }

    #[test]
    fn prints_the_first_errors_of_a_file_and_counts_the_rest() {
        let big: Arc<str> = Arc::from("x\n".repeat(30));
        let small: Arc<str> = Arc::from("y\n");
        let mut all: Vec<Diagnostic> = (1..=25).map(|l| at("a.md", &big, l)).collect();
        all.push(Diagnostic::warning("a.md", "a warning"));
        all.push(at("b.md", &small, 1));
        let printed = report(&all, false);
        assert_eq!(printed.len(), PRINTED_PER_FILE + 2, "{printed:#?}");
        assert!(printed[PRINTED_PER_FILE - 1].contains("problem on line 20"));
        assert_eq!(
            printed[PRINTED_PER_FILE],
            "note: 5 more errors and 1 warning in a.md not shown (only the first 20 of each file are)"
        );
        assert!(printed[PRINTED_PER_FILE + 1].contains("b.md:1:1"));
    }

    #[test]
    fn lines_are_indexed_with_any_ending() {
        let text = "a\r\nbb\n\nlast";
        let index = LineIndex::new(text);
        let lines: Vec<_> = (1..=5)
            .map(|l| index.line(text, l).map(|(_, t)| t))
            .collect();
        assert_eq!(lines, [Some("a"), Some("bb"), Some(""), Some("last"), None]);
        assert_eq!(LineIndex::new("").line("", 1), Some((0, "")));
        assert_eq!(LineIndex::new("x\n").line("x\n", 2), None);
    }

    #[test]
    fn a_long_line_is_shown_around_the_place_with_its_real_column() {
        let line = format!("countries: [{}BAD]", "FJ, ".repeat(5_000));
        let source: Arc<str> = Arc::from(format!("---\n{line}\n---\n"));
        let column = line.find("BAD").expect("there") + 1;
        let d = Diagnostic::error("a.md", "`BAD` is not a known country")
            .at(Some(Place {
                line: 2,
                column,
                len: 3,
            }))
            .source(&source);
        let shown = d.render();
        assert!(shown.contains(&format!("a.md:2:{column}")), "{shown}");
        assert!(shown.contains("FJ, BAD]"), "{shown}");
        assert!(shown.contains("^^^"), "{shown}");
        assert!(!shown.contains(":::"), "{shown}");
        assert!(shown.len() < 1_000, "{shown}");
    }
}
