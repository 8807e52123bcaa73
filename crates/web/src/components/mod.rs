pub mod drop_zone;
pub mod file_list;
