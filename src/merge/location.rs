//! Where a merge conflict sits in a workbook, as a short readable path that can be parsed back.
//!
//! Why parseable: a conflict record is all that is left of the side that lost its place in
//! the file, so resolving it ("take theirs") must find the exact field again from the text
//! `backlog RB-k3fz title` that `soc2 check` printed.

use std::fmt;

use crate::model::Category;

/// The value recorded for a side that deleted a whole entry.
pub const DELETED: &str = "(deleted)";

/// One place in a workbook: an entry, or one field of it when `field` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loc {
    Organization(String),
    Scope(String),
    Answer(String),
    Category(Category, Option<String>),
    /// A vendor of the register, or one field of it (`owner`, `report:2025-10-01:opinion`).
    Vendor(String, Option<String>),
    Member(String, Option<String>),
    Criterion(String),
    Item(String, String, Option<String>),
    Evidence(String, String, String, Option<String>),
    Backlog(String, Option<String>),
    Milestone(String, Option<String>),
    /// A policy of the register, or one field of it.
    Policy(String, Option<String>),
    /// One approval of a policy, by the version it approved.
    PolicyApproval(String, u32),
    /// One member's acknowledgement of one version of a policy.
    PolicyAck(String, String, u32),
    /// A control's population, or its `sample`.
    Population(String, Option<String>),
    /// One event of a control's population: control, event id, field.
    Event(String, String, Option<String>),
    /// The auditor's sample size for a cadence.
    SampleSize(crate::model::Cadence),
    /// A risk of the register, or one field of it.
    Risk(String, Option<String>),
    /// The risk assessment of one date.
    RiskAssessment(crate::model::Date),
    /// One request of the auditor's list, or one field of it.
    Request(String, Option<String>),
}

impl Loc {
    /// The whole entry this location is in (itself when it names no field of an entry).
    pub fn entry(&self) -> Loc {
        match self {
            Loc::Category(c, _) => Loc::Category(*c, None),
            Loc::Vendor(id, _) => Loc::Vendor(id.clone(), None),
            Loc::Member(id, _) => Loc::Member(id.clone(), None),
            Loc::Item(c, i, _) => Loc::Item(c.clone(), i.clone(), None),
            Loc::Evidence(c, i, e, _) => Loc::Evidence(c.clone(), i.clone(), e.clone(), None),
            Loc::Backlog(id, _) => Loc::Backlog(id.clone(), None),
            Loc::Milestone(id, _) => Loc::Milestone(id.clone(), None),
            Loc::Policy(id, _) => Loc::Policy(id.clone(), None),
            Loc::Population(c, _) => Loc::Population(c.clone(), None),
            Loc::Event(c, id, _) => Loc::Event(c.clone(), id.clone(), None),
            Loc::Risk(id, _) => Loc::Risk(id.clone(), None),
            Loc::Request(id, _) => Loc::Request(id.clone(), None),
            other => other.clone(),
        }
    }
}

/// A location that does not name anything in a workbook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a workbook location (like `backlog RB-k3fz title`)")]
pub struct BadLocation(pub String);

/// A key written so it reads back as one token: quoted only when it has spaces or quotes.
fn token(key: &str) -> String {
    if key.is_empty() || key.contains(char::is_whitespace) || key.starts_with('"') {
        serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
    } else {
        key.to_string()
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = |x: &Option<String>| x.as_ref().map(|x| format!(" {x}")).unwrap_or_default();
        match self {
            Loc::Organization(x) => write!(f, "organization {x}"),
            Loc::Scope(x) => write!(f, "scope {x}"),
            Loc::Answer(k) => write!(f, "scope answer {}", token(k)),
            Loc::Category(c, x) => write!(f, "scope category {c:?}{}", field(x)),
            Loc::Vendor(id, x) => write!(f, "vendor {}{}", token(id), field(x)),
            Loc::Member(id, x) => write!(f, "team {}{}", token(id), field(x)),
            Loc::Criterion(c) => write!(f, "checklist {}", token(c)),
            Loc::Item(c, i, x) => write!(f, "checklist {} {}{}", token(c), token(i), field(x)),
            Loc::Evidence(c, i, e, x) => write!(
                f,
                "checklist {} {} evidence {}{}",
                token(c),
                token(i),
                token(e),
                field(x)
            ),
            Loc::Backlog(id, x) => write!(f, "backlog {}{}", token(id), field(x)),
            Loc::Milestone(id, x) => write!(f, "milestone {}{}", token(id), field(x)),
            Loc::Policy(id, x) => write!(f, "policy {}{}", token(id), field(x)),
            Loc::PolicyApproval(id, v) => write!(f, "policy {} approval {v}", token(id)),
            Loc::PolicyAck(id, m, v) => write!(f, "policy {} ack {} {v}", token(id), token(m)),
            Loc::Population(c, x) => write!(f, "population {}{}", token(c), field(x)),
            Loc::Event(c, id, x) => {
                write!(f, "population {} event {}{}", token(c), token(id), field(x))
            }
            Loc::SampleSize(c) => write!(f, "sample-size {c:?}"),
            Loc::Risk(id, x) => write!(f, "risk {}{}", token(id), field(x)),
            Loc::RiskAssessment(d) => write!(f, "risk-assessment {d}"),
            Loc::Request(id, x) => write!(f, "request {}{}", token(id), field(x)),
        }
    }
}

