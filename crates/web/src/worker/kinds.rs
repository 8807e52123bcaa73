//! Files of different kinds in one view. Profiles merge on the sample types they all have (pprof's
//! rule); when the included files have none in common (a CPU and a heap profile of one service), a
//! view shows one kind at a time and the page offers the others.

use pgoscope_pprof::ProfileKind;

use crate::protocol::{FileId, KindFiles};

/// The files `ids` (with their sample type names) split by kind when they share no sample type;
/// empty when they do, or when there are fewer than two: one view shows them all. Kinds in
/// [`ProfileKind::ALL`]'s order, files in the order given.
fn split_by_kind(files: &[(FileId, &[String])]) -> Vec<KindFiles> {
    let Some(((_, first), rest)) = files.split_first() else { return Vec::new() };
    let shared = first.iter().any(|t| rest.iter().all(|(_, types)| types.contains(t)));
    if rest.is_empty() || shared {
        return Vec::new();
    }
    ProfileKind::ALL
        .into_iter()
        .map(|kind| KindFiles {
            kind,
            files: files
                .iter()
                .filter(|(_, types)| {
                    ProfileKind::of_types(types.iter().map(String::as_str)) == kind
                })
                .map(|(id, _)| *id)
                .collect(),
        })
        .filter(|k| !k.files.is_empty())
        .collect()
}

/// The files split by kind (when they share no sample type) and the kind shown.
pub struct KindChoice {
    pub kinds: Vec<KindFiles>,
    /// `None` when the files are not split: all are shown.
    pub kind: Option<ProfileKind>,
}

impl KindChoice {
    /// The split of `files` ([`split_by_kind`]) and the kind shown ([`shown_kind`]).
    pub fn of(files: &[(FileId, &[String])], asked: Option<ProfileKind>) -> KindChoice {
        let kinds = split_by_kind(files);
        let kind = shown_kind(&kinds, asked);
        KindChoice { kinds, kind }
    }

    /// Whether file `id` is shown: of the kind shown, or any file when they are not split.
    pub fn shows(&self, id: FileId) -> bool {
        self.kind.is_none_or(|k| self.kinds.iter().any(|s| s.kind == k && s.files.contains(&id)))
    }
}

/// The kind a view shows of `split`: the one asked for when present, else CPU (what PGO reads),
/// else the kind with the most files. `None` when the files are not split.
fn shown_kind(split: &[KindFiles], asked: Option<ProfileKind>) -> Option<ProfileKind> {
    let present = |k: ProfileKind| split.iter().any(|s| s.kind == k);
    if let Some(kind) = asked.filter(|&k| present(k)) {
        return Some(kind);
    }
    if present(ProfileKind::Cpu) {
        return Some(ProfileKind::Cpu);
    }
    // The first of the largest (max_by_key would keep the last).
    split.iter().rev().max_by_key(|s| s.files.len()).map(|s| s.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn files_split_only_when_they_share_no_sample_type() {
        let cpu = types(&["samples", "cpu"]);
        let cpu_only = types(&["cpu"]);
        let heap = types(&["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]);
        let mutex = types(&["contentions", "delay"]);
        assert!(
            split_by_kind(&[(FileId(1), &cpu), (FileId(2), &cpu_only)]).is_empty(),
            "cpu in common"
        );
        assert!(split_by_kind(&[(FileId(1), &heap)]).is_empty(), "one file");
        let split = split_by_kind(&[
            (FileId(1), &heap),
            (FileId(2), &cpu),
            (FileId(3), &mutex),
            (FileId(4), &heap),
        ]);
        let kinds: Vec<_> = split.iter().map(|s| (s.kind, s.files.clone())).collect();
        assert_eq!(
            kinds,
            [
                (ProfileKind::Cpu, vec![FileId(2)]),
                (ProfileKind::Heap, vec![FileId(1), FileId(4)]),
                (ProfileKind::Contention, vec![FileId(3)])
            ]
        );
        assert_eq!(shown_kind(&split, None), Some(ProfileKind::Cpu));
        assert_eq!(shown_kind(&split, Some(ProfileKind::Heap)), Some(ProfileKind::Heap));
        assert_eq!(shown_kind(&split, Some(ProfileKind::Wall)), Some(ProfileKind::Cpu));
        let files = [(FileId(1), &mutex[..]), (FileId(2), &heap[..]), (FileId(3), &heap[..])];
        let no_cpu = split_by_kind(&files);
        assert_eq!(shown_kind(&no_cpu, None), Some(ProfileKind::Heap), "the most files");
        let shown = KindChoice::of(&files, None);
        let ids = [FileId(1), FileId(2), FileId(3)];
        assert_eq!(ids.map(|id| shown.shows(id)), [false, true, true], "the heap files");
        assert_eq!(shown_kind(&[], None), None);
        let together = KindChoice::of(&[(FileId(1), &cpu[..]), (FileId(2), &cpu_only[..])], None);
        assert!(together.kind.is_none() && together.shows(FileId(1)) && together.shows(FileId(2)));
    }
}
