//! The words a reader can search for, and the word index of a language: for each word, the
//! programmes that use it, cut into chunks that the browser loads as a query needs them.
//!
//! A word is a run of letters and digits (Unicode's Alphabetic and Numeric) once the text
//! is lowercased, decomposed (NFD) and stripped of its marks, so that `Développement`,
//! `developpement` and `DÉVELOPPEMENT` are one word, and an Arabic word with or without its
//! short vowels too (Greek's final sigma is σ). `themes/default/static/js/filters.js` cuts
//! a query the same way (`toLowerCase`, `normalize("NFD")`, `\p{M}`, `ς`,
//! `[\p{Alphabetic}\p{N}]+`). A query word finds the words it begins (`format` finds
//! `formation`), which serves every language alike; and, in the languages Snowball has a
//! stemmer for, each word of the index names the other forms of it the index holds (the
//! words with the same stem: `tribunal` names `tribunaux`), which the query finds too.

use std::collections::HashMap;
use std::sync::LazyLock;

use foldhash::fast::FixedState;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What [`words`] needs to know of a byte below 128: whether it is a letter or digit, and
/// whether a capital (a byte of 128 or more is neither: it starts or continues a character
/// that is decoded).
const ASCII_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() {
            table[b] |= ALNUM;
        }
        if byte.is_ascii_uppercase() {
            table[b] |= UPPER;
        }
        b += 1;
    }
    table
};
const ALNUM: u8 = 1;
const UPPER: u8 = 2;

/// Each word of `text`, as the index and queries spell it, in order (repeats included).
pub(super) fn words(text: &str, mut each: impl FnMut(&str)) {
    // The word being made, when it has to be made (it has capitals or other than ASCII
    // letters and digits); a word of lowercase ASCII letters and digits is handed on as
    // the text's own slice (most words of most text: no copy).
    let mut word = String::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii() {
            if ASCII_CLASS[usize::from(byte)] & ALNUM == 0 {
                if !word.is_empty() {
                    each(&word);
                    word.clear();
                }
                at += 1;
                continue;
            }
            // A run of ASCII letters and digits.
            let start = at;
            let mut seen = 0;
            while let Some(&b) = bytes.get(at) {
                let class = ASCII_CLASS[usize::from(b)];
                if class & ALNUM == 0 {
                    break;
                }
                seen |= class;
                at += 1;
            }
            let run = &text[start..at];
            let ends_here = bytes.get(at).is_none_or(u8::is_ascii);
            if word.is_empty() && ends_here && seen & UPPER == 0 {
                each(run);
            } else {
                word.extend(run.bytes().map(|b| b.to_ascii_lowercase() as char));
                if ends_here {
                    each(&word);
                    word.clear();
                }
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        match LATIN.get((c as usize).wrapping_sub(0x80)) {
            Some(known) if usize::from(known.len) <= known.steps.len() => {
                for &step in &known.steps[..usize::from(known.len)] {
                    take(step, &mut word, &mut each);
                }
            }
            _ => fold(c, |step| take(step, &mut word, &mut each)),
        }
    }
    if !word.is_empty() {
        each(&word);
    }
}

/// What a character does to the word being made: adds a letter or digit to it (`Some`), or
/// ends it (`None`), in order; marks add nothing. Marks are dropped after decomposing, so
/// their canonical order does not matter: each character can be decomposed on its own.
fn fold(c: char, mut step: impl FnMut(Option<char>)) {
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if is_combining_mark(d) {
                return;
            }
            if d.is_alphabetic() || d.is_numeric() {
                // Greek's final sigma is folded to σ (a query may end a word anywhere).
                step(Some(if d == 'ς' { 'σ' } else { d }));
            } else {
                step(None);
            }
        });
    }
}

/// Does one step of [`fold`] to `word`, handing it to `each` when it ends.
fn take(step: Option<char>, word: &mut String, each: &mut impl FnMut(&str)) {
    match step {
        Some(d) => word.push(d),
        None if !word.is_empty() => {
            each(word);
            word.clear();
        }
        None => {}
    }
}

/// The steps of [`fold`] for one character, as the table keeps them (`len` larger than
/// `steps` when they do not fit: such a character is folded as it comes).
#[derive(Clone, Copy)]
struct Folded {
    len: u8,
    steps: [Option<char>; 3],
}

