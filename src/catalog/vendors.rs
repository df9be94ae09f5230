//! The vendor tier rule and the data words behind it (`assets/vendors.ron`), compiled in
//! like the catalog.
//!
//! Why data: which vendors are critical is vendor-management practice that a team may
//! tune, not code; the register, `soc2 vendor list` and the checks read the same rule.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::model::{Tier, Vendor};

const VENDORS_RON: &str = include_str!("../../assets/vendors.ron");

/// One row of the tier rule: the tier, and what makes a vendor match it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    pub tier: Tier,
    /// Matches a vendor with production access.
    #[serde(default)]
    pub production_access: bool,
    /// Matches a vendor whose data mentions any of these words.
    #[serde(default)]
    pub data_words: Vec<String>,
    pub why: String,
}

/// The whole rule set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorRules {
    pub rules: Vec<TierRule>,
    pub default: Tier,
    pub default_why: String,
    pub personal_data_words: Vec<String>,
    pub phi_words: Vec<String>,
    pub review_months: u32,
}

/// The embedded rules, parsed once on first use.
pub fn vendor_rules() -> &'static VendorRules {
    static RULES: OnceLock<VendorRules> = OnceLock::new();
    RULES.get_or_init(|| {
        ron::from_str(VENDORS_RON)
            .expect("embedded assets/vendors.ron must parse (guarded by its tests)")
    })
}

fn mentions(data: &[String], words: &[String]) -> bool {
    data.iter().any(|d| {
        let d = d.to_lowercase();
        words.iter().any(|w| d.contains(w.as_str()))
    })
}

impl VendorRules {
    /// The tier the rule suggests for a vendor, and why.
    pub fn suggest(&self, v: &Vendor) -> (Tier, &str) {
        self.rules
            .iter()
            .find(|r| {
                (r.production_access && v.production_access)
                    || (!r.data_words.is_empty() && mentions(&v.data, &r.data_words))
            })
            .map_or((self.default, self.default_why.as_str()), |r| {
                (r.tier, r.why.as_str())
            })
    }

    /// The tier that counts: the recorded one, else the rule's.
    pub fn tier(&self, v: &Vendor) -> Tier {
        v.tier.unwrap_or_else(|| self.suggest(v).0)
    }

    /// Whether the vendor's data includes personal data (a DPA is then expected).
    pub fn personal_data(&self, v: &Vendor) -> bool {
        mentions(&v.data, &self.personal_data_words)
    }

    /// Whether the vendor's data includes protected health information.
    pub fn phi(&self, v: &Vendor) -> bool {
        mentions(&v.data, &self.phi_words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_ranks_production_access_and_customer_data_critical() {
        let r = vendor_rules();
        let mut v = Vendor {
            name: "Pager".into(),
            ..Vendor::default()
        };
        assert_eq!(r.suggest(&v).0, Tier::Low);
        v.data = vec!["Employee HR records".into()];
        assert_eq!(r.suggest(&v).0, Tier::High);
        v.data = vec!["Customer shipment data".into()];
        assert_eq!(r.suggest(&v).0, Tier::Critical);
        v.data.clear();
        v.production_access = true;
        assert_eq!(
            r.suggest(&v),
            (Tier::Critical, "holds access to our production systems")
        );
        v.tier = Some(Tier::High);
        assert_eq!(r.tier(&v), Tier::High, "the team's recorded tier wins");
    }
}
