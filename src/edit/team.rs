//! Changes to the team: who is in it, what they are called, when they joined and left,
//! and handing a leaver's items to someone else.
//!
//! Why the handle never changes: it is the owner written in every checklist record and
//! backlog item, in commit messages and merge conflicts; a stable handle keeps all of
//! those meaning the same person, while the display name is free to change.

use super::{EditError, non_empty};
use crate::model::{Date, Member, Workbook};

/// Adds a person to the team so items and backlog entries can name them as owner.
pub fn add_member(wb: &mut Workbook, id: &str, name: &str, role: &str) -> Result<(), EditError> {
    let id = non_empty(Some(id)).ok_or(EditError::Empty("the member's handle"))?;
    if id.contains(char::is_whitespace) {
        return Err(EditError::Invalid(format!(
            "\"{id}\" has a space; a handle is one short word such as \"maria\""
        )));
    }
    if wb.member(&id).is_some() {
        return Err(EditError::Invalid(format!(
            "\"{id}\" is already in the team"
        )));
    }
    let name = non_empty(Some(name)).unwrap_or_else(|| id.clone());
    wb.team.push(Member {
        id,
        name,
        role: role.trim().to_string(),
        ..Member::default()
    });
    Ok(())
}

fn member_mut<'a>(wb: &'a mut Workbook, id: &str) -> Result<&'a mut Member, EditError> {
    wb.team
        .iter_mut()
        .find(|m| m.id == id)
        .ok_or_else(|| EditError::UnknownMember(id.to_string()))
}

/// Changes a member's display name (the handle stays).
pub fn rename_member(wb: &mut Workbook, id: &str, name: &str) -> Result<(), EditError> {
    let name = non_empty(Some(name)).ok_or(EditError::Empty("the name"))?;
    member_mut(wb, id)?.name = name;
    Ok(())
}

/// Changes a member's role; an empty role is allowed.
pub fn set_member_role(wb: &mut Workbook, id: &str, role: &str) -> Result<(), EditError> {
    member_mut(wb, id)?.role = role.trim().to_string();
    Ok(())
}

/// Records when a member joined and left; leaving before joining is refused.
pub fn set_member_dates(
    wb: &mut Workbook,
    id: &str,
    joined: Option<Date>,
    left: Option<Date>,
) -> Result<(), EditError> {
    if let (Some(j), Some(l)) = (joined, left)
        && l < j
    {
        return Err(EditError::Invalid(format!(
            "{id} cannot leave ({l}) before joining ({j})"
        )));
    }
    let m = member_mut(wb, id)?;
    m.joined = joined;
    m.left = left;
    Ok(())
}

/// What one member owns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Owned {
    pub items: usize,
    pub backlog: usize,
}

/// How many checklist items and backlog items `id` owns.
pub fn owned_by(wb: &Workbook, id: &str) -> Owned {
    let mine = |o: &Option<String>| o.as_deref() == Some(id);
    Owned {
        items: wb
            .checklist
            .values()
            .flat_map(|items| items.values())
            .filter(|r| mine(&r.owner))
            .count(),
        backlog: wb.backlog.iter().filter(|b| mine(&b.owner)).count(),
    }
}

