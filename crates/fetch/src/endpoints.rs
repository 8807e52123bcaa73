//! Go's `net/http/pprof` endpoints, as Grafana Alloy scrapes them.

/// What to pull from a Go service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GoProfileKind {
    /// CPU, collected for a number of seconds.
    Cpu,
    Heap,
    Allocs,
    Mutex,
    Block,
    Goroutine,
}

impl GoProfileKind {
    pub const ALL: [GoProfileKind; 6] = [
        GoProfileKind::Cpu,
        GoProfileKind::Heap,
        GoProfileKind::Allocs,
        GoProfileKind::Mutex,
        GoProfileKind::Block,
        GoProfileKind::Goroutine,
    ];

    /// The endpoint name after `/debug/pprof/`.
    pub fn endpoint(self) -> &'static str {
        match self {
            GoProfileKind::Cpu => "profile",
            GoProfileKind::Heap => "heap",
            GoProfileKind::Allocs => "allocs",
            GoProfileKind::Mutex => "mutex",
            GoProfileKind::Block => "block",
            GoProfileKind::Goroutine => "goroutine",
        }
    }
}

/// The URL of a profile of the service at `base` (e.g. `http://pod-1:6060` or a same-origin path
/// like `/pods/a`); CPU profiles run for `seconds`.
pub fn go_profile_url(base: &str, kind: GoProfileKind, seconds: u32) -> String {
    let base = base.trim().trim_end_matches('/');
    let base = base.strip_suffix("/debug/pprof").unwrap_or(base);
    match kind {
        GoProfileKind::Cpu => format!("{base}/debug/pprof/profile?seconds={}", seconds.max(1)),
        other => format!("{base}/debug/pprof/{}", other.endpoint()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            go_profile_url("http://a:6060/", GoProfileKind::Cpu, 2),
            "http://a:6060/debug/pprof/profile?seconds=2"
        );
        assert_eq!(
            go_profile_url("/pods/b/debug/pprof", GoProfileKind::Heap, 0),
            "/pods/b/debug/pprof/heap"
        );
    }
}