/// [`fold`]'s steps for U+0080 to U+024F (Latin-1 and Latin Extended A and B: the letters
/// other than ASCII of most of the languages fiche's sites are written in), worked out once:
/// folding each one as it came (lowercasing, decomposing and three lookups) took ~180
/// instructions, 72 M over the ~390,000 such characters of a 1,000 × 3 build, 8% of its
/// search indexes' work.
static LATIN: LazyLock<Vec<Folded>> = LazyLock::new(|| {
    (0x80..0x250u32)
        .map(|u| {
            let mut folded = Folded {
                len: 0,
                steps: [None; 3],
            };
            if let Some(c) = char::from_u32(u) {
                fold(c, |step| {
                    if let Some(slot) = folded.steps.get_mut(usize::from(folded.len)) {
                        *slot = step;
                    }
                    folded.len = folded.len.saturating_add(1);
                });
            }
            folded
        })
        .collect()
});

/// The programmes (by position in the language's list) that use a word: where it is in
/// their title or summary (`strong`, ranked first), and where it is only in their body.
#[derive(Default)]
struct Postings {
    strong: Positions,
    weak: Positions,
}

/// An increasing list of positions, kept as [`encode_gaps`] writes it: a character or two
/// per position rather than four bytes (the word index of 30,000 programmes took tens of
/// megabytes per language).
#[derive(Default)]
struct Positions {
    encoded: String,
    last: Option<u32>,
}

impl Positions {
    fn push(&mut self, n: u32) {
        let after = self.last.map_or(-1, i64::from);
        push_number(&mut self.encoded, (i64::from(n) - after - 1) as u32);
        self.last = Some(n);
    }
}

/// A language's words, filled one programme at a time in the list's order.
#[derive(Default)]
pub(super) struct WordIndex {
    words: HashMap<String, Postings, FixedState>,
}

/// How many bytes of postings a chunk holds before the next word starts another (about
/// 8 KB once compressed with the generated corpus).
const CHUNK_BYTES: usize = 24_000;

impl WordIndex {
    /// Adds the programme at `position`: its title and summary (`strong`) and its body.
    pub(super) fn add(&mut self, position: u32, strong: &str, body: &str) {
        // Positions come in increasing order: a word already seen for this programme has it
        // last in its list. The title and summary come first, so a word in them and in the
        // body counts as strong, once.
        for (text, is_strong) in [(strong, true), (body, false)] {
            words(text, |word| {
                let postings = match self.words.get_mut(word) {
                    Some(postings) => postings,
                    None => self.words.entry(word.to_string()).or_default(),
                };
                let seen = |list: &Positions| list.last == Some(position);
                if seen(&postings.strong) || seen(&postings.weak) {
                    return;
                }
                if is_strong {
                    postings.strong.push(position);
                } else {
                    postings.weak.push(position);
                }
            });
        }
    }

    /// The chunks, in the words' order (Unicode code points, as `filters.js` compares
    /// them), each a JSON array of `[word, strong, weak]` with the postings encoded by
    /// [`encode_gaps`], and the word's other forms after them when `stemmer` finds some,
    /// handed to `each` with its number as it is made (a language's chunks were held
    /// together, beside the index they are made from: tens of megabytes at the end of a
    /// build of 30,000 programmes); returns the first word of each chunk.
    pub(super) fn chunks(
        self,
        stemmer: Option<&Stemmer>,
        mut each: impl FnMut(usize, String),
    ) -> Vec<String> {
        let mut words: Vec<(String, Postings)> = self.words.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (forms, stems) = stemmer.map(|s| forms(s, &words)).unwrap_or_default();
        // The words and the stems, in order: a stem's entry has no postings, only forms.
        let mut keys: Vec<(&str, Option<&Postings>, &[usize])> = words
            .iter()
            .enumerate()
            .map(|(i, (word, postings))| {
                let others = forms.get(i).map(Vec::as_slice).unwrap_or(&[]);
                (word.as_str(), Some(postings), others)
            })
            .chain(
                stems
                    .iter()
                    .map(|(stem, all)| (stem.as_str(), None, all.as_slice())),
            )
            .collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut firsts = Vec::new();
        let mut chunk = String::new();
        for (key, postings, others) in keys {
            if chunk.is_empty() {
                firsts.push(key.to_string());
                chunk.push('[');
            } else {
                chunk.push(',');
            }
            let (strong, weak) = postings
                .map(|p| (p.strong.encoded.clone(), p.weak.encoded.clone()))
                .unwrap_or_default();
            let mut entry = vec![key.into(), strong.into(), weak.into()];
            if !others.is_empty() {
                let others: Vec<&str> = others.iter().map(|&o| words[o].0.as_str()).collect();
                entry.push(others.into());
            }
            chunk.push_str(&serde_json::Value::Array(entry).to_string());
            if chunk.len() >= CHUNK_BYTES {
                chunk.push(']');
                each(firsts.len() - 1, std::mem::take(&mut chunk));
            }
        }
        if !chunk.is_empty() {
            chunk.push(']');
            each(firsts.len() - 1, chunk);
        }
        firsts
    }
}

