//! TEMPORARY stand-in until the catalog branch lands.
use crate::model::{Cadence, Category};
pub mod scoping;
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Catalog { pub criteria: Vec<Criterion> }
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Criterion { pub id: String, pub category: Category, pub series: String, pub title: String, pub explanation: String, pub coso_principle: Option<u8>, pub points_of_focus: Vec<String>, pub items: Vec<CatalogItem> }
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CatalogItem { pub id: String, pub title: String, pub evidence: String, pub cadence: Option<Cadence> }
static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
pub fn catalog() -> &'static Catalog { C.get_or_init(|| Catalog { criteria: vec![
  Criterion { id: "CC6.2".into(), category: Category::Security, series: "CC6 · Logical and physical access".into(), title: "Provision".into(), explanation: "".into(), coso_principle: None, points_of_focus: vec![], items: vec![
    CatalogItem { id: "access-review-quarterly".into(), title: "Quarterly access review".into(), evidence: "e".into(), cadence: Some(Cadence::Quarterly) },
    CatalogItem { id: "offboarding-revocation-sla".into(), title: "Offboarding".into(), evidence: "e".into(), cadence: None } ] },
  Criterion { id: "A1.2".into(), category: Category::Availability, series: "A1 · Availability".into(), title: "Backups".into(), explanation: "".into(), coso_principle: None, points_of_focus: vec![], items: vec![
    CatalogItem { id: "backup-restore-test".into(), title: "Restore test".into(), evidence: "e".into(), cadence: Some(Cadence::Quarterly) } ] },
] }) }
impl Catalog {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> { self.criteria.iter().find(|c| c.id == id) }
    pub fn item(&self, item_id: &str) -> Option<(&Criterion, &CatalogItem)> { self.criteria.iter().find_map(|c| c.items.iter().find(|i| i.id == item_id).map(|i| (c, i))) }
    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Criterion> { self.criteria.iter().filter(move |c| c.category == category) }
}
