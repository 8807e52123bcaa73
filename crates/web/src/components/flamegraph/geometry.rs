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
}

impl Levels {
    pub fn new(frame: &Frame) -> Levels {
        let mut by_level: Vec<Vec<u32>> = Vec::new();
        for (i, r) in frame.rects.iter().enumerate() {
            let level = r.level as usize;
            if by_level.len() <= level {
                by_level.resize_with(level + 1, Vec::new);
            }
            by_level[level].push(i as u32);
        }
        Levels { by_level }
    }

    /// Number of levels (at least 1, so an empty view still has a row).
    pub fn count(&self) -> u32 {
        self.by_level.len().max(1) as u32
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
