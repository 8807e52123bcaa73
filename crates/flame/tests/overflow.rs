//! Sample values near `i64::MAX` (a hostile profile) wrap as Go's int64 sums do in pprof: every
//! view is computed, none panics (tests run with overflow checks on).

use pgoscope_testkit::hostile;

use pgoscope_flame::{diff_rows, sandwich, CallTree, DiffTree, Frame, NodeId};
use pgoscope_pprof::{decode, sample_total, top, SortBy};

#[test]
fn values_near_i64_max_wrap_without_panicking() {
    let mut bytes = hostile::header(3);
    for stack in [[1u64, 2, 3], [2, 1, 3], [3, 3, 3]] {
        bytes.extend_from_slice(&hostile::sample(&stack, i64::MAX as u64));
    }
    let profile = decode(&bytes).unwrap();
    let total = sample_total(&profile, 0);
    assert_eq!(total, i64::MAX.wrapping_mul(3));
    let tree = CallTree::build(&profile, 0);
    assert_eq!(tree.total(NodeId::ROOT), total, "the root sums like pprof's total");
    let _ = Frame::build(&tree, &[], 1000.0);
    let _ = sandwich(&tree, "main.f3");
    let _ = top(&profile, 0, SortBy::Cum);
    let rows = diff_rows(&profile, &decode(&hostile::recursion(10)).unwrap(), 0);
    assert!(!rows.is_empty());
    let _ = DiffTree::build(&profile, &profile, 0);
}
