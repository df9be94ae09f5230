//! The embedded SOC 2 knowledge: the 61 Trust Services Criteria with concrete controls,
//! and the scoping questionnaire that decides which categories a report needs.
//!
//! Why embedded: the workbook works offline and every team must see the same catalog for a
//! given build, so the RON assets are compiled into the binary and parsed once on first use.
//! Control ids are stable forever because workbooks store them as keys: a retired id
//! keeps pointing at the control that absorbed it (`assets/retired-ids.ron`).

pub mod policies;
pub mod risks;
pub mod scoping;
pub mod vendors;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Cadence, Category};

pub use scoping::{
    ChoiceOption, Condition, Derivation, DerivedCategory, Effect, Question, QuestionKind,
    Questionnaire, Rule, apply, derive, describe_changes, questionnaire,
};

/// The catalog asset, compiled in so the tool needs no files or network at run time.
const CATALOG_RON: &str = include_str!("../../assets/catalog.ron");

/// Retired control ids and the control each was merged into, compiled in like the catalog.
const RETIRED_RON: &str = include_str!("../../assets/retired-ids.ron");

/// The embedded catalog, parsed once on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut cat = Catalog::parse(CATALOG_RON)
            .expect("embedded assets/catalog.ron must parse (guarded by the catalog tests)");
        cat.retired = ron::from_str(RETIRED_RON)
            .expect("embedded assets/retired-ids.ron must parse (guarded by the catalog tests)");
        cat
    })
}

/// Whether a control is part of what an auditor expects of a startup or a strengthening.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// Expected of every startup: counts toward readiness.
    #[default]
    Baseline,
    /// Good practice beyond the baseline: counts only once the team adopts it.
    Recommended,
}

impl Tier {
    /// The tier's name in exports (`baseline`, `recommended`).
    pub fn id(self) -> &'static str {
        match self {
            Tier::Baseline => "baseline",
            Tier::Recommended => "recommended",
        }
    }

    /// The word the app shows.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Baseline => "baseline",
            Tier::Recommended => "strengthening",
        }
    }
}

/// Who performs a control: auditors test a manual control by sampling what people did and an
/// automated one by inspecting its configuration once and how changes to it are governed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Operation {
    Manual,
    Automated,
}

impl Operation {
    /// The word an auditor's control matrix uses.
    pub fn label(self) -> &'static str {
        match self {
            Operation::Manual => "manual",
            Operation::Automated => "automated",
        }
    }
}

/// What a control does about a problem: stop it, find it, or fix what it caused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Nature {
    Preventive,
    Detective,
    Corrective,
}

impl Nature {
    /// The word an auditor's control matrix uses.
    pub fn label(self) -> &'static str {
        match self {
            Nature::Preventive => "preventive",
            Nature::Detective => "detective",
            Nature::Corrective => "corrective",
        }
    }
}

/// A number in a control that is the team's own policy (revocation within N hours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// The key in the title's `{key}` placeholder and in the workbook's `parameters` map.
    pub key: String,
    /// What the number means, with its unit (`hours after someone leaves`).
    pub meaning: String,
    /// The typical value, used until the team records its own.
    pub default: u32,
}

/// Every criterion in report order, with its checklist items.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// CC1.1..CC9.2, A1.1..A1.3, PI1.1..PI1.5, C1.1..C1.2, P1.1..P8.1.
    pub criteria: Vec<Criterion>,
    /// Retired control id → the control that absorbed it; every id ever shipped resolves.
    #[serde(skip)]
    pub retired: BTreeMap<String, String>,
    /// Id lookups, built on first use so lookups stay O(log n).
    #[serde(skip)]
    index: OnceLock<Index>,
}

/// Positions of criteria and items by id.
#[derive(Debug, Clone, Default)]
struct Index {
    criteria: BTreeMap<String, usize>,
    items: BTreeMap<String, (usize, usize)>,
}

