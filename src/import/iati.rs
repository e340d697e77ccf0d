//! Reading an IATI activity file (versions 2.01 to 2.03) one activity at a time.
//!
//! The file is streamed with quick-xml: only the activity being read is held in memory, as a
//! small tree of [`Element`]s that each keep their line in the file (for messages) and their
//! language (`xml:lang` on the element, else inherited from its parents, the activity, then
//! the file's root, as XML defines it).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::diagnostic::{Diagnostic, Place};

/// The versions of the IATI Activity Standard this reader understands.
pub const VERSIONS: [&str; 3] = ["2.01", "2.02", "2.03"];

/// How deep elements may nest inside an activity (IATI's deepest is about six levels).
const MAX_DEPTH: usize = 64;

/// One element of an activity, with what it holds.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// The qualified name as written (`narrative`, `usg:tec1`).
    pub name: String,
    pub attributes: Vec<(String, String)>,
    /// The element's own text (text and CDATA), not its children's.
    pub text: String,
    pub line: usize,
    /// Its language: `xml:lang` here or on the nearest parent that has one.
    pub lang: Option<String>,
    pub children: Vec<Element>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// An activity's `name` children, else those of its transactions: IATI gives recipient
    /// countries and sectors on the activity or on each transaction.
    pub fn own_or_transactions<'a>(&'a self, name: &'a str) -> Vec<&'a Element> {
        let own: Vec<&Element> = self.children(name).collect();
        if !own.is_empty() {
            return own;
        }
        self.children("transaction")
            .flat_map(|t| t.children(name))
            .collect()
    }

    /// The text with runs of white space made one space.
    pub fn clean_text(&self) -> String {
        self.text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// What the root element says about the whole file.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub version: String,
    /// The root's `xml:lang`, the default of every narrative.
    pub lang: Option<String>,
}

/// A reader of activities, opened on a file.
pub struct Activities {
    reader: Reader<BufReader<File>>,
    buf: Vec<u8>,
    /// Lines seen so far: 1 + the newlines in every event read.
    line: usize,
    /// The file as the user named it, for messages.
    file: String,
    path: std::path::PathBuf,
    pub info: FileInfo,
    done: bool,
}

fn attributes(start: &BytesStart) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        out.push((key, value.into_owned()));
    }
    Ok(out)
}

fn lines_in(event: &Event) -> usize {
    memchr::memchr_iter(b'\n', event.as_bytes()).count()
}

