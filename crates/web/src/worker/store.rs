//! The files the worker holds, and merges of them, within bounded memory: each valid file is kept
//! as the bytes it came in (gzip stays gzip), and the files are merged as they arrive, so no more
//! than one decoded file is alive besides the merge. A merge of another set of files (a file
//! excluded, a comparison group) decodes those files again, one at a time. The first file loaded
//! is the exception ([`Held::Decoded`]): while it is alone its decoded profile is what the views
//! show, so it is kept decoded and its bytes are dropped (inflated first, then dropped before the
//! profile is decoded), and it stays so.
//!
//! Merges for views drop sample labels ([`VIEW_MERGE`]): no view reads them, and a fleet's pod
//! labels would otherwise keep each stack once per pod. [`ProfileStore::merged_with_labels`] keeps
//! them, for the merged profile a user downloads.
//!
//! A drop of many files is shared with helper workers ([`PartialMerge`]): each decodes and merges
//! its share, and this store adopts the result ([`ProfileStore::adopt`]) and the files' bytes, sent
//! to it beforehand ([`ProfileStore::keep`]).
//!
//! Invariants: `files` holds the valid files in load (or adoption) order; `running`, when `Some`,
//! is the view merge of every file of `files`; `last` is the view merge of exactly the ids it lists;
//! `pending` holds the bytes of files a helper is decoding.

use std::rc::Rc;

use pgoscope_pprof::{
    decode_flat_owned, decode_flat_with, encode_raw, summarize, FlatProfile, MergeOptions, Merger,
    ProfileData, Summary,
};

use crate::protocol::{FileId, FileOutcome, PartMerged, BROWSER_LIMITS};
use crate::worker::error::{WorkerError, WorkerResult};

#[derive(Default)]
pub struct ProfileStore {
    files: Vec<(FileId, Held)>,
    /// Sample type names of each valid file (its kind, and whether files share a type).
    sample_types: Vec<(FileId, Vec<String>)>,
    running: Option<Merge>,
    last: Option<(Vec<FileId>, Rc<FlatProfile>)>,
    pending: Vec<(FileId, Vec<u8>)>,
}

/// A valid file as the store holds it.
enum Held {
    /// The bytes it came in, decoded again for each merge that includes it.
    Bytes(Vec<u8>),
    /// Its decoded profile: the first file loaded (see the module's documentation).
    Decoded(Rc<FlatProfile>),
}

impl Held {
    /// The file's profile: decoded from its bytes, or the one kept.
    fn profile(&self) -> WorkerResult<Rc<FlatProfile>> {
        match self {
            Held::Bytes(bytes) => decode(bytes).map(Rc::new),
            Held::Decoded(profile) => Ok(profile.clone()),
        }
    }
}

fn decode(bytes: &[u8]) -> WorkerResult<FlatProfile> {
    Ok(decode_flat_with(bytes, &BROWSER_LIMITS)?)
}

/// How views merge files: without sample labels.
const VIEW_MERGE: MergeOptions =
    MergeOptions { drop_labels: true, sample_types: Vec::new(), clear_leaf_lines: false };

/// A merge in progress.
enum Merge {
    /// A lone file needs no merge (it is shown as it is, labels included).
    One(Rc<FlatProfile>, MergeOptions),
    Many(Box<Merger>),
}

impl Merge {
    /// A merger holding `first`.
    fn started_with(first: &impl ProfileData, options: MergeOptions) -> WorkerResult<Merge> {
        let mut merger = Box::new(Merger::new(options));
        merger.add(first)?;
        Ok(Merge::Many(merger))
    }

    fn with(self, profile: &FlatProfile) -> WorkerResult<Merge> {
        let mut merger = match self {
            Merge::Many(m) => m,
            Merge::One(first, options) => {
                return Merge::started_with(first.as_ref(), options)?.with(profile)
            }
        };
        merger.add(profile)?;
        Ok(Merge::Many(merger))
    }

    /// `merge` with `profile` added; a lone profile when there is no merge yet.
    fn then(
        merge: Option<Merge>,
        profile: Rc<FlatProfile>,
        options: &MergeOptions,
    ) -> WorkerResult<Merge> {
        match merge {
            None => Ok(Merge::One(profile, options.clone())),
            Some(merge) => merge.with(&profile),
        }
    }

