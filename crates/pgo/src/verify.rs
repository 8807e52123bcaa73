//! What the compiler did with a profile, read from its own output, beside what we predicted: the
//! build log of `go build -pgo=… -gcflags=all=-d=pgodebug=1` (its hot-callsite threshold and
//! hot-budget decisions) and, for the inlining and devirtualization of each call, `-m` or `-m=2`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use pgoscope_pprof::Profile;

use crate::effect::{effect_of, CallSites, SiteEffect};
use crate::{hot_set, EdgeGraph, PgoError, DEFAULT_CDF_THRESHOLD_PERCENT};

/// What the compiler printed that verification reads.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct BuildLog {
    /// Every `hot-callsite-thres-from-CDF=` value printed (one per package compiled).
    pub thresholds: Vec<f64>,
    /// (file, line, callee as the compiler names it) of each `inlining call to`.
    pub inlined: Vec<(String, i64, String)>,
    /// (file, line, callee) of each `hot-budget check allows inlining for call … at file:line`.
    pub hot_budget: Vec<(String, i64, String)>,
    /// (file, line, callee) of each `PGO devirtualizing … to callee`.
    pub devirtualized: Vec<(String, i64, String)>,
    /// Why a function cannot be inlined anywhere (`cannot inline F: reason`), by its compiler name.
    pub cannot_inline: HashMap<String, String>,
    /// (file, line, callee, reason) of each `cannot inline CALLEE into CALLER: reason` at a call.
    pub cannot_inline_at: Vec<(String, i64, String, String)>,
    /// The files whose functions the log judges (`can inline F` / `cannot inline F: …` at their
    /// declarations): the packages compiled with `-m`. Positions in other files (bodies inlined
    /// from them) do not make them covered.
    pub files: std::collections::BTreeSet<String>,
}

/// `./main.go:80:22` → (`main.go`, 80); leading `./` and `../` go (the compiler prints paths
/// relative to the directory `go` ran in), so the rest is a suffix of the profile's path.
fn position(text: &str) -> Option<(String, i64)> {
    let mut text = text;
    while let Some(rest) = text.strip_prefix("../").or_else(|| text.strip_prefix("./")) {
        text = rest;
    }
    let mut parts = text.splitn(3, ':');
    let file = parts.next()?.to_owned();
    let line = parts.next()?.parse().ok()?;
    Some((file, line))
}

impl BuildLog {
    pub fn parse(text: &str) -> BuildLog {
        let mut log = BuildLog::default();
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("hot-callsite-thres-from-CDF=") {
                log.thresholds.extend(v.trim().parse::<f64>().ok());
            } else if let Some(rest) =
                line.strip_prefix("hot-budget check allows inlining for call ")
            {
                // "<callee> (cost N) at <file>:<line>:<col> in function <caller>"
                let callee = rest.split(" (cost").next().unwrap_or_default();
                let at = rest.split(" at ").nth(1).and_then(|a| a.split_whitespace().next());
                if let Some((file, l)) = at.and_then(position) {
                    log.hot_budget.push((file, l, callee.to_owned()));
                }
            } else if let Some((at, message)) = line.split_once(": ") {
                log.read_positioned(at, message);
            }
        }
        log
    }

    /// A line `file:line:col: message`.
    fn read_positioned(&mut self, at: &str, message: &str) {
        let Some((file, l)) = position(at) else { return };
        if declared_function(message).is_some_and(|name| !is_closure(name)) {
            self.files.insert(file.clone());
        }
        if let Some(callee) = message.strip_prefix("inlining call to ") {
            self.inlined.push((file, l, callee.trim().to_owned()));
        } else if let Some(rest) = message.strip_prefix("PGO devirtualizing ") {
            let callee = rest.rsplit(" to ").next().unwrap_or_default().trim();
            self.devirtualized.push((file, l, callee.to_owned()));
        } else if let Some(rest) = message.strip_prefix("cannot inline ") {
            let Some((name, reason)) = rest.split_once(": ") else { return };
            match name.split_once(" into ") {
                Some((callee, _caller)) => {
                    self.cannot_inline_at.push((file, l, callee.to_owned(), reason.to_owned()))
                }
                None => {
                    self.cannot_inline.insert(name.to_owned(), reason.to_owned());
                }
            }
        }
    }
}

