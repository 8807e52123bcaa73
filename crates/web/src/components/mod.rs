pub mod drop_zone;
pub mod file_list;
pub mod flamegraph;
pub mod format;
pub mod top_table;
