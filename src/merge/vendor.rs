//! The vendor register in a three-way merge: vendors by id, their fields one by one,
//! reports by their key (the period's start, else their place), CSOCs and CUECs by their
//! text with the mapped controls as a set, bridge letters and exceptions as sets.
//!
//! Why by key: two teammates who each record a different report, bridge letter or CUEC
//! for one vendor merge cleanly; the same report's opinion changed two ways is a recorded
//! conflict (`vendor aws report:2025-10-01:opinion`), never a silent pick.

use std::collections::BTreeMap;

use super::fields::{decode, encode};
use super::{ApplyError, Ctx, DELETED, Loc, keyed, no_keep, pairs, seq};
use crate::model::vendor::slug;
use crate::model::{MappedControl, SocReport, Vendor, Workbook};

/// Every vendor of the register, merged.
pub(super) fn merge_vendors(
    ctx: &mut Ctx,
    base: &Workbook,
    ours: &Workbook,
    theirs: &Workbook,
) -> BTreeMap<String, Vendor> {
    keyed(
        ctx,
        pairs(&base.vendors),
        pairs(&ours.vendors),
        pairs(&theirs.vendors),
        &|id| Loc::Vendor(String::clone(id), None),
        &no_keep,
        &mut |ctx, id, b, o, t| merge_vendor(ctx, id, b, o, t),
    )
    .into_iter()
    .map(|(k, v)| (k.clone(), v))
    .collect()
}

fn at(id: &str, field: &str) -> Loc {
    Loc::Vendor(id.to_string(), Some(field.to_string()))
}

macro_rules! scalars {
    ($ctx:ident, $id:ident, $prefix:expr, $b:ident, $o:ident, $t:ident, $out:ident, [$($f:ident),*]) => {
        $( $out.$f = $ctx.scalar(
            at($id, &format!("{}{}", $prefix, stringify!($f))),
            $b.map(|b| &b.$f),
            &$o.$f,
            &$t.$f,
        ); )*
    };
}

fn merge_vendor(ctx: &mut Ctx, id: &str, base: Option<&Vendor>, o: &Vendor, t: &Vendor) -> Vendor {
    let mut out = o.clone();
    let b = base;
    scalars!(
        ctx,
        id,
        "",
        b,
        o,
        t,
        out,
        [
            name,
            service,
            production_access,
            tier,
            subservice,
            contract,
            dpa,
            baa,
            owner,
            next_review,
            due_diligence
        ]
    );
    let empty = Vendor::default();
    let bv = base.unwrap_or(&empty);
    out.data = seq::set(&bv.data, &o.data, &t.data);
    out.bridge_letters = seq::set(&bv.bridge_letters, &o.bridge_letters, &t.bridge_letters);
    out.bridge_letters.sort();
    fn by_key(v: &Vendor) -> Vec<(String, &SocReport)> {
        v.reports
            .iter()
            .enumerate()
            .map(|(i, r)| (r.key(i), r))
            .collect()
    }
    out.reports = keyed(
        ctx,
        by_key(bv),
        by_key(o),
        by_key(t),
        &|k| at(id, &format!("report:{k}")),
        &no_keep,
        &mut |ctx, k, b, o, t| {
            let mut out = o.clone();
            let prefix = format!("report:{k}:");
            scalars!(
                ctx,
                id,
                prefix,
                b,
                o,
                t,
                out,
                [kind, period, opinion, reviewed, reviewed_by]
            );
            let none = SocReport::default();
            let b = b.unwrap_or(&none);
            out.exceptions = seq::set(&b.exceptions, &o.exceptions, &t.exceptions);
            out
        },
    )
    .into_iter()
    .map(|(_, r)| r)
    .collect();
    out.csocs = mapped(ctx, id, "csoc", &bv.csocs, &o.csocs, &t.csocs);
    out.cuecs = mapped(ctx, id, "cuec", &bv.cuecs, &o.cuecs, &t.cuecs);
    out
}

