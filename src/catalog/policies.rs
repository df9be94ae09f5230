//! The standard startup policy set (`assets/policies.ron`) and its Markdown skeletons
//! (`assets/policies/*.md`), compiled in like the catalog.
//!
//! Why data: what each policy is for, what it must say and which controls it backs is
//! SOC 2 knowledge that changes with practice, not with code; `soc2 policy init`, the
//! Policies view and the checks read the same table.

use std::sync::OnceLock;

use serde::Deserialize;

use super::Catalog;
use crate::model::{Category, Workbook};

const POLICIES_RON: &str = include_str!("../../assets/policies.ron");

/// Each skeleton by its file name, embedded so `policy init` works offline.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "information-security.md",
        include_str!("../../assets/policies/information-security.md"),
    ),
    (
        "acceptable-use.md",
        include_str!("../../assets/policies/acceptable-use.md"),
    ),
    (
        "access-control.md",
        include_str!("../../assets/policies/access-control.md"),
    ),
    (
        "change-management.md",
        include_str!("../../assets/policies/change-management.md"),
    ),
    (
        "incident-response.md",
        include_str!("../../assets/policies/incident-response.md"),
    ),
    (
        "business-continuity.md",
        include_str!("../../assets/policies/business-continuity.md"),
    ),
    (
        "vendor-management.md",
        include_str!("../../assets/policies/vendor-management.md"),
    ),
    (
        "data-classification.md",
        include_str!("../../assets/policies/data-classification.md"),
    ),
    (
        "encryption.md",
        include_str!("../../assets/policies/encryption.md"),
    ),
    (
        "risk-management.md",
        include_str!("../../assets/policies/risk-management.md"),
    ),
    (
        "hr-security.md",
        include_str!("../../assets/policies/hr-security.md"),
    ),
    (
        "code-of-conduct.md",
        include_str!("../../assets/policies/code-of-conduct.md"),
    ),
    (
        "privacy.md",
        include_str!("../../assets/policies/privacy.md"),
    ),
];

/// Days a person has to acknowledge a policy (on hire or after a new version) unless the
/// asset says otherwise.
pub const DEFAULT_ACK_DAYS: u32 = 30;

fn default_ack_days() -> u32 {
    DEFAULT_ACK_DAYS
}

/// The whole policy set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySet {
    pub policies: Vec<PolicyTemplate>,
}

/// One standard policy: what it is for and what it backs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTemplate {
    /// The register key (`access-control`), stable like a control id.
    pub id: String,
    pub title: String,
    pub purpose: String,
    /// What the text must say to satisfy the criteria it supports.
    pub must_say: Vec<String>,
    pub criteria: Vec<String>,
    /// Catalog control ids the policy backs.
    pub controls: Vec<String>,
    /// The category that must be in scope for the policy to be needed (none: always).
    #[serde(default)]
    pub requires: Option<Category>,
    /// The skeleton's file name under `assets/policies/`.
    pub template: String,
    #[serde(default = "default_ack_days")]
    pub ack_days: u32,
}

impl PolicySet {
    /// The standard policy with this id.
    pub fn get(&self, id: &str) -> Option<&PolicyTemplate> {
        self.policies.iter().find(|p| p.id == id)
    }

    /// The policies a workbook's scope needs, in the asset's order.
    pub fn for_scope(&self, wb: &Workbook) -> Vec<&PolicyTemplate> {
        self.policies
            .iter()
            .filter(|p| p.requires.is_none_or(|c| wb.in_scope(c)))
            .collect()
    }
}

/// The embedded policy set, parsed once.
pub fn policy_set() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| {
        ron::from_str(POLICIES_RON)
            .expect("embedded assets/policies.ron must parse (guarded by its tests)")
    })
}

/// The raw skeleton of a policy, placeholders and all.
pub fn skeleton(template: &PolicyTemplate) -> Option<&'static str> {
    TEMPLATES
        .iter()
        .find(|(name, _)| *name == template.template)
        .map(|(_, text)| *text)
}