/// A control shown in a criterion it also meets, homed (and recorded) under another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetElsewhere {
    /// The criterion the control is listed and recorded under.
    pub home: String,
    pub item: CatalogItem,
}

/// One Trust Services Criterion, explained for a startup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The AICPA id, such as `CC6.1`.
    pub id: String,
    pub category: Category,
    /// The group the criterion belongs to, such as `CC6 · Logical and physical access`.
    pub series: String,
    /// A short title (60 characters at most).
    pub title: String,
    /// One to three plain sentences on what the criterion asks for.
    pub explanation: String,
    /// The COSO 2013 principle number, for CC1 to CC5 only.
    pub coso_principle: Option<u8>,
    /// Two to four things worth considering, in our own words.
    pub highlights: Vec<String>,
    /// Concrete controls homed here: each control is listed once, under its first criterion.
    pub items: Vec<CatalogItem>,
    /// Controls homed under another criterion that also meet this one (from their `also`),
    /// filled in when the catalog is built so a criterion's checklist is one lookup.
    #[serde(skip)]
    pub met_elsewhere: Vec<MetElsewhere>,
}

/// One concrete control a team can put in place and show evidence for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogItem {
    /// A stable kebab-case slug, unique across the catalog; workbooks key records by it.
    pub id: String,
    /// The control itself (80 characters at most).
    pub title: String,
    /// What an auditor typically samples to test it.
    pub evidence: String,
    /// How often it must be performed, for recurring controls only.
    pub cadence: Option<Cadence>,
    /// The other criteria this one control meets, besides the one it is listed under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Whether a person or a system performs the control (the matrix's manual/automated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<Operation>,
    /// Whether the control stops, finds or fixes a problem (preventive/detective/corrective).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<Nature>,
    #[serde(default)]
    pub tier: Tier,
    /// The team's own numbers in this control, each with a typical default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The title as written, with `{key}` placeholders; `title` shows the defaults.
    #[serde(skip)]
    pub template: String,
}

impl CatalogItem {
    /// The title with each `{key}` replaced by the team's value, or the default.
    pub fn title_with(&self, value: impl Fn(&str) -> Option<u32>) -> String {
        let mut title = if self.template.is_empty() {
            self.title.clone()
        } else {
            self.template.clone()
        };
        for p in &self.parameters {
            let n = value(&p.key).unwrap_or(p.default);
            title = title.replace(&format!("{{{}}}", p.key), &n.to_string());
        }
        title
    }
}

/// Why a catalog text could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The text is not valid RON for a catalog.
    #[error("catalog is not valid RON: {0}")]
    Parse(#[from] ron::error::SpannedError),
}

impl Catalog {
    /// A catalog from its criteria, for tests and tools that build one by hand.
    pub fn new(criteria: Vec<Criterion>) -> Catalog {
        let mut cat = Catalog {
            criteria,
            retired: BTreeMap::new(),
            index: OnceLock::new(),
        };
        cat.link();
        cat
    }

    /// Parses a catalog from RON text (the embedded asset uses this too).
    pub fn parse(text: &str) -> Result<Catalog, CatalogError> {
        let mut cat: Catalog = ron::from_str(text)?;
        cat.link();
        Ok(cat)
    }

    /// Fills each criterion's `met_elsewhere` from the controls' `also` lists, and shows
    /// each parameter's default in the title until a workbook says otherwise.
    fn link(&mut self) {
        for item in self.criteria.iter_mut().flat_map(|c| c.items.iter_mut()) {
            if item.template.is_empty() {
                item.template = std::mem::take(&mut item.title);
            }
            item.title = item.title_with(|_| None);
        }
        let mut found: BTreeMap<String, Vec<MetElsewhere>> = BTreeMap::new();
        for c in &self.criteria {
            for item in &c.items {
                for other in &item.also {
                    found.entry(other.clone()).or_default().push(MetElsewhere {
                        home: c.id.clone(),
                        item: item.clone(),
                    });
                }
            }
        }
        for c in &mut self.criteria {
            c.met_elsewhere = found.remove(&c.id).unwrap_or_default();
        }
    }

