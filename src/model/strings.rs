//! Interface strings of one language, with plural forms and `{name}` placeholders.

use std::collections::BTreeMap;

use crate::model::locale::Localiser;
use crate::parse::i18n::Text;

#[derive(Debug, Clone, Default)]
pub struct Strings {
    map: BTreeMap<String, Text>,
}

impl Strings {
    /// Layers `overrides` over `base`: a key in `overrides` wins.
    pub fn layered(layers: Vec<BTreeMap<String, Text>>) -> Strings {
        let mut map = BTreeMap::new();
        for layer in layers {
            map.extend(layer);
        }
        Strings { map }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A plain string; the key itself when missing, so a gap shows instead of breaking.
    pub fn get(&self, key: &str) -> String {
        match self.map.get(key) {
            Some(Text::Plain(s)) => s.clone(),
            Some(Text::Plural(forms)) => forms.get("other").cloned().unwrap_or_default(),
            None => key.to_string(),
        }
    }

    /// The string with `{name}` placeholders filled.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.get(key), args)
    }

    /// The plural form for `n`, with `{n}` written the language's way.
    pub fn count(&self, key: &str, n: u64, loc: &Localiser) -> String {
        self.count_shown(key, n, &loc.number(n), loc)
    }

    /// The plural form for `n`, with `{n}` replaced by `shown` (such as a range, "2–3").
    pub fn count_shown(&self, key: &str, n: u64, shown: &str, loc: &Localiser) -> String {
        let template = match self.map.get(key) {
            Some(Text::Plural(forms)) => forms
                .get(loc.plural_category(n))
                .or_else(|| forms.get("other"))
                .cloned()
                .unwrap_or_default(),
            Some(Text::Plain(s)) => s.clone(),
            None => format!("{{n}} {key}"),
        };
        fill(&template, &[("n", shown)])
    }

    /// A text's forms by CLDR plural category (`other` alone for a plain text), for scripts
    /// that pick the form themselves (with `Intl.PluralRules`).
    pub fn forms(&self, key: &str) -> BTreeMap<String, String> {
        match self.map.get(key) {
            Some(Text::Plural(forms)) => forms.clone(),
            _ => BTreeMap::from([("other".to_string(), self.get(key))]),
        }
    }

    /// All plain strings, for templates (`t.key`); plural ones appear with their `other` form.
    pub fn plain_map(&self) -> BTreeMap<String, String> {
        self.map.keys().map(|k| (k.clone(), self.get(k))).collect()
    }
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