/// The forms of each word: for each word (by place in `words`), the places of the other
/// words with its stem; and the stems that some of their forms do not begin with and that
/// are no word of the index (`tribunal` for `tribunaux`), with the places of all their
/// forms, so that a query of the stem finds them.
type Forms = (Vec<Vec<usize>>, Vec<(String, Vec<usize>)>);

fn forms(stemmer: &Stemmer, words: &[(String, Postings)]) -> Forms {
    let mut by_stem: HashMap<String, Vec<usize>, FixedState> = HashMap::default();
    for (i, (word, _)) in words.iter().enumerate() {
        // Numbers and one-letter words have no forms worth finding.
        if word.chars().count() > 2 && !word.chars().all(|c| c.is_numeric()) {
            by_stem
                .entry(stemmer.stem(word).into_owned())
                .or_default()
                .push(i);
        }
    }
    let mut forms = vec![Vec::new(); words.len()];
    let mut stems = Vec::new();
    for (stem, group) in by_stem {
        if group.len() > 1 {
            for &i in &group {
                forms[i] = group.iter().copied().filter(|&o| o != i).collect();
            }
        }
        let is_word = words.binary_search_by(|w| w.0.as_str().cmp(&stem)).is_ok();
        if !is_word && group.iter().any(|&i| !words[i].0.starts_with(&stem)) {
            stems.push((stem, group));
        }
    }
    (forms, stems)
}

/// The Snowball stemmer of a language (by its code's first part: `pt-BR` is Portuguese).
pub(super) fn stemmer(code: &str) -> Option<Stemmer> {
    let algorithm = match code.split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The 64 characters numbers are written with: none needs escaping in JSON or a URL.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `n` to `out` five bits a character, lowest first; a character's sixth bit says
/// that another follows. Numbers below 32 take one character, below 1,024 two.
pub(super) fn push_number(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low | 32] as char);
    }
}

