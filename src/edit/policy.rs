//! Changes to the policy register and the people records: registering a policy, approving
//! a version, recording a review, acknowledging a version, and each person's background
//! check, training and device enrolment.
//!
//! Why checked here: an approval by someone outside the team, an acknowledgement of a
//! version nobody approved, or one dated before the approval would each be an audit
//! exception the tool itself created; the CLI, the app and an import share these rules.

use super::{EditError, check_member};
use crate::model::{Ack, Approval, Date, Member, PolicyRecord, Review, Workbook};

/// What `approve_policy` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approved {
    /// The first approval of the policy (its version 1).
    First(u32),
    /// The file changed since the last approval: a new version staff must acknowledge.
    NewVersion(u32),
}

impl Approved {
    /// The version that is now approved.
    pub fn version(self) -> u32 {
        match self {
            Approved::First(v) | Approved::NewVersion(v) => v,
        }
    }
}

fn policy_mut<'a>(wb: &'a mut Workbook, id: &str) -> Result<&'a mut PolicyRecord, EditError> {
    wb.policies.get_mut(id).ok_or_else(|| {
        EditError::Invalid(format!(
            "no policy \"{id}\" in the register (see `soc2 policy list`; `soc2 policy init` adds the standard set)"
        ))
    })
}

/// Sets how many months may pass between reviews (12 is the annual default and is not
/// written).
pub fn set_policy_review_months(wb: &mut Workbook, id: &str, months: u8) -> Result<(), EditError> {
    if !(1..=24).contains(&months) {
        return Err(EditError::Invalid(format!(
            "review every {months} months: use 1 to 24 (auditors expect at least yearly)"
        )));
    }
    policy_mut(wb, id)?.review_months =
        (months != crate::model::DEFAULT_REVIEW_MONTHS).then_some(months);
    Ok(())
}

/// Adds a policy to the register at version 1 with its file; `false` when it is there already.
pub fn register_policy(wb: &mut Workbook, id: &str, file: &str) -> Result<bool, EditError> {
    let id = id.trim();
    if id.is_empty() || id.contains(char::is_whitespace) {
        return Err(EditError::Invalid(format!(
            "\"{id}\" is not a policy id; use a short slug such as access-control"
        )));
    }
    if wb.policies.contains_key(id) {
        return Ok(false);
    }
    wb.policies.insert(
        id.to_string(),
        PolicyRecord {
            file: file.trim().to_string(),
            version: 1,
            ..PolicyRecord::default()
        },
    );
    Ok(true)
}

/// Names (or clears) the member who keeps a policy current.
pub fn set_policy_owner(wb: &mut Workbook, id: &str, owner: Option<&str>) -> Result<(), EditError> {
    check_member(wb, owner)?;
    policy_mut(wb, id)?.owner = owner.map(str::to_string);
    Ok(())
}

/// Records an approval of the policy's file as it is now (`sha256`): the first approval
/// approves version 1, an approval of a changed file a new version. Approving a file that
/// has not changed since its approval is refused: that is a review (`review_policy`).
pub fn approve_policy(
    wb: &mut Workbook,
    id: &str,
    by: &str,
    date: Date,
    commit: Option<String>,
    sha256: Option<String>,
) -> Result<Approved, EditError> {
    check_member(wb, Some(by))?;
    let record = policy_mut(wb, id)?;
    let outcome = match record.approvals.last() {
        None => Approved::First(record.version.max(1)),
        Some(last) => {
            if date < last.date {
                return Err(EditError::Invalid(format!(
                    "{id} version {} was approved on {}; a later approval cannot be dated {date}",
                    last.version, last.date
                )));
            }
            if sha256.is_some() && sha256 == last.sha256 {
                return Err(EditError::Invalid(format!(
                    "{id} version {} is approved and its file has not changed since {}; record this year's look at it with `soc2 policy review`",
                    last.version, last.date
                )));
            }
            Approved::NewVersion(last.version + 1)
        }
    };
    record.version = outcome.version();
    record.approvals.push(Approval {
        version: outcome.version(),
        by: by.to_string(),
        date,
        commit,
        sha256,
    });
    Ok(outcome)
}

/// Records a periodic review that keeps the approved policy as it is.
pub fn review_policy(wb: &mut Workbook, id: &str, by: &str, date: Date) -> Result<(), EditError> {
    check_member(wb, Some(by))?;
    let record = policy_mut(wb, id)?;
    let Some(approval) = record.current_approval() else {
        return Err(EditError::Invalid(format!(
            "{id} has never been approved; approve it first (`soc2 policy approve`)"
        )));
    };
    if date < approval.date {
        return Err(EditError::Invalid(format!(
            "{id} version {} was approved on {}; a review cannot be dated {date}, before it",
            approval.version, approval.date
        )));
    }
    let review = Review {
        date,
        by: by.to_string(),
    };
    if !record.reviews.contains(&review) {
        record.reviews.push(review);
        record.reviews.sort();
    }
    Ok(())
}

