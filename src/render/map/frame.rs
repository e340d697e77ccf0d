//! The theme's world maps as fiche knows them, and which part of which map a page shows.
//!
//! There are two views of the same world (`world_map.tsv`, written by `tools/map/` with the
//! SVG files): `world`, centred on Greenwich, and `pacific`, centred on 150° E with its edges
//! in the Atlantic. A map of countries on both sides of the antimeridian (Fiji and Samoa, a
//! Pacific programme) is framed on the second, where they are neighbours; any other on the
//! first. On each view a country has the bounding box of its main part (mainland France, not
//! French Guiana) and that part's centre, where a marker goes when it is too small to see.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

/// A country's main part on one view: its bounding box and centre, and whether the view has
/// a path for it (some territories are only a point, such as Tuvalu at this scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shape {
    pub(super) x0: f32,
    pub(super) y0: f32,
    pub(super) x1: f32,
    pub(super) y1: f32,
    pub(super) cx: f32,
    pub(super) cy: f32,
    pub(super) drawn: bool,
}

impl Shape {
    fn union(self, other: Shape) -> Shape {
        Shape {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
            cx: (self.x0.min(other.x0) + self.x1.max(other.x1)) / 2.0,
            cy: (self.y0.min(other.y0) + self.y1.max(other.y1)) / 2.0,
            drawn: self.drawn || other.drawn,
        }
    }

    fn size(&self) -> f32 {
        (self.x1 - self.x0).max(self.y1 - self.y0)
    }
}

/// One of the theme's maps: `map/<name>.svg`, `width` × `height` units.
pub(super) struct View {
    pub(super) name: String,
    pub(super) width: f32,
    pub(super) height: f32,
    shapes: HashMap<String, Shape>,
}

pub(super) struct World {
    /// The world centred on Greenwich first: the view of choropleths and of far-apart places.
    views: Vec<View>,
}

/// The part of a view a page shows, in the view's units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Frame {
    /// An index into the world's views.
    pub(super) view: usize,
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) w: f32,
    pub(super) h: f32,
}

impl Frame {
    /// The SVG `viewBox`.
    pub(super) fn view_box(&self) -> String {
        format!("{:.0} {:.0} {:.0} {:.0}", self.x, self.y, self.w, self.h)
    }

    /// Whether a point is inside.
    #[cfg(test)]
    pub(super) fn contains(&self, x: f32, y: f32) -> bool {
        (self.x..=self.x + self.w).contains(&x) && (self.y..=self.y + self.h).contains(&y)
    }
}

/// Written by `tools/map/build-map.mjs` together with the theme's `map/*.svg`.
const WORLD_TSV: &str = include_str!("world_map.tsv");

pub(super) static WORLD: LazyLock<World> = LazyLock::new(|| parse_world(WORLD_TSV));