    /// The merged profile, flat (as views read it): a lone file as it was decoded.
    fn finish(self) -> WorkerResult<Rc<FlatProfile>> {
        match self {
            Merge::One(p, _) => Ok(p),
            Merge::Many(m) => Ok(Rc::new(m.finish_flat()?)),
        }
    }

    /// The merged profile as raw protobuf (what a helper sends).
    fn finish_raw(self) -> WorkerResult<Vec<u8>> {
        match self {
            Merge::One(p, _) => Ok(encode_raw(&p.to_profile())),
            Merge::Many(m) => Ok(m.finish_raw()?),
        }
    }
}

impl ProfileStore {
    /// Decodes a file, keeps it when valid and adds it to the merge of all files (which is dropped
    /// when the file does not merge with the others: a merge of them then reports why).
    pub fn load(&mut self, id: FileId, bytes: Vec<u8>) -> WorkerResult<Summary> {
        if self.files.is_empty() {
            let profile = Rc::new(decode_flat_owned(bytes, &BROWSER_LIMITS)?);
            let summary = summarize(profile.as_ref());
            self.sample_types.push((id, type_names(&summary)));
            self.merge_into_running(profile.clone());
            self.files.push((id, Held::Decoded(profile)));
            return Ok(summary);
        }
        let profile = Rc::new(decode(&bytes)?);
        let summary = summarize(profile.as_ref());
        self.sample_types.push((id, type_names(&summary)));
        self.merge_into_running(profile);
        self.files.push((id, Held::Bytes(bytes)));
        Ok(summary)
    }

    /// Adds `profile` (of files about to join `files`) to the running merge.
    fn merge_into_running(&mut self, profile: Rc<FlatProfile>) {
        self.running = if self.files.is_empty() {
            Some(Merge::One(profile, VIEW_MERGE))
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
    }

    /// Holds the bytes of a file a helper worker decodes, until [`ProfileStore::adopt`].
    pub fn keep(&mut self, id: FileId, bytes: Vec<u8>) {
        self.pending.push((id, bytes));
    }

    /// Takes a helper's share: its valid files join `files` (their bytes from [`ProfileStore::keep`])
    /// and its merge joins the running merge. Returns each file's outcome; a file whose bytes were
    /// never kept is reported as lost.
    pub fn adopt(&mut self, part: PartMerged) -> Vec<FileOutcome> {
        let mut outcomes = part.outcomes;
        let merged_files = outcomes.iter().filter(|o| o.outcome.is_ok()).count();
        let mut adopted = Vec::new();
        for outcome in &mut outcomes {
            let Some(at) = self.pending.iter().position(|(id, _)| *id == outcome.file_id) else {
                outcome.outcome = Err("the file's bytes did not reach the worker".into());
                continue;
            };
            let (id, bytes) = self.pending.swap_remove(at);
            if let Ok(summary) = &outcome.outcome {
                self.sample_types.push((id, type_names(summary)));
                adopted.push((id, bytes));
            }
        }
        if adopted.is_empty() {
            return outcomes;
        }
        match part.merged.as_ref().map(|bytes| decode(bytes)) {
            Some(Ok(profile)) if adopted.len() == merged_files => {
                self.merge_into_running(Rc::new(profile))
            }
            // Not what the files hold: the next view merges them again from their bytes.
            _ => self.running = None,
        }
        self.files.extend(adopted.into_iter().map(|(id, bytes)| (id, Held::Bytes(bytes))));
        outcomes
    }
    pub fn remove(&mut self, id: FileId) {
        self.files.retain(|(f, _)| *f != id);
        self.sample_types.retain(|(f, _)| *f != id);
        self.running = None;
        if self.last.as_ref().is_some_and(|(ids, _)| ids.contains(&id)) {
            self.last = None;
        }
    }

    /// The files `keep` selects, merged in load order, and how many they are; `None` when none is
    /// selected. The merge is remembered for the next call when `remember` (the view's own set).
    pub fn merged(
        &mut self,
        keep: impl Fn(FileId) -> bool,
        remember: bool,
    ) -> WorkerResult<Option<(Rc<FlatProfile>, usize)>> {
        let all = self.ids();
        let ids: Vec<FileId> = all.iter().copied().filter(|&id| keep(id)).collect();
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
                self.decode_and_merge(&ids, VIEW_MERGE)?.finish()?
            }
        };
        if remember || self.running.is_none() {
            self.last = Some((ids.clone(), profile.clone()));
        }
        Ok(Some((profile, ids.len())))
    }

    /// The files `keep` selects merged with their sample labels (decoded again; not remembered),
    /// and how many they are; `None` when none is selected.
    pub fn merged_with_labels(
        &self,
        keep: impl Fn(FileId) -> bool,
    ) -> WorkerResult<Option<(Rc<FlatProfile>, usize)>> {
        let ids: Vec<FileId> = self.ids().into_iter().filter(|&id| keep(id)).collect();
        if ids.is_empty() {
            return Ok(None);
        }
        let merge = self.decode_and_merge(&ids, MergeOptions::default())?;
        Ok(Some((merge.finish()?, ids.len())))
    }

    /// The valid files `keep` selects, with their sample type names, in load order.
    pub fn sample_types(&self, keep: impl Fn(FileId) -> bool) -> Vec<(FileId, &[String])> {
        let types = |id: FileId| self.sample_types.iter().find(|(f, _)| *f == id).map(|(_, t)| t);
        self.ids()
            .into_iter()
            .filter(|&id| keep(id))
            .map(|id| (id, types(id).map_or(&[][..], Vec::as_slice)))
            .collect()
    }

    fn ids(&self) -> Vec<FileId> {
        self.files.iter().map(|(id, _)| *id).collect()
    }

    /// Decodes the files `ids` one at a time into a merge.
    fn decode_and_merge(&self, ids: &[FileId], options: MergeOptions) -> WorkerResult<Merge> {
        let mut merge: Option<Merge> = None;
        for (_, held) in self.files.iter().filter(|(id, _)| ids.contains(id)) {
            merge = Some(Merge::then(merge, held.profile()?, &options)?);
        }
        merge.ok_or(WorkerError::NothingSelected)
    }
}

