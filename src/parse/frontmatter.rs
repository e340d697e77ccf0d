//! Splitting a content file into its YAML front matter and its Markdown body.
//!
//! The splitter is forgiving about what editors do to files (a byte-order mark, CRLF line
//! endings, spaces after `---`) and precise about where things are: it returns the line on
//! which the YAML starts so that every later error can name the line in the file itself.

/// A content file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, without them.
    pub yaml: &'a str,
    /// The line in the file (1-based) where `yaml` starts.
    pub yaml_first_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// The line in the file (1-based) where `body` starts.
    pub body_first_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    NoFrontMatter,
    /// The opening fence is on line 1 and no closing fence follows.
    Unclosed,
}

impl SplitError {
    pub fn message(self) -> &'static str {
        match self {
            SplitError::Empty => "the file is empty",
            SplitError::NoFrontMatter => "the file has no front matter",
            SplitError::Unclosed => "the front matter is not closed",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            SplitError::Empty => {
                "write the front matter between two lines `---`, then the text (see `fiche new`)"
            }
            SplitError::NoFrontMatter => {
                "the first line must be `---`, followed by the fields (`title: …`) and another `---`"
            }
            SplitError::Unclosed => "add a line `---` after the last field, before the text",
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if !is_fence(first) {
        return Err(SplitError::NoFrontMatter);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if is_fence(line) || line.trim_end() == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_their_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").expect("splits");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_first_line, 2);
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn accepts_bom_crlf_and_trailing_spaces_after_fences() {
        let s = split("\u{feff}---  \r\ntitle: A\r\n--- \r\nBody\r\n").expect("splits");
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn empty_front_matter_and_no_body_are_fine() {
        let s = split("---\n---").expect("splits");
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_each_kind_of_broken_file() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("title: A\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
    }
}
