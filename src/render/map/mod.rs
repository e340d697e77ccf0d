//! Maps, drawn at build time; a script only recolours the home page's to follow the filters.
//!
//! The theme ships two world maps (`map/world.svg`, centred on Greenwich, and
//! `map/pacific.svg`, centred on the Pacific; made by `tools/map/build-map.mjs` from Natural
//! Earth): a `<g id="world">` with one path per country, its id the ISO alpha-2 code, whose
//! fill is `var(--XX, var(--map-land))`. A page draws one with
//! `<svg viewBox style><use href="…/map/world.svg#world"/>…</svg>`: custom properties inherit
//! into the `<use>`d copy, so the page's `style` (`--FR:var(--map-highlight)`) colours its
//! countries. Each country a page names is drawn again on top as a link to its page
//! (`<a href aria-label><use href="…#FR"/></a>`), with a marker of a fixed size on screen
//! when it is too small to see at the map's zoom (Nauru, Tuvalu). The maps' kilobytes are
//! fetched once per site; a page adds its own links and markers. This module makes that
//! `style`, the `viewBox` (which map, which part of it: `frame.rs`) and the links: a page's
//! countries highlighted and framed, or every country shaded by its number of programmes.
//!
//! Browsers: custom properties inherit into `<use>` copies in Chromium, Firefox and Safari;
//! the map sets its fills in `style` attributes, since `var()` in presentation attributes is
//! not supported everywhere. An external `<use>` must come from the page's origin, so the map
//! shows over HTTP (any static host, from any sub-path: the `href` is relative) but not from
//! `file://`, where the rest of the site does not work either.

mod frame;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Language;
use crate::model::Site;
use crate::model::locale::Localiser;
use crate::model::strings::Strings;
use crate::model::taxonomy::Kind;

use super::lang::LangData;
use super::terms::TermEntry;
use super::views::Card;
use frame::{Frame, WORLD, too_small};

/// A map as templates see it (`map` on the home, countries, fact sheet and country pages).
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    /// The map drawn, relative to the site root: `map/world.svg` or `map/pacific.svg`.
    pub file: String,
    /// The part of it shown, in the map's coordinates: `"x y width height"`.
    pub view_box: String,
    /// Custom properties colouring the countries: `--FR:var(--map-highlight);…`.
    pub style: String,
    /// The map's accessible name.
    pub label: String,
    /// The shades of a choropleth, lightest first; empty for a map of highlighted countries.
    pub legend: Vec<LegendEntry>,
    /// The countries drawn as links to their pages, in the order given.
    pub places: Vec<MapPlace>,
    /// Markers (`"x y"`) of the other countries of a region's map, too small to see: where
    /// the region is, without programmes there.
    pub others: Vec<String>,
    /// For the script that recolours a choropleth: the forms of "{n} programmes" by plural
    /// category (JSON).
    pub count_forms: String,
}

/// One shade of a choropleth: the CSS class of its swatch (`map-3`, coloured by the custom
/// property of the same name) and the counts it stands for ("2–3 programmes").
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub shade: String,
    pub label: String,
}

/// A country on a map, drawn as a link to its page.
#[derive(Debug, Clone, Serialize)]
pub struct MapPlace {
    /// The ISO alpha-2 code: the id of its path in the map file, and its custom property.
    pub code: String,
    pub name: String,
    /// The link's accessible name: the name, with the count on a choropleth.
    pub label: String,
    /// Its page, relative to the site root.
    pub path: String,
    /// Whether the map file has a path for it (else only its marker is drawn).
    pub drawn: bool,
    /// Where its marker goes (`"x y"`), when it is too small to see at this zoom.
    pub marker: Option<String>,
}

/// Whether the world map has a shape (or a point) for the country `code`.
pub fn has_country(code: &str) -> bool {
    WORLD.has_country(code)
}

/// A country smaller than this share of a highlight map's width gets a marker (a fact
/// sheet's map is some 300 px wide: under 6 px).
const SMALL_ON_HIGHLIGHT: f32 = 0.02;
/// The same on a choropleth of the whole world, shown larger (under some 4 px at 660 px).
const SMALL_ON_CHOROPLETH: f32 = 0.006;

/// A place to link: code, name, page, and the accessible name of its link.
struct Place<'a> {
    code: &'a str,
    name: &'a str,
    path: &'a str,
    label: String,
}

