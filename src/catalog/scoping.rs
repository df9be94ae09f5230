//! TEMPORARY stand-in.
use std::collections::BTreeMap;
use crate::model::{Answer, Category};
pub struct Questionnaire { pub questions: Vec<Question> }
pub struct Question { pub id: String, pub kind: QuestionKind }
pub enum QuestionKind { YesNo, Choice(Vec<ChoiceOption>), Number, Date }
pub struct ChoiceOption { pub id: String, pub label: String }
static Q: std::sync::OnceLock<Questionnaire> = std::sync::OnceLock::new();
pub fn questionnaire() -> &'static Questionnaire { Q.get_or_init(|| Questionnaire { questions: vec![] }) }
pub struct DerivedCategory { pub in_scope: bool, pub reasons: Vec<String> }
pub struct Derivation { pub categories: BTreeMap<Category, DerivedCategory> }
pub fn derive(_q: &Questionnaire, _a: &BTreeMap<String, Answer>) -> Derivation { Derivation { categories: BTreeMap::new() } }
