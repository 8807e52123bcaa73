//! pprof's `-focus`, `-ignore` and `-hide` (google/pprof `FilterSamplesByName`), the refinements
//! every view and default.pgo can apply.

use regex::Regex;

use crate::ids::IdIndex;
use crate::proto::{Location, Profile};

/// Regexes (unanchored, RE2 syntax like pprof's) matched against function names, file names and
/// mapping file names.
#[derive(Debug, Clone, Default)]
pub struct NameFilter {
    /// Keep only samples with a location that matches.
    pub focus: Option<Regex>,
    /// Drop samples with a location that matches (wins over focus).
    pub ignore: Option<Regex>,
    /// Remove matching frames from stacks; samples left without frames are dropped.
    pub hide: Option<Regex>,
}

/// A refinement regex that does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {which} regex: {message}")]
pub struct InvalidRegex {
    /// `focus`, `ignore` or `hide`.
    pub which: &'static str,
    pub message: String,
}

impl NameFilter {
    /// Compiles the three regexes; `None` means no filter of that kind.
    pub fn compile(
        focus: Option<&str>,
        ignore: Option<&str>,
        hide: Option<&str>,
    ) -> Result<NameFilter, InvalidRegex> {
        let compile = |which: &'static str, src: Option<&str>| {
            src.map(|s| Regex::new(s).map_err(|e| InvalidRegex { which, message: e.to_string() }))
                .transpose()
        };
        Ok(NameFilter {
            focus: compile("focus", focus)?,
            ignore: compile("ignore", ignore)?,
            hide: compile("hide", hide)?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.focus.is_none() && self.ignore.is_none() && self.hide.is_none()
    }
}

/// Which filters matched something (pprof warns about those that did not).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilterMatches {
    pub focus: bool,
    pub ignore: bool,
    pub hide: bool,
}

/// Applies the filter to a valid profile in place, exactly as google/pprof does.
pub fn filter_samples_by_name(p: &mut Profile, filter: &NameFilter) -> FilterMatches {
    let mut matches = FilterMatches::default();
    if filter.is_empty() {
        matches.focus = true;
        return matches;
    }
    let names = LocationNames::new(p);
    // Per location position: Some(true) focused, Some(false) ignored.
    let mut verdict: Vec<Option<bool>> = vec![None; p.location.len()];
    let mut hidden = vec![false; p.location.len()];
    for (pos, loc) in p.location.iter_mut().enumerate() {
        if filter.ignore.as_ref().is_some_and(|re| names.location_matches(loc, re)) {
            matches.ignore = true;
            verdict[pos] = Some(false);
        } else if filter.focus.as_ref().is_none_or(|re| names.location_matches(loc, re)) {
            matches.focus = true;
            verdict[pos] = Some(true);
        }
        if let Some(re) = &filter.hide {
            if names.location_matches(loc, re) {
                matches.hide = true;
                names.remove_matching_lines(loc, re);
                hidden[pos] = loc.line.is_empty();
            }
        }
    }
    let positions = IdIndex::build(p.location.iter().map(|l| l.id)).ok();
    let pos_of = |id: u64| positions.as_ref().and_then(|ix| ix.get(id));
    p.sample.retain_mut(|s| {
        let mut focused = false;
        for &id in &s.location_id {
            match pos_of(id).and_then(|pos| verdict[pos]) {
                Some(false) => return false,
                Some(true) => focused = true,
                None => {}
            }
        }
        if !focused {
            return false;
        }
        s.location_id.retain(|&id| !pos_of(id).is_some_and(|pos| hidden[pos]));
        !s.location_id.is_empty()
    });
    matches
}

/// Names a location can be matched by: its functions' names and file names, its mapping's file.
struct LocationNames {
    functions: IdIndex,
    mappings: IdIndex,
    function_names: Vec<(String, String)>,
    mapping_files: Vec<String>,
}

impl LocationNames {
    fn new(p: &Profile) -> Self {
        let empty = || IdIndex::Dense(Vec::new());
        LocationNames {
            functions: IdIndex::build(p.function.iter().map(|f| f.id)).unwrap_or_else(|_| empty()),
            mappings: IdIndex::build(p.mapping.iter().map(|m| m.id)).unwrap_or_else(|_| empty()),
            function_names: p
                .function
                .iter()
                .map(|f| (p.str(f.name).to_owned(), p.str(f.filename).to_owned()))
                .collect(),
            mapping_files: p.mapping.iter().map(|m| p.str(m.filename).to_owned()).collect(),
        }
    }

    fn line_matches(&self, function_id: u64, re: &Regex) -> bool {
        self.functions.get(function_id).is_some_and(|pos| {
            let (name, file) = &self.function_names[pos];
            re.is_match(name) || re.is_match(file)
        })
    }

    fn mapping_matches(&self, loc: &Location, re: &Regex) -> bool {
        self.mappings.get(loc.mapping_id).is_some_and(|pos| re.is_match(&self.mapping_files[pos]))
    }

    fn location_matches(&self, loc: &Location, re: &Regex) -> bool {
        loc.line.iter().any(|l| self.line_matches(l.function_id, re))
            || self.mapping_matches(loc, re)
    }

    fn remove_matching_lines(&self, loc: &mut Location, re: &Regex) {
        if self.mapping_matches(loc, re) {
            loc.line.clear();
        } else {
            loc.line.retain(|l| !self.line_matches(l.function_id, re));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decided semantics (README, "Decisions"): Perl classes are ASCII as in Go's `regexp`,
    /// `(?i)` folds ASCII, Unicode property classes are refused with a message naming the filter.
    #[test]
    fn refinement_regexes_have_go_s_ascii_classes() {
        let f = NameFilter::compile(Some(r"^\w+\.\w+$"), Some("(?i)MAIN"), None).unwrap();
        let (focus, ignore) = (f.focus.unwrap(), f.ignore.unwrap());
        assert!(focus.is_match("main.handle_2"));
        assert!(!focus.is_match("main.δ"), "\\w is ASCII, as in Go");
        assert!(ignore.is_match("main.main"));
        let e = NameFilter::compile(None, None, Some(r"\pL")).unwrap_err();
        assert_eq!(e.which, "hide");
        assert!(!e.message.is_empty());
    }
}
