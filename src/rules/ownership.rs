//! Backlog ownership (O): every team's work is ordered by one product owner. All five
//! sources agree the PO owns the backlog; a backlog without an owner, with a committee of
//! owners, or owned by someone who is not a PO means nobody really prioritises the work.

use super::Cx;
use crate::diagnostics::Diag;
use crate::model::{Loc, Person};
use crate::roles::RoleName;

/// What a person holds, in words, for help texts ("holds product-manager").
pub fn holds(p: &Person) -> String {
    let names: Vec<String> = p
        .roles
        .iter()
        .map(|r| match &r.name {
            RoleName::Known(role) => role.canonical().to_string(),
            _ => r.text.clone(),
        })
        .collect();
    if names.is_empty() {
        "no role".to_string()
    } else {
        names.join(", ")
    }
}

/// O001: a backlog has no owner.
pub fn backlog_without_owner(cx: &mut Cx) {
    for (_, b) in cx.org.active_backlogs() {
        if !b.owners.is_empty() {
            continue;
        }
        let d = Diag::new(
            b.head.id_loc(),
            format!("backlog `{}` has no owner", b.head.id),
        )
        .label("nobody owns this backlog")
        .help("add `owner: <person id>` naming the product owner who orders this backlog")
        .subject(format!("backlogs[{}]", b.head.id));
        cx.emit(d);
    }
}

/// O002: a backlog has more than one owner.
pub fn backlog_multiple_owners(cx: &mut Cx) {
    for (_, b) in cx.org.active_backlogs() {
        if b.owners.len() < 2 {
            continue;
        }
        let Some(span) = b.owner_span else { continue };
        let names: Vec<String> = b.owners.iter().map(|o| format!("`{}`", o.id)).collect();
        let d = Diag::new(Loc { file: b.head.file, span }, format!("backlog `{}` has {} owners: {}", b.head.id, b.owners.len(), names.join(", ")))
            .label("one backlog, several owners")
            .help("give the backlog one owner: one person orders it, not a committee; the others can advise or own backlogs of their own")
            .subject(format!("backlogs[{}].owner", b.head.id));
        cx.emit(d);
    }
}

/// O003: the owner does not hold the product-owner role.
pub fn backlog_owner_not_po(cx: &mut Cx) {
    let org = cx.org;
    for (_, b) in org.active_backlogs() {
        for o in &b.owners {
            let Some(t) = o.target else { continue };
            let p = &org.people[t as usize];
            if p.is_po {
                continue;
            }
            let d = Diag::new(Loc { file: b.head.file, span: o.span }, format!("backlog `{}` is owned by `{}`, who is not a product owner", b.head.id, o.id))
                .label(format!("`{}` holds {}", o.id, holds(p)))
                .with(p.head.id_loc(), format!("`{}` holds {}", o.id, holds(p)))
                .help(format!(
                    "hand the backlog to the team's product owner, or add `product-owner` to the roles of `{}` if they really do that job (one source lets a PM create the backlog, so this stays a warning)",
                    o.id
                ))
                .subject(format!("backlogs[{}].owner[{}]", b.head.id, o.id));
            cx.emit(d);
        }
    }
}

/// O004: a team is served by no backlog.
pub fn team_without_backlog(cx: &mut Cx) {
    for (i, t) in cx.org.active_teams() {
        if !cx.org.rel.backlogs_of_team[i as usize].is_empty() {
            continue;
        }
        let d = Diag::new(t.head.id_loc(), format!("team `{}` works from no backlog", t.head.id))
            .label("no backlog lists this team")
            .help(format!("add `{}` to the `teams` of the backlog it works from, or give it a backlog owned by its product owner", t.head.id))
            .subject(format!("teams[{}]", t.head.id));
        cx.emit(d);
    }
}

/// O005: a backlog owner is a member of none of the teams the backlog serves.
pub fn po_not_in_team(cx: &mut Cx) {
    let org = cx.org;
    for (_, b) in org.active_backlogs() {
        let teams: Vec<u32> = b.teams.iter().filter_map(|r| r.target).collect();
        if teams.is_empty() {
            continue;
        }
        for o in &b.owners {
            let Some(t) = o.target else { continue };
            // `teams_of_person` is sorted (filled in team order), so each test is a search.
            if teams.iter().any(|team| {
                org.rel.teams_of_person[t as usize]
                    .binary_search(team)
                    .is_ok()
            }) {
                continue;
            }
            let names: Vec<String> = b.teams.iter().map(|r| format!("`{}`", r.id)).collect();
            let mut d = Diag::new(Loc { file: b.head.file, span: o.span }, format!("`{}` owns backlog `{}` but is in none of its teams ({})", o.id, b.head.id, names.join(", ")))
                .label("not a member of the teams this backlog serves")
                .help(format!("add `{}` to the `members` of the team they own the backlog for: a product owner works with the team every day", o.id))
                .subject(format!("backlogs[{}].owner[{}]#team", b.head.id, o.id));
            for &team in &teams {
                let tm = &org.teams[team as usize];
                d = d.with(tm.head.id_loc(), format!("team `{}`", tm.head.id));
            }
            cx.emit(d);
        }
    }
}

/// O006: a product has more than one backlog (off by default; the scrum-guide preset).
pub fn product_multiple_backlogs(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_products() {
        let backlogs = &org.rel.backlogs_of_product[i as usize];
        if backlogs.len() < 2 {
            continue;
        }
        let mut d = Diag::new(p.head.id_loc(), format!("product `{}` has {} backlogs", p.head.id, backlogs.len()))
            .label("one product, several backlogs")
            .help("keep one backlog for the product, shared by all its teams (Scrum Guide), or turn this rule off if your teams work from backlogs of their own")
            .subject(format!("products[{}]", p.head.id));
        for &b in backlogs {
            let bl = &org.backlogs[b as usize];
            d = d.with(bl.head.id_loc(), format!("backlog `{}`", bl.head.id));
        }
        cx.emit(d);
    }
}

/// O007: a person holding the product-owner role owns no backlog.
pub fn po_without_backlog(cx: &mut Cx) {
    for (i, p) in cx.org.active_people() {
        if !p.is_po || !cx.org.rel.backlogs_owned[i as usize].is_empty() {
            continue;
        }
        let d = Diag::new(p.head.id_loc(), format!("`{}` holds the product-owner role but owns no backlog", p.head.id))
            .label("a product owner without a backlog")
            .help(format!("make `{}` the `owner` of the backlog they order, or drop the role if it is a title only", p.head.id))
            .subject(format!("people[{}]", p.head.id));
        cx.emit(d);
    }
}