    /// The control a shipped id names today: itself, or the control a retired id merged into.
    pub fn resolve_id<'a>(&'a self, id: &'a str) -> &'a str {
        self.retired.get(id).map_or(id, String::as_str)
    }

    /// Every criterion a control meets: its home first, then the others it lists.
    pub fn criteria_of(&self, item_id: &str) -> Vec<&str> {
        self.item(item_id).map_or_else(Vec::new, |(c, item)| {
            std::iter::once(c.id.as_str())
                .chain(item.also.iter().map(String::as_str))
                .collect()
        })
    }

    /// A criterion's checklist as a projection: its own controls, then those homed
    /// elsewhere that also meet it, each with the criterion it is recorded under.
    pub fn checklist_of(&self, criterion_id: &str) -> Vec<(&str, &CatalogItem)> {
        let Some(c) = self.criterion(criterion_id) else {
            return Vec::new();
        };
        c.items
            .iter()
            .map(|it| (c.id.as_str(), it))
            .chain(c.met_elsewhere.iter().map(|m| (m.home.as_str(), &m.item)))
            .collect()
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index::default();
            for (c, criterion) in self.criteria.iter().enumerate() {
                index.criteria.entry(criterion.id.clone()).or_insert(c);
                for (i, item) in criterion.items.iter().enumerate() {
                    index.items.entry(item.id.clone()).or_insert((c, i));
                }
            }
            index
        })
    }

    /// The criterion with this id (`CC6.1`).
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        let found = self
            .index()
            .criteria
            .get(id)
            .and_then(|&c| self.criteria.get(c))
            .filter(|c| c.id == id);
        // The criteria are public, so someone may have edited them after the index was
        // built; a stale index falls back to a scan instead of giving a wrong answer.
        found.or_else(|| self.criteria.iter().find(|c| c.id == id))
    }

    /// The item with this id and the criterion it belongs to; item ids are globally unique.
    pub fn item(&self, item_id: &str) -> Option<(&Criterion, &CatalogItem)> {
        let found = self.index().items.get(item_id).and_then(|&(c, i)| {
            let criterion = self.criteria.get(c)?;
            let item = criterion.items.get(i).filter(|it| it.id == item_id)?;
            Some((criterion, item))
        });
        found.or_else(|| {
            self.criteria
                .iter()
                .find_map(|c| c.items.iter().find(|it| it.id == item_id).map(|it| (c, it)))
        })
    }

    /// The criteria of one category, in report order.
    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Criterion> {
        self.criteria.iter().filter(move |c| c.category == category)
    }

    /// The distinct series names of one category, in report order (for grouping in views).
    pub fn series_of(&self, category: Category) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.in_category(category) {
            if !out.contains(&c.series.as_str()) {
                out.push(&c.series);
            }
        }
        out
    }

    /// Every item in report order, with its criterion.
    pub fn items(&self) -> impl Iterator<Item = (&Criterion, &CatalogItem)> {
        self.criteria
            .iter()
            .flat_map(|c| c.items.iter().map(move |it| (c, it)))
    }

    /// Everything wrong with this catalog's shape, empty when it is sound; tests assert
    /// on it and a tool can show it for a hand-edited catalog.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen_criteria = BTreeMap::new();
        let mut seen_items = BTreeMap::new();
        for c in &self.criteria {
            if seen_criteria.insert(c.id.as_str(), ()).is_some() {
                problems.push(format!("criterion {} appears twice", c.id));
            }
            match category_of_id(&c.id) {
                Some(cat) if cat == c.category => {}
                Some(cat) => problems.push(format!(
                    "criterion {} is filed under {} but its id says {}",
                    c.id,
                    c.category.label(),
                    cat.label()
                )),
                None => problems.push(format!("criterion id {:?} is not a TSC id", c.id)),
            }
            if c.coso_principle != expected_coso(&c.id) {
                problems.push(format!(
                    "criterion {} has COSO principle {:?}, expected {:?}",
                    c.id,
                    c.coso_principle,
                    expected_coso(&c.id)
                ));
            }
            if c.title.trim().is_empty() || c.title.chars().count() > 60 {
                problems.push(format!("criterion {} title must be 1-60 characters", c.id));
            }
            if c.explanation.trim().is_empty() {
                problems.push(format!("criterion {} has no explanation", c.id));
            }
            if c.series.trim().is_empty() {
                problems.push(format!("criterion {} has no series", c.id));
            }
            if !(2..=4).contains(&c.highlights.len()) {
                problems.push(format!("criterion {} needs 2-4 highlights", c.id));
            }
            let projected = c.items.len() + c.met_elsewhere.len();
            if c.items.is_empty() || !(2..=8).contains(&projected) {
                problems.push(format!(
                    "criterion {} has {} items ({projected} with those met elsewhere), expected 2-8 and one of its own",
                    c.id,
                    c.items.len()
                ));
            }
            let texts = [&c.id, &c.series, &c.title, &c.explanation]
                .into_iter()
                .chain(&c.highlights);
            for text in texts {
                if text.chars().any(char::is_control) {
                    problems.push(format!("criterion {} has a control character", c.id));
                }
            }
            for item in &c.items {
                if seen_items.insert(item.id.as_str(), ()).is_some() {
                    problems.push(format!("item id {} appears twice", item.id));
                }
                if !is_item_slug(&item.id) {
                    problems.push(format!(
                        "item id {:?} must be a 3-40 character kebab-case slug",
                        item.id
                    ));
                }
                let shown = item.title_with(|_| None);
                if shown.trim().is_empty() || shown.chars().count() > 80 {
                    problems.push(format!("item {} title must be 1-80 characters", item.id));
                }
                if item.evidence.trim().is_empty() {
                    problems.push(format!("item {} has no evidence", item.id));
                }
                for other in &item.also {
                    if other == &c.id || !self.criteria.iter().any(|k| &k.id == other) {
                        problems.push(format!(
                            "item {} also names {other}, not another criterion",
                            item.id
                        ));
                    }
                }
                for p in &item.parameters {
                    if !item.template.contains(&format!("{{{}}}", p.key)) {
                        problems.push(format!(
                            "item {} parameter {} is not in its title",
                            item.id, p.key
                        ));
                    }
                }
                if [&item.title, &item.evidence]
                    .iter()
                    .any(|t| t.chars().any(char::is_control))
                {
                    problems.push(format!("item {} has a control character", item.id));
                }
            }
        }
        for (old, new) in &self.retired {
            if self.item(old).is_some() {
                problems.push(format!("retired id {old} is still a control"));
            }
            if self.item(new).is_none() {
                problems.push(format!(
                    "retired id {old} maps to {new}, which is not a control"
                ));
            }
        }
        problems
    }
}