/// CSOCs or CUECs by their text; the controls each maps to merge as a set.
fn mapped(
    ctx: &mut Ctx,
    id: &str,
    kind: &str,
    b: &[MappedControl],
    o: &[MappedControl],
    t: &[MappedControl],
) -> Vec<MappedControl> {
    fn by_text(l: &[MappedControl]) -> Vec<(String, &MappedControl)> {
        l.iter().map(|m| (m.text.clone(), m)).collect()
    }
    keyed(
        ctx,
        by_text(b),
        by_text(o),
        by_text(t),
        &|text| at(id, &format!("{kind}:{}", slug(text))),
        &no_keep,
        &mut |_, _, b, o, t| {
            let none = MappedControl::default();
            let b = b.unwrap_or(&none);
            MappedControl {
                text: o.text.clone(),
                controls: seq::set(&b.controls, &o.controls, &t.controls),
            }
        },
    )
    .into_iter()
    .map(|(_, m)| m)
    .collect()
}

/// A report's position by its key.
fn report_at(v: &Vendor, key: &str) -> Option<usize> {
    v.reports
        .iter()
        .enumerate()
        .position(|(i, r)| r.key(i) == key)
}

/// One field of a vendor as a conflict records it: a vendor field (`owner`), a report or
/// one of its fields (`report:2025-10-01`, `report:2025-10-01:opinion`), a CSOC or CUEC
/// by its text's slug (`cuec:customers-manage-iam`).
pub(super) fn get(v: &Vendor, field: &str) -> Option<String> {
    let parts: Vec<&str> = field.splitn(3, ':').collect();
    match parts.as_slice() {
        ["report", key] => {
            Some(report_at(v, key).map_or_else(|| DELETED.to_string(), |i| encode(&v.reports[i])))
        }
        ["report", key, f] => {
            let r = &v.reports[report_at(v, key)?];
            Some(match *f {
                "kind" => encode(&r.kind),
                "period" => encode(&r.period),
                "opinion" => encode(&r.opinion),
                "reviewed" => encode(&r.reviewed),
                "reviewed_by" => encode(&r.reviewed_by),
                _ => return None,
            })
        }
        [kind @ ("csoc" | "cuec"), s] => {
            let list = if *kind == "csoc" { &v.csocs } else { &v.cuecs };
            Some(
                list.iter()
                    .find(|m| slug(&m.text) == *s)
                    .map_or_else(|| DELETED.to_string(), encode),
            )
        }
        [f] => Some(match *f {
            "name" => encode(&v.name),
            "service" => encode(&v.service),
            "production_access" => encode(&v.production_access),
            "tier" => encode(&v.tier),
            "subservice" => encode(&v.subservice),
            "contract" => encode(&v.contract),
            "dpa" => encode(&v.dpa),
            "baa" => encode(&v.baa),
            "owner" => encode(&v.owner),
            "next_review" => encode(&v.next_review),
            "due_diligence" => encode(&v.due_diligence),
            _ => return None,
        }),
        _ => None,
    }
}

