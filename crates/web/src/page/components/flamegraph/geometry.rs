//! Where things are on the flame graph: the frame's rectangles grouped by level, rows ↔ levels for
//! both orientations, and hit testing.

use pgoscope_flame::{Frame, NONE};

/// The name drawn for a rectangle's function: `"all"` for the root.
pub fn rect_name(names: &[String], function: u32) -> &str {
    if function == NONE {
        "all"
    } else {
        &names[function as usize]
    }
}

/// Height of one row in CSS pixels.
pub const ROW_PX: f64 = 18.0;

/// Rectangle indices of a [`Frame`] per level. Invariant: `by_level[l]` is in increasing `x`
/// (the frame is laid out depth first, left to right), so a row is searched by bisection.
#[derive(Debug, PartialEq)]
pub struct Levels {
    pub by_level: Vec<Vec<u32>>,
    /// Rows of the graph: at least one per level, more when it fills a taller area (the extra
    /// rows are empty; in flame mode they are above the graph, which sits at the bottom).
    rows: u32,
}

impl Levels {
    pub fn new(frame: &Frame) -> Levels {
        Levels::with_rows(frame, 1)
    }

    /// Levels of `frame` over at least `min_rows` rows.
    pub fn with_rows(frame: &Frame, min_rows: u32) -> Levels {
        let mut by_level: Vec<Vec<u32>> = Vec::new();
        for (i, r) in frame.rects.iter().enumerate() {
            let level = r.level as usize;
            if by_level.len() <= level {
                by_level.resize_with(level + 1, Vec::new);
            }
            by_level[level].push(i as u32);
        }
        let rows = (by_level.len() as u32).max(min_rows).max(1);
        Levels { by_level, rows }
    }

    /// Number of rows (at least 1, so an empty view still has a row).
    pub fn count(&self) -> u32 {
        self.rows
    }

    /// Full height of the graph in CSS pixels.
    pub fn height_px(&self) -> f64 {
        f64::from(self.count()) * ROW_PX
    }

    /// Level shown on a row: rows count from the top; in flame mode (`up`) level 0 is the last row.
    pub fn level_of_row(&self, row: u32, up: bool) -> u32 {
        if up {
            self.count().saturating_sub(row + 1)
        } else {
            row
        }
    }

    /// Index of the rectangle under a point given as a fraction of the width and a y in graph pixels.
    pub fn hit(&self, frame: &Frame, x_frac: f64, y_px: f64, up: bool) -> Option<usize> {
        if y_px < 0.0 {
            return None;
        }
        let level = self.level_of_row((y_px / ROW_PX) as u32, up);
        let row = self.by_level.get(level as usize)?;
        let rect = |i: &u32| &frame.rects[*i as usize];
        let at = row.partition_point(|i| rect(i).x + rect(i).width <= x_frac);
        row.get(at).filter(|i| rect(i).x <= x_frac).map(|&i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgoscope_flame::FrameRect;

    fn frame(levels: &[u32]) -> Frame {
        let rects = levels
            .iter()
            .map(|&level| FrameRect {
                node: 0,
                parent: 0,
                function: 0,
                level,
                x: 0.0,
                width: 1.0,
                total: 1,
                self_value: 0,
            })
            .collect();
        Frame { rects, ..Frame::default() }
    }

    #[test]
    fn a_shallow_graph_fills_the_rows_asked_for_and_sits_at_the_bottom_in_flame_mode() {
        let levels = Levels::with_rows(&frame(&[0, 1, 1]), 5);
        assert_eq!(levels.count(), 5);
        assert_eq!(levels.height_px(), 5.0 * ROW_PX);
        assert_eq!(levels.level_of_row(0, false), 0);
        assert_eq!(levels.level_of_row(4, true), 0);
        assert_eq!(levels.level_of_row(3, true), 1);
        assert!(levels.by_level.get(levels.level_of_row(0, true) as usize).is_none());
    }

    #[test]
    fn a_deep_graph_keeps_all_its_levels() {
        let levels = Levels::with_rows(&frame(&[0, 1, 2, 3]), 2);
        assert_eq!(levels.count(), 4);
        assert_eq!(Levels::new(&frame(&[])).count(), 1);
    }
}
