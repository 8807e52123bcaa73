pub mod buildinfo;
pub mod diff;
pub mod hot;
pub mod info;
pub mod merge;
pub mod pgo;
pub mod refine;
pub mod top;