/// The places that are on the map, as links on `frame`.
fn map_places(places: Vec<Place>, frame: &Frame, small: f32) -> Vec<MapPlace> {
    places
        .into_iter()
        .filter_map(|p| {
            let shape = WORLD.shape(frame, p.code)?;
            Some(MapPlace {
                code: p.code.to_string(),
                name: p.name.to_string(),
                label: p.label,
                path: p.path.to_string(),
                drawn: shape.drawn,
                marker: too_small(&shape, frame, small)
                    .then(|| format!("{:.1} {:.1}", shape.cx, shape.cy)),
            })
        })
        .collect()
}

/// The countries `places` highlighted, linked, and framed with some of their surroundings
/// and with the countries `others` (a region's), these marked when too small to see; `None`
/// when none of `places` is on the map.
fn highlight(places: Vec<Place>, others: &[&str], label: String) -> Option<MapView> {
    let codes: Vec<&str> = places.iter().map(|p| p.code).collect();
    if !codes.iter().any(|c| has_country(c)) {
        return None;
    }
    let framed: Vec<&str> = codes.iter().chain(others).copied().collect();
    let frame = WORLD.frame(&framed)?;
    let others = others
        .iter()
        .filter(|c| !codes.contains(c))
        .filter_map(|c| WORLD.shape(&frame, c))
        .filter(|s| too_small(s, &frame, SMALL_ON_HIGHLIGHT))
        .map(|s| format!("{:.1} {:.1}", s.cx, s.cy))
        .collect();
    let places = map_places(places, &frame, SMALL_ON_HIGHLIGHT);
    let style = places
        .iter()
        .map(|p| format!("--{}:var(--map-highlight);", p.code))
        .collect();
    Some(MapView {
        file: format!("map/{}.svg", WORLD.view(&frame).name),
        view_box: frame.view_box(),
        style,
        label,
        legend: Vec::new(),
        places,
        others,
        count_forms: String::new(),
    })
}

/// The greatest number of shades a choropleth uses (`--map-1` to `--map-5` in the theme).
pub const SHADES: usize = 5;

/// `x` with at most two significant digits, rounded down (87, 150, 2,300): bounds that read
/// easily in a legend.
fn two_digits(x: usize) -> usize {
    let mut power = 1;
    while x / power >= 100 {
        power *= 10;
    }
    x / power * power
}

/// The lower bound of each shade for the countries' counts `counts` (`js/map.js` does the
/// same for the programmes the filters show): every count its own
/// shade when the greatest is at most [`SHADES`]; else 1 and the counts that cut the
/// different counts into five groups of the same size (quintiles), to two digits, so that
/// the shades are used about evenly whether a site has ten programmes or ten thousand (with
/// bounds growing geometrically from 1, nearly every country of a large site had the
/// darkest), and a few countries with many programmes still stand out from many with one.
fn shade_bounds(counts: &[usize]) -> Vec<usize> {
    let mut sorted: Vec<usize> = counts.iter().copied().filter(|&n| n > 0).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let max = sorted.last().copied().unwrap_or(0);
    if max <= SHADES {
        return (1..=max).collect();
    }
    let mut bounds = vec![1];
    for i in 1..SHADES {
        let bound = two_digits(sorted[i * sorted.len() / SHADES]);
        if bound > bounds[bounds.len() - 1] {
            bounds.push(bound);
        }
    }
    bounds
}

/// The shade (1 to [`SHADES`]) of each class when there are `classes`: fewer classes than
/// shades are spread over the whole range, so that two classes are told apart at a glance
/// (shades 1 and 5, not 1 and 2).
fn shade(class: usize, classes: usize) -> usize {
    match classes {
        0 | 1 => SHADES - 1,
        n => 1 + (class * (SHADES - 1) + (n - 1) / 2) / (n - 1),
    }
}

/// Every country shaded by its number of programmes (`counts`: code, name, page and count),
/// the whole world shown, each country with programmes a link, with a legend.
fn choropleth(
    counts: &[(&str, &str, &str, usize)],
    label: String,
    strings: &Strings,
    loc: &Localiser,
) -> MapView {
    let frame = WORLD.whole();
    let max = counts.iter().map(|c| c.3).max().unwrap_or(0);
    let bounds = shade_bounds(&counts.iter().map(|c| c.3).collect::<Vec<_>>());
    let shade_of = |n: usize| {
        shade(
            bounds.iter().rposition(|&b| n >= b).unwrap_or(0),
            bounds.len(),
        )
    };
    let with_programmes: Vec<_> = counts.iter().filter(|c| c.3 > 0).collect();
    let style = with_programmes
        .iter()
        .filter(|c| has_country(c.0))
        .map(|(c, _, _, n)| format!("--{c}:var(--map-{});", shade_of(*n)))
        .collect();
    let places = with_programmes
        .iter()
        .map(|(code, name, path, n)| Place {
            code,
            name,
            path,
            label: format!(
                "{name} ({})",
                strings.count("programme_count", *n as u64, loc)
            ),
        })
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
                shade: format!("map-{}", shade(i, bounds.len())),
                label: strings.count_shown("programme_count", high as u64, &range, loc),
            }
        })
        .collect();
    MapView {
        file: format!("map/{}.svg", WORLD.view(&frame).name),
        view_box: frame.view_box(),
        style,
        label,
        legend,
        places: map_places(places, &frame, SMALL_ON_CHOROPLETH),
        others: Vec::new(),
        count_forms: serde_json::to_string(&strings.forms("programme_count")).unwrap_or_default(),
    }
}

