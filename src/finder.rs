//! The finder core: one fuzzy index over everything a person may want to jump to.
//!
//! Why one module: the `/` popup must answer every keystroke within a frame on a workbook
//! with ten thousand backlog items, and the fuzzy engine (fuzzy-matcher, archived since
//! 2020) may be swapped for a faster one. So the index is built once per workbook change,
//! labels are sanitized and case-folded once (across Unicode: the matcher itself only
//! folds ASCII, so folded text is its fallback), a cheap byte-level check rejects most
//! candidates before the matcher runs, and matched positions are computed only for the
//! results that are shown. Nothing outside this file names the matcher.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::catalog::Catalog;
use crate::catalog::scoping::Questionnaire;
use crate::edit::ItemKey;
use crate::model::Workbook;
use crate::text::sanitize;

/// What sort of thing a result is; shown next to it in the popup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HitKind {
    Criterion,
    Item,
    Backlog,
    Milestone,
    Member,
    Question,
}

impl HitKind {
    /// The short word shown beside a result.
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Criterion => "criterion",
            HitKind::Item => "item",
            HitKind::Backlog => "backlog",
            HitKind::Milestone => "milestone",
            HitKind::Member => "member",
            HitKind::Question => "question",
        }
    }
}

/// Enough to open a result in its view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Criterion(String),
    Item(ItemKey),
    Backlog(String),
    Milestone(String),
    Member(String),
    Question(String),
}

/// One result of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: HitKind,
    pub target: Target,
    /// The sanitized text shown for the result.
    pub label: String,
    /// Char indices into `label` of the matched characters, for highlighting.
    pub matched: Vec<usize>,
    /// Higher is better.
    pub score: i64,
}

/// One searchable thing, prepared once.
#[derive(Debug)]
struct Entry {
    kind: HitKind,
    target: Target,
    label: String,
    /// `label` case-folded ([`fold`]), one char per char of `label`, for matching.
    folded: Box<str>,
    /// The id a person may type exactly (`CC6.1`, `RB-k3fz`, `maria`), case-folded.
    id: Box<str>,
}

/// One search word as typed and case-folded: the matcher scores the label as written
/// (its case and camel-case bonuses), and the folded text when only Unicode folding
/// makes the word match.
type Term<'a> = (&'a str, &'a str);

/// Score added when the query is exactly an id: an id typed in full is what was meant.
const EXACT_ID: i64 = 1_000_000;
/// Score added when the query starts an id: a nudge, since catalog item ids are words.
const ID_PREFIX: i64 = 60;
/// Score added when the query appears unbroken in the label.
const CONTIGUOUS: i64 = 40;
/// Further score when that unbroken run starts a word.
const WORD_START: i64 = 40;

/// The prepared index; build it once per workbook change and query it per keystroke.
pub struct FinderIndex {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
}

impl std::fmt::Debug for FinderIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FinderIndex")
            .field("entries", &self.entries.len())
            .finish()
    }
}

/// `text` lowercased across Unicode ("Übermann" → "übermann"), keeping one char per
/// char so that matched positions in the folded text are positions in the label too
/// (a char whose lowercase is longer, such as "İ", keeps only its first char).
fn fold(text: &str) -> Box<str> {
    if text.is_ascii() {
        return text.to_ascii_lowercase().into_boxed_str();
    }
    text.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// Whether a byte of folded text belongs to a word: ASCII letters and digits, and every
/// byte of a non-ASCII char (most of which are letters).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || !b.is_ascii()
}

/// Whether `needle` occurs in order (not necessarily together) in `hay`. A char-level
/// match implies this byte-level one, so it never rejects what the matcher would accept.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &b in needle {
        match rest.iter().position(|&h| h == b) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// Score of a one-letter query: earlier is better, a word start best; `None` if absent.
fn single_letter_score(letter: u8, hay: &[u8]) -> Option<i64> {
    let first = hay.iter().position(|&h| h == letter)?;
    let word_start = hay
        .iter()
        .enumerate()
        .any(|(i, &h)| h == letter && (i == 0 || !is_word_byte(hay[i - 1])));
    let position = i64::try_from(first.min(40)).unwrap_or(40);
    Some(if word_start { 40 } else { 20 } - position / 2)
}

/// Bonus for the query appearing unbroken in the label, more at a word start.
fn contiguous_bonus(needle: &[u8], hay: &[u8]) -> i64 {
    if needle.is_empty() || needle.len() > hay.len() {
        return 0;
    }
    let mut best = 0;
    for (i, window) in hay.windows(needle.len()).enumerate() {
        if window == needle {
            let word_start = i == 0 || !is_word_byte(hay[i - 1]);
            if word_start {
                return CONTIGUOUS + WORD_START;
            }
            best = CONTIGUOUS;
        }
    }
    best
}

