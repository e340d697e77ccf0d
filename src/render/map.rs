//! Maps, drawn at build time without JavaScript.
//!
//! The theme ships one world map (`map/world.svg`, made by `tools/map/build-map.mjs` from
//! Natural Earth): a `<g id="world">` with one path per country whose fill is
//! `var(--XX, var(--map-land))`, XX being the ISO alpha-2 code. A page draws it with
//! `<svg viewBox style><use href="…/map/world.svg#world"/></svg>`: custom properties inherit
//! into the `<use>`d copy, so the page's `style` (`--FR:var(--map-highlight)`) colours its
//! countries. The map's hundreds of kilobytes are fetched once per site; a page adds a few
//! hundred bytes. This module makes that `style` and `viewBox`: a page's countries
//! highlighted and zoomed on, or every country shaded by its number of programmes.
//!
//! Browsers: custom properties inherit into `<use>` copies in Chromium, Firefox and Safari;
//! the map sets its fills in `style` attributes, since `var()` in presentation attributes is
//! not supported everywhere. An external `<use>` must come from the page's origin, so the map
//! shows over HTTP (any static host, from any sub-path: the `href` is relative) but not from
//! `file://`, where the rest of the site does not work either.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use crate::model::Language;
use crate::model::Site;
use crate::model::locale::Localiser;
use crate::model::strings::Strings;
use crate::model::taxonomy::Kind;

use super::lang::LangData;
use super::terms::TermEntry;
use super::views::Card;

/// A map as templates see it (`map` on the home, countries, fact sheet and country pages).
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    /// The part of the world shown, in the map's coordinates: `"x y width height"`.
    pub view_box: String,
    /// Custom properties colouring the countries: `--FR:var(--map-highlight);…`.
    pub style: String,
    /// The map's accessible name.
    pub label: String,
    /// The shades of a choropleth, lightest first; empty for a map of highlighted countries.
    pub legend: Vec<LegendEntry>,
}

/// One shade of a choropleth: the CSS class of its swatch (`map-3`, coloured by the custom
/// property of the same name) and the counts it stands for ("2–3 programmes").
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub shade: String,
    pub label: String,
}