impl Activities {
    /// Opens `path` and reads up to the first activity, checking that this is an IATI
    /// activity file of a version fiche knows.
    pub fn open(path: &Path, file: &str) -> Result<Activities, Diagnostic> {
        let handle = File::open(path).map_err(|e| {
            Diagnostic::error(file, format!("cannot be read: {e}"))
                .hint("check the file's name and that you may read it")
        })?;
        let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, handle));
        reader.config_mut().check_end_names = true;
        let mut this = Activities {
            reader,
            buf: Vec::new(),
            line: 1,
            file: file.to_string(),
            path: path.to_path_buf(),
            info: FileInfo {
                version: String::new(),
                lang: None,
            },
            done: false,
        };
        loop {
            let line = this.line;
            let event = this.next_event()?;
            match event {
                Some(Event::Start(start)) => {
                    let name = start.name().as_ref().to_string();
                    let attrs = attributes(&start).map_err(|e| this.syntax(&e))?;
                    return this.root(&name, attrs, line);
                }
                Some(Event::Empty(start)) => {
                    let name = start.name().as_ref().to_string();
                    let attrs = attributes(&start).map_err(|e| this.syntax(&e))?;
                    let mut this = this.root(&name, attrs, line)?;
                    this.done = true;
                    return Ok(this);
                }
                Some(Event::Text(t)) if !t.trim().is_empty() => {
                    return Err(this.not_xml(line));
                }
                Some(_) => {}
                None => return Err(this.not_xml(line)),
            }
        }
    }

    fn root(
        mut self,
        name: &str,
        attrs: Vec<(String, String)>,
        line: usize,
    ) -> Result<Activities, Diagnostic> {
        let place = Some(Place {
            line,
            column: 1,
            len: 1,
        });
        if name != "iati-activities" {
            let hint = if name == "iati-organisations" {
                "this is an IATI organisation file; import the activity file the organisation publishes (its root is `<iati-activities>`)"
            } else {
                "an IATI activity file starts with `<iati-activities version=\"2.03\">`"
            };
            return Err(Diagnostic::error(
                &self.file,
                format!("this is not an IATI activity file: its root element is `<{name}>`"),
            )
            .at(place)
            .hint(hint));
        }
        let get = |k: &str| {
            attrs
                .iter()
                .find(|(a, _)| a == k)
                .map(|(_, v)| v.trim().to_string())
        };
        let version = get("version").unwrap_or_default();
        if !VERSIONS.contains(&version.as_str()) {
            let message = if version.is_empty() {
                "the file does not say which version of IATI it follows".to_string()
            } else {
                format!("IATI version `{version}` is not one fiche can import")
            };
            return Err(Diagnostic::error(&self.file, message)
                .at(place)
                .field("iati-activities/@version")
                .hint("fiche imports IATI 2.01, 2.02 and 2.03 activity files; convert older (1.x) files to 2.03 first, for example with IATI's own tools"));
        }
        self.info = FileInfo {
            version,
            lang: get("xml:lang").filter(|l| !l.is_empty()),
        };
        Ok(self)
    }

    fn not_xml(&self, line: usize) -> Diagnostic {
        let empty = std::fs::metadata(&self.path).is_ok_and(|m| m.len() == 0);
        let message = if empty {
            "the file is empty"
        } else {
            "this is not an XML file"
        };
        Diagnostic::error(&self.file, message)
            .at(Some(Place {
                line,
                column: 1,
                len: 1,
            }))
            .hint("give an IATI activity file, which starts with `<iati-activities version=\"2.03\">`")
    }

    /// An XML syntax error at the place quick-xml stopped, counted in lines of the file.
    fn syntax(&self, message: &str) -> Diagnostic {
        let offset = self.reader.error_position() as usize;
        let line = line_at(&self.path, offset).unwrap_or(self.line);
        Diagnostic::error(&self.file, format!("the XML is broken: {message}"))
            .at(Some(Place {
                line,
                column: 0,
                len: 1,
            }))
            .hint("the file must be well-formed XML; an XML editor or `xmllint --noout FILE` shows the mistake")
    }

    fn next_event(&mut self) -> Result<Option<Event<'static>>, Diagnostic> {
        self.buf.clear();
        match self.reader.read_event_into(&mut self.buf) {
            Ok(Event::Eof) => Ok(None),
            Ok(event) => {
                self.line += lines_in(&event);
                Ok(Some(event.into_owned()))
            }
            Err(e) => Err(self.syntax(&e.to_string())),
        }
    }

    /// The next activity, or `None` at the end of the file.
    pub fn next_activity(&mut self) -> Result<Option<Element>, Diagnostic> {
        if self.done {
            return Ok(None);
        }
        // Stack of open elements; the activity is the bottom one.
        let mut stack: Vec<Element> = Vec::new();
        loop {
            let line = self.line;
            let Some(event) = self.next_event()? else {
                self.done = true;
                if stack.is_empty() {
                    return Ok(None);
                }
                return Err(self.syntax("the file ends inside an element"));
            };
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                other => {
                    if let Some(done) = self.other_event(other, &mut stack)? {
                        return Ok(done);
                    }
                    continue;
                }
            };
            let name = start.name().as_ref().to_string();
            let attributes = attributes(&start).map_err(|e| self.syntax(&e))?;
            let lang = attributes
                .iter()
                .find(|(k, _)| k == "xml:lang")
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .or_else(|| stack.last().and_then(|p| p.lang.clone()))
                .or_else(|| self.info.lang.clone());
            if stack.is_empty() && name != "iati-activity" {
                // Something else at the top level: skip it whole.
                if !empty {
                    self.skip()?;
                }
                continue;
            }
            let element = Element {
                name,
                attributes,
                text: String::new(),
                line,
                lang,
                children: Vec::new(),
            };
            // IATI nests a few levels deep; a file nested far deeper is not IATI, and would
            // cost the reader its stack.
            if stack.len() >= MAX_DEPTH {
                return Err(Diagnostic::error(
                    &self.file,
                    format!("elements are nested more than {MAX_DEPTH} deep"),
                )
                .at(Some(Place {
                    line,
                    column: 0,
                    len: 1,
                }))
                .hint("an IATI activity nests its elements a few levels deep; check that this is an IATI activity file"));
            }
            if empty {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => return Ok(Some(element)),
                }
            } else {
                stack.push(element);
            }
        }
    }

    /// Handles an event other than an element's start; returns `Some` when it ends the
    /// activity (`Some(None)`: the end of the file's root).
    fn other_event(
        &mut self,
        event: Event<'static>,
        stack: &mut Vec<Element>,
    ) -> Result<Option<Option<Element>>, Diagnostic> {
        match event {
            Event::End(_) => match stack.pop() {
                Some(done) => match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(Some(Some(done))),
                },
                // The root's end.
                None => {
                    self.done = true;
                    return Ok(Some(None));
                }
            },
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => match quick_xml::escape::resolve_predefined_entity(&r) {
                            Some(s) => s.to_string(),
                            None => {
                                return Err(self.syntax(&format!("unknown entity `&{};`", &*r)));
                            }
                        },
                    };
                    top.text.push_str(&resolved);
                }
            }
            _ => {}
        }
        Ok(None)
    }

    /// Reads past the end of an element that is not an activity.
    fn skip(&mut self) -> Result<(), Diagnostic> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next_event()? {
                Some(Event::Start(_)) => depth += 1,
                Some(Event::End(_)) => depth -= 1,
                Some(_) => {}
                None => return Err(self.syntax("the file ends inside an element")),
            }
        }
        Ok(())
    }
}

/// The line of byte `offset` of the file, read again for an error message.
fn line_at(path: &Path, offset: usize) -> Option<usize> {
    let mut reader = BufReader::new(File::open(path).ok()?);
    let mut line = 1;
    let mut seen = 0usize;
    loop {
        let chunk = reader.fill_buf().ok()?;
        if chunk.is_empty() || seen >= offset {
            return Some(line);
        }
        let take = chunk.len().min(offset - seen);
        line += memchr::memchr_iter(b'\n', &chunk[..take]).count();
        seen += take;
        reader.consume(take);
    }
}