/// Removes a member, handing everything they own to `to` (another member) or to nobody;
/// returns what moved. Nothing changes when `id` or `to` is not in the team.
pub fn remove_member(wb: &mut Workbook, id: &str, to: Option<&str>) -> Result<Owned, EditError> {
    if wb.member(id).is_none() {
        return Err(EditError::UnknownMember(id.to_string()));
    }
    if let Some(to) = to {
        if to == id {
            return Err(EditError::Invalid(format!(
                "{id}'s items cannot go to {id}, who is being removed"
            )));
        }
        if wb.member(to).is_none() {
            return Err(EditError::UnknownMember(to.to_string()));
        }
    }
    let moved = owned_by(wb, id);
    let hand_over = |o: &mut Option<String>| {
        if o.as_deref() == Some(id) {
            *o = to.map(str::to_string);
        }
    };
    for record in wb
        .checklist
        .values_mut()
        .flat_map(|items| items.values_mut())
    {
        hand_over(&mut record.owner);
    }
    for b in &mut wb.backlog {
        hand_over(&mut b.owner);
    }
    wb.team.retain(|m| m.id != id);
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BacklogItem;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn team() -> Workbook {
        let mut wb = Workbook::default();
        add_member(&mut wb, "maria", "Maria", "CTO").unwrap();
        add_member(&mut wb, "li", "Li", "Engineer").unwrap();
        wb.item_mut("CC6.2", "access-review-quarterly").owner = Some("maria".into());
        wb.item_mut("CC6.1", "mfa").owner = Some("li".into());
        wb.backlog.push(
            BacklogItem {
                id: "RB-aaaa".into(),
                title: "x".into(),
                owner: Some("maria".into()),
                created: date("2026-01-01"),
                ..BacklogItem::default()
            }
            .into(),
        );
        wb
    }

    #[test]
    fn counts_what_a_member_owns() {
        let wb = team();
        assert_eq!(
            owned_by(&wb, "maria"),
            Owned {
                items: 1,
                backlog: 1
            }
        );
        assert_eq!(
            owned_by(&wb, "li"),
            Owned {
                items: 1,
                backlog: 0
            }
        );
    }

    #[test]
    fn removing_a_member_hands_their_items_to_the_chosen_one() {
        let mut wb = team();
        let moved = remove_member(&mut wb, "maria", Some("li")).unwrap();
        assert_eq!(moved.items + moved.backlog, 2);
        assert!(wb.member("maria").is_none());
        assert_eq!(owned_by(&wb, "li").items, 2);
        assert_eq!(wb.backlog[0].owner.as_deref(), Some("li"));
    }

    #[test]
    fn removing_a_member_to_nobody_leaves_their_items_unowned() {
        let mut wb = team();
        remove_member(&mut wb, "maria", None).unwrap();
        assert_eq!(wb.backlog[0].owner, None);
        assert_eq!(
            wb.item("CC6.2", "access-review-quarterly")
                .and_then(|r| r.owner.clone()),
            None
        );
        assert_eq!(
            wb.item("CC6.1", "mfa").and_then(|r| r.owner.clone()),
            Some("li".into())
        );
    }

    #[test]
    fn removal_refuses_a_stranger_or_themselves_as_heir_and_changes_nothing() {
        let mut wb = team();
        let before = wb.clone();
        assert!(remove_member(&mut wb, "maria", Some("eve")).is_err());
        assert!(remove_member(&mut wb, "maria", Some("maria")).is_err());
        assert!(remove_member(&mut wb, "eve", None).is_err());
        assert_eq!(wb, before);
    }

    #[test]
    fn rename_keeps_the_handle_and_refuses_an_empty_name() {
        let mut wb = team();
        rename_member(&mut wb, "maria", "Maria Silva").unwrap();
        assert_eq!(wb.team[0].id, "maria");
        assert_eq!(wb.team[0].name, "Maria Silva");
        assert!(rename_member(&mut wb, "maria", "  ").is_err());
        assert!(rename_member(&mut wb, "eve", "Eve").is_err());
    }

    #[test]
    fn role_and_dates_are_recorded_and_leaving_before_joining_is_refused() {
        let mut wb = team();
        set_member_role(&mut wb, "li", "Security lead").unwrap();
        assert_eq!(wb.team[1].role, "Security lead");
        let (j, l) = (date("2026-02-01"), date("2026-10-31"));
        set_member_dates(&mut wb, "li", Some(j), Some(l)).unwrap();
        assert_eq!((wb.team[1].joined, wb.team[1].left), (Some(j), Some(l)));
        assert!(set_member_dates(&mut wb, "li", Some(l), Some(j)).is_err());
        assert_eq!(wb.team[1].left, Some(l));
    }
}