/// The category a criterion id belongs to, from its prefix (`CC` Security, `A` Availability…).
pub fn category_of_id(id: &str) -> Option<Category> {
    let (series, number) = id.split_once('.')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let letters: String = series
        .chars()
        .take_while(char::is_ascii_uppercase)
        .collect();
    let digits = &series[letters.len()..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match letters.as_str() {
        "CC" => Some(Category::Security),
        "A" => Some(Category::Availability),
        "PI" => Some(Category::ProcessingIntegrity),
        "C" => Some(Category::Confidentiality),
        "P" => Some(Category::Privacy),
        _ => None,
    }
}

/// The COSO 2013 principle a criterion maps to: the TSC numbers CC1-CC5 in its own order.
pub fn expected_coso(id: &str) -> Option<u8> {
    let (series, number) = id.split_once('.')?;
    let n: u8 = number.parse().ok()?;
    let (first, count) = match series {
        "CC1" => (1, 5),
        "CC2" => (13, 3),
        "CC3" => (6, 4),
        "CC4" => (16, 2),
        "CC5" => (10, 3),
        _ => return None,
    };
    (1..=count).contains(&n).then(|| first + n - 1)
}

/// Whether an item id is a well-formed slug: 3-40 chars of `[a-z0-9-]`, no leading,
/// trailing or doubled hyphen.
pub fn is_item_slug(id: &str) -> bool {
    (3..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_parses_and_is_sound() {
        let problems = catalog().problems();
        assert!(
            problems.is_empty(),
            "catalog problems:\n{}",
            problems.join("\n")
        );
        assert_eq!(catalog().criteria.len(), 61);
    }

    #[test]
    fn category_follows_id_prefix() {
        assert_eq!(category_of_id("CC6.1"), Some(Category::Security));
        assert_eq!(category_of_id("A1.2"), Some(Category::Availability));
        assert_eq!(category_of_id("PI1.5"), Some(Category::ProcessingIntegrity));
        assert_eq!(category_of_id("C1.1"), Some(Category::Confidentiality));
        assert_eq!(category_of_id("P6.7"), Some(Category::Privacy));
        assert_eq!(category_of_id("X1.1"), None);
        assert_eq!(category_of_id("CC6"), None);
    }

    #[test]
    fn coso_mapping_is_not_sequential() {
        assert_eq!(expected_coso("CC1.1"), Some(1));
        assert_eq!(expected_coso("CC1.5"), Some(5));
        assert_eq!(expected_coso("CC2.1"), Some(13));
        assert_eq!(expected_coso("CC3.4"), Some(9));
        assert_eq!(expected_coso("CC4.2"), Some(17));
        assert_eq!(expected_coso("CC5.1"), Some(10));
        assert_eq!(expected_coso("CC6.1"), None);
        assert_eq!(expected_coso("CC1.6"), None);
    }

    #[test]
    fn slugs() {
        assert!(is_item_slug("mfa-everywhere"));
        assert!(is_item_slug("log-retention-1y"));
        assert!(!is_item_slug("ab"));
        assert!(!is_item_slug("Mfa"));
        assert!(!is_item_slug("a--b"));
        assert!(!is_item_slug("-ab"));
        assert!(!is_item_slug("a_b_c"));
    }

    #[test]
    fn lookups_use_the_index_and_survive_edits() {
        let cat = catalog();
        let (c, item) = cat.item("mfa-everywhere").expect("known item");
        assert_eq!(c.id, "CC6.1");
        assert_eq!(item.id, "mfa-everywhere");
        assert_eq!(cat.criterion("A1.3").map(|c| c.id.as_str()), Some("A1.3"));
        assert!(cat.criterion("CC10.1").is_none());
        assert!(cat.item("no-such-item").is_none());

        let mut edited = cat.clone();
        edited.criteria.remove(0);
        assert_eq!(
            edited.criterion("CC1.2").map(|c| c.id.as_str()),
            Some("CC1.2")
        );
        assert!(edited.criterion("CC1.1").is_none());
        assert_eq!(
            edited
                .item("board-security-review")
                .map(|(c, _)| c.id.as_str()),
            Some("CC1.2")
        );
    }

    #[test]
    fn series_are_distinct_and_ordered() {
        let cat = catalog();
        let cc = cat.series_of(Category::Security);
        assert_eq!(cc.len(), 9);
        assert!(cc[0].starts_with("CC1 "));
        assert!(cc[8].starts_with("CC9 "));
        assert_eq!(cat.series_of(Category::Privacy).len(), 8);
        assert_eq!(cat.in_category(Category::Availability).count(), 3);
    }

    #[test]
    fn hand_built_catalog_works() {
        let cat = Catalog::new(vec![Criterion {
            id: "A1.1".into(),
            category: Category::Availability,
            series: "A1 · Availability".into(),
            title: "t".into(),
            explanation: "e".into(),
            coso_principle: None,
            highlights: vec![],
            items: vec![],
            met_elsewhere: vec![],
        }]);
        assert!(cat.criterion("A1.1").is_some());
        assert!(!cat.problems().is_empty());
    }
}
