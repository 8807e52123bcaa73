//! Call trees and flame graph layout for pprof profiles, at function granularity (inlined frames
//! are their own functions, as in `go tool pprof`). Pure: no IO.

mod diff;
mod frame;
mod layout;
mod sandwich;
mod tree;
pub mod work;

pub use diff::{
    cpu_cores, diff_rows, normalize, percent_change, scale, DiffError, DiffRow, DiffTree,
    Normalization,
};
pub use frame::{resolve_path, Frame, FrameRect, NONE};
pub use layout::{layout, ChildOrder, FlameRect, LayoutOptions};
pub use sandwich::{sandwich, Neighbour, Sandwich};
pub use tree::{build_weighted, CallTree, FunctionId, NodeId, TreeNode, WeightedInput};