impl FinderIndex {
    /// Indexes criteria, checklist items (catalog and custom), backlog items, milestones,
    /// team members and scoping questions.
    pub fn build(cat: &Catalog, questionnaire: &Questionnaire, wb: &Workbook) -> FinderIndex {
        let mut entries = Vec::with_capacity(
            cat.criteria.len() * 5 + wb.backlog.len() + wb.milestones.len() + wb.team.len() + 64,
        );
        let mut push = |kind, target, id: &str, label: String| {
            let label = sanitize(&label).into_owned();
            entries.push(Entry {
                kind,
                target,
                folded: fold(&label),
                id: fold(id),
                label,
            });
        };
        for c in &cat.criteria {
            push(
                HitKind::Criterion,
                Target::Criterion(c.id.clone()),
                &c.id,
                format!("{} {}", c.id, c.title),
            );
        }
        for c in &cat.criteria {
            for item in &c.items {
                push(
                    HitKind::Item,
                    Target::Item(ItemKey {
                        criterion: c.id.clone(),
                        item: item.id.clone(),
                    }),
                    &item.id,
                    format!("{} ({} · {})", item.title, c.id, item.id),
                );
            }
        }
        for (criterion, items) in &wb.checklist {
            for (id, record) in items {
                if let Some(custom) = &record.custom {
                    push(
                        HitKind::Item,
                        Target::Item(ItemKey {
                            criterion: criterion.clone(),
                            item: id.clone(),
                        }),
                        id,
                        format!("{} ({criterion})", custom.title),
                    );
                }
            }
        }
        for b in &wb.backlog {
            push(
                HitKind::Backlog,
                Target::Backlog(b.id.clone()),
                &b.id,
                format!("{} {}", b.id, b.title),
            );
        }
        for m in &wb.milestones {
            push(
                HitKind::Milestone,
                Target::Milestone(m.id.clone()),
                &m.id,
                format!("{} {} → {}", m.name, m.start, m.end),
            );
        }
        for m in &wb.team {
            let role = if m.role.is_empty() {
                String::new()
            } else {
                format!(", {}", m.role)
            };
            push(
                HitKind::Member,
                Target::Member(m.id.clone()),
                &m.id,
                format!("{} ({}){role}", m.name, m.id),
            );
        }
        for q in &questionnaire.questions {
            push(
                HitKind::Question,
                Target::Question(q.id.clone()),
                &q.id,
                q.text.clone(),
            );
        }
        FinderIndex {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// How many things are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn hit(&self, i: usize, score: i64, matched: Vec<usize>) -> Option<Hit> {
        let e = self.entries.get(i)?;
        Some(Hit {
            kind: e.kind,
            target: e.target.clone(),
            label: e.label.clone(),
            matched,
            score,
        })
    }

    /// How well one search word (as typed, and folded) matches an entry, or `None` when
    /// it does not.
    fn term_score(&self, e: &Entry, (term, folded): Term) -> Option<i64> {
        let (needle, hay) = (folded.as_bytes(), e.folded.as_bytes());
        let fuzzy = if let [letter] = needle {
            // One keystroke matches nearly everything: rank by where the letter first
            // appears instead of running the full matcher over every entry.
            single_letter_score(*letter, hay)
        } else if is_subsequence(needle, hay) {
            self.matcher
                .fuzzy_match(&e.label, term)
                .or_else(|| self.matcher.fuzzy_match(&e.folded, folded))
        } else {
            None
        };
        fuzzy.map(|s| s + contiguous_bonus(needle, hay))
    }

    /// The best `limit` results for `pattern`, best first. An exact id outranks any title,
    /// an id's start outranks a fuzzy title, and an unbroken match outranks a scattered
    /// one. An empty pattern lists the first `limit` entries in index order.
    pub fn query(&self, pattern: &str, limit: usize) -> Vec<Hit> {
        let pattern = pattern.trim();
        if limit == 0 {
            return Vec::new();
        }
        if pattern.is_empty() {
            return (0..self.entries.len().min(limit))
                .filter_map(|i| self.hit(i, 0, Vec::new()))
                .collect();
        }
        let needle = fold(pattern);
        // Words separated by spaces must each match, in any order ("offboarding revoked").
        // Folding keeps every char's place, so the words line up.
        let terms: Vec<Term> = pattern
            .split_whitespace()
            .zip(needle.split_whitespace())
            .collect();
        let mut scored: Vec<(i64, usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let id_bonus = if *e.id == *needle {
                EXACT_ID
            } else if e.id.starts_with(&*needle) {
                ID_PREFIX
            } else {
                0
            };
            let fuzzy = if terms.len() > 1 {
                // The words as typed, side by side, outrank the same words scattered.
                let phrase = 2 * contiguous_bonus(needle.as_bytes(), e.folded.as_bytes());
                terms.iter().try_fold(phrase, |total, &term| {
                    self.term_score(e, term).map(|s| total + s)
                })
            } else {
                self.term_score(e, (pattern, &needle))
            };
            let score = match fuzzy {
                Some(s) => s + id_bonus,
                // An id typed in full finds its entry even when the label does not match.
                None if id_bonus == EXACT_ID => id_bonus,
                None => continue,
            };
            scored.push((score, i));
        }
        let better = |a: &(i64, usize), b: &(i64, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| {
                    let (la, lb) = (&self.entries[a.1].label, &self.entries[b.1].label);
                    la.len().cmp(&lb.len())
                })
                .then_with(|| a.1.cmp(&b.1))
        };
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, better);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(better);
        scored
            .into_iter()
            .filter_map(|(score, i)| {
                let matched = self.entries.get(i).map_or_else(Vec::new, |e| {
                    let mut positions: Vec<usize> = terms
                        .iter()
                        .filter_map(|&(term, folded)| {
                            self.matcher
                                .fuzzy_indices(&e.label, term)
                                .or_else(|| self.matcher.fuzzy_indices(&e.folded, folded))
                        })
                        .flat_map(|(_, positions)| positions)
                        .collect();
                    positions.sort_unstable();
                    positions.dedup();
                    positions
                });
                self.hit(i, score, matched)
            })
            .collect()
    }
}