/// Records that a member acknowledged a version (the current one when `None`); `false`
/// when that very acknowledgement is already recorded (imports can run twice).
pub fn acknowledge_policy(
    wb: &mut Workbook,
    id: &str,
    member: &str,
    version: Option<u32>,
    date: Date,
) -> Result<bool, EditError> {
    check_member(wb, Some(member))?;
    if let Some(left) = wb.member(member).and_then(|m| m.left)
        && date > left
    {
        return Err(EditError::Invalid(format!(
            "{member} left on {left}; an acknowledgement cannot be dated {date}"
        )));
    }
    let record = policy_mut(wb, id)?;
    let version = version.unwrap_or(record.version);
    let Some(approval) = record.approvals.iter().find(|a| a.version == version) else {
        return Err(EditError::Invalid(format!(
            "{id} version {version} has not been approved; staff acknowledge approved versions only"
        )));
    };
    if date < approval.date {
        return Err(EditError::Invalid(format!(
            "{id} version {version} was approved on {}; it cannot be acknowledged on {date}, before that",
            approval.date
        )));
    }
    match record.ack(member, version) {
        Some(a) if a.date == date => Ok(false),
        Some(a) => Err(EditError::Invalid(format!(
            "{member} already acknowledged {id} version {version} on {}",
            a.date
        ))),
        None => {
            record.acknowledgements.push(Ack {
                member: member.to_string(),
                version,
                date,
            });
            Ok(true)
        }
    }
}

fn member_mut<'a>(wb: &'a mut Workbook, id: &str) -> Result<&'a mut Member, EditError> {
    wb.team
        .iter_mut()
        .find(|m| m.id == id)
        .ok_or_else(|| EditError::UnknownMember(id.to_string()))
}

/// Records (or clears) when a member's background check was finished.
pub fn set_background_check(
    wb: &mut Workbook,
    id: &str,
    date: Option<Date>,
) -> Result<(), EditError> {
    member_mut(wb, id)?.background_check = date;
    Ok(())
}

/// Records a security training a member completed; the dates stay sorted and distinct.
pub fn add_training(wb: &mut Workbook, id: &str, date: Date) -> Result<bool, EditError> {
    let m = member_mut(wb, id)?;
    if m.training.contains(&date) {
        return Ok(false);
    }
    m.training.push(date);
    m.training.sort();
    Ok(true)
}

/// Removes a training date recorded by mistake.
pub fn remove_training(wb: &mut Workbook, id: &str, date: Date) -> Result<bool, EditError> {
    let m = member_mut(wb, id)?;
    let before = m.training.len();
    m.training.retain(|d| *d != date);
    Ok(m.training.len() != before)
}

/// Records (or clears) when a member's device was enrolled in device management.
pub fn set_device_enrolled(
    wb: &mut Workbook,
    id: &str,
    date: Option<Date>,
) -> Result<(), EditError> {
    member_mut(wb, id)?.device_enrolled = date;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn team() -> Workbook {
        let mut wb = Workbook::default();
        for id in ["maria", "tomas"] {
            crate::edit::add_member(&mut wb, id, id, "").unwrap();
        }
        register_policy(&mut wb, "access-control", "policies/access-control.md").unwrap();
        wb
    }

    #[test]
    fn an_edited_file_approved_again_is_a_new_version_staff_must_acknowledge() {
        let mut wb = team();
        let first = approve_policy(
            &mut wb,
            "access-control",
            "maria",
            d("2027-01-10"),
            None,
            Some("aa".into()),
        );
        assert_eq!(first, Ok(Approved::First(1)));
        assert_eq!(
            acknowledge_policy(&mut wb, "access-control", "tomas", None, d("2027-01-11")),
            Ok(true)
        );
        let same = approve_policy(
            &mut wb,
            "access-control",
            "maria",
            d("2027-02-01"),
            None,
            Some("aa".into()),
        );
        assert!(
            same.is_err(),
            "an unchanged file is reviewed, not approved again"
        );
        let second = approve_policy(
            &mut wb,
            "access-control",
            "maria",
            d("2027-03-01"),
            None,
            Some("bb".into()),
        );
        assert_eq!(second, Ok(Approved::NewVersion(2)));
        let p = &wb.policies["access-control"];
        assert_eq!(p.version, 2);
        assert!(
            p.ack("tomas", 2).is_none(),
            "version 2 is not acknowledged yet"
        );
    }

    #[test]
    fn acknowledgements_are_of_approved_versions_after_their_approval_and_import_twice_cleanly() {
        let mut wb = team();
        let unapproved =
            acknowledge_policy(&mut wb, "access-control", "tomas", None, d("2027-01-11"));
        assert!(unapproved.is_err(), "a draft cannot be acknowledged");
        approve_policy(
            &mut wb,
            "access-control",
            "maria",
            d("2027-01-10"),
            None,
            None,
        )
        .unwrap();
        assert!(
            acknowledge_policy(&mut wb, "access-control", "tomas", None, d("2027-01-09")).is_err()
        );
        assert!(
            acknowledge_policy(&mut wb, "access-control", "ghost", None, d("2027-01-12")).is_err()
        );
        assert_eq!(
            acknowledge_policy(&mut wb, "access-control", "tomas", None, d("2027-01-12")),
            Ok(true)
        );
        assert_eq!(
            acknowledge_policy(&mut wb, "access-control", "tomas", None, d("2027-01-12")),
            Ok(false)
        );
        assert!(
            acknowledge_policy(&mut wb, "access-control", "tomas", None, d("2027-01-13")).is_err()
        );
    }

    #[test]
    fn approvers_and_reviewers_are_team_members_and_a_draft_cannot_be_reviewed() {
        let mut wb = team();
        assert!(
            approve_policy(
                &mut wb,
                "access-control",
                "ghost",
                d("2027-01-10"),
                None,
                None
            )
            .is_err()
        );
        assert!(review_policy(&mut wb, "access-control", "maria", d("2027-01-10")).is_err());
        approve_policy(
            &mut wb,
            "access-control",
            "maria",
            d("2027-01-10"),
            None,
            None,
        )
        .unwrap();
        review_policy(&mut wb, "access-control", "tomas", d("2028-01-05")).unwrap();
        assert_eq!(
            wb.policies["access-control"].last_reviewed(),
            Some(d("2028-01-05"))
        );
    }
}
