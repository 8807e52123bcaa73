//! What a profile measures, told from its sample types: the groups a page offers one at a time when
//! the files loaded share no sample type (a CPU and a heap profile of one service).

use serde::{Deserialize, Serialize};

/// A profile's kind, from its sample type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ProfileKind {
    /// A `cpu` sample type (Go: `samples/count, cpu/nanoseconds`; also Java, .NET, pprof-rs).
    Cpu,
    /// Go's heap and allocs profiles (`alloc_objects`, `alloc_space`, `inuse_objects`,
    /// `inuse_space`) and other memory profiles (`space`, `objects`, `alloc_*`, `inuse_*`).
    Heap,
    /// `contentions` and `delay`: Go's mutex and block profiles, which carry the same sample
    /// types and period type, so their types cannot tell them apart.
    Contention,
    /// `goroutine/count`.
    Goroutine,
    /// `wall` time (pprof-rs, Node, Pyroscope's wall profiles).
    Wall,
    Other,
}

impl ProfileKind {
    /// Every kind, in the order a picker lists them.
    pub const ALL: [ProfileKind; 6] = [
        ProfileKind::Cpu,
        ProfileKind::Heap,
        ProfileKind::Contention,
        ProfileKind::Goroutine,
        ProfileKind::Wall,
        ProfileKind::Other,
    ];

    /// The kind of a profile with these sample type names.
    pub fn of_types<'a>(types: impl IntoIterator<Item = &'a str> + Clone) -> ProfileKind {
        let has = |f: &dyn Fn(&str) -> bool| types.clone().into_iter().any(f);
        if has(&|t| t == "cpu") {
            ProfileKind::Cpu
        } else if has(&|t| {
            matches!(t, "space" | "objects") || t.starts_with("alloc_") || t.starts_with("inuse_")
        }) {
            ProfileKind::Heap
        } else if has(&|t| matches!(t, "contentions" | "delay")) {
            ProfileKind::Contention
        } else if has(&|t| t == "goroutine" || t == "goroutines") {
            ProfileKind::Goroutine
        } else if has(&|t| t == "wall") {
            ProfileKind::Wall
        } else {
            ProfileKind::Other
        }
    }

    /// Short name, as a URL keeps it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileKind::Cpu => "cpu",
            ProfileKind::Heap => "heap",
            ProfileKind::Contention => "contention",
            ProfileKind::Goroutine => "goroutine",
            ProfileKind::Wall => "wall",
            ProfileKind::Other => "other",
        }
    }

    /// The kind named `s` ([`ProfileKind::as_str`]).
    pub fn parse(s: &str) -> Option<ProfileKind> {
        ProfileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            ProfileKind::Cpu => "CPU",
            ProfileKind::Heap => "Heap / allocs",
            ProfileKind::Contention => "Mutex / block",
            ProfileKind::Goroutine => "Goroutine",
            ProfileKind::Wall => "Wall",
            ProfileKind::Other => "Other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_sample_types() {
        let of = |types: &[&str]| ProfileKind::of_types(types.iter().copied());
        assert_eq!(of(&["samples", "cpu"]), ProfileKind::Cpu);
        assert_eq!(of(&["cpu", "exception"]), ProfileKind::Cpu);
        assert_eq!(
            of(&["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]),
            ProfileKind::Heap
        );
        assert_eq!(of(&["objects", "space"]), ProfileKind::Heap);
        assert_eq!(of(&["contentions", "delay"]), ProfileKind::Contention);
        assert_eq!(of(&["goroutine"]), ProfileKind::Goroutine);
        assert_eq!(of(&["wall"]), ProfileKind::Wall);
        assert_eq!(of(&["thread"]), ProfileKind::Other);
        for k in ProfileKind::ALL {
            assert_eq!(ProfileKind::parse(k.as_str()), Some(k));
        }
    }
}
