//! The three-way merge of the auditor's requests: requests match by the auditor's id, each
//! field merges on its own, and a field two branches set differently is a recorded
//! conflict (`request IRL-04 status`), never a silent pick.
//!
//! Why its own file: requests are a new part of the workbook with their own locations;
//! `merge3`, `value_at` and `apply_value` only call in here.

use std::collections::BTreeMap;

use super::fields::{ApplyError, decode, encode};
use super::{Ctx, Loc, keyed, no_keep, pairs};
use crate::model::{AuditorRequest, Workbook};

/// The merged requests of `ours` and `theirs`.
pub(super) fn merge_requests(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> BTreeMap<String, AuditorRequest> {
    keyed(
        ctx,
        pairs(&base.requests),
        pairs(&ours.requests),
        pairs(&theirs.requests),
        &|id| Loc::Request(String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| merge_request(ctx, id, b, o, t),
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect()
}

fn merge_request(
    ctx: &mut Ctx,
    id: &str,
    base: Option<&AuditorRequest>,
    ours: &AuditorRequest,
    theirs: &AuditorRequest,
) -> AuditorRequest {
    let at = |f: &str| Loc::Request(id.to_string(), Some(f.to_string()));
    AuditorRequest {
        text: ctx.scalar(at("text"), base.map(|b| &b.text), &ours.text, &theirs.text),
        criterion: ctx.scalar(
            at("criterion"),
            base.map(|b| &b.criterion),
            &ours.criterion,
            &theirs.criterion,
        ),
        controls: ctx.scalar(
            at("controls"),
            base.map(|b| &b.controls),
            &ours.controls,
            &theirs.controls,
        ),
        matched_by: ctx.scalar(
            at("matched_by"),
            base.map(|b| &b.matched_by),
            &ours.matched_by,
            &theirs.matched_by,
        ),
        owner: ctx.scalar(
            at("owner"),
            base.map(|b| &b.owner),
            &ours.owner,
            &theirs.owner,
        ),
        due: ctx.scalar(at("due"), base.map(|b| &b.due), &ours.due, &theirs.due),
        status: ctx.scalar(
            at("status"),
            base.map(|b| &b.status),
            &ours.status,
            &theirs.status,
        ),
    }
}

fn get_field(r: &AuditorRequest, field: &str) -> Option<String> {
    Some(match field {
        "text" => encode(&r.text),
        "criterion" => encode(&r.criterion),
        "controls" => encode(&r.controls),
        "matched_by" => encode(&r.matched_by),
        "owner" => encode(&r.owner),
        "due" => encode(&r.due),
        "status" => encode(&r.status),
        _ => return None,
    })
}

fn set_field(r: &mut AuditorRequest, field: &str, value: &str) -> Result<bool, String> {
    match field {
        "text" => r.text = decode(value)?,
        "criterion" => r.criterion = decode(value)?,
        "controls" => r.controls = decode(value)?,
        "matched_by" => r.matched_by = decode(value)?,
        "owner" => r.owner = decode(value)?,
        "due" => r.due = decode(value)?,
        "status" => r.status = decode(value)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// [`super::value_at`] for the request locations.
pub(super) fn value_at(wb: &Workbook, location: &Loc) -> Option<String> {
    match location {
        Loc::Request(id, field) => {
            super::fields::register_value(&wb.requests, id, field.as_deref(), get_field)
        }
        _ => None,
    }
}

/// [`super::apply_value`] for the request locations.
pub(super) fn apply(
    wb: &mut Workbook,
    loc: Loc,
    location: &str,
    value: &str,
) -> Result<(), ApplyError> {
    match loc {
        Loc::Request(id, field) => {
            super::fields::register_apply(&mut wb.requests, id, field, location, value, set_field)
        }
        _ => Err(ApplyError::UnknownField(location.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{apply_value, merge3};
    use crate::model::{AuditorRequest, RequestStatus, Workbook};

    fn with(status: RequestStatus, owner: Option<&str>) -> Workbook {
        let mut wb = Workbook::default();
        wb.requests.insert(
            "IRL-04".into(),
            AuditorRequest {
                text: "Change tickets".into(),
                status,
                owner: owner.map(String::from),
                ..Default::default()
            },
        );
        wb
    }

    #[test]
    fn different_fields_merge_and_the_same_field_set_two_ways_is_a_conflict() {
        let base = with(RequestStatus::Open, None);
        let ours = with(RequestStatus::Provided, None);
        let theirs = with(RequestStatus::Open, Some("lena"));
        let m = merge3(&base, &ours, &theirs);
        assert!(m.workbook.conflicts.is_empty());
        let r = &m.workbook.requests["IRL-04"];
        assert_eq!(
            (r.status, r.owner.as_deref()),
            (RequestStatus::Provided, Some("lena"))
        );

        let theirs = with(RequestStatus::Accepted, None);
        let m = merge3(&base, &ours, &theirs);
        assert_eq!(m.workbook.conflicts.len(), 1);
        let c = &m.workbook.conflicts[0];
        assert_eq!(c.location, "request IRL-04 status");
        let mut wb = m.workbook.clone();
        apply_value(&mut wb, &c.location, &c.theirs).unwrap();
        assert_eq!(wb.requests["IRL-04"].status, RequestStatus::Accepted);
    }

    #[test]
    fn a_request_added_on_each_branch_is_kept_from_both() {
        let base = Workbook::default();
        let ours = with(RequestStatus::Open, None);
        let mut theirs = Workbook::default();
        theirs.requests.insert(
            "IRL-05".into(),
            AuditorRequest {
                text: "Pen test".into(),
                ..Default::default()
            },
        );
        let m = merge3(&base, &ours, &theirs);
        assert_eq!(m.workbook.requests.len(), 2);
        assert!(m.workbook.conflicts.is_empty());
    }
}