/// Reads `# view NAME width W height H` lines, each followed by its rows
/// `NAME CODE path|point x0 y0 x1 y1 cx cy`.
fn parse_world(tsv: &str) -> World {
    let mut views: Vec<View> = Vec::new();
    for line in tsv.lines() {
        let cells: Vec<&str> = line.trim_start_matches("# ").split('\t').collect();
        if let ["view", name, "width", w, "height", h] = cells.as_slice() {
            views.push(View {
                name: name.to_string(),
                width: w.parse().unwrap_or(1000.0),
                height: h.parse().unwrap_or(500.0),
                shapes: HashMap::default(),
            });
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let numbers: Vec<f32> = cells
            .iter()
            .skip(3)
            .filter_map(|c| c.parse().ok())
            .collect();
        let view = views
            .iter_mut()
            .find(|v| cells.first() == Some(&v.name.as_str()));
        if let (Some(view), [_, code, kind, ..], [x0, y0, x1, y1, cx, cy]) =
            (view, cells.as_slice(), numbers.as_slice())
        {
            let shape = Shape {
                x0: *x0,
                y0: *y0,
                x1: *x1,
                y1: *y1,
                cx: *cx,
                cy: *cy,
                drawn: *kind == "path",
            };
            view.shapes.insert(code.to_string(), shape);
        }
    }
    World { views }
}

impl World {
    pub(super) fn view(&self, frame: &Frame) -> &View {
        &self.views[frame.view]
    }

    /// Whether the maps know the country `code` (every view knows the same countries).
    pub(super) fn has_country(&self, code: &str) -> bool {
        self.views
            .first()
            .is_some_and(|v| v.shapes.contains_key(code))
    }

    /// The country `code` on the frame's view.
    pub(super) fn shape(&self, frame: &Frame, code: &str) -> Option<Shape> {
        self.views.get(frame.view)?.shapes.get(code).copied()
    }

    /// The whole world, centred on Greenwich.
    pub(super) fn whole(&self) -> Frame {
        let (w, h) = self
            .views
            .first()
            .map_or((1000.0, 500.0), |v| (v.width, v.height));
        Frame {
            view: 0,
            x: 0.0,
            y: 0.0,
            w,
            h,
        }
    }

    /// The frame showing `codes` (those the maps know) closest, with some of their
    /// surroundings: on the view where they take the least room; the whole world when they
    /// are far apart on every view. `None` when the maps know none of them.
    pub(super) fn frame(&self, codes: &[&str]) -> Option<Frame> {
        let codes: Vec<&str> = codes
            .iter()
            .copied()
            .filter(|c| self.has_country(c))
            .collect();
        if codes.is_empty() {
            return None;
        }
        let framed = self.views.iter().enumerate().filter_map(|(i, view)| {
            let union = codes
                .iter()
                .filter_map(|c| view.shapes.get(*c).copied())
                .reduce(Shape::union)?;
            zoom(view, union).map(|(x, y, w, h)| Frame {
                view: i,
                x,
                y,
                w,
                h,
            })
        });
        // The smallest frame; the first view when two are as small.
        Some(
            framed
                .reduce(|best, f| if f.w * f.h < best.w * best.h { f } else { best })
                .unwrap_or_else(|| self.whole()),
        )
    }
}

/// The least width a frame has: a sixth of the world (some 60° of longitude), so that a
/// small country shows with its neighbours.
const LEAST_WIDTH: f32 = 1.0 / 6.0;
/// Beyond this share of the world's width, the whole world is shown.
const MOST_WIDTH: f32 = 0.85;

/// The frame `(x, y, w, h)` of `b` on `view`: its box with a margin, at least a sixth of the
/// world wide, between 4:3 and 2:1 like the box it is shown in, and inside the map (but for a
/// country drawn beyond its edge); `None` when that is most of the world.
fn zoom(view: &View, b: Shape) -> Option<(f32, f32, f32, f32)> {
    let mut w = (b.x1 - b.x0) * 1.25 + 24.0;
    let mut h = (b.y1 - b.y0) * 1.25 + 18.0;
    w = w.max(view.width * LEAST_WIDTH);
    if w / h > 2.0 {
        h = w / 2.0;
    }
    if w / h < 4.0 / 3.0 {
        w = h * 4.0 / 3.0;
    }
    if w > view.width * MOST_WIDTH || h > view.height {
        return None;
    }
    let x = (b.cx - w / 2.0).clamp(b.x0.min(0.0), b.x1.max(view.width) - w);
    let y = (b.cy - h / 2.0).clamp(0.0, view.height - h);
    Some((x, y, w, h))
}

/// Whether `shape` is too small to see (or to click) on `frame`: under `share` of its width,
/// or only a point.
pub(super) fn too_small(shape: &Shape, frame: &Frame, share: f32) -> bool {
    !shape.drawn || shape.size() < frame.w * share
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blue Pacific's countries in the demo: from Palau (134° E) to Samoa (172° W).
    const PACIFIC: [&str; 11] = [
        "FJ", "KI", "MH", "FM", "NR", "PW", "PG", "WS", "SB", "TO", "VU",
    ];

    fn assert_shows(frame: &Frame, codes: &[&str]) {
        for code in codes {
            let s = WORLD.shape(frame, code).expect("on the map");
            assert!(
                frame.contains(s.x0, s.y0) && frame.contains(s.x1, s.y1),
                "{code} ({s:?}) is outside {frame:?}"
            );
        }
    }

    #[test]
    fn the_map_data_has_every_country_a_programme_is_likely_to_name() {
        for code in [
            "FR", "BR", "FJ", "TV", "NR", "GF", "RE", "SG", "VA", "TN", "XK",
        ] {
            assert!(WORLD.has_country(code), "{code} is not on the map");
        }
        assert!(!WORLD.has_country("AQ"), "Antarctica is left out");
        let names: Vec<&str> = WORLD.views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["world", "pacific"]);
        for view in &WORLD.views {
            assert!(view.width > 100.0 && view.height > 100.0);
            assert_eq!(view.shapes.len(), WORLD.views[0].shapes.len());
        }
    }

    #[test]
    fn pacific_countries_across_the_antimeridian_are_framed_on_the_pacific_view() {
        let frame = WORLD.frame(&PACIFIC).expect("a frame");
        assert_eq!(WORLD.view(&frame).name, "pacific");
        assert_shows(&frame, &PACIFIC);
        assert!(frame.w < WORLD.view(&frame).width / 2.0, "{frame:?}");
        // On the Greenwich view they are at both edges.
        let world = &WORLD.views[0];
        let (fj, ws) = (world.shapes["FJ"], world.shapes["WS"]);
        assert!(fj.x0 > world.width * 0.9 && ws.x1 < world.width * 0.1);
        // Two neighbours on either side of 180°: a close frame.
        let frame = WORLD.frame(&["FJ", "WS"]).expect("a frame");
        assert_eq!(WORLD.view(&frame).name, "pacific");
        assert_shows(&frame, &["FJ", "WS"]);
        assert!(frame.w <= WORLD.view(&frame).width * LEAST_WIDTH + 1.0);
    }

    #[test]
    fn other_countries_are_framed_on_the_greenwich_view() {
        let frame = WORLD.frame(&["FR", "BE", "ZZ"]).expect("a frame");
        assert_eq!(frame.view, 0);
        assert_shows(&frame, &["FR", "BE"]);
        assert!(frame.w < 300.0, "{frame:?}");
        assert_eq!(WORLD.frame(&["ZZ"]), None);
    }

    #[test]
    fn a_large_country_is_framed_whole_and_not_as_the_world() {
        for code in ["RU", "BR", "US", "CA", "AU", "CN"] {
            let frame = WORLD.frame(&[code]).expect("a frame");
            assert_shows(&frame, &[code]);
            let view = WORLD.view(&frame);
            assert!(
                frame.w < view.width * MOST_WIDTH,
                "{code}: {frame:?} is the world"
            );
            let s = WORLD.shape(&frame, code).expect("shape");
            assert!(
                (s.x1 - s.x0) > frame.w / 3.0 || (s.y1 - s.y0) > frame.h / 3.0,
                "{code} is lost in {frame:?}"
            );
        }
    }

    #[test]
    fn countries_far_apart_on_every_view_show_the_whole_world() {
        let frame = WORLD.frame(&["FJ", "BR", "KE", "NO"]).expect("a frame");
        assert_eq!(frame, WORLD.whole());
    }

    #[test]
    fn small_countries_are_told_from_the_frame() {
        let frame = WORLD.frame(&PACIFIC).expect("a frame");
        let shape = |c| WORLD.shape(&frame, c).expect("shape");
        assert!(too_small(&shape("NR"), &frame, 0.02), "Nauru");
        assert!(too_small(&shape("TV"), &frame, 0.02), "Tuvalu, a point");
        assert!(!too_small(&shape("PG"), &frame, 0.02), "Papua New Guinea");
    }
}
