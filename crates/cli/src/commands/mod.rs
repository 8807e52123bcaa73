pub mod buildinfo;
pub mod hot;
pub mod info;
pub mod merge;
pub mod pgo;
pub mod refine;
pub mod top;