/// The skeleton with the team's values filled in: `{{organization}}`, `{{owner}}`,
/// `{{version}}`, `{{ack_days}}` and `{{param:CONTROL.KEY}}` (the team's number from
/// `item set --param`, else the catalog's default).
pub fn render_skeleton(cat: &Catalog, wb: &Workbook, template: &PolicyTemplate) -> String {
    let Some(text) = skeleton(template) else {
        return String::new();
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        match placeholder(cat, wb, template, name) {
            Some(value) => out.push_str(&value),
            None => {
                out.push_str("{{");
                out.push_str(name);
                out.push_str("}}");
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The value of one placeholder, or `None` for a name that is not one.
fn placeholder(cat: &Catalog, wb: &Workbook, t: &PolicyTemplate, name: &str) -> Option<String> {
    match name {
        "organization" => Some(wb.organization.name.clone()),
        "owner" => Some(
            wb.policies
                .get(&t.id)
                .and_then(|r| r.owner.as_deref())
                .and_then(|o| wb.member(o))
                .map_or_else(|| "_to be named_".to_string(), |m| m.name.clone()),
        ),
        "version" => Some(wb.policies.get(&t.id).map_or(1, |r| r.version).to_string()),
        "ack_days" => Some(t.ack_days.to_string()),
        _ => {
            let (control, key) = name.strip_prefix("param:")?.split_once('.')?;
            parameter(cat, wb, control, key).map(|n| n.to_string())
        }
    }
}

/// The team's number for a control's parameter, else the catalog's default.
pub fn parameter(cat: &Catalog, wb: &Workbook, control: &str, key: &str) -> Option<u32> {
    let (home, item) = cat.item(control)?;
    let default = item.parameters.iter().find(|p| p.key == key)?.default;
    Some(
        wb.item(&home.id, control)
            .and_then(|r| r.parameters.get(key).copied())
            .unwrap_or(default),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[test]
    fn every_control_and_criterion_a_policy_names_is_in_the_catalog() {
        let cat = catalog();
        for p in &policy_set().policies {
            for c in &p.controls {
                assert!(cat.item(c).is_some(), "{}: unknown control {c}", p.id);
            }
            for c in &p.criteria {
                assert!(
                    cat.criterion(c).is_some(),
                    "{}: unknown criterion {c}",
                    p.id
                );
            }
            assert!(!p.must_say.is_empty(), "{} says what it must contain", p.id);
        }
    }

    #[test]
    fn every_policy_has_a_skeleton_whose_placeholders_all_resolve() {
        let wb = Workbook::default();
        for p in &policy_set().policies {
            let text = render_skeleton(catalog(), &wb, p);
            assert!(text.starts_with(&format!("# {}", p.title)), "{}", p.id);
            assert!(!text.contains("{{"), "{}: unresolved placeholder", p.id);
        }
        assert_eq!(TEMPLATES.len(), policy_set().policies.len());
    }

    #[test]
    fn the_set_covers_what_an_auditor_asks_for_first() {
        let ids: Vec<&str> = policy_set()
            .policies
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        for wanted in [
            "information-security",
            "acceptable-use",
            "access-control",
            "change-management",
            "incident-response",
            "business-continuity",
            "vendor-management",
            "data-classification",
            "encryption",
            "risk-management",
            "hr-security",
            "code-of-conduct",
            "privacy",
        ] {
            assert!(ids.contains(&wanted), "{wanted}");
        }
        let wb = Workbook::default();
        assert!(
            policy_set()
                .for_scope(&wb)
                .iter()
                .all(|p| p.id != "privacy"),
            "privacy only when Privacy is in scope"
        );
    }

    #[test]
    fn the_revocation_deadline_in_a_skeleton_is_the_teams_own() {
        let cat = catalog();
        let mut wb = Workbook::default();
        let t = policy_set().get("access-control").unwrap();
        assert!(render_skeleton(cat, &wb, t).contains("within 24 hours"));
        let (home, _) = cat.item("offboarding-revocation-sla").unwrap();
        wb.item_mut(&home.id.clone(), "offboarding-revocation-sla")
            .parameters
            .insert("hours".into(), 8);
        assert!(render_skeleton(cat, &wb, t).contains("within 8 hours"));
    }
}
