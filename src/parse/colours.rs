//! `colours:` in `site.yaml`: the theme's colours, set in one place and checked for contrast.
//!
//! Each colour is a CSS custom property of the default theme (`brand` is `--colour-brand`).
//! Public-sector sites must meet WCAG 2.1 AA, so a colour that would put text below 4.5:1
//! against what the theme draws it on is an error, with a darker or lighter colour that
//! passes. The theme's own values (in its `css/fiche.css`) stand for the colours not set.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::load::builtin;
use crate::parse::yaml::Fields;

/// The colours a site may set, each a `#rrggbb` or `#rgb` hex colour.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColours {
    brand: Option<String>,
    brand_dark: Option<String>,
    accent: Option<String>,
    text: Option<String>,
    muted: Option<String>,
    background: Option<String>,
    surface: Option<String>,
    border: Option<String>,
    field: Option<String>,
    focus: Option<String>,
}

impl RawColours {
    fn set(&self) -> Vec<(&'static str, &str)> {
        [
            ("brand", &self.brand),
            ("brand_dark", &self.brand_dark),
            ("accent", &self.accent),
            ("text", &self.text),
            ("muted", &self.muted),
            ("background", &self.background),
            ("surface", &self.surface),
            ("border", &self.border),
            ("field", &self.field),
            ("focus", &self.focus),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (name, v.trim())))
        .collect()
    }
}

/// A colour the site sets: the custom property's name (`brand-dark`) and its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Colour {
    pub name: String,
    pub value: String,
}

/// What must stay readable: a colour drawn on another, and the least contrast it needs.
/// `white` is the theme's white text (on the header, buttons and flags).
const PAIRS: [(&str, &str, f64, &str); 11] = [
    (
        "white",
        "brand",
        4.5,
        "white text on the header and buttons",
    ),
    ("brand", "background", 4.5, "links on the page"),
    ("brand", "surface", 4.5, "links on panels"),
    (
        "white",
        "brand_dark",
        4.5,
        "white text on the navigation bar",
    ),
    ("text", "background", 4.5, "text on the page"),
    ("text", "surface", 4.5, "text on panels"),
    ("muted", "background", 4.5, "secondary text on the page"),
    ("muted", "surface", 4.5, "secondary text on panels"),
    ("white", "accent", 4.5, "white text on draft flags"),
    ("field", "background", 3.0, "the borders of form fields"),
    ("text", "focus", 4.5, "the focus ring against its halo"),
];

/// The default theme's value of `--colour-<name>`, from its stylesheet.
fn theme_default(name: &str) -> Option<Rgb> {
    if name == "white" {
        return Some(Rgb(255, 255, 255));
    }
    let css = builtin::STATIC
        .iter()
        .find(|(rel, _)| *rel == "css/fiche.css")
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())?;
    let property = format!("--colour-{}:", name.replace('_', "-"));
    let rest = &css[css.find(&property)? + property.len()..];
    parse_hex(rest.trim_start().split([';', ' ']).next()?)
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgb(u8, u8, u8);

