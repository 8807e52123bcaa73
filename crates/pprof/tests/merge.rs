//! Merge semantics: totals, order independence, keys, header rules, errors.

use pgoscope_testkit as common;

use common::{read_fixture, Builder};
use pgoscope_pprof::proto::{Line, Profile, ValueType};
use pgoscope_pprof::{decode, merge, top, MergeError, MergeOptions, SortBy};

fn websvc() -> Vec<Profile> {
    ["before-1", "before-2", "before-3", "after-1", "after-2", "after-3"]
        .iter()
        .map(|n| decode(&read_fixture(&format!("go/websvc-{n}.pprof"))).unwrap())
        .collect()
}

fn totals(p: &Profile) -> Vec<i64> {
    let mut t = vec![0i64; p.sample_type.len()];
    for s in &p.sample {
        for (sum, v) in t.iter_mut().zip(&s.value) {
            *sum += v;
        }
    }
    t
}

/// Every sample resolved to strings (function, file, line, column per frame; mapping file and
/// relative address per location; labels), sorted: equal for profiles with equal content.
fn canonical(p: &Profile) -> Vec<String> {
    let func = |id: u64| p.function.iter().find(|f| f.id == id).unwrap();
    let mapping = |id: u64| p.mapping.iter().find(|m| m.id == id);
    let mut out: Vec<String> = p
        .sample
        .iter()
        .map(|s| {
            let frames: Vec<String> = s
                .location_id
                .iter()
                .map(|&id| {
                    let l = p.location.iter().find(|l| l.id == id).unwrap();
                    let m = mapping(l.mapping_id);
                    let rel = l.address - m.map_or(0, |m| m.memory_start);
                    let lines: Vec<String> = l
                        .line
                        .iter()
                        .map(|ln: &Line| {
                            let f = func(ln.function_id);
                            format!(
                                "{}@{}:{}:{}",
                                p.str(f.name),
                                p.str(f.filename),
                                ln.line,
                                ln.column
                            )
                        })
                        .collect();
                    format!("{}+{rel:#x}[{}]", m.map_or("", |m| p.str(m.filename)), lines.join(";"))
                })
                .collect();
            let mut labels: Vec<String> = s
                .label
                .iter()
                .map(|l| format!("{}={}{}", p.str(l.key), p.str(l.str), l.num))
                .collect();
            labels.sort();
            format!("{} {{{}}} {:?}", frames.join(" <- "), labels.join(","), s.value)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn totals_equal_the_sums_of_the_inputs() {
    let inputs = websvc();
    let merged = merge(&inputs, &MergeOptions::default()).unwrap();
    let mut expected = vec![0i64; 2];
    for p in &inputs {
        for (e, t) in expected.iter_mut().zip(totals(p)) {
            *e += t;
        }
    }
    assert_eq!(totals(&merged), expected);
    assert!(merged.sample.len() < inputs.iter().map(|p| p.sample.len()).sum::<usize>());
    let durations: i64 = inputs.iter().map(|p| p.duration_nanos).sum();
    assert_eq!(merged.duration_nanos, durations);
    let earliest = inputs.iter().map(|p| p.time_nanos).filter(|&t| t != 0).min().unwrap();
    assert_eq!(merged.time_nanos, earliest);
    assert_eq!(merged.period, inputs.iter().map(|p| p.period).max().unwrap());
}

#[test]
fn merge_is_order_independent_in_content() {
    let mut inputs = websvc();
    let forward = merge(&inputs, &MergeOptions::default()).unwrap();
    inputs.reverse();
    inputs.swap(1, 4);
    let shuffled = merge(&inputs, &MergeOptions::default()).unwrap();
    assert_eq!(canonical(&forward), canonical(&shuffled));
    assert_eq!(top(&forward, 1, SortBy::Flat).rows, top(&shuffled, 1, SortBy::Flat).rows);
}

#[test]
fn merging_a_profile_with_itself_doubles_values_and_keeps_shape() {
    let p = decode(&read_fixture("go/compile-ssa.pprof")).unwrap();
    let once = merge(std::slice::from_ref(&p), &MergeOptions::default()).unwrap();
    let twice = merge(&[p.clone(), p.clone()], &MergeOptions::default()).unwrap();
    assert_eq!(once.sample.len(), twice.sample.len());
    assert_eq!(once.location.len(), twice.location.len());
    let doubled: Vec<i64> = totals(&once).iter().map(|t| 2 * t).collect();
    assert_eq!(totals(&twice), doubled);
}

#[test]
fn cpu_and_heap_do_not_merge_and_the_error_names_both() {
    let cpu = decode(&read_fixture("go/websvc-before-1.pprof")).unwrap();
    let heap = decode(&read_fixture("pprof-testdata/proto/gobench.heap.pb.gz")).unwrap();
    let err = merge(&[cpu, heap], &MergeOptions::default()).unwrap_err();
    assert!(matches!(err, MergeError::NoCommonSampleTypes { index: 1, .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("samples/count, cpu/nanoseconds"), "{msg}");
    assert!(msg.contains("inuse_space/bytes"), "{msg}");
}

/// `p` with only the sample types at `keep` (positions), in that order.
fn with_types(mut p: Profile, keep: &[usize]) -> Profile {
    p.sample_type = keep.iter().map(|&i| p.sample_type[i]).collect();
    for s in &mut p.sample {
        s.value = keep.iter().map(|&i| s.value[i]).collect();
    }
    p
}

#[test]
fn profiles_merge_on_the_sample_types_they_share_in_the_first_ones_order() {
    let inputs = &websvc()[..3];
    let full = merge(inputs, &MergeOptions::default()).unwrap();
    // The second input has cpu only; the third has them reversed.
    let narrowed = vec![
        inputs[0].clone(),
        with_types(inputs[1].clone(), &[1]),
        with_types(inputs[2].clone(), &[1, 0]),
    ];
    let merged = merge(&narrowed, &MergeOptions::default()).unwrap();
    let types: Vec<String> =
        merged.sample_type.iter().map(|vt| merged.value_type_name(vt)).collect();
    assert_eq!(types, ["cpu/nanoseconds"]);
    assert_eq!(totals(&merged), [totals(&full)[1]]);
    assert_eq!(merged.str(merged.default_sample_type), "cpu", "the first kept type");
    // Same result as merging the inputs cut to cpu up front (pprof's order of operations).
    let cut: Vec<Profile> = inputs.iter().map(|p| with_types(p.clone(), &[1])).collect();
    let upfront = merge(&cut, &MergeOptions::default()).unwrap();
    assert_eq!(merged.sample.len(), upfront.sample.len());
    assert_eq!(merged.location.len(), upfront.location.len());
    // Reversed order alone keeps both types, in the first input's order.
    let reversed = [inputs[0].clone(), with_types(inputs[1].clone(), &[1, 0])];
    let both = merge(&reversed, &MergeOptions::default()).unwrap();
    assert_eq!(totals(&both), totals(&merge(&inputs[..2], &MergeOptions::default()).unwrap()));
}

#[test]
fn a_sample_left_with_zeros_by_a_dropped_type_is_dropped() {
    // samples/count and cpu/nanoseconds; the first sample counts only in samples/count, which
    // the second input lacks.
    let mut b = Builder::default();
    b.sample(&["main.f", "main.main"], 5).sample(&["main.g", "main.main"], 1);
    let mut a = b.build();
    let (samples, count) = (b.s("samples"), b.s("count"));
    a.string_table = b.p.string_table.clone();
    a.sample_type.insert(0, ValueType { r#type: samples, unit: count });
    a.sample[0].value = vec![5, 0];
    a.sample[1].value = vec![1, 10];
    let cpu_only = with_types(a.clone(), &[1]);
    let merged = merge(&[a, cpu_only], &MergeOptions::default()).unwrap();
    assert_eq!(merged.sample.len(), 1, "the samples/count-only sample is gone");
    assert_eq!(merged.sample[0].value, [20]);
    pgoscope_pprof::validate(&merged).unwrap();
}

#[test]
fn a_chosen_subset_of_sample_types_merges() {
    let inputs = websvc();
    let options = MergeOptions { sample_types: vec!["cpu".into()], ..MergeOptions::default() };
    let merged = merge(&inputs, &options).unwrap();
    assert_eq!(merged.sample_type.len(), 1);
    assert_eq!(merged.str(merged.sample_type[0].unit), "nanoseconds");
    let full = merge(&inputs, &MergeOptions::default()).unwrap();
    assert_eq!(totals(&merged)[0], totals(&full)[1]);
    let missing = MergeOptions { sample_types: vec!["alloc_space".into()], ..options };
    let err = merge(&inputs, &missing).unwrap_err().to_string();
    assert!(err.contains("alloc_space") && err.contains("cpu/nanoseconds"), "{err}");
}

#[test]
fn labels_split_samples_unless_dropped() {
    let mut b = Builder::default();
    b.labeled(&["f", "main"], 1, &[("pod", "a")]).labeled(&["f", "main"], 2, &[("pod", "b")]);
    let p = b.build();
    let kept = merge(std::slice::from_ref(&p), &MergeOptions::default()).unwrap();
    assert_eq!(kept.sample.len(), 2);
    let dropped =
        merge(&[p], &MergeOptions { drop_labels: true, ..MergeOptions::default() }).unwrap();
    assert_eq!(dropped.sample.len(), 1);
    assert_eq!(dropped.sample[0].value, vec![3]);
    assert!(dropped.sample[0].label.is_empty());
}

#[test]
fn zero_samples_are_dropped_with_what_only_they_use() {
    let mut b = Builder::default();
    b.sample(&["hot", "main"], 5).sample(&["cold", "main"], 0);
    let merged = merge(&[b.build()], &MergeOptions::default()).unwrap();
    assert_eq!(merged.sample.len(), 1);
    assert!(!merged.function.iter().any(|f| merged.str(f.name) == "cold"));
}

#[test]
fn values_cancelling_to_zero_are_dropped() {
    let mut a = Builder::default();
    a.sample(&["f", "main"], 5).sample(&["g", "main"], 1);
    let mut b = Builder::default();
    b.sample(&["f", "main"], -5);
    let merged = merge(&[a.build(), b.build()], &MergeOptions::default()).unwrap();
    assert_eq!(merged.sample.len(), 1);
    assert!(!merged.function.iter().any(|f| merged.str(f.name) == "f"));
}

#[test]
fn relocated_mappings_with_one_build_id_merge_and_addresses_follow() {
    let mut a = Builder::new(0x400000, "same");
    a.sample(&["f", "main"], 1);
    let mut b = Builder::new(0x7f0000000000, "same");
    b.sample(&["f", "main"], 2);
    let merged = merge(&[a.build(), b.build()], &MergeOptions::default()).unwrap();
    assert_eq!(merged.mapping.len(), 1);
    assert_eq!(merged.location.len(), 2);
    assert_eq!(merged.sample.len(), 1);
    assert_eq!(merged.sample[0].value, vec![3]);
    let mut c = Builder::new(0x400000, "other-binary");
    c.sample(&["f", "main"], 2);
    let merged = merge(&[a.build(), c.build()], &MergeOptions::default()).unwrap();
    assert_eq!(merged.mapping.len(), 2);
    assert_eq!(merged.sample.len(), 2);
}

#[test]
fn locations_differing_only_in_a_third_inline_line_stay_distinct() {
    // pprof's own key skips part of the lines; ours keys every line.
    let mut b = Builder::default();
    b.sample(&["leaf", "main"], 1);
    let mut p = b.build();
    let mut extra = p.location[0].clone();
    let mid = Line { function_id: 2, line: 20, column: 0 };
    p.location[0].line.extend([mid, Line { function_id: 2, line: 30, column: 0 }]);
    extra.id = 99;
    extra.line.extend([mid, Line { function_id: 2, line: 31, column: 0 }]);
    p.location.push(extra);
    p.sample.push(pgoscope_pprof::proto::Sample {
        location_id: vec![99, 2],
        value: vec![1],
        label: vec![],
    });
    let merged = merge(&[p], &MergeOptions::default()).unwrap();
    assert_eq!(merged.location.len(), 3);
    assert_eq!(merged.sample.len(), 2);
}

#[test]
fn header_comments_are_deduplicated_and_empty_input_is_an_error() {
    let mut a = Builder::default();
    a.sample(&["f"], 1);
    let c = a.s("note");
    a.p.comment = vec![c, c];
    let merged = merge(&[a.build(), a.build()], &MergeOptions::default()).unwrap();
    assert_eq!(merged.comment.len(), 1);
    assert_eq!(merged.str(merged.comment[0]), "note");
    assert_eq!(merge(&[], &MergeOptions::default()).unwrap_err(), MergeError::NoProfiles);
}

#[test]
fn finish_raw_writes_exactly_what_encoding_the_merged_profile_writes() {
    let mut with_labels = Builder::default();
    with_labels.labeled(&["f", "main"], 3, &[("pod", "a")]).sample(&[], 1);
    let mut cancelling = Builder::default();
    cancelling.sample(&["g", "main"], 2);
    let mut negative = Builder::default();
    negative.sample(&["g", "main"], -2).sample(&["f", "main"], 1);
    let cases = [websvc(), vec![with_labels.build()], vec![cancelling.build(), negative.build()]];
    for inputs in cases {
        let expected =
            pgoscope_pprof::encode_raw(&merge(&inputs, &MergeOptions::default()).unwrap());
        let mut merger = pgoscope_pprof::Merger::new(MergeOptions::default());
        for p in &inputs {
            merger.add(p).unwrap();
        }
        assert_eq!(merger.finish_raw().unwrap(), expected);
    }
}

/// Inputs whose location tables agree entry for entry while their functions or mapping do not:
/// the merge first compares each location with the one last mapped from its position (a shortcut
/// for inputs that repeat their tables), and must still key it by what it resolves to.
#[test]
fn a_repeated_location_table_with_other_functions_or_mapping_stays_distinct() {
    let mut b = Builder::default();
    b.sample(&["f", "main"], 1);
    let a = b.build();
    let mut renamed = a.clone();
    let f = renamed.function.iter().position(|f| renamed.str(f.name) == "f").unwrap();
    renamed.string_table.push("g".into());
    renamed.function[f].name = renamed.string_table.len() as i64 - 1;
    // The same build id loaded elsewhere: the same raw address is another place in the binary.
    let mut moved = a.clone();
    moved.mapping[0].memory_start -= 0x1000;
    moved.mapping[0].memory_limit -= 0x1000;
    let inputs = [a.clone(), renamed, a.clone(), moved];
    let merged = merge(&inputs, &MergeOptions::default()).unwrap();
    // f and main; g; f and main at other offsets.
    assert_eq!(merged.location.len(), 5);
    assert_eq!(merged.sample.len(), 3);
    assert_eq!(merged.sample[0].value, vec![2], "both copies of a merge into its first sample");
    let reversed: Vec<Profile> = inputs.iter().rev().cloned().collect();
    assert_eq!(canonical(&merged), canonical(&merge(&reversed, &MergeOptions::default()).unwrap()));
}