/// Splits a location into tokens; a token starting with `"` is a JSON string.
fn tokens(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if rest.starts_with('"') {
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
            let value = stream.next()?.ok()?;
            out.push(value);
            rest = rest[stream.byte_offset()..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
    Some(out)
}

impl std::str::FromStr for Loc {
    type Err = BadLocation;

    fn from_str(text: &str) -> Result<Loc, BadLocation> {
        let bad = || BadLocation(text.to_string());
        let t = tokens(text).ok_or_else(bad)?;
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        let opt = |x: Option<&&str>| x.map(|s| s.to_string());
        let loc = match t.as_slice() {
            ["organization", f] => Loc::Organization(f.to_string()),
            ["scope", "answer", k] => Loc::Answer(k.to_string()),
            ["scope", "category", c, rest @ ..] if rest.len() <= 1 => {
                let category = Category::ALL
                    .into_iter()
                    .find(|x| format!("{x:?}") == *c)
                    .ok_or_else(bad)?;
                Loc::Category(category, opt(rest.first()))
            }
            ["scope", f] => Loc::Scope(f.to_string()),
            ["vendor", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Vendor(id.to_string(), opt(rest.first()))
            }
            ["team", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Member(id.to_string(), opt(rest.first()))
            }
            ["checklist", c] => Loc::Criterion(c.to_string()),
            ["checklist", c, i, "evidence", e, rest @ ..] if rest.len() <= 1 => Loc::Evidence(
                c.to_string(),
                i.to_string(),
                e.to_string(),
                opt(rest.first()),
            ),
            ["checklist", c, i, rest @ ..] if rest.len() <= 1 => {
                Loc::Item(c.to_string(), i.to_string(), opt(rest.first()))
            }
            ["backlog", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Backlog(id.to_string(), opt(rest.first()))
            }
            ["request", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Request(id.to_string(), opt(rest.first()))
            }
            ["milestone", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Milestone(id.to_string(), opt(rest.first()))
            }
            ["policy", id, "approval", v] => {
                Loc::PolicyApproval(id.to_string(), v.parse().map_err(|_| bad())?)
            }
            ["policy", id, "ack", m, v] => {
                Loc::PolicyAck(id.to_string(), m.to_string(), v.parse().map_err(|_| bad())?)
            }
            ["policy", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Policy(id.to_string(), opt(rest.first()))
            }
            ["population", c, "event", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Event(c.to_string(), id.to_string(), opt(rest.first()))
            }
            ["population", c, rest @ ..] if rest.len() <= 1 => {
                Loc::Population(c.to_string(), opt(rest.first()))
            }
            ["sample-size", c] => Loc::SampleSize(
                crate::model::Cadence::ALL
                    .into_iter()
                    .find(|x| format!("{x:?}") == *c)
                    .ok_or_else(bad)?,
            ),
            ["risk", id, rest @ ..] if rest.len() <= 1 => {
                Loc::Risk(id.to_string(), opt(rest.first()))
            }
            ["risk-assessment", d] => Loc::RiskAssessment(d.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        };
        Ok(loc)
    }
}
