pub mod drop_zone;
pub mod file_list;
pub mod filters;
pub mod flamegraph;
pub mod format;
pub mod pgo_panel;
pub mod progress;
pub mod top_table;
