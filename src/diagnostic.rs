//! Errors and warnings about the user's files, as values with a place.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing at the first one, so that
//! one run lists everything wrong with a site. There is one renderer, [`Diagnostic::render`],
//! used by `build`, `check` and the `serve` overlay alike.

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
        self.render_with(Renderer::plain())
    }

    /// Same as [`Diagnostic::render`], with terminal colours.
    pub fn render_styled(&self) -> String {
        self.render_with(Renderer::styled())
    }

    fn render_with(&self, renderer: Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = self.title();
        let location = self.location();
        let mut elements: Vec<annotate_snippets::Element> = Vec::new();
        let snippet = match (&self.source, self.place) {
            (Some(source), Some(place)) if place.line > 0 => {
                excerpt(source, place).map(|(text, first_line, span)| {
                    Snippet::source(text)
                        .line_start(first_line)
                        .path(self.file.as_str())
                        .annotation(AnnotationKind::Primary.span(span))
                })
            }
            _ => None,
        };
        match snippet {
            Some(snippet) => elements.push(snippet.into()),
            None => elements.push(annotate_snippets::Origin::path(location.as_str()).into()),
        }
        if let Some(hint) = &self.hint {
            elements.push(Level::HELP.message(hint.as_str()).into());
        }
        let groups: Vec<Group> = vec![level.primary_title(title.as_str()).elements(elements)];
        renderer.render(&groups)
    }
}

/// The lines around `place` (one before, the line itself), and the byte span of the place in
/// that excerpt. Cutting the excerpt keeps the renderer's work small on large files.
fn excerpt(source: &str, place: Place) -> Option<(&str, usize, std::ops::Range<usize>)> {
    let lines: Vec<(usize, &str)> = line_starts(source);
    let index = place.line.checked_sub(1)?;
    let &(start_of_line, line_text) = lines.get(index)?;
    let first = index.saturating_sub(1);
    let excerpt_start = lines[first].0;
    let excerpt_end = start_of_line + line_text.len();
    let text = &source[excerpt_start..excerpt_end];
    // Columns count characters; spans count bytes.
    let col_byte = line_text
        .char_indices()
        .nth(place.column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let len_bytes: usize = line_text[col_byte..]
        .chars()
        .take(place.len.max(1))
        .map(char::len_utf8)
        .sum();
    let from = start_of_line - excerpt_start + col_byte;
    let span = from..(from + len_bytes).min(text.len()).max(from);
    Some((text, first + 1, span))
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