/// The home page's and the countries index's map: every country shaded by its number of
/// programmes in the language.
pub(super) fn countries_map(terms: &BTreeMap<Kind, Vec<TermEntry>>, lang: &Language) -> MapView {
    let entries = terms.get(&Kind::Country).map(Vec::as_slice).unwrap_or(&[]);
    let counts: Vec<(&str, &str, &str, usize)> = entries
        .iter()
        .map(|e| {
            (
                e.key.as_str(),
                e.name.as_str(),
                e.path.as_str(),
                e.members.len(),
            )
        })
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
            .map(|c| (c.key.as_str(), c.name.as_str(), c.path.as_str())),
        &[],
    )
}

/// The map of a country's or a region's page: the country, or the region's countries that
/// have programmes, highlighted (a region's map framed on all its countries). Other kinds of
/// pages have none.
pub(super) fn term_map(
    site: &Site,
    data: &LangData,
    kind: Kind,
    term: &TermEntry,
) -> Option<MapView> {
    let countries = data
        .terms
        .get(&Kind::Country)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    match kind {
        Kind::Country => places_map(
            data,
            countries.iter().filter(|e| e.key == term.key).map(place),
            &[],
        ),
        Kind::Region => {
            let mut members: Vec<&str> = site
                .countries
                .of_region(&term.key)
                .map(|c| c.alpha2)
                .collect();
            members.sort_unstable();
            let inside = super::terms::countries_in(site, data, term.term);
            places_map(data, inside.map(place), &members)
        }
        _ => None,
    }
}

/// A term's place on a map: code, name, page.
fn place(e: &TermEntry) -> (&str, &str, &str) {
    (e.key.as_str(), e.name.as_str(), e.path.as_str())
}

