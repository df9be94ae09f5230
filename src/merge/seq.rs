//! Merging lists against their base: records as sequences, sets and keyed entries by order.
//!
//! Why not merge every list as a set: an append-only record (a backlog item's status
//! history, merge conflicts) may hold the same entry twice on purpose (Done, Open, Done on
//! one day), and a set union collapses them. And a set forgets order, so a reorder a person
//! made on one side would be lost. Each side is aligned with the base (a longest common
//! subsequence), so every side's removals and insertions are known by position.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
use std::hash::Hash;

/// Above this many table cells the changed middle of two lists is not aligned entry by
/// entry but counts as replaced, so a huge hostile file cannot make a merge quadratic.
const MAX_CELLS: usize = 4_000_000;

/// The index pairs `(i, j)` with `a[i] == b[j]` of one longest common subsequence.
fn common<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut pairs: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    let (n, m) = (am.len(), bm.len());
    if n > 0 && m > 0 && (n + 1).saturating_mul(m + 1) <= MAX_CELLS {
        // len[i * (m + 1) + j]: the common length of am[i..] and bm[j..].
        let w = m + 1;
        let mut len = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                len[i * w + j] = if am[i] == bm[j] {
                    len[(i + 1) * w + j + 1] + 1
                } else {
                    len[(i + 1) * w + j].max(len[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if am[i] == bm[j] {
                pairs.push((prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if len[(i + 1) * w + j] >= len[i * w + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    pairs.extend((0..suffix).map(|k| (a.len() - suffix + k, b.len() - suffix + k)));
    pairs
}

/// What one side did to the base: which base entries it kept, and what it inserted in each
/// gap (gap `i` is just before `base[i]`, gap `base.len()` is the end).
struct Edits<'a, T> {
    kept: Vec<bool>,
    inserted: Vec<Vec<&'a T>>,
}

fn edits<'a, T: PartialEq>(base: &[T], side: &'a [T]) -> Edits<'a, T> {
    let mut kept = vec![false; base.len()];
    let mut inserted: Vec<Vec<&T>> = (0..=base.len()).map(|_| Vec::new()).collect();
    let mut pairs = common(base, side).into_iter().peekable();
    let mut gap = 0;
    for (j, entry) in side.iter().enumerate() {
        match pairs.peek() {
            Some(&(i, pj)) if pj == j => {
                kept[i] = true;
                gap = i + 1;
                pairs.next();
            }
            _ => inserted[gap].push(entry),
        }
    }
    Edits { kept, inserted }
}

/// Both sides' insertions into one gap: ours first, an entry both inserted only once.
fn union<'a, T: PartialEq>(ours: &[&'a T], theirs: &[&'a T], out: &mut Vec<&'a T>) {
    let (mut o, mut t) = (0, 0);
    for (i, j) in common(ours, theirs) {
        out.extend_from_slice(&ours[o..i]);
        out.extend_from_slice(&theirs[t..j]);
        out.push(ours[i]);
        (o, t) = (i + 1, j + 1);
    }
    out.extend_from_slice(&ours[o..]);
    out.extend_from_slice(&theirs[t..]);
}

/// Merges a list as a sequence: base order, each side's insertions in its order where it
/// made them (an insertion both sides made is kept once), a removal by either side taken.
/// Never conflicts and never drops an entry only one side added, duplicates included.
pub(super) fn sequence<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    if ours == theirs || base == theirs {
        return ours.to_vec();
    }
    if base == ours {
        return theirs.to_vec();
    }
    let (o, t) = (edits(base, ours), edits(base, theirs));
    let mut out: Vec<&T> = Vec::with_capacity(ours.len().max(theirs.len()));
    for gap in 0..=base.len() {
        union(&o.inserted[gap], &t.inserted[gap], &mut out);
        if gap < base.len() && o.kept[gap] && t.kept[gap] {
            out.push(&base[gap]);
        }
    }
    out.into_iter().cloned().collect()
}

fn is_unique<T: Ord>(list: &[T]) -> bool {
    let mut seen = BTreeSet::new();
    list.iter().all(|x| seen.insert(x))
}

/// Merges a list of distinct values (linked criteria, boundary lists): an addition on
/// either side is kept once, a removal on either side taken, and a reorder on one side
/// survives (see [`order`]). A list that holds a value twice merges as a [`sequence`],
/// so no duplicate a person wrote is lost.
pub(super) fn set<T: Ord + Hash + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    if !(is_unique(base) && is_unique(ours) && is_unique(theirs)) {
        return sequence(base, ours, theirs);
    }
    let (b, o, t): (BTreeSet<&T>, BTreeSet<&T>, BTreeSet<&T>) = (
        base.iter().collect(),
        ours.iter().collect(),
        theirs.iter().collect(),
    );
    let keep: HashSet<T> = o
        .iter()
        .chain(&t)
        .filter(|x| {
            if b.contains(*x) {
                o.contains(*x) && t.contains(*x)
            } else {
                true
            }
        })
        .map(|x| (*x).clone())
        .collect();
    order(base, ours, theirs, &keep)
}

/// Whether `side` changed the order of the base entries it kept.
fn reordered<K: Eq + Hash>(base: &[K], side: &[K]) -> bool {
    if base == side {
        return false;
    }
    let (b, s): (HashSet<&K>, HashSet<&K>) = (base.iter().collect(), side.iter().collect());
    let from_side = side.iter().filter(|k| b.contains(k));
    let from_base = base.iter().filter(|k| s.contains(k));
    !from_side.eq(from_base)
}

/// The merged order of distinct keys, holding exactly `keep`.
///
/// The order of the side that reordered its entries wins (ours when both reordered: a
/// deterministic rule, as an order is not a recorded value); an entry only the other side
/// has goes right after its predecessor there (after entries the winning side inserted in
/// the same place), or at the end when the other side added it after all shared entries.
/// Without any reorder this is ours, then theirs' insertions where they made them.
pub(super) fn order<K: Eq + Hash + Clone>(
    base: &[K],
    ours: &[K],
    theirs: &[K],
    keep: &HashSet<K>,
) -> Vec<K> {
    let (first, other) = if reordered(base, ours) || !reordered(base, theirs) {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let mut placed: HashSet<&K> = HashSet::default();
    let mut out: Vec<&K> = Vec::new();
    for k in first {
        if keep.contains(k) && placed.insert(k) {
            out.push(k);
        }
    }
    let in_other: HashSet<&K> = other.iter().collect();
    let last_shared = other.iter().rposition(|k| placed.contains(k));
    let mut prev: Option<&K> = None;
    for (j, k) in other.iter().enumerate() {
        if placed.contains(k) {
            prev = Some(k);
            continue;
        }
        if !keep.contains(k) {
            continue;
        }
        if last_shared.is_none_or(|last| j > last) {
            out.push(k);
            placed.insert(k);
            continue;
        }
        let mut pos = prev
            .and_then(|p| out.iter().position(|x| *x == p))
            .map_or(0, |i| i + 1);
        while pos < out.len() && !in_other.contains(out[pos]) {
            pos += 1;
        }
        out.insert(pos, k);
        placed.insert(k);
        prev = Some(k);
    }
    out.into_iter().cloned().collect()
}

/// Puts merged keyed entries into the merged order of their keys (see [`order`]); entries
/// sharing a key (a hand edit) keep their relative order.
pub(super) fn in_order<K: Eq + Hash + Clone, V>(
    entries: &mut [(K, V)],
    base: &[K],
    ours: &[K],
    theirs: &[K],
) {
    let keep: HashSet<K> = entries.iter().map(|(k, _)| k.clone()).collect();
    let rank: HashMap<K, usize> = order(base, ours, theirs, &keep)
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    entries.sort_by_key(|(k, _)| rank.get(k).copied().unwrap_or(usize::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    fn seq(b: &str, o: &str, t: &str) -> String {
        sequence(&s(b), &s(o), &s(t)).into_iter().collect()
    }

    fn st(b: &str, o: &str, t: &str) -> String {
        set(&s(b), &s(o), &s(t)).into_iter().collect()
    }

    #[test]
    fn sequences_keep_every_entry_each_side_added() {
        assert_eq!(seq("", "", "dod"), "dod");
        assert_eq!(seq("d", "dod", "d"), "dod");
        assert_eq!(seq("ab", "abx", "aby"), "abxy");
        assert_eq!(seq("ab", "abx", "abx"), "abx", "the same addition once");
        assert_eq!(seq("abc", "ac", "abcz"), "acz", "a removal is taken");
        assert_eq!(seq("abc", "axc", "abc"), "axc");
        assert_eq!(seq("abc", "abxyc", "abxc"), "abxyc");
    }

    #[test]
    fn sets_keep_a_reorder_made_on_one_side() {
        assert_eq!(st("abc", "cab", "abcd"), "cabd");
        assert_eq!(st("abc", "abc", "cba"), "cba");
        assert_eq!(st("abc", "bac", "acb"), "bac", "two reorders: ours");
        assert_eq!(st("abc", "abxc", "aybc"), "aybxc");
        assert_eq!(st("ab", "abx", "abx"), "abx");
        assert_eq!(st("abc", "ac", "cab"), "ca", "removal and reorder");
        assert_eq!(st("aab", "aab", "aabc"), "aabc", "duplicates: a sequence");
    }
}
