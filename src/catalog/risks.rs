//! The risk register's vocabulary (`assets/risks.ron`): the likelihood and impact scales,
//! the score bands and appetite, the categories, the reassessment trigger kinds and the
//! starter set of typical startup risks, compiled in like the catalog.
//!
//! Why data: what "likely" means, where appetite sits and which controls usually mitigate
//! a lost laptop are judgement that changes with practice, not code; the CLI, the Risks
//! view and the checks read the same table.

use std::sync::OnceLock;

use serde::Deserialize;

const RISKS_RON: &str = include_str!("../../assets/risks.ron");

/// One step of the 1–5 likelihood or impact scale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub value: u8,
    pub label: String,
    pub meaning: String,
}

/// A range of scores shown in one color (`low` up to 4, …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    /// The one letter the heat map shows without color.
    pub letter: String,
    /// The highest score in the band.
    pub max: u8,
    pub meaning: String,
}

/// A documented id with its label and meaning (categories, trigger kinds).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub label: String,
    pub meaning: String,
}

/// One risk of the starter set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarterRisk {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub likelihood: u8,
    pub impact: u8,
    /// Catalog control ids that usually mitigate it.
    pub controls: Vec<String>,
}

/// The whole vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskVocabulary {
    pub likelihood: Vec<Level>,
    pub impact: Vec<Level>,
    pub bands: Vec<Band>,
    /// The highest residual score carried without a recorded acceptance.
    pub appetite: u8,
    pub categories: Vec<Term>,
    pub trigger_kinds: Vec<Term>,
    /// Controls whose population events are incidents (each one after the latest
    /// assessment is a trigger the workbook derives).
    pub incident_controls: Vec<String>,
    pub starter: Vec<StarterRisk>,
}

impl RiskVocabulary {
    /// The band a score falls in (the last band for anything above the table).
    pub fn band(&self, score: u8) -> &Band {
        self.bands
            .iter()
            .find(|b| score <= b.max)
            .or_else(|| self.bands.last())
            .unwrap_or_else(|| unreachable!("assets/risks.ron has bands (guarded by its tests)"))
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Term> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The trigger kind with this id.
    pub fn trigger_kind(&self, id: &str) -> Option<&Term> {
        self.trigger_kinds.iter().find(|c| c.id == id)
    }

    /// The ids of every category, for an error message or a picker.
    pub fn category_ids(&self) -> Vec<&str> {
        self.categories.iter().map(|c| c.id.as_str()).collect()
    }

    /// The ids of every trigger kind.
    pub fn trigger_kind_ids(&self) -> Vec<&str> {
        self.trigger_kinds.iter().map(|c| c.id.as_str()).collect()
    }
}

/// The embedded vocabulary, parsed once.
pub fn risk_vocabulary() -> &'static RiskVocabulary {
    static VOCAB: OnceLock<RiskVocabulary> = OnceLock::new();
    VOCAB.get_or_init(|| {
        ron::from_str(RISKS_RON)
            .expect("embedded assets/risks.ron must parse (guarded by its tests)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::model::risk::SCALE;

    #[test]
    fn every_starter_control_is_a_catalog_control() {
        let cat = catalog();
        let v = risk_vocabulary();
        for r in &v.starter {
            for c in &r.controls {
                assert!(
                    cat.item(c).is_some(),
                    "starter risk {} names control {c}, which the catalog does not have",
                    r.id
                );
            }
            assert!(!r.controls.is_empty(), "{} suggests no control", r.id);
        }
    }

    #[test]
    fn the_scales_bands_and_starter_set_are_consistent() {
        let v = risk_vocabulary();
        let values: Vec<u8> = SCALE.collect();
        assert_eq!(
            v.likelihood.iter().map(|l| l.value).collect::<Vec<_>>(),
            values
        );
        assert_eq!(v.impact.iter().map(|l| l.value).collect::<Vec<_>>(), values);
        assert!(v.bands.windows(2).all(|w| w[0].max < w[1].max));
        assert_eq!(v.bands.last().map(|b| b.max), Some(25));
        assert!(v.bands.iter().all(|b| b.letter.chars().count() == 1));
        assert!(
            v.category("fraud").is_some(),
            "CC3.3 needs a fraud category"
        );
        let mut ids: Vec<&str> = v.starter.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), v.starter.len(), "starter ids are unique");
        assert!(v.starter.len() >= 15);
        for r in &v.starter {
            assert!(
                v.category(&r.category).is_some(),
                "{}: {}",
                r.id,
                r.category
            );
            assert!(
                SCALE.contains(&r.likelihood) && SCALE.contains(&r.impact),
                "{}",
                r.id
            );
            assert!(crate::catalog::is_item_slug(&r.id), "{}", r.id);
        }
        assert!(v.starter.iter().any(|r| r.category == "fraud"));
        assert!(v.trigger_kind("incident").is_some());
        for c in &v.incident_controls {
            assert!(catalog().item(c).is_some(), "incident control {c}");
        }
    }
}