/// The function a `can inline F …` or `cannot inline F: …` line is about (not `… F into G: …`,
/// which is about a call).
fn declared_function(message: &str) -> Option<&str> {
    let rest =
        message.strip_prefix("can inline ").or_else(|| message.strip_prefix("cannot inline "))?;
    let name = rest.split([' ', ':']).next()?;
    (!rest.starts_with(&format!("{name} into "))).then_some(name)
}

/// A closure (`F.func1`, `F.func1-range1`): the compiler prints one wherever a function holding it
/// is inlined, so its file says nothing about which packages were built with `-m`.
fn is_closure(name: &str) -> bool {
    name.contains("-range")
        || name.rsplit('.').next().is_some_and(|last| {
            last.strip_prefix("func")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// A name as the compiler prints it: the import path's last element only, no type arguments, and
/// `main.` dropped (`net/http.Get` → `http.Get`, `main.Sum[...]` → `Sum`).
pub fn compiler_name(name: &str) -> String {
    // A `/` inside brackets belongs to a type argument, not to the import path.
    let path_end = name.find('[').unwrap_or(name.len());
    let unqualified = match name[..path_end].rfind('/') {
        Some(slash) => &name[slash + 1..],
        None => name,
    };
    let local = unqualified.strip_prefix("main.").unwrap_or(unqualified);
    let mut out = String::with_capacity(local.len());
    let mut depth = 0usize;
    for c in local.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// What the compiler did at a hot call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actual {
    /// Inlined, and the log says the hot budget allowed it.
    InlinedHotBudget,
    /// Inlined within the normal budget.
    Inlined,
    /// The interface call was devirtualized to this callee.
    Devirtualized,
    NotInlined,
    /// The log says nothing about the site's file: its package was built without the flags (use
    /// `-gcflags=all=…` to see every package).
    NotInLog,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifiedSite {
    pub caller: String,
    pub callee: String,
    pub file: String,
    pub line: i64,
    pub weight: i64,
    /// What we predicted: a hot call site, whose callee gets the hot inlining budget.
    pub predicted: String,
    pub actual: Actual,
    /// Why it was not inlined, when the compiler said (`cannot inline …: reason`).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub threshold_percent: f64,
    pub compiler_threshold_percent: f64,
    /// Share of the hot sites' weight the compiler inlined (with or without the hot budget, or
    /// devirtualized), over the sites of the packages the log covers.
    pub hot_weight_inlined_percent: f64,
    pub sites: Vec<VerifiedSite>,
    /// Where the compiler and we disagree, each named.
    pub mismatches: Vec<String>,
}

/// Why a build log cannot be checked against a profile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VerifyError {
    #[error("the build log has no `hot-callsite-thres-from-CDF=` line: it is not from a PGO build with -gcflags=all=-d=pgodebug=1 (build with -pgo=FILE and that flag, and give its output)")]
    NoPgoDebug,
    #[error("the build log's hot-callsite threshold is {log}%, this profile's is {ours}%: the build used another profile (give the one passed to -pgo=)")]
    OtherProfile { log: f64, ours: f64 },
    #[error("the build log has no `inlining call to` lines: add -gcflags=all=-m (or -m=2) to see the compiler's inlining")]
    NoInlining,
    #[error("the profile names no source files (a default.pgo keeps none unless written with --keep-file-names), so its call sites cannot be found in the build log: give the profiles the default.pgo was made from")]
    NoFileNames,
}

/// Why a profile and a build log cannot be checked against each other.
#[derive(Debug, thiserror::Error)]
pub enum VerifyProfileError {
    /// The profile is not one Go's PGO reads.
    #[error(transparent)]
    Profile(#[from] PgoError),
    #[error(transparent)]
    Log(#[from] VerifyError),
}

/// [`verify`] of the profile's own hot call sites (Go's CDF rule) against the build log, the edge
/// graph built once: what `pgoscope verify` and the page's Verify panel report.
pub fn verify_profile(
    profile: &Profile,
    log: &BuildLog,
) -> Result<VerifyReport, VerifyProfileError> {
    let graph = EdgeGraph::build(profile)?;
    let threshold_percent = hot_set(&graph, DEFAULT_CDF_THRESHOLD_PERCENT).threshold_percent;
    let effect = effect_of(profile, &graph, &CallSites::of(profile));
    Ok(verify(&effect.sites, threshold_percent, log)?)
}

/// A call the compiler inserts (an allocation, a write barrier, a preemption) rather than one the
/// source makes: nothing to inline.
fn inserted_by_compiler(s: &SiteEffect) -> bool {
    let runtime = |f: &str| f.starts_with("runtime.") || f.starts_with("gcWriteBarrier");
    runtime(&s.edge.callee) && !s.edge.caller.starts_with("runtime.")
}

/// Whether the log's `file` (relative, as the compiler prints it) names the profile's `path`.
/// Whether the log's callee name is `ours` (a [`compiler_name`]): the compiler leaves the package
/// out when the caller is in the callee's package (`formatBase10` for `strconv.formatBase10`,
/// `(*T).m` for `pkg.(*T).m`).
fn same_callee(log_name: &str, ours: &str) -> bool {
    let log_name = compiler_name(log_name);
    if log_name == ours {
        return true;
    }
    let Some(package) = ours.strip_suffix(log_name.as_str()).and_then(|p| p.strip_suffix('.'))
    else {
        return false;
    };
    !package.is_empty() && !package.contains(['.', '(', ')', '*'])
}

fn same_file(log_file: &str, path: &str) -> bool {
    path == log_file || path.ends_with(&format!("/{log_file}"))
}

/// The hot sites (ours, with their file and line) beside what the log says the compiler did.
pub fn verify(
    sites: &[SiteEffect],
    threshold_percent: f64,
    log: &BuildLog,
) -> Result<VerifyReport, VerifyError> {
    let compiler = *log.thresholds.first().ok_or(VerifyError::NoPgoDebug)?;
    if (compiler - threshold_percent).abs() > 1e-9 * threshold_percent.abs().max(1.0) {
        return Err(VerifyError::OtherProfile { log: compiler, ours: threshold_percent });
    }
    if log.inlined.is_empty() {
        return Err(VerifyError::NoInlining);
    }
    if !sites.is_empty() && sites.iter().all(|s| s.file.is_empty()) {
        return Err(VerifyError::NoFileNames);
    }
    let at = |list: &[(String, i64, String)], s: &SiteEffect| {
        let callee = compiler_name(&s.edge.callee);
        list.iter()
            .any(|(f, l, c)| *l == s.line && same_file(f, &s.file) && same_callee(c, &callee))
    };
    let verified: Vec<VerifiedSite> = (sites.iter())
        .filter(|s| !s.file.is_empty() && s.line > 0 && !inserted_by_compiler(s))
        .map(|s| {
            let covered = log.files.iter().any(|f| same_file(f, &s.file));
            // What the log says at the site itself counts whether or not the file is covered: a
            // file can be compiled with `-m` and have no `can inline` line (at `-m`, functions too
            // big to inline are not named), or the site can be in a body inlined elsewhere.
            let actual = match () {
                // The check allows the hot budget; the inliner may still refuse (a recursive cycle).
                _ if at(&log.hot_budget, s) && at(&log.inlined, s) => Actual::InlinedHotBudget,
                _ if at(&log.inlined, s) => Actual::Inlined,
                _ if at(&log.devirtualized, s) => Actual::Devirtualized,
                _ if !covered => Actual::NotInLog,
                _ => Actual::NotInlined,
            };
            let reason = (actual == Actual::NotInlined).then(|| reason(log, s)).flatten();
            VerifiedSite {
                caller: s.edge.caller.clone(),
                callee: s.edge.callee.clone(),
                file: s.file.clone(),
                line: s.line,
                weight: s.weight,
                predicted: "hot".to_owned(),
                actual,
                reason,
            }
        })
        .collect();
    let covered = verified.iter().filter(|s| s.actual != Actual::NotInLog);
    let total: i64 = covered.clone().map(|s| s.weight).sum();
    let inlined: i64 = covered.filter(|s| s.actual != Actual::NotInlined).map(|s| s.weight).sum();
    let mismatches = mismatches(sites, log);
    Ok(VerifyReport {
        threshold_percent,
        compiler_threshold_percent: compiler,
        hot_weight_inlined_percent: if total == 0 {
            0.0
        } else {
            100.0 * inlined as f64 / total as f64
        },
        sites: verified,
        mismatches,
    })
}

/// Why the compiler did not inline the site's call: what it said at the call, else about the callee.
fn reason(log: &BuildLog, s: &SiteEffect) -> Option<String> {
    let callee = compiler_name(&s.edge.callee);
    let at_call = (log.cannot_inline_at.iter())
        .find(|(f, l, c, _)| *l == s.line && same_file(f, &s.file) && same_callee(c, &callee));
    at_call.map(|(_, _, _, r)| r.clone()).or_else(|| log.cannot_inline.get(&callee).cloned())
}

/// The compiler's hot-budget inlinings at call sites we did not predict hot.
/// Go keys hot call sites by caller and line, not callee: every call on a hot site's line gets
/// the hot budget, so a hot-budget call is predicted when a hot edge is at its line (one to
/// `runtime.asyncPreempt` too, which the report does not list).
fn mismatches(sites: &[SiteEffect], log: &BuildLog) -> Vec<String> {
    let predicted = |f: &str, l: i64| sites.iter().any(|s| s.line == l && same_file(f, &s.file));
    (log.hot_budget.iter())
        .filter(|(f, l, _)| !predicted(f, *l))
        .map(|(f, l, c)| format!("the compiler used the hot budget for {c} at {f}:{l}, which we do not list as a hot call site"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_drop_the_relative_prefix_and_callees_may_be_unqualified() {
        let log = BuildLog::parse(
            "../../go/src/internal/strconv/itoa.go:76:15: inlining call to formatBase10\n\
             ./main.go:19:12: cannot inline fib into fib: repeated recursive cycle\n",
        );
        assert_eq!(
            log.inlined,
            [("go/src/internal/strconv/itoa.go".to_owned(), 76, "formatBase10".to_owned())]
        );
        assert_eq!(log.cannot_inline_at[0].3, "repeated recursive cycle");
        assert!(same_file(
            "go/src/internal/strconv/itoa.go",
            "/usr/lib/go/src/internal/strconv/itoa.go"
        ));
        assert!(same_callee("formatBase10", "strconv.formatBase10"));
        assert!(same_callee(
            "(*decoderState).consumeValue",
            "jsontext.(*decoderState).consumeValue"
        ));
        assert!(same_callee("strconv.Itoa", "strconv.Itoa"));
        assert!(!same_callee("consumeValue", "jsontext.(*decoderState).consumeValue"));
        assert!(!same_callee("Itoa", "Itoa2"));
    }

    /// At `-m` a file whose functions are all too big to inline has no `can inline` line; the
    /// compiler's word at the site itself still counts (seen for `internal/zstd/block.go`).
    #[test]
    fn a_site_the_log_names_is_judged_even_in_a_file_without_declarations() {
        let log = BuildLog::parse(
            "hot-callsite-thres-from-CDF=1.5\n\
             hot-budget check allows inlining for call internal/zstd.(*reverseBitReader).val (cost 90) at ../../go/src/internal/zstd/block.go:284:22 in function internal/zstd.(*Reader).execSeqs\n\
             ../../go/src/internal/zstd/block.go:284:22: inlining call to internal/zstd.(*reverseBitReader).val\n\
             ../../go/src/internal/zstd/block.go:290:9: inlining call to internal/zstd.(*reverseBitReader).fetch\n",
        );
        assert!(log.files.is_empty());
        let site = |callee: &str, line| SiteEffect {
            edge: crate::graph::CallEdge {
                caller: "internal/zstd.(*Reader).execSeqs".into(),
                callee: callee.into(),
                offset: 10,
            },
            file: "/opt/go/src/internal/zstd/block.go".into(),
            line,
            weight: 100,
            before: crate::effect::CallForm::Call,
            after: crate::effect::CallForm::Call,
        };
        let sites = [
            site("internal/zstd.(*reverseBitReader).val", 284),
            site("internal/zstd.(*reverseBitReader).fetch", 290),
            site("internal/zstd.(*Reader).other", 300),
        ];
        let report = verify(&sites, 1.5, &log).unwrap();
        let actual: Vec<Actual> = report.sites.iter().map(|s| s.actual).collect();
        assert_eq!(actual, [Actual::InlinedHotBudget, Actual::Inlined, Actual::NotInLog]);
    }

    #[test]
    fn only_declarations_of_the_compiled_package_cover_a_file() {
        let log = BuildLog::parse(
            "./main.go:15:6: can inline fib with cost 132 as: func(int) int { … }\n\
             ./main.go:19:12: cannot inline fib into fib: repeated recursive cycle\n\
             ../go/src/regexp/regexp.go:938:9: can inline regexp.(*Regexp).allString.func1 with cost 122 as: …\n\
             ../go/src/regexp/regexp.go:939:3: can inline regexp.(*Regexp).allString.func1-range1 with cost 54 as: …\n\
             ./util.go:3:6: cannot inline helper: marked go:noinline\n",
        );
        let files: Vec<&str> = log.files.iter().map(String::as_str).collect();
        assert_eq!(files, ["main.go", "util.go"]);
    }
}