fn parse_hex(text: &str) -> Option<Rgb> {
    let hex = text.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        3 => {
            let d: Vec<String> = hex.chars().map(|c| format!("{c}{c}")).collect();
            Some(Rgb(channel(&d[0])?, channel(&d[1])?, channel(&d[2])?))
        }
        6 => Some(Rgb(
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        _ => None,
    }
}

/// WCAG 2.1's relative luminance.
fn luminance(c: Rgb) -> f64 {
    let linear = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c` mixed, a step at a time, with black (against a light `other`) or white (against a dark
/// one), until it `passes`.
fn nearest_passing(c: Rgb, other: Rgb, passes: impl Fn(Rgb) -> bool) -> Option<Rgb> {
    let toward = if luminance(other) > 0.18 { 0.0 } else { 255.0 };
    (1..=20).find_map(|step| {
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) * (1.0 - t) + toward * t).round() as u8;
        let candidate = Rgb(mix(c.0), mix(c.1), mix(c.2));
        passes(candidate).then_some(candidate)
    })
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Checks the colours of `site.yaml` and returns them as custom properties.
pub fn check(raw: &RawColours, fields: &Fields, errors: &mut Vec<Diagnostic>) -> Vec<Colour> {
    let mut parsed: BTreeMap<&str, Rgb> = BTreeMap::new();
    for (name, value) in raw.set() {
        match parse_hex(value) {
            Some(c) => {
                parsed.insert(name, c);
            }
            None => errors.push(
                fields
                    .error_at(
                        "colours",
                        fields.token_place("colours", value),
                        format!("`{name}`: `{value}` is not a hex colour"),
                    )
                    .hint(
                        "write a colour as `\"#0b4f6c\"` (in quotes: YAML reads `#` as a comment)",
                    ),
            ),
        }
    }
    let colour = |name: &str| parsed.get(name).copied().or_else(|| theme_default(name));
    // Per colour the site set, the pairs it takes part in: (the other colour, least contrast,
    // what is drawn), and which of them fail.
    for (name, value) in raw.set() {
        let Some(set) = parsed.get(name).copied() else {
            continue;
        };
        let pairs: Vec<(Rgb, f64, &str)> = PAIRS
            .iter()
            .filter_map(|&(fg, bg, min, what)| {
                let other = if fg == name {
                    bg
                } else if bg == name {
                    fg
                } else {
                    return None;
                };
                colour(other).map(|o| (o, min, what))
            })
            .collect();
        let worst = pairs
            .iter()
            .map(|&(other, min, what)| (contrast(set, other) / min, other, min, what))
            .filter(|(ratio, ..)| *ratio < 1.0)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, other, min, what)) = worst else {
            continue;
        };
        let failing: Vec<&str> = pairs
            .iter()
            .filter(|(o, m, w)| contrast(set, *o) < *m && *w != what)
            .map(|(_, _, w)| *w)
            .collect();
        // A colour that passes against everything it is drawn with, if a step toward black
        // (or white) finds one.
        let suggestion = nearest_passing(set, other, |c| {
            pairs.iter().all(|(o, m, _)| contrast(c, *o) >= *m)
        })
        .map(|c| format!("a colour close to it that passes: `\"{}\"`", hex(c)));
        errors.push(
            fields
                .error_at(
                    "colours",
                    fields.token_place("colours", value),
                    format!(
                        "`{name}`: {what} would have a contrast of {:.1}:1, below the {min}:1 \
                         that WCAG 2.1 AA asks for{}",
                        contrast(set, other),
                        if !failing.is_empty() {
                            format!(" (also too low: {})", failing.join(", "))
                        } else {
                            String::new()
                        }
                    ),
                )
                .maybe_hint(suggestion),
        );
    }
    raw.set()
        .into_iter()
        .filter(|(name, _)| parsed.contains_key(name))
        .map(|(name, value)| Colour {
            name: name.replace('_', "-"),
            value: value.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_wcags() {
        let white = Rgb(255, 255, 255);
        assert!((contrast(Rgb(0, 0, 0), white) - 21.0).abs() < 0.01);
        assert!((contrast(Rgb(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn hex_colours_take_three_or_six_digits() {
        assert_eq!(parse_hex("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(parse_hex("#0B4F6C"), Some(Rgb(0x0b, 0x4f, 0x6c)));
        assert_eq!(parse_hex("0b4f6c"), None);
        assert_eq!(parse_hex("#0b4f6"), None);
        assert_eq!(parse_hex("#gggggg"), None);
    }

    #[test]
    fn the_theme_defaults_meet_every_contrast_they_are_checked_for() {
        for (fg, bg, min, what) in PAIRS {
            let (f, b) = (theme_default(fg), theme_default(bg));
            let (Some(f), Some(b)) = (f, b) else {
                panic!("no default for {fg} or {bg} in css/fiche.css");
            };
            assert!(contrast(f, b) >= min, "{what}: {:.2}", contrast(f, b));
        }
    }

    #[test]
    fn a_passing_colour_is_suggested() {
        let light = Rgb(0x66, 0xaa, 0xcc);
        let white = Rgb(255, 255, 255);
        let better =
            nearest_passing(light, white, |c| contrast(c, white) >= 4.5).expect("a darker one");
        assert!(contrast(better, white) >= 4.5);
    }
}
