//! The comparison area: which files are in the Baseline and Candidate groups, how they are
//! normalised, and the comparison the worker computed.

use std::rc::Rc;

use pgoscope_flame::work::{total_iterations, BenchRun, Work};
use pgoscope_flame::Normalization;

use crate::protocol::{CompareView, DiffFrame, FileId, Group, Shared};

#[derive(Clone, Default, PartialEq)]
pub struct CompareState {
    /// Files put in the comparison's groups (the others are only in the analysis view).
    pub groups: Vec<(FileId, Group)>,
    pub normalization: Normalization,
    /// The comparison of the groups, or why it failed; `comparing` while the worker computes it.
    pub result: Option<Result<Shared<CompareView>, String>>,
    pub comparing: bool,
    /// The comparison's diff flame graph at the zoom asked for last (unzoomed at first).
    pub diff_flame: Option<Shared<DiffFrame>>,
    /// Operations each side did, as typed (baseline, candidate).
    pub typed_work: (Option<f64>, Option<f64>),
    /// `go test -bench` output given for each side (baseline, candidate), or why it could not be
    /// read.
    pub benches: (Option<BenchInput>, Option<BenchInput>),
}

/// A side's benchmark output: its runs, or the error that names what is wrong with it.
pub type BenchInput = Result<Rc<Vec<BenchRun>>, String>;

pub enum CompareAction {
    /// Put a file in a comparison group, or take it out (None).
    Assign(FileId, Option<Group>),
    SetNormalization(Normalization),
    Comparing,
    Compared(Result<Box<CompareView>, String>),
    DiffFramed(Box<DiffFrame>),
    /// A side's operation count was typed (None: cleared).
    SetWork(Group, Option<f64>),
    /// A side's benchmark output was read.
    Bench(Group, Result<Vec<BenchRun>, String>),
}

impl CompareState {
    pub fn reduce(&mut self, action: CompareAction) {
        match action {
            CompareAction::Assign(id, group) => {
                self.groups.retain(|(f, _)| *f != id);
                if let Some(group) = group {
                    self.groups.push((id, group));
                }
            }
            CompareAction::SetNormalization(n) => self.normalization = n,
            CompareAction::Comparing => self.comparing = true,
            CompareAction::Compared(outcome) => {
                self.diff_flame = outcome.as_ref().ok().map(|c| Shared::new(c.flame.clone()));
                self.result = Some(outcome.map(|c| Shared(Rc::from(c))));
                self.comparing = false;
            }
            CompareAction::SetWork(group, ops) => *side(&mut self.typed_work, group) = ops,
            CompareAction::Bench(group, runs) => {
                *side(&mut self.benches, group) = Some(runs.map(Rc::new));
            }
            CompareAction::DiffFramed(frame) => {
                // A frame of an older comparison is dropped.
                if self.diff_flame.as_ref().is_some_and(|f| f.generation == frame.generation) {
                    self.diff_flame = Some(Shared(Rc::from(frame)));
                }
            }
        }
    }

    /// Each side's operations: the iterations of the benchmark output when both sides have it,
    /// else the typed counts when both are.
    pub fn work(&self) -> Option<Work> {
        if let (Some(Ok(base)), Some(Ok(new))) = &self.benches {
            let (base, new) = (total_iterations(base) as f64, total_iterations(new) as f64);
            return Some(Work { base, new });
        }
        match self.typed_work {
            (Some(base), Some(new)) if base > 0.0 && new > 0.0 => Some(Work { base, new }),
            _ => None,
        }
    }

    pub fn forget(&mut self, id: FileId) {
        self.groups.retain(|(f, _)| *f != id);
    }
}

/// The baseline's or the candidate's half of a pair.
fn side<T>(pair: &mut (T, T), group: Group) -> &mut T {
    match group {
        Group::Baseline => &mut pair.0,
        Group::Candidate => &mut pair.1,
    }
}
