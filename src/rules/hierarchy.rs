//! Hierarchy (H): the product manager usually sits above the product owner, who reports
//! progress to them. A PM reporting to a PO turns strategy into a subordinate of tactics.

use super::Cx;
use crate::diagnostics::Diag;

/// H001: a PM-only person reports to a PO-only person.
pub fn pm_reports_to_po(cx: &mut Cx) {
    let org = cx.org;
    for (_, p) in org.active_people() {
        if !p.only_pm() {
            continue;
        }
        let Some(r) = &p.reports_to else { continue };
        let Some(t) = r.target else { continue };
        let boss = &org.people[t as usize];
        if !boss.only_po() {
            continue;
        }
        let d = Diag::new(p.head.loc(r.span), format!("product manager `{}` reports to product owner `{}`", p.head.id, r.id))
            .label("reports to a product owner")
            .with(boss.head.id_loc(), format!("`{}` holds only the product-owner role", r.id))
            .help("have the product owner report to the product manager (or both to a head of product): the PM sets the direction the PO turns into backlog work")
            .subject(format!("people[{}].reports_to", p.head.id));
        cx.emit(d);
    }
}
