//! The finder core: one fuzzy index over everything a person may want to jump to.
//!
//! Why one module: the `/` popup must answer every keystroke within a frame on a workbook
//! with a hundred thousand backlog items, and the ranking must be one a person can
//! predict. So the index is built once per workbook change, labels are sanitized and
//! case-folded once (across Unicode), and a query ranks in tiers with byte-level work
//! only: an exact id, then an id's start, then labels where every word starts a word,
//! then labels holding every word unbroken, then scattered letters in order. The fuzzy
//! matcher (fuzzy-matcher) only places the highlight of scattered results that are
//! shown, and scores the command palette's few labels. Nothing outside this file names it.

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
    /// Where in the index's `folded` text this entry's label case-folded ([`fold`]) lies:
    /// one char per char of `label`, for matching.
    folded: std::ops::Range<usize>,
    /// Where in `folded` the id a person may type exactly (`CC6.1`, `RB-k3fz`, `maria`)
    /// lies, case-folded.
    id: std::ops::Range<usize>,
}

/// The ranking's tiers, best first: a result in a higher tier always comes before one in
/// a lower tier, whatever else is true of them. Within a tier a cheap score decides
/// (earlier, tighter matches first), then the shorter label, then index order.
const TIER: i64 = 1_000_000;
/// The query is exactly an id: an id typed in full is what was meant.
const EXACT_ID: i64 = 5 * TIER;
/// The query starts an id (`cc6`, `rb-k3`) and the label matches too.
const ID_PREFIX: i64 = 4 * TIER;
/// Every word of the query starts a word of the label (`rev` in "Review access").
const WORD_STARTS: i64 = 3 * TIER;
/// Every word appears unbroken somewhere in the label (`view` in "Review").
const INSIDE: i64 = 2 * TIER;
/// Every word's letters appear in order, scattered (`mfa` in "Make firewall audits").
const SCATTERED: i64 = TIER;
/// Within a tier: the words typed side by side, as a phrase, lead.
const PHRASE: i64 = 5_000;

/// How one search word fits a label: its tier, its score within the tier (higher is
/// better), and the byte offset in the folded label where an unbroken match starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fit {
    tier: i64,
    score: i64,
    at: Option<usize>,
}