/// A country's place on the map: its main part's bounding box.
#[derive(Debug, Clone, Copy)]
struct Shape {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

struct World {
    width: f32,
    height: f32,
    shapes: HashMap<String, Shape>,
}

/// Written by `tools/map/build-map.mjs` together with the theme's `map/world.svg`.
const WORLD_TSV: &str = include_str!("world_map.tsv");

static WORLD: LazyLock<World> = LazyLock::new(|| parse_world(WORLD_TSV));

fn parse_world(tsv: &str) -> World {
    let mut world = World {
        width: 1000.0,
        height: 500.0,
        shapes: HashMap::new(),
    };
    for line in tsv.lines() {
        let cells: Vec<&str> = line.trim_start_matches("# ").split('\t').collect();
        if let ["width", w, "height", h] = cells.as_slice() {
            world.width = w.parse().unwrap_or(world.width);
            world.height = h.parse().unwrap_or(world.height);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let numbers: Vec<f32> = cells
            .iter()
            .skip(1)
            .filter_map(|c| c.parse().ok())
            .collect();
        if let (Some(code), [x0, y0, x1, y1, ..]) = (cells.first(), numbers.as_slice()) {
            world.shapes.insert(
                code.to_string(),
                Shape {
                    x0: *x0,
                    y0: *y0,
                    x1: *x1,
                    y1: *y1,
                },
            );
        }
    }
    world
}

/// Whether the world map has a shape (or a dot) for the country `code`.
pub fn has_country(code: &str) -> bool {
    WORLD.shapes.contains_key(code)
}

/// The countries `codes` highlighted, the view zoomed on them with some of their
/// surroundings; `None` when none of them is on the map.
pub fn highlight(codes: &[&str], label: String) -> Option<MapView> {
    let world = &*WORLD;
    let shapes: Vec<(&str, Shape)> = codes
        .iter()
        .filter_map(|c| world.shapes.get(*c).map(|s| (*c, *s)))
        .collect();
    if shapes.is_empty() {
        return None;
    }
    let style = shapes
        .iter()
        .map(|(c, _)| format!("--{c}:var(--map-highlight);"))
        .collect();
    let union = shapes.iter().fold(shapes[0].1, |u, (_, s)| Shape {
        x0: u.x0.min(s.x0),
        y0: u.y0.min(s.y0),
        x1: u.x1.max(s.x1),
        y1: u.y1.max(s.y1),
    });
    Some(MapView {
        view_box: zoom(world, union),
        style,
        label,
        legend: Vec::new(),
    })
}

/// A view of `b` with a margin, at least a sixth of the world wide and neither too tall nor
/// too flat; the whole world when the countries are far apart.
fn zoom(world: &World, b: Shape) -> String {
    let (full_w, full_h) = (world.width, world.height);
    let mut w = (b.x1 - b.x0) * 1.4 + 40.0;
    let mut h = (b.y1 - b.y0) * 1.4 + 30.0;
    w = w.max(full_w / 6.0);
    // Between 4:3 and 2:1, like the box it is shown in.
    if w / h > 2.0 {
        h = w / 2.0;
    }
    if w / h < 4.0 / 3.0 {
        w = h * 4.0 / 3.0;
    }
    if w > full_w * 0.6 || h > full_h * 0.8 {
        return format!("0 0 {full_w} {full_h}");
    }
    let cx = (b.x0 + b.x1) / 2.0;
    let cy = (b.y0 + b.y1) / 2.0;
    let x = (cx - w / 2.0).clamp(0.0, full_w - w);
    let y = (cy - h / 2.0).clamp(0.0, (full_h - h).max(0.0));
    format!("{x:.0} {y:.0} {w:.0} {h:.0}")
}

/// The greatest number of shades a choropleth uses (`--map-1` to `--map-5` in the theme).
pub const SHADES: usize = 5;

/// The lower bound of each shade for counts from 1 to `max`: every count its own shade when
/// there are few, else bounds growing geometrically (1, 2, 4, 8, 16 for a maximum of 30), so
/// that a few countries with many programmes do not wash out the rest.
fn shade_bounds(max: usize) -> Vec<usize> {
    if max <= SHADES {
        return (1..=max).collect();
    }
    let mut bounds: Vec<usize> = (0..SHADES)
        .map(|i| (max as f64).powf(i as f64 / SHADES as f64).round() as usize)
        .collect();
    bounds.dedup();
    // Rounding can make neighbours equal: keep them strictly increasing.
    for i in 1..bounds.len() {
        if bounds[i] <= bounds[i - 1] {
            bounds[i] = bounds[i - 1] + 1;
        }
    }
    bounds.retain(|&b| b <= max);
    bounds
}

/// Every country shaded by its number of programmes (`counts`: code and count), the whole
/// world shown, with a legend.
pub fn choropleth(
    counts: &[(&str, usize)],
    label: String,
    strings: &Strings,
    loc: &Localiser,
) -> MapView {
    let world = &*WORLD;
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let bounds = shade_bounds(max);
    // Fewer classes than shades are spread over the whole range, so that two classes are
    // told apart at a glance: shades 1 and 5, not 1 and 2.
    let shade = |class: usize| match bounds.len() {
        0 | 1 => SHADES - 1,
        n => 1 + (class * (SHADES - 1) + (n - 1) / 2) / (n - 1),
    };
    let shade_of = |n: usize| shade(bounds.iter().rposition(|&b| n >= b).unwrap_or(0));
    let style = counts
        .iter()
        .filter(|(c, n)| *n > 0 && has_country(c))
        .map(|(c, n)| format!("--{c}:var(--map-{});", shade_of(*n)))
        .collect();
    let legend = bounds
        .iter()
        .enumerate()
        .map(|(i, &low)| {
            let high = bounds.get(i + 1).map(|next| next - 1).unwrap_or(max);
            let range = if low == high {
                loc.number(low as u64)
            } else {
                format!("{}–{}", loc.number(low as u64), loc.number(high as u64))
            };
            LegendEntry {
                shade: format!("map-{}", shade(i)),
                label: strings.count_shown("programme_count", high as u64, &range, loc),
            }
        })
        .collect();
    MapView {
        view_box: format!("0 0 {} {}", world.width, world.height),
        style,
        label,
        legend,
    }
}

/// The home page's and the countries index's map: every country shaded by its number of
/// programmes in the language.
pub(super) fn countries_map(terms: &BTreeMap<Kind, Vec<TermEntry>>, lang: &Language) -> MapView {
    let entries = terms.get(&Kind::Country).map(Vec::as_slice).unwrap_or(&[]);
    let counts: Vec<(&str, usize)> = entries
        .iter()
        .map(|e| (e.key.as_str(), e.members.len()))
        .collect();
    choropleth(
        &counts,
        lang.strings.get("map_by_country"),
        &lang.strings,
        &lang.loc,
    )
}

/// A fact sheet's map: its countries highlighted.
pub(super) fn programme_map(data: &LangData, card: &Card) -> Option<MapView> {
    places_map(
        data,
        card.countries
            .iter()
            .map(|c| (c.key.as_str(), c.name.as_str())),
    )
}

/// The map of a country's or a region's page: the country, or the region's countries that
/// have programmes, highlighted. Other kinds of pages have none.
pub(super) fn term_map(site: &Site, data: &LangData, kind: Kind, key: &str) -> Option<MapView> {
    let countries = data
        .terms
        .get(&Kind::Country)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    match kind {
        Kind::Country => places_map(
            data,
            countries
                .iter()
                .filter(|e| e.key == key)
                .map(|e| (e.key.as_str(), e.name.as_str())),
        ),
        Kind::Region => places_map(
            data,
            countries
                .iter()
                .filter(|e| site.countries.get(&e.key).is_some_and(|c| c.in_region(key)))
                .map(|e| (e.key.as_str(), e.name.as_str())),
        ),
        _ => None,
    }
}

/// A map highlighting `places` (code, name), named after them.
fn places_map<'a>(
    data: &LangData,
    places: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<MapView> {
    let (codes, names): (Vec<&str>, Vec<&str>) = places.unzip();
    let label = data
        .lang
        .strings
        .format("map_of", &[("places", &names.join(", "))]);
    highlight(&codes, label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_data_has_every_country_a_programme_is_likely_to_name() {
        for code in ["FR", "BR", "FJ", "TV", "NR", "GF", "RE", "SG", "VA", "TN"] {
            assert!(has_country(code), "{code} is not on the map");
        }
        assert!(!has_country("AQ"), "Antarctica is left out");
        assert!(WORLD.width > 100.0 && WORLD.height > 100.0);
    }

    #[test]
    fn shades_are_one_per_count_when_few_and_geometric_when_many() {
        assert_eq!(shade_bounds(0), Vec::<usize>::new());
        assert_eq!(shade_bounds(3), vec![1, 2, 3]);
        assert_eq!(shade_bounds(5), vec![1, 2, 3, 4, 5]);
        assert_eq!(shade_bounds(6), vec![1, 2, 3, 4]);
        assert_eq!(shade_bounds(32), vec![1, 2, 4, 8, 16]);
        assert_eq!(shade_bounds(1000), vec![1, 4, 16, 63, 251]);
    }

    #[test]
    fn few_classes_use_shades_far_apart() {
        let strings = Strings::default();
        let loc = Localiser::new("en", &Default::default());
        let map = choropleth(&[("FR", 1), ("BR", 2)], "map".into(), &strings, &loc);
        assert_eq!(map.style, "--FR:var(--map-1);--BR:var(--map-5);");
        let shades: Vec<&str> = map.legend.iter().map(|l| l.shade.as_str()).collect();
        assert_eq!(shades, ["map-1", "map-5"]);
        let map = choropleth(
            &[("FR", 1), ("BR", 2), ("TN", 3)],
            "map".into(),
            &strings,
            &loc,
        );
        assert_eq!(
            map.style,
            "--FR:var(--map-1);--BR:var(--map-3);--TN:var(--map-5);"
        );
        let map = choropleth(&[("FR", 1)], "map".into(), &strings, &loc);
        assert_eq!(map.style, "--FR:var(--map-4);");
    }

    #[test]
    fn a_highlight_zooms_on_the_countries_and_colours_only_them() {
        let map = highlight(&["FR", "BE", "ZZ"], "map".into()).expect("a map");
        assert_eq!(
            map.style,
            "--FR:var(--map-highlight);--BE:var(--map-highlight);"
        );
        let numbers: Vec<f32> = map
            .view_box
            .split(' ')
            .map(|n| n.parse().expect("a number"))
            .collect();
        let fr = WORLD.shapes["FR"];
        assert!(numbers[0] <= fr.x0 && numbers[0] + numbers[2] >= fr.x1);
        assert!(numbers[2] < WORLD.width / 2.0, "zoomed: {}", map.view_box);
        assert!(highlight(&["ZZ"], "map".into()).is_none());
    }

    #[test]
    fn countries_on_both_sides_of_the_world_show_the_whole_world() {
        let map = highlight(&["FJ", "BR"], "map".into()).expect("a map");
        assert_eq!(
            map.view_box,
            format!("0 0 {} {}", WORLD.width, WORLD.height)
        );
    }
}
