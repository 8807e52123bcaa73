//! The comparison area: which files are in the Baseline and Candidate groups, how they are
//! normalised, and the comparison the worker computed.

use std::rc::Rc;

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
}

pub enum CompareAction {
    /// Put a file in a comparison group, or take it out (None).
    Assign(FileId, Option<Group>),
    SetNormalization(Normalization),
    Comparing,
    Compared(Result<Box<CompareView>, String>),
    DiffFramed(Box<DiffFrame>),
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
            CompareAction::DiffFramed(frame) => {
                // A frame of an older comparison is dropped.
                if self.diff_flame.as_ref().is_some_and(|f| f.generation == frame.generation) {
                    self.diff_flame = Some(Shared(Rc::from(frame)));
                }
            }
        }
    }

    pub fn forget(&mut self, id: FileId) {
        self.groups.retain(|(f, _)| *f != id);
    }
}
