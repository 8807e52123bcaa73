pub mod info;
pub mod merge;
pub mod top;