/// The prepared index; build it once per workbook change and query it per keystroke.
pub struct FinderIndex {
    entries: Vec<Entry>,
    /// Every entry's folded label and id, side by side in one string: a query reads it
    /// front to back instead of chasing a separate allocation per entry.
    folded: String,
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

fn starts_word(hay: &[u8], at: usize) -> bool {
    at == 0 || hay.get(at - 1).is_some_and(|&b| !is_word_byte(b))
}

/// Score of a position within a tier: the earlier the better.
fn earliness(at: usize) -> i64 {
    -i64::try_from(at.min(999)).unwrap_or(999)
}

/// How `needle` (folded, one search word) fits `hay` (a folded label), or `None` when its
/// letters do not all appear in order. Byte-level work only: a match of valid UTF-8 in
/// valid UTF-8 always starts on a char boundary.
fn fit(needle: &str, hay: &str) -> Option<Fit> {
    let (n, h) = (needle.as_bytes(), hay.as_bytes());
    let first = *n.first()?;
    let mut inside = None;
    let mut from = 0;
    while let Some(pos) = h.get(from..).and_then(|rest| find_bytes(n, rest)) {
        let at = from + pos;
        if starts_word(h, at) {
            return Some(Fit {
                tier: WORD_STARTS,
                score: earliness(at),
                at: Some(at),
            });
        }
        inside.get_or_insert(at);
        from = at + 1;
    }
    if let Some(at) = inside {
        return Some(Fit {
            tier: INSIDE,
            score: earliness(at),
            at: Some(at),
        });
    }
    // Scattered: the leftmost letters in order; letters that start words and a tight
    // spread score higher.
    let start = h.iter().position(|&b| b == first)?;
    let mut word_starts = i64::from(starts_word(h, start));
    let mut last = start;
    for &b in &n[1..] {
        last += 1 + h.get(last + 1..)?.iter().position(|&x| x == b)?;
        word_starts += i64::from(starts_word(h, last));
    }
    let spread = i64::try_from((last - start).min(999)).unwrap_or(999);
    Some(Fit {
        tier: SCATTERED,
        score: 50 * word_starts - spread + earliness(start) / 4,
        at: None,
    })
}

/// The first offset of `needle` in `hay` (both non-empty byte strings).
fn find_bytes(needle: &[u8], hay: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(pos) = hay.get(from..)?.iter().position(|&b| b == first) {
        let at = from + pos;
        let tail = hay.get(at + 1..at + needle.len())?;
        if tail == rest {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The char index of a byte offset in `text`.
fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.chars().count())
}

impl FinderIndex {
    /// Indexes criteria, checklist items (catalog and custom), backlog items, milestones,
    /// team members and scoping questions.
    pub fn build(cat: &Catalog, questionnaire: &Questionnaire, wb: &Workbook) -> FinderIndex {
        let mut entries = Vec::with_capacity(
            cat.criteria.len() * 5 + wb.backlog.len() + wb.milestones.len() + wb.team.len() + 64,
        );
        let mut folded = String::new();
        let mut push = |kind, target, id: &str, label: String| {
            let label = sanitize(&label).into_owned();
            let start = folded.len();
            folded.push_str(&fold(&label));
            let middle = folded.len();
            folded.push_str(&fold(id));
            entries.push(Entry {
                kind,
                target,
                folded: start..middle,
                id: middle..folded.len(),
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
            folded,
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

    /// An entry's label, case-folded.
    fn folded_label(&self, e: &Entry) -> &str {
        self.folded.get(e.folded.clone()).unwrap_or_default()
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

    /// How an entry fits the query's words (folded): its tier and score; `None` when a
    /// word does not match. `at`, when given, receives where each word matched unbroken.
    fn entry_fit(
        folded: &str,
        needle: &str,
        words: &[&str],
        mut at: Option<&mut Vec<Option<usize>>>,
    ) -> Option<i64> {
        let mut tier = WORD_STARTS;
        let mut score = 0;
        for word in words {
            let f = fit(word, folded)?;
            tier = tier.min(f.tier);
            score += f.score;
            if let Some(at) = at.as_mut() {
                at.push(f.at);
            }
        }
        if words.len() > 1 && find_bytes(needle.as_bytes(), folded.as_bytes()).is_some() {
            score += PHRASE;
        }
        Some(tier + (TIER / 2 + score).clamp(0, TIER - 1))
    }

    /// The char positions to highlight: each word's unbroken run where it has one, the
    /// matcher's best alignment where its letters are scattered.
    fn highlight(&self, e: &Entry, terms: &[(&str, &str)], at: &[Option<usize>]) -> Vec<usize> {
        let mut positions: Vec<usize> = Vec::new();
        let label_folded = self.folded_label(e);
        for (&(term, folded), at) in terms.iter().zip(at) {
            match at {
                Some(byte) => {
                    let start = char_index(label_folded, *byte);
                    positions.extend(start..start + folded.chars().count());
                }
                None => positions.extend(
                    self.matcher
                        .fuzzy_indices(&e.label, term)
                        .or_else(|| self.matcher.fuzzy_indices(label_folded, folded))
                        .map(|(_, p)| p)
                        .unwrap_or_default(),
                ),
            }
        }
        positions.sort_unstable();
        positions.dedup();
        positions
    }

    /// The best `limit` results for `pattern`, best first, in tiers: an exact id, then
    /// an id's start, then labels where every word starts a word, then labels that hold
    /// every word unbroken, then scattered letters in order. An empty pattern lists the
    /// first `limit` entries in index order.
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
        let terms: Vec<(&str, &str)> = pattern
            .split_whitespace()
            .zip(needle.split_whitespace())
            .collect();
        let words: Vec<&str> = terms.iter().map(|&(_, w)| w).collect();
        // Sorted ascending: the better score, then the shorter label, then index order.
        // The key holds everything the order needs, so sorting never reaches back into
        // the entries (at 100,000 entries those lookups were most of a query's time).
        let mut scored: Vec<(i64, usize, usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let id = self.folded.get(e.id.clone()).unwrap_or_default();
            let score = match Self::entry_fit(self.folded_label(e), &needle, &words, None) {
                _ if id == &*needle => EXACT_ID,
                // A shorter id is nearer to what was typed.
                Some(_) if id.starts_with(&*needle) => {
                    ID_PREFIX - i64::try_from(id.len()).unwrap_or(TIER - 1)
                }
                Some(s) => s,
                None => continue,
            };
            scored.push((-score, e.label.len(), i));
        }
        if scored.len() > limit {
            scored.select_nth_unstable(limit - 1);
            scored.truncate(limit);
        }
        scored.sort_unstable();
        scored
            .into_iter()
            .filter_map(|(score, _, i)| {
                let e = self.entries.get(i)?;
                let mut at = Vec::new();
                let fits = Self::entry_fit(self.folded_label(e), &needle, &words, Some(&mut at));
                let matched = if fits.is_none() {
                    Vec::new()
                } else {
                    self.highlight(e, &terms, &at)
                };
                self.hit(i, -score, matched)
            })
            .collect()
    }
}

/// Bonus for the palette: the word appears unbroken in the label, more at a word start.
fn contiguous_bonus(needle: &[u8], hay: &[u8]) -> i64 {
    match std::str::from_utf8(needle)
        .ok()
        .zip(std::str::from_utf8(hay).ok())
        .and_then(|(n, h)| fit(n, h))
    {
        Some(f) if f.tier == WORD_STARTS => 80,
        Some(f) if f.tier == INSIDE => 40,
        _ => 0,
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
            wb.backlog.push(
                BacklogItem {
                    id: id.into(),
                    title: title.into(),
                    created: d("2026-11-20"),
                    ..BacklogItem::default()
                }
                .into(),
            );
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
        let f = |n, h| fit(n, h).map(|f| f.tier + f.score);
        assert!(f("f", "formalize offboarding") > f("f", "make firewall"));
        assert!(f("k", "keys") > f("k", "make"));
        assert_eq!(f("z", "keys"), None);
        let idx = index();
        let hits = idx.query("z", 100);
        assert!(
            hits.iter().all(|h| h.label.to_lowercase().contains('z')),
            "only labels with the letter"
        );
    }

    /// The ranking a person can predict, pinned: exact id, id prefix, every word starting
    /// a word of the title, every word inside the title, scattered letters.
    #[test]
    fn results_rank_in_tiers_id_then_word_starts_then_inside_then_scattered() {
        let mut wb = Workbook::default();
        for (id, title) in [
            ("RB-sc01", "Rotate every vault key"),
            ("RB-in01", "Preview the firewall"),
            ("RB-ws01", "Old laptops: review quarterly"),
            ("RB-ws02", "Review access"),
            ("RB-rev", "Something else entirely"),
            ("RB-revx", "Unrelated ticket for review"),
        ] {
            wb.backlog.push(
                BacklogItem {
                    id: id.into(),
                    title: title.into(),
                    created: d("2026-11-20"),
                    ..BacklogItem::default()
                }
                .into(),
            );
        }
        let idx = FinderIndex::build(catalog(), questionnaire(), &wb);
        let order = |q: &str| -> Vec<String> {
            idx.query(q, 500)
                .into_iter()
                .filter_map(|h| match h.target {
                    Target::Backlog(id) => Some(id),
                    _ => None,
                })
                .collect()
        };
        // "rb-rev": exact id first, then the id it starts, then titles.
        assert_eq!(order("rb-rev")[..2], ["RB-rev", "RB-revx"]);
        // "rev": the ids that start with it do not (ids start "rb-"), so titles decide:
        // word starts (earlier first: "RB-ws02 Review" before "RB-ws01 Old laptops:
        // review"), then inside a word ("Preview"), then scattered ("Rotate every vault").
        let rev = order("rev");
        let pos = |id: &str| rev.iter().position(|x| x == id).unwrap_or(usize::MAX);
        assert!(pos("RB-ws02") < pos("RB-ws01"), "{rev:?}");
        assert!(pos("RB-ws01") < pos("RB-in01"), "{rev:?}");
        assert!(
            pos("RB-revx") < pos("RB-in01"),
            "a title word start: {rev:?}"
        );
        assert!(pos("RB-in01") < pos("RB-sc01"), "{rev:?}");
        assert_eq!(
            pos("RB-rev"),
            0,
            "the id itself holds \"rev\" at a word start"
        );
        // Two words: each must start a word; the phrase typed in order leads.
        let two = order("review quarterly");
        assert_eq!(two.first().map(String::as_str), Some("RB-ws01"), "{two:?}");
        // The tiers are strict: a word start anywhere beats any scattered match.
        let hits = idx.query("rev", 500);
        let score = |id: &str| {
            hits.iter()
                .find(|h| h.target == Target::Backlog(id.into()))
                .map_or(0, |h| h.score)
        };
        assert!(score("RB-ws01") / TIER > score("RB-in01") / TIER);
        assert!(score("RB-in01") / TIER > score("RB-sc01") / TIER);
        // The highlight shows the unbroken run that ranked the result.
        let hit = hits
            .iter()
            .find(|h| h.target == Target::Backlog("RB-in01".into()))
            .map(|h| {
                let label: Vec<char> = h.label.chars().collect();
                h.matched.iter().map(|&i| label[i]).collect::<String>()
            });
        assert_eq!(hit.as_deref(), Some("rev"));
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
            wb.backlog.push(
                BacklogItem {
                    id: id.into(),
                    title: title.into(),
                    created: d("2026-11-20"),
                    ..BacklogItem::default()
                }
                .into(),
            );
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
            wb.backlog.push(
                BacklogItem {
                    id: format!("RB-{i:05}"),
                    title: format!("Remediate finding number {i} in the payments service"),
                    created: d("2026-11-20"),
                    ..BacklogItem::default()
                }
                .into(),
            );
        }
        let idx = FinderIndex::build(catalog(), questionnaire(), &wb);
        assert!(idx.len() > 10_000);
        let hits = idx.query("rb-04242", 20);
        assert_eq!(hits[0].target, Target::Backlog("RB-04242".into()));
        assert_eq!(idx.query("payments", 50).len(), 50);
    }
}
