//! `drop_frames` / `keep_frames` as `go tool pprof` applies them on load (google/pprof `Prune`).

use regex::Regex;
use rustc_hash::FxHashMap;

use crate::header::ProfileHeader;
use crate::ids::IdIndex;
use crate::proto::Profile;

/// Applies the profile's own `drop_frames` (and `keep_frames`) like pprof's `RemoveUninteresting`:
/// frames matching the drop regex, and everything they call, are cut from each sample. An invalid
/// regex leaves the profile as it is, as pprof does. Returns whether anything was pruned.
pub fn remove_uninteresting(p: &mut Profile) -> bool {
    if !names_uninteresting_frames(&p.header()) {
        return false;
    }
    let drop_src = p.str(p.drop_frames);
    let Ok(drop) = Regex::new(&format!("^({drop_src})$")) else {
        return false;
    };
    let keep_src = p.str(p.keep_frames);
    let keep = match keep_src {
        "" => None,
        src => match Regex::new(&format!("^({src})$")) {
            Ok(re) => Some(re),
            Err(_) => return false,
        },
    };
    prune(p, &drop, keep.as_ref())
}

/// Whether [`remove_uninteresting`] can change `p` (it names frames to drop): without, a caller can
/// use the profile as it is instead of a copy.
pub fn names_uninteresting_frames(p: &ProfileHeader) -> bool {
    !p.str(p.drop_frames).is_empty()
}

/// google/pprof `Profile.Prune`: removes all frames beneath (called by) a frame matching `drop` and not
/// matching `keep`. Frames before the first non-matching frame from the root are never removed.
pub fn prune(p: &mut Profile, drop: &Regex, keep: Option<&Regex>) -> bool {
    let names: Vec<String> = p.function.iter().map(|f| p.str(f.name).to_owned()).collect();
    let function_pos = match IdIndex::build(p.function.iter().map(|f| f.id)) {
        Ok(index) => index,
        Err(_) => return false,
    };
    // Verdict per function position, computed on first use (regexes are the expensive part).
    let mut cache: Vec<Option<bool>> = vec![None; names.len()];
    let mut prune_from_here = |pos: usize| -> bool {
        *cache[pos].get_or_insert_with(|| {
            let simple = simplify_func(&names[pos]);
            drop.is_match(simple) && !keep.is_some_and(|k| k.is_match(simple))
        })
    };
    // Per location: Some(true) = prune the whole location, Some(false) = prune beneath it.
    let mut verdict: FxHashMap<u64, bool> = FxHashMap::default();
    for loc in &mut p.location {
        let matched = (0..loc.line.len()).rev().find(|&i| {
            function_pos
                .get(loc.line[i].function_id)
                .is_some_and(|pos| !names[pos].is_empty() && prune_from_here(pos))
        });
        if let Some(i) = matched {
            let whole = i == loc.line.len() - 1;
            if !whole {
                loc.line.drain(..=i);
            }
            verdict.insert(loc.id, whole);
        }
    }
    if verdict.is_empty() {
        return false;
    }
    for s in &mut p.sample {
        let mut found_user = false;
        for i in (0..s.location_id.len()).rev() {
            match verdict.get(&s.location_id[i]) {
                None => found_user = true,
                Some(_) if !found_user => {}
                Some(&whole) => {
                    s.location_id.drain(..if whole { i + 1 } else { i });
                    break;
                }
            }
        }
    }
    true
}

/// pprof's `simplifyFunc`: strips a leading `.` and the argument list (from the first `(` that is not
/// part of `(anonymous namespace)` or `operator()`).
fn simplify_func(name: &str) -> &str {
    let name = name.strip_prefix('.').unwrap_or(name);
    let mut from = 0;
    while let Some(rel) = name[from..].find('(') {
        let at = from + rel;
        let rest = &name[at..];
        if rest.starts_with("(anonymous namespace)") {
            from = at + "(anonymous namespace)".len();
        } else if name[..at].ends_with("operator") && rest.starts_with("()") {
            from = at + 2;
        } else {
            return &name[..at];
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::simplify_func;

    #[test]
    fn simplify_strips_arguments_but_not_reserved_names() {
        assert_eq!(simplify_func("foo(int)"), "foo");
        assert_eq!(simplify_func(".foo"), "foo");
        assert_eq!(simplify_func("(anonymous namespace)::f(int)"), "(anonymous namespace)::f");
        assert_eq!(simplify_func("A::operator()(int)"), "A::operator()");
        assert_eq!(simplify_func("main.f"), "main.f");
    }
}