/// An increasing list as the gaps between its numbers (the first from -1), each written by
/// [`push_number`] less one: `[0, 1, 2]` is `000`.
pub(super) fn encode_gaps(list: &[u32]) -> String {
    let mut out = String::with_capacity(list.len());
    let mut last: i64 = -1;
    for &n in list {
        push_number(&mut out, (i64::from(n) - last - 1) as u32);
        last = i64::from(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_string()));
        out
    }

    /// The words as the module's documentation defines them, a character at a time.
    fn folded_char_by_char(text: &str) -> Vec<String> {
        let mut folded = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    folded.push(if d == 'ς' { 'σ' } else { d });
                }
            });
        }
        folded
            .split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn each_latin_letter_is_folded_as_the_rule_folds_it() {
        for u in 0x80..0x260u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for text in [format!("{c}"), format!("a{c}b"), format!("É{c}{c} x{c}")] {
                assert_eq!(
                    all(&text),
                    folded_char_by_char(&text),
                    "{text:?} (U+{u:04X})"
                );
            }
        }
        // Every character of the table fits it: none is left to the slow path.
        assert!(LATIN.iter().all(|f| usize::from(f.len) <= f.steps.len()));
    }

    #[test]
    fn words_are_cut_as_a_fold_of_each_character_cuts_them() {
        for text in [
            "",
            "plain words only",
            "Capitals AND digits 2024abc x9Y",
            "café Café CAFÉ cafés déjà-vu",
            "Ünïcödé  at the end é",
            "é",
            "ascii then é then ascii",
            "naïve, co-opération; l'État (UE)",
            "ΟΔΟΣ οδος Σίσυφος",
            "الشُّرْطَة والتنمية 2030",
            "İstanbul straße ǅemal",
            "mixed\u{a0}spaces\ttabs\nlines",
            "emoji 🌍 between words 🌍",
            "½ ² ٣ numbers",
        ] {
            assert_eq!(all(text), folded_char_by_char(text), "{text:?}");
        }
    }

    #[test]
    fn positions_are_kept_as_their_gaps_are_written() {
        let list = [0, 1, 2, 40, 41, 1_000, 70_000];
        let mut kept = Positions::default();
        for n in list {
            kept.push(n);
        }
        assert_eq!(kept.encoded, encode_gaps(&list));
        assert_eq!(kept.last, Some(70_000));
    }

    #[test]
    fn words_are_folded_as_a_reader_types_them() {
        assert_eq!(
            all("Développement « rural » : l'État, 2024-2027."),
            ["developpement", "rural", "l", "etat", "2024", "2027"]
        );
        // Arabic with its short vowels (marks) finds the word written without them.
        assert_eq!(all("الشُّرْطَة"), all("الشرطة"));
        assert_eq!(all("ΟΔΟΣ οδος"), ["οδοσ", "οδοσ"]);
    }

    #[test]
    fn numbers_take_one_character_below_32() {
        let mut s = String::new();
        for n in [0, 31, 32, 1023, 1024, u32::MAX] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "0VW1_VWW1______3");
        assert_eq!(encode_gaps(&[0, 1, 2, 40]), "000b1");
    }

    /// The first word of each chunk, and the chunks.
    fn chunks_of(index: WordIndex, stemmer: Option<&Stemmer>) -> (Vec<String>, Vec<String>) {
        let mut chunks = Vec::new();
        let firsts = index.chunks(stemmer, |n, chunk| {
            assert_eq!(n, chunks.len(), "numbered in order");
            chunks.push(chunk);
        });
        assert_eq!(firsts.len(), chunks.len());
        (firsts, chunks)
    }

    #[test]
    fn a_word_in_the_title_is_strong_once() {
        let mut index = WordIndex::default();
        index.add(0, "Police de proximité", "La police forme ses agents.");
        index.add(3, "Eau", "La police de l'eau.");
        let (firsts, chunks) = chunks_of(index, stemmer("fr").as_ref());
        assert_eq!(firsts, ["agents"]);
        let chunk: Vec<(String, String, String)> = serde_json::from_str(&chunks[0]).unwrap();
        let police = chunk.iter().find(|e| e.0 == "police").unwrap();
        // Strong at 0; weak at 3 (a gap of 4 from -1, written less one).
        assert_eq!((police.1.as_str(), police.2.as_str()), ("0", "3"));
    }

    #[test]
    fn a_word_names_its_other_forms() {
        let mut index = WordIndex::default();
        index.add(0, "Tribunaux", "");
        index.add(1, "Un tribunal", "");
        let (_, chunks) = chunks_of(index, stemmer("fr-CA").as_ref());
        let chunk: Vec<serde_json::Value> = serde_json::from_str(&chunks[0]).unwrap();
        let tribunal = chunk.iter().find(|e| e[0] == "tribunal").unwrap();
        assert_eq!(tribunal[3], serde_json::json!(["tribunaux"]));
        // A stem the index does not hold as a word leads to its forms.
        let mut index = WordIndex::default();
        index.add(0, "Tribunaux", "");
        index.add(1, "Les programmes", "");
        let (_, chunks) = chunks_of(index, stemmer("fr").as_ref());
        let chunk: Vec<serde_json::Value> = serde_json::from_str(&chunks[0]).unwrap();
        let keys: Vec<&str> = chunk.iter().filter_map(|e| e[0].as_str()).collect();
        assert_eq!(keys, ["les", "programmes", "tribunal", "tribunaux"]);
        assert_eq!(
            chunk[2],
            serde_json::json!(["tribunal", "", "", ["tribunaux"]])
        );
        assert!(chunk[0].get(3).is_none(), "`les` has no other forms");
        assert!(stemmer("zh").is_none());
    }
}