/// A map highlighting `places` (code, name, page), named after them, framed with `others`.
fn places_map<'a>(
    data: &LangData,
    places: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
    others: &[&str],
) -> Option<MapView> {
    let places: Vec<Place> = places
        .map(|(code, name, path)| Place {
            code,
            name,
            path,
            label: name.to_string(),
        })
        .collect();
    let names: Vec<&str> = places.iter().map(|p| p.name).collect();
    let label = data
        .lang
        .strings
        .format("map_of", &[("places", &names.join(", "))]);
    highlight(places, others, label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'a>(code: &'a str, name: &'a str) -> Place<'a> {
        Place {
            code,
            name,
            path: "en/countries/x/",
            label: name.to_string(),
        }
    }

    #[test]
    fn shades_are_one_per_count_when_few_and_quintiles_when_many() {
        assert_eq!(shade_bounds(&[]), Vec::<usize>::new());
        assert_eq!(shade_bounds(&[0, 1, 3, 1]), vec![1, 2, 3]);
        assert_eq!(shade_bounds(&[5, 1]), vec![1, 2, 3, 4, 5]);
        // Ten countries from 1 to 10 programmes: two a shade.
        let ten: Vec<usize> = (1..=10).collect();
        assert_eq!(shade_bounds(&ten), vec![1, 3, 5, 7, 9]);
        // A large site: 150 countries with 20 to 926 programmes, most of them many. Each
        // shade holds twenty to forty-five countries; bounds have two digits.
        let large: Vec<usize> = (0..150).map(|i| 20 + i * i * 906 / (149 * 149)).collect();
        let bounds = shade_bounds(&large);
        assert_eq!(bounds, vec![1, 69, 180, 360, 610]);
        for (i, low) in bounds.iter().enumerate() {
            let high = bounds.get(i + 1).copied().unwrap_or(usize::MAX);
            let n = large.iter().filter(|&&c| (*low..high).contains(&c)).count();
            assert!((20..=45).contains(&n), "{low}: {n} countries");
        }
        // Many countries with one programme, a few with many: those stand out.
        let mut skewed = vec![1; 40];
        skewed.extend([2, 2, 3, 40, 50]);
        assert_eq!(shade_bounds(&skewed), vec![1, 2, 3, 40, 50]);
        assert_eq!(two_digits(87), 87);
        assert_eq!(two_digits(153), 150);
        assert_eq!(two_digits(2345), 2300);
    }

    #[test]
    fn few_classes_use_shades_far_apart() {
        let strings = Strings::default();
        let loc = Localiser::new("en", &Default::default());
        let row = |c, n| (c, c, "p/", n);
        let map = choropleth(&[row("FR", 1), row("BR", 2)], "map".into(), &strings, &loc);
        assert_eq!(map.style, "--FR:var(--map-1);--BR:var(--map-5);");
        let shades: Vec<&str> = map.legend.iter().map(|l| l.shade.as_str()).collect();
        assert_eq!(shades, ["map-1", "map-5"]);
        let map = choropleth(
            &[row("FR", 1), row("BR", 2), row("TN", 3)],
            "map".into(),
            &strings,
            &loc,
        );
        assert_eq!(
            map.style,
            "--FR:var(--map-1);--BR:var(--map-3);--TN:var(--map-5);"
        );
        let map = choropleth(&[row("FR", 1), row("DE", 0)], "map".into(), &strings, &loc);
        assert_eq!(map.style, "--FR:var(--map-4);");
        let linked: Vec<&str> = map.places.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(linked, ["FR"], "a country without programmes has no page");
        assert_eq!(map.file, "map/world.svg");
    }

    #[test]
    fn choropleth_links_name_the_count_and_mark_small_countries() {
        let strings = Strings::default();
        let loc = Localiser::new("en", &Default::default());
        let map = choropleth(
            &[
                ("BR", "Brazil", "en/countries/brazil/", 2),
                ("TV", "Tuvalu", "t/", 1),
            ],
            "map".into(),
            &strings,
            &loc,
        );
        let brazil = &map.places[0];
        assert_eq!(brazil.path, "en/countries/brazil/");
        assert!(brazil.label.starts_with("Brazil (") && brazil.label.contains('2'));
        assert!(brazil.drawn && brazil.marker.is_none());
        let tuvalu = &map.places[1];
        assert!(!tuvalu.drawn && tuvalu.marker.is_some(), "{tuvalu:?}");
    }

    #[test]
    fn a_highlight_frames_the_countries_and_colours_and_links_only_them() {
        let map = highlight(
            vec![
                place("FR", "France"),
                place("BE", "Belgium"),
                place("ZZ", "?"),
            ],
            &[],
            "map".into(),
        )
        .expect("a map");
        assert_eq!(
            map.style,
            "--FR:var(--map-highlight);--BE:var(--map-highlight);"
        );
        let linked: Vec<&str> = map.places.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(linked, ["France", "Belgium"]);
        assert_eq!(map.file, "map/world.svg");
        assert!(highlight(vec![place("ZZ", "?")], &["FR"], "map".into()).is_none());
    }

    #[test]
    fn a_pacific_highlight_uses_the_pacific_map_with_markers_for_small_islands() {
        let codes = ["FJ", "NR", "PG", "TV", "WS"];
        let map = highlight(
            codes.iter().map(|c| place(c, c)).collect(),
            &[],
            "map".into(),
        )
        .expect("a map");
        assert_eq!(map.file, "map/pacific.svg");
        let marked: Vec<&str> = map
            .places
            .iter()
            .filter(|p| p.marker.is_some())
            .map(|p| p.code.as_str())
            .collect();
        assert!(
            marked.contains(&"NR") && marked.contains(&"TV"),
            "{marked:?}"
        );
        assert!(!marked.contains(&"PG"), "{marked:?}");
    }

    #[test]
    fn a_region_map_is_framed_on_all_its_countries_and_marks_those_without_programmes() {
        // Polynesia, with programmes in Samoa and Tonga only.
        let members = ["AS", "CK", "NU", "PF", "PN", "TK", "TO", "TV", "WF", "WS"];
        let places = vec![place("WS", "Samoa"), place("TO", "Tonga")];
        let map = highlight(places, &members, "map".into()).expect("a map");
        assert_eq!(map.file, "map/pacific.svg");
        assert_eq!(map.places.len(), 2);
        assert_eq!(map.others.len(), members.len() - 2, "{:?}", map.others);
        let frame = WORLD.frame(&members).expect("a frame");
        assert_eq!(map.view_box, frame.view_box());
    }
}
