//! A content file's text, kept for its body. `build` and `check` let the texts of content
//! files go once the model is made ([`TextSlice::let_go`]): what holds a site's bodies to
//! the end would otherwise grow with the site (about 135 MB at 10,000 programmes × 3). What
//! reads a body after that reads its file again, and finds it changed if its fingerprint is
//! no longer the one parse saw. `serve` keeps them: it renders again from them at each edit.

use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};

use crate::diagnostic::Diagnostic;
use crate::domain::fingerprint::revision;

/// The text of one file, held in memory or to be read again from `path`.
struct FileText {
    /// Where to read it again, its name in messages and the fingerprint of the text parse
    /// read; `None` for a text that is no file's (it is never let go).
    file: Option<(PathBuf, String, u64)>,
    held: RwLock<Option<Arc<str>>>,
}

/// A part of a file's text (a Markdown body), sharing the file's text rather than copying it.
#[derive(Clone)]
pub struct TextSlice {
    text: Arc<FileText>,
    range: std::ops::Range<usize>,
}

/// A body as read: the file's text and where the body lies in it.
pub struct Slice {
    text: Arc<str>,
    range: std::ops::Range<usize>,
}

impl std::ops::Deref for Slice {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.range.clone()]
    }
}

impl TextSlice {
    /// `part` of `text`, read from the file `path` (`rel` in messages) whose fingerprint
    /// is `rev` ([`revision`]): it can be let go and read again.
    pub fn in_file(file: (PathBuf, &str), rev: u64, text: &Arc<str>, part: &str) -> TextSlice {
        TextSlice::held(Some((file.0, file.1.to_string(), rev)), text, part)
    }

    /// `part` of `text`, from `file` when it is a file's; a copy when `part` is not inside
    /// `text`.
    fn held(file: Option<(PathBuf, String, u64)>, text: &Arc<str>, part: &str) -> TextSlice {
        let (file, text, range) = match range_within(text, part.as_bytes()) {
            Some(range) => (file, Arc::clone(text), range),
            // A copy is no file's text: it cannot be read again.
            None => (None, Arc::from(part), 0..part.len()),
        };
        TextSlice {
            text: Arc::new(FileText {
                file,
                held: RwLock::new(Some(text)),
            }),
            range,
        }
    }

    /// The body: as held, or read again from its file once let go. An error when the file
    /// can no longer be read or has changed since parse read it.
    pub fn read(&self) -> Result<Slice, Diagnostic> {
        let text = self.whole()?;
        match text.get(self.range.clone()) {
            Some(_) => Ok(Slice {
                text,
                range: self.range.clone(),
            }),
            None => Err(self.changed()),
        }
    }

    /// The whole text of the file it is part of, for a diagnostic's snippet; `None` when it
    /// can no longer be read as it was.
    pub fn text(&self) -> Option<Arc<str>> {
        self.whole().ok()
    }

    /// Lets the text go, when it is a file's: the next [`TextSlice::read`] reads the file.
    pub fn let_go(&self) {
        if self.text.file.is_some() {
            *self
                .text
                .held
                .write()
                .unwrap_or_else(PoisonError::into_inner) = None;
        }
    }

    fn whole(&self) -> Result<Arc<str>, Diagnostic> {
        let held = self
            .text
            .held
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(text) = held.as_ref() {
            return Ok(Arc::clone(text));
        }
        drop(held);
        let Some((path, rel, rev)) = &self.text.file else {
            return Err(self.changed());
        };
        // Read as load reads it (UTF-8, lone `\r` line endings made `\n`), so that the
        // fingerprint is that of the same text.
        let text = crate::load::read_at(rel.clone(), path)
            .map_err(|d| {
                Diagnostic::error(
                    rel.as_str(),
                    format!("could not be read again: {}", d.message),
                )
                .hint("keep the site's files in place while it is built, then build again")
            })?
            .text;
        if revision(&text) != *rev {
            return Err(self.changed());
        }
        Ok(text)
    }

    fn changed(&self) -> Diagnostic {
        let rel = self
            .text
            .file
            .as_ref()
            .map_or("", |(_, rel, _)| rel.as_str());
        Diagnostic::error(rel, "changed while the site was being built")
            .hint("build again once the file is saved")
    }
}

/// Where `part` lies in `text`, when it is a piece of it (the same bytes in memory) that
/// starts and ends between characters.
pub fn range_within(text: &str, part: &[u8]) -> Option<std::ops::Range<usize>> {
    let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let end = start.checked_add(part.len())?;
    let inside = text.get(start..end)?;
    std::ptr::eq(inside.as_ptr(), part.as_ptr()).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_slice_shares_its_file_or_copies_what_is_not_in_it() {
        let text: Arc<str> = Arc::from("---\ntitle: x\n---\nBody é\n");
        let body = TextSlice::held(None, &text, &text[17..]);
        assert_eq!(&*body.read().unwrap(), "Body é\n");
        assert!(Arc::ptr_eq(&body.text().unwrap(), &text));
        let elsewhere = TextSlice::held(None, &text, "Body é\n");
        assert_eq!(&*elsewhere.read().unwrap(), "Body é\n");
        assert!(!Arc::ptr_eq(&elsewhere.text().unwrap(), &text));
        assert_eq!(&*TextSlice::held(None, &text, "").read().unwrap(), "");
    }

    #[test]
    fn a_body_let_go_is_read_again_from_its_file_and_found_changed_when_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.fr.md");
        let written = "---\ntitle: x\n---\nCorps é\n";
        std::fs::write(&path, written).unwrap();
        let text: Arc<str> = Arc::from(written);
        let rel = "content/programmes/a.fr.md";
        let body = TextSlice::in_file((path.clone(), rel), revision(&text), &text, &text[17..]);
        body.let_go();
        drop(text);
        assert_eq!(&*body.read().unwrap(), "Corps é\n");
        assert_eq!(&*body.text().unwrap(), written);

        std::fs::write(&path, "---\ntitle: y\n---\nCorps é\n").unwrap();
        let error = body.read().err().unwrap();
        assert_eq!(error.file, "content/programmes/a.fr.md");
        assert!(
            error
                .message
                .contains("changed while the site was being built")
        );
        assert!(body.text().is_none());

        std::fs::remove_file(&path).unwrap();
        let error = body.read().err().unwrap();
        assert!(
            error.message.contains("could not be read again"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_body_with_lone_carriage_returns_is_read_again_as_load_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.fr.md");
        std::fs::write(&path, "---\rtitle: x\r---\rCorps\r").unwrap();
        let read = crate::load::read_at("a.fr.md".into(), &path).unwrap().text;
        let body = TextSlice::in_file((path, "a.fr.md"), revision(&read), &read, &read[17..]);
        body.let_go();
        assert_eq!(&*body.read().unwrap(), "Corps\n");
    }

    #[test]
    fn a_text_that_is_no_file_is_kept() {
        let text: Arc<str> = Arc::from("Corps\n");
        let body = TextSlice::held(None, &text, &text[..]);
        body.let_go();
        assert_eq!(&*body.read().unwrap(), "Corps\n");
    }
}
