//! The files the worker holds, and merges of them, within bounded memory: each valid file is kept
//! as the bytes it came in (gzip stays gzip), and the files are merged as they arrive, so no more
//! than one decoded file is alive besides the merge. A merge of another set of files (a file
//! excluded, a comparison group) decodes those files again, one at a time.
//!
//! Merges for views drop sample labels ([`VIEW_MERGE`]): no view reads them, and a fleet's pod
//! labels would otherwise keep each stack once per pod. [`ProfileStore::merged_with_labels`] keeps
//! them, for the merged profile a user downloads.
//!
//! Invariants: `files` holds the valid files in load order; `running`, when `Some`, is the view merge
//! of every file of `files` in that order; `last` is the view merge of exactly the ids it lists.

use std::rc::Rc;

use pgoscope_pprof::{
    decode_flat_with, summarize, FlatProfile, MergeOptions, Merger, Profile, ProfileData, Summary,
};

use crate::protocol::BROWSER_LIMITS;

#[derive(Default)]
pub struct ProfileStore {
    files: Vec<(u32, Vec<u8>)>,
    running: Option<Merge>,
    last: Option<(Vec<u32>, Rc<Profile>)>,
}

/// How views merge files: without sample labels.
const VIEW_MERGE: MergeOptions = MergeOptions { drop_labels: true, sample_types: Vec::new() };

/// A merge in progress.
enum Merge {
    /// A lone file needs no merge (it is shown as it is, labels included).
    One(Box<FlatProfile>, MergeOptions),
    Many(Box<Merger>),
}

impl Merge {
    /// A merger holding `first`.
    fn started_with(first: &impl ProfileData, options: MergeOptions) -> Result<Merge, String> {
        let mut merger = Box::new(Merger::new(options));
        merger.add(first).map_err(|e| e.to_string())?;
        Ok(Merge::Many(merger))
    }

    fn with(self, profile: &FlatProfile) -> Result<Merge, String> {
        let mut merger = match self {
            Merge::Many(m) => m,
            Merge::One(first, options) => {
                return Merge::started_with(first.as_ref(), options)?.with(profile)
            }
        };
        merger.add(profile).map_err(|e| e.to_string())?;
        Ok(Merge::Many(merger))
    }

    fn finish(self) -> Result<Profile, String> {
        match self {
            Merge::One(p, _) => Ok(p.to_profile()),
            Merge::Many(m) => m.finish().map_err(|e| e.to_string()),
        }
    }
}

impl ProfileStore {
    /// Decodes a file, keeps it when valid and adds it to the merge of all files (which is dropped
    /// when the file does not merge with the others: a merge of them then reports why).
    pub fn load(&mut self, id: u32, bytes: Vec<u8>) -> Result<Summary, String> {
        let profile = decode_flat_with(&bytes, &BROWSER_LIMITS).map_err(|e| e.to_string())?;
        let summary = summarize(&profile);
        self.running = if self.files.is_empty() {
            Some(Merge::One(Box::new(profile), VIEW_MERGE))
        } else {
            let all = self.ids();
            let last_of_all = self.last.as_ref().filter(|(ids, _)| *ids == all);
            let base = match self.running.take() {
                Some(merge) => Some(merge),
                // Restart from the last merge of every file: merged into a new merger, not copied.
                None => last_of_all
                    .and_then(|(_, all)| Merge::started_with(all.as_ref(), VIEW_MERGE).ok()),
            };
            base.and_then(|merge| merge.with(&profile).ok())
        };
        self.files.push((id, bytes));
        Ok(summary)
    }

    pub fn remove(&mut self, id: u32) {
        self.files.retain(|(f, _)| *f != id);
        self.running = None;
        if self.last.as_ref().is_some_and(|(ids, _)| ids.contains(&id)) {
            self.last = None;
        }
    }

    /// The files `keep` selects, merged in load order, and how many they are; `None` when none is
    /// selected. The merge is remembered for the next call when `remember` (the view's own set).
    pub fn merged(
        &mut self,
        keep: impl Fn(u32) -> bool,
        remember: bool,
    ) -> Result<Option<(Rc<Profile>, usize)>, String> {
        let all = self.ids();
        let ids: Vec<u32> = all.iter().copied().filter(|&id| keep(id)).collect();
        if ids.is_empty() {
            return Ok(None);
        }
        if let Some((_, profile)) = self.last.as_ref().filter(|(last, _)| *last == ids) {
            return Ok(Some((profile.clone(), ids.len())));
        }
        let profile = match self.running.take() {
            Some(merge) if ids == all => merge.finish()?,
            running => {
                self.running = running;
                self.decode_and_merge(&ids, VIEW_MERGE)?
            }
        };
        let profile = Rc::new(profile);
        if remember || self.running.is_none() {
            self.last = Some((ids.clone(), profile.clone()));
        }
        Ok(Some((profile, ids.len())))
    }

    /// The files `keep` selects merged with their sample labels (decoded again; not remembered),
    /// and how many they are; `None` when none is selected.
    pub fn merged_with_labels(
        &self,
        keep: impl Fn(u32) -> bool,
    ) -> Result<Option<(Profile, usize)>, String> {
        let ids: Vec<u32> = self.ids().into_iter().filter(|&id| keep(id)).collect();
        if ids.is_empty() {
            return Ok(None);
        }
        Ok(Some((self.decode_and_merge(&ids, MergeOptions::default())?, ids.len())))
    }

    fn ids(&self) -> Vec<u32> {
        self.files.iter().map(|(id, _)| *id).collect()
    }

    /// Decodes the files `ids` one at a time into a merge.
    fn decode_and_merge(&self, ids: &[u32], options: MergeOptions) -> Result<Profile, String> {
        let mut merge: Option<Merge> = None;
        for (_, bytes) in self.files.iter().filter(|(id, _)| ids.contains(id)) {
            let profile = decode_flat_with(bytes, &BROWSER_LIMITS).map_err(|e| e.to_string())?;
            merge = Some(match merge {
                None => Merge::One(Box::new(profile), options.clone()),
                Some(merge) => merge.with(&profile)?,
            });
        }
        merge.ok_or_else(|| "no profile is selected".to_owned())?.finish()
    }
}