/// Writes a recorded value into one field (see [`get`]); `Ok(false)`: no such field.
pub(super) fn set(v: &mut Vendor, field: &str, value: &str) -> Result<bool, String> {
    let parts: Vec<&str> = field.splitn(3, ':').collect();
    match parts.as_slice() {
        ["report", key] => {
            let at = report_at(v, key);
            if value == DELETED {
                if let Some(i) = at {
                    v.reports.remove(i);
                }
                return Ok(true);
            }
            let r: SocReport = decode(value)?;
            match at {
                Some(i) => v.reports[i] = r,
                None => v.reports.push(r),
            }
            Ok(true)
        }
        ["report", key, f] => {
            let Some(i) = report_at(v, key) else {
                return Ok(false);
            };
            let r = &mut v.reports[i];
            match *f {
                "kind" => r.kind = decode(value)?,
                "period" => r.period = decode(value)?,
                "opinion" => r.opinion = decode(value)?,
                "reviewed" => r.reviewed = decode(value)?,
                "reviewed_by" => r.reviewed_by = decode(value)?,
                _ => return Ok(false),
            }
            Ok(true)
        }
        [kind @ ("csoc" | "cuec"), s] => {
            let list = if *kind == "csoc" {
                &mut v.csocs
            } else {
                &mut v.cuecs
            };
            let at = list.iter().position(|m| slug(&m.text) == *s);
            if value == DELETED {
                if let Some(i) = at {
                    list.remove(i);
                }
                return Ok(true);
            }
            let m: MappedControl = decode(value)?;
            match at {
                Some(i) => list[i] = m,
                None => list.push(m),
            }
            Ok(true)
        }
        [f] => {
            match *f {
                "name" => v.name = decode(value)?,
                "service" => v.service = decode(value)?,
                "production_access" => v.production_access = decode(value)?,
                "tier" => v.tier = decode(value)?,
                "subservice" => v.subservice = decode(value)?,
                "contract" => v.contract = decode(value)?,
                "dpa" => v.dpa = decode(value)?,
                "baa" => v.baa = decode(value)?,
                "owner" => v.owner = decode(value)?,
                "next_review" => v.next_review = decode(value)?,
                "due_diligence" => v.due_diligence = decode(value)?,
                _ => return Ok(false),
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// [`super::value_at`] for a vendor location.
pub(super) fn value_at(wb: &Workbook, id: &str, field: Option<&str>) -> Option<String> {
    super::fields::register_value(&wb.vendors, id, field, get)
}

/// [`super::apply_value`] for a vendor location.
pub(super) fn apply(
    wb: &mut Workbook,
    id: String,
    field: Option<String>,
    location: &str,
    value: &str,
) -> Result<(), ApplyError> {
    super::fields::register_apply(&mut wb.vendors, id, field, location, value, set)
}

#[cfg(test)]
mod tests {
    use crate::edit::{self, ConflictSide};
    use crate::merge::merge3;
    use crate::model::{
        Date, DateRange, MappedControl, Opinion, SocReport, Vendor, VendorBridgeLetter, Workbook,
    };

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn report(start: &str, end: &str) -> SocReport {
        SocReport {
            period: Some(DateRange {
                start: d(start),
                end: d(end),
            }),
            opinion: Some(Opinion::Unqualified),
            ..SocReport::default()
        }
    }

    fn base() -> Workbook {
        let mut wb = Workbook::default();
        wb.vendors.insert(
            "aws".into(),
            Vendor {
                name: "AWS".into(),
                reports: vec![report("2024-10-01", "2025-09-30")],
                ..Vendor::default()
            },
        );
        wb
    }

    fn aws(wb: &mut Workbook) -> &mut Vendor {
        wb.vendors.get_mut("aws").unwrap()
    }

    #[test]
    fn two_branches_that_record_different_reports_letters_and_cuecs_for_one_vendor_merge_cleanly() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        aws(&mut ours)
            .reports
            .push(report("2025-10-01", "2026-09-30"));
        aws(&mut ours).cuecs.push(MappedControl {
            text: "Customers review IAM access".into(),
            controls: vec!["access-review-quarterly".into()],
        });
        aws(&mut theirs).bridge_letters.push(VendorBridgeLetter {
            issued: d("2025-11-01"),
            through: d("2025-12-31"),
        });
        aws(&mut theirs).cuecs.push(MappedControl {
            text: "Customers encrypt their buckets".into(),
            controls: vec![],
        });
        aws(&mut theirs).owner = Some("maria".into());
        let m = merge3(&base, &ours, &theirs);
        assert!(m.is_clean(), "{:?}", m.conflicts);
        let v = &m.workbook.vendors["aws"];
        assert_eq!(v.reports.len(), 2);
        assert_eq!(v.bridge_letters.len(), 1);
        assert_eq!(v.cuecs.len(), 2);
        assert_eq!(v.owner.as_deref(), Some("maria"));
    }

    #[test]
    fn the_same_reports_opinion_changed_two_ways_is_a_recorded_conflict_never_a_silent_pick() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        aws(&mut ours).reports[0].opinion = Some(Opinion::Qualified);
        aws(&mut theirs).reports[0].opinion = Some(Opinion::Adverse);
        let m = merge3(&base, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        let c = &m.conflicts[0];
        assert_eq!(c.location, "vendor aws report:2024-10-01:opinion");
        assert_eq!(
            (c.ours.as_str(), c.theirs.as_str()),
            ("Qualified", "Adverse")
        );
        assert_eq!(
            m.workbook.vendors["aws"].reports[0].opinion,
            Some(Opinion::Qualified),
            "ours stays in place until a person picks"
        );
        let mut settled = m.workbook.clone();
        let last = settled.conflicts.len() - 1;
        edit::resolve(&mut settled, last, ConflictSide::Theirs).unwrap();
        assert_eq!(aws(&mut settled).reports[0].opinion, Some(Opinion::Adverse));
    }

    #[test]
    fn a_vendor_one_side_deleted_and_the_other_edited_stays_with_the_deletion_recorded() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.vendors.clear();
        aws(&mut theirs).contract = true;
        let m = merge3(&base, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].location, "vendor aws");
        assert!(m.workbook.vendors.contains_key("aws"));
    }
}