/// How well every space-separated word of `pattern` matches `text` (short labels such as
/// the command palette's, scored on the spot: no index is worth building for a hundred),
/// with the matched characters; `None` when a word does not match.
pub fn match_words(pattern: &str, text: &str) -> Option<(i64, Vec<usize>)> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut total = 0;
    let mut positions = Vec::new();
    for word in pattern.split_whitespace() {
        let (score, at) = matcher.fuzzy_indices(text, word)?;
        total += score
            + contiguous_bonus(
                word.to_lowercase().as_bytes(),
                text.to_lowercase().as_bytes(),
            );
        positions.extend(at);
    }
    positions.sort_unstable();
    positions.dedup();
    Some((total, positions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::catalog::scoping::questionnaire;
    use crate::model::{BacklogItem, Date, Member, Milestone, Phase};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn workbook() -> Workbook {
        let mut wb = Workbook::default();
        wb.team.push(Member {
            id: "maria".into(),
            name: "Maria Silva".into(),
            role: "CTO".into(),
            ..Default::default()
        });
        for (id, title) in [
            ("RB-k3fz", "Formalize offboarding"),
            ("RB-m2pq", "Make firewall audits routine"),
            ("RB-7xyz", "MFA everywhere"),
            ("RB-evil", "Rotate \u{1b}[31mkeys\u{202e}"),
        ] {
            wb.backlog.push(BacklogItem {
                id: id.into(),
                title: title.into(),
                created: d("2026-11-20"),
                ..BacklogItem::default()
            });
        }
        wb.milestones.push(Milestone {
            id: "MS-win1".into(),
            name: "Observation window".into(),
            phase: Phase::Observation,
            start: d("2027-05-10"),
            end: d("2027-11-09"),
            ..Milestone::default()
        });
        wb
    }

    fn index() -> FinderIndex {
        FinderIndex::build(catalog(), questionnaire(), &workbook())
    }

    #[test]
    fn words_match_in_any_order_and_item_ids_are_searchable() {
        let idx = index();
        let hits = idx.query("offboarding revoked", 5);
        assert_eq!(
            hits.first().map(|h| &h.target),
            Some(&Target::Item(ItemKey {
                criterion: "CC6.2".into(),
                item: "offboarding-revocation-sla".into(),
            })),
            "{hits:?}"
        );
        assert!(
            idx.query("revoked offboarding", 5)
                .iter()
                .any(|h| h.target == hits[0].target)
        );
        let label = &hits[0].label;
        let shown: String = hits[0]
            .matched
            .iter()
            .filter_map(|&i| label.chars().nth(i))
            .collect();
        assert!(shown.contains("revoked"), "both words highlighted: {shown}");
        assert!(
            idx.query("offboarding zzzz", 5).is_empty(),
            "every word must match"
        );
    }

    #[test]
    fn one_letter_ranks_word_starts_and_early_letters_first() {
        assert!(
            single_letter_score(b'f', b"formalize offboarding")
                > single_letter_score(b'f', b"make firewall")
        );
        assert!(single_letter_score(b'k', b"keys") > single_letter_score(b'k', b"make"));
        assert_eq!(single_letter_score(b'z', b"keys"), None);
        let idx = index();
        let hits = idx.query("z", 100);
        assert!(
            hits.iter().all(|h| h.label.to_lowercase().contains('z')),
            "only labels with the letter"
        );
    }

    #[test]
    fn every_kind_is_indexed_and_shown() {
        let idx = index();
        let kinds = |q: &str| -> Vec<HitKind> { idx.query(q, 5).iter().map(|h| h.kind).collect() };
        assert_eq!(kinds("maria")[0], HitKind::Member);
        assert_eq!(kinds("observation window")[0], HitKind::Milestone);
        assert_eq!(kinds("formalize")[0], HitKind::Backlog);
        assert!(kinds("CC6.1").contains(&HitKind::Criterion));
        let q = &questionnaire().questions[0];
        let hits = idx.query(&q.id, 3);
        assert_eq!(hits[0].target, Target::Question(q.id.clone()));
        let item = &catalog().criteria[0].items[0];
        assert_eq!(
            idx.query(&item.id, 1)[0].target,
            Target::Item(ItemKey {
                criterion: catalog().criteria[0].id.clone(),
                item: item.id.clone()
            })
        );
        assert_eq!(HitKind::Backlog.label(), "backlog");
    }

    #[test]
    fn an_exact_id_beats_fuzzy_titles() {
        let idx = index();
        let hits = idx.query("cc6.1", 10);
        assert_eq!(hits[0].target, Target::Criterion("CC6.1".into()));
        assert!(hits[0].score > hits[1].score);
        let hits = idx.query("rb-k3fz", 10);
        assert_eq!(hits[0].target, Target::Backlog("RB-k3fz".into()));
        assert_eq!(hits[0].matched, (0..7).collect::<Vec<_>>());
    }

    #[test]
    fn a_prefix_beats_scattered_letters() {
        let idx = index();
        let hits = idx.query("mfa", 10);
        let pos = |id: &str| {
            hits.iter()
                .position(|h| h.target == Target::Backlog(id.into()))
                .unwrap_or(usize::MAX)
        };
        assert!(pos("RB-7xyz") < pos("RB-m2pq"), "{hits:#?}");
        for hit in idx.query("offb", 10) {
            let label: Vec<char> = hit.label.chars().collect();
            let highlighted: String = hit.matched.iter().map(|&i| label[i]).collect();
            assert_eq!(highlighted.to_lowercase(), "offb", "{hit:?}");
        }
    }

    #[test]
    fn labels_are_sanitized_and_results_capped() {
        let idx = index();
        let hits = idx.query("rb-evil", 5);
        assert_eq!(hits[0].target, Target::Backlog("RB-evil".into()));
        assert!(!hits[0].label.contains('\u{1b}') && !hits[0].label.contains('\u{202e}'));
        assert!(hits[0].label.contains('␛'));
        assert_eq!(idx.query("e", 7).len(), 7);
        assert_eq!(idx.query("", 4).len(), 4);
        assert!(idx.query("zzqqxx", 10).is_empty());
        assert!(idx.query("e", 0).is_empty());
    }

    #[test]
    fn case_folds_across_unicode() {
        let mut wb = workbook();
        for (id, title) in [
            ("RB-uber", "Übermann reviews access"),
            ("RB-ecol", "ÉCOLE Straße"),
        ] {
            wb.backlog.push(BacklogItem {
                id: id.into(),
                title: title.into(),
                created: d("2026-11-20"),
                ..BacklogItem::default()
            });
        }
        let idx = FinderIndex::build(catalog(), questionnaire(), &wb);
        let first = |q: &str| idx.query(q, 5).first().map(|h| h.target.clone());
        assert_eq!(first("übermann"), Some(Target::Backlog("RB-uber".into())));
        assert_eq!(first("ÜBERMANN"), Some(Target::Backlog("RB-uber".into())));
        assert_eq!(
            first("école straße"),
            Some(Target::Backlog("RB-ecol".into()))
        );
        let hit = &idx.query("übermann", 1)[0];
        let label: Vec<char> = hit.label.chars().collect();
        let shown: String = hit.matched.iter().map(|&i| label[i]).collect();
        assert_eq!(
            shown, "Übermann",
            "highlight lands on the label's own chars"
        );
        assert_eq!(&*fold("İx"), "ix", "one char per char");
    }

    #[test]
    fn ten_thousand_backlog_items_are_indexed_and_found() {
        let mut wb = workbook();
        for i in 0..10_000 {
            wb.backlog.push(BacklogItem {
                id: format!("RB-{i:05}"),
                title: format!("Remediate finding number {i} in the payments service"),
                created: d("2026-11-20"),
                ..BacklogItem::default()
            });
        }
        let idx = FinderIndex::build(catalog(), questionnaire(), &wb);
        assert!(idx.len() > 10_000);
        let hits = idx.query("rb-04242", 20);
        assert_eq!(hits[0].target, Target::Backlog("RB-04242".into()));
        assert_eq!(idx.query("payments", 50).len(), 50);
    }
}