fn type_names(summary: &Summary) -> Vec<String> {
    summary.sample_types.iter().map(|t| t.r#type.clone()).collect()
}

/// A helper worker's share of a drop: the files it was given, decoded and merged as they arrive
/// (only the merge is kept, not the files).
#[derive(Default)]
pub struct PartialMerge {
    outcomes: Vec<FileOutcome>,
    /// The merge of the valid files so far.
    merge: Option<Merge>,
    /// Two of the valid files did not merge: the share has no merge.
    unmergeable: bool,
}

impl PartialMerge {
    pub fn add(&mut self, file_id: FileId, name: String, bytes: &[u8]) {
        let outcome = decode(bytes).map(|profile| {
            let summary = summarize(&profile);
            if !self.unmergeable {
                match Merge::then(self.merge.take(), Rc::new(profile), &VIEW_MERGE) {
                    Ok(merge) => self.merge = Some(merge),
                    Err(_) => self.unmergeable = true,
                }
            }
            Box::new(summary)
        });
        let outcome = outcome.map_err(|e| e.to_string());
        self.outcomes.push(FileOutcome { file_id, name, size_bytes: bytes.len(), outcome });
    }

    /// A file of the share that could not be read.
    pub fn failed(&mut self, file_id: FileId, name: String, error: String) {
        self.outcomes.push(FileOutcome { file_id, name, size_bytes: 0, outcome: Err(error) });
    }

    /// The outcomes and the merge of the valid files, as raw protobuf (none when they did not merge).
    pub fn finish(self) -> PartMerged {
        let merged = self.merge.and_then(|merge| merge.finish_raw().ok());
        let merged = merged.map(serde_bytes::ByteBuf::from);
        PartMerged { outcomes: self.outcomes, merged, memory_bytes: 0 }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn fixtures() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/go");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "pprof"))
            .collect();
        names.sort();
        names.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }

    /// Stacks of function names (leaf first) and their summed values: what every view shows.
    fn stacks(flat: &FlatProfile) -> BTreeMap<Vec<String>, Vec<i64>> {
        let p = &flat.to_profile();
        let function = |id: u64| p.function.iter().find(|f| f.id == id).unwrap();
        let location = |id: u64| p.location.iter().find(|l| l.id == id).unwrap();
        let mut out: BTreeMap<Vec<String>, Vec<i64>> = BTreeMap::new();
        for s in &p.sample {
            let names = s
                .location_id
                .iter()
                .flat_map(|&l| location(l).line.iter())
                .map(|line| p.str(function(line.function_id).name).to_owned())
                .collect();
            let sum = out.entry(names).or_insert_with(|| vec![0; s.value.len()]);
            sum.iter_mut().zip(&s.value).for_each(|(a, b)| *a += b);
        }
        out
    }

    #[test]
    fn a_helpers_share_adopted_equals_loading_every_file() {
        let files = fixtures();
        assert!(files.len() >= 4, "fixtures");
        let mut alone = ProfileStore::default();
        let mut shared = ProfileStore::default();
        let mut part = PartialMerge::default();
        for (i, bytes) in files.iter().enumerate() {
            let id = FileId(i as u32 + 1);
            alone.load(id, bytes.clone()).unwrap();
            if i % 2 == 0 {
                shared.load(id, bytes.clone()).unwrap();
            } else {
                shared.keep(id, bytes.clone());
                part.add(id, format!("f{id}"), bytes);
            }
        }
        shared.keep(FileId(99), b"not a profile".to_vec());
        part.add(FileId(99), "bad".into(), b"not a profile");
        let outcomes = shared.adopt(part.finish());
        assert_eq!(outcomes.len(), files.len() / 2 + 1);
        assert!(outcomes.last().unwrap().outcome.is_err(), "the bad file is reported");
        assert!(outcomes[..outcomes.len() - 1].iter().all(|o| o.outcome.is_ok()));

        let (all, n) = alone.merged(|_| true, true).unwrap().unwrap();
        let (both, m) = shared.merged(|_| true, true).unwrap().unwrap();
        assert_eq!((n, m), (files.len(), files.len()));
        assert_eq!(stacks(&all), stacks(&both));
        assert_eq!(summarize(all.as_ref()), summarize(both.as_ref()));
        // A subset is merged again from the kept bytes, also the adopted files'.
        let (odd, k) = shared.merged(|id| id.0 % 2 == 0, false).unwrap().unwrap();
        let (odd_alone, _) = alone.merged(|id| id.0 % 2 == 0, false).unwrap().unwrap();
        assert_eq!(k, files.len() / 2);
        assert_eq!(stacks(&odd), stacks(&odd_alone));
    }

    /// The first file is held decoded, not as bytes: merges of any set that includes it read the
    /// same profile as its bytes give.
    #[test]
    fn the_first_file_held_decoded_merges_like_its_bytes() {
        let files = fixtures();
        let mut store = ProfileStore::default();
        for (i, bytes) in files.iter().take(3).enumerate() {
            store.load(FileId(i as u32 + 1), bytes.clone()).unwrap();
        }
        assert!(matches!(store.files[0].1, Held::Decoded(_)));
        assert!(store.files[1..].iter().all(|(_, held)| matches!(held, Held::Bytes(_))));
        let (first, _) = store.merged(|id| id == FileId(1), false).unwrap().unwrap();
        assert!(*first == decode(&files[0]).unwrap(), "the first file alone is itself");
        let (pair, n) = store.merged(|id| id != FileId(2), false).unwrap().unwrap();
        let mut merger = Merger::new(VIEW_MERGE);
        for bytes in [&files[0], &files[2]] {
            merger.add(&decode(bytes).unwrap()).unwrap();
        }
        assert_eq!(n, 2);
        assert_eq!(stacks(&pair), stacks(&merger.finish_flat().unwrap()));
        let (labelled, _) = store.merged_with_labels(|_| true).unwrap().unwrap();
        let mut merger = Merger::new(MergeOptions::default());
        for bytes in &files[..3] {
            merger.add(&decode(bytes).unwrap()).unwrap();
        }
        assert!(*labelled == merger.finish_flat().unwrap(), "the labelled merge is the same");
    }
}
