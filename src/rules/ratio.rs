//! Ratio and scope (R): a product manager can steer two or three product owners, a product
//! owner can work daily with one or two teams, and one person can hold both roles only on a
//! small scope. Past those numbers one of the jobs is done thinly.

use super::Cx;
use crate::diagnostics::Diag;
use crate::model::{Complexity, Distinct, Loc, Org};

/// Distinct people holding the PO role who own backlogs of the products `pm` manages.
pub fn pos_of_pm(org: &Org, pm: u32) -> Vec<u32> {
    let mut v = Distinct::default();
    for &prod in &org.rel.products_managed[pm as usize] {
        for &b in &org.rel.backlogs_of_product[prod as usize] {
            if !org.backlogs[b as usize].level.is_po_level() {
                continue;
            }
            for o in org.backlogs[b as usize]
                .owners
                .iter()
                .filter_map(|o| o.target)
            {
                if org.people[o as usize].is_po {
                    v.push(o);
                }
            }
        }
    }
    v.items
}

/// A PM's load of product owners (issue 17, reading 7): each PO working on the PM's
/// products counts once, weighted 1/k, where k is the number of product-manager holders
/// among the `managers` of the product they share (the smallest k over shared products).
/// Returned as an exact fraction `(numerator, denominator)`.
pub fn po_load(org: &Org, pm: u32, pos: &[u32]) -> (u128, u128) {
    // The smallest k per PO, in one pass over the PM's backlogs (linear, not POs x backlogs).
    let mut smallest: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for &prod in &org.rel.products_managed[pm as usize] {
        let k = org.pms_of_product(prod).len().max(1);
        for &b in &org.rel.backlogs_of_product[prod as usize] {
            let bl = &org.backlogs[b as usize];
            if !bl.level.is_po_level() {
                continue;
            }
            for o in bl.owners.iter().filter_map(|o| o.target) {
                let e = smallest.entry(o).or_insert(k);
                *e = (*e).min(k);
            }
        }
    }
    let ks: Vec<u128> = pos
        .iter()
        .map(|po| smallest.get(po).copied().unwrap_or(1).clamp(1, 1 << 20) as u128)
        .collect();
    let exact = ks.iter().try_fold((0u128, 1u128), |(num, den), &k| {
        // num/den + 1/k, reduced
        let n = num.checked_mul(k)?.checked_add(den)?;
        let d = den.checked_mul(k)?;
        let g = gcd(n, d);
        Some((n / g, d / g))
    });
    // Only a pathological spread of co-manager counts overflows 128 bits; then the load is
    // compared to a millionth, which cannot change a decision between whole numbers of POs.
    exact.unwrap_or_else(|| {
        let load: f64 = ks.iter().map(|&k| 1.0 / k as f64).sum();
        ((load * 1e6).round() as u128, 1_000_000)
    })
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// R001: POs per PM outside `[min, max]`.
pub fn pm_po_ratio(cx: &mut Cx) {
    let org = cx.org;
    let (min, max) = (cx.opts().r001_min, cx.opts().r001_max);
    let r002_small = cx
        .settings
        .enabled("R002")
        .then_some(cx.opts().r002_max_teams_small);
    for (i, p) in org.active_people() {
        if !p.is_pm || org.rel.products_managed[i as usize].is_empty() {
            continue;
        }
        let pos = pos_of_pm(org, i);
        let n = pos.len();
        let (num, den) = po_load(org, i, &pos);
        let shared = den > 1 || num != n as u128;
        let load = if den == 1 {
            num.to_string()
        } else {
            format!("{num}/{den}")
        };
        let above = num > (max as u128).saturating_mul(den);
        let below = num < (min as u128).saturating_mul(den);
        // One cause, one report: a person holding both roles on a small scope gets R002's
        // info, which already says why they have few POs (issue 17, reading 12).
        if below && !above && p.is_po {
            if let Some(small) = r002_small {
                if is_small_scope(org, i, small) {
                    continue;
                }
            }
        }
        let d = if above {
            let what = if shared {
                format!("{n} product owners shared with co-managers, a load of {load}")
            } else {
                format!("{n} product owners")
            };
            let mut d = Diag::new(p.head.id_loc(), format!("product manager `{}` carries {what} (more than {max})", p.head.id))
                .label(if shared { format!("a load of {load} POs") } else { format!("{n} POs") })
                .help(format!("split the products among more product managers, so each works with {min} to {max} product owners"));
            for &po in &pos {
                d = d.with(
                    org.people[po as usize].head.id_loc(),
                    format!(
                        "`{}` owns a backlog of a product `{}` manages",
                        org.people[po as usize].head.id, p.head.id
                    ),
                );
            }
            d
        } else if below {
            let what = if shared {
                format!(
                    "{n} product owner{} shared with co-managers, a load of {load}",
                    if n == 1 { "" } else { "s" }
                )
            } else {
                format!("{n} product owner{}", if n == 1 { "" } else { "s" })
            };
            Diag::new(p.head.id_loc(), format!("product manager `{}` works with {what} (fewer than {min})", p.head.id))
                .label(if shared { format!("a load of {load} POs") } else { format!("{n} PO{}", if n == 1 { "" } else { "s" }) })
                .help(format!("fine for a small product; otherwise give this PM more products, or check that the backlogs name their owners (expected {min} to {max} POs per PM)"))
                .lower(true)
        } else {
            continue;
        };
        cx.emit(d.subject(format!("people[{}]#ratio", p.head.id)));
    }
}

/// R002's small scope: backlogs for at most `small` teams and no high-complexity product.
fn is_small_scope(org: &Org, person: u32, small: usize) -> bool {
    let mut teams: Vec<u32> = Vec::new();
    let mut products: Vec<u32> = org.rel.products_managed[person as usize].clone();
    for &b in &org.rel.backlogs_owned[person as usize] {
        let bl = &org.backlogs[b as usize];
        for t in bl.teams.iter().filter_map(|r| r.target) {
            if !teams.contains(&t) {
                teams.push(t);
            }
        }
        if let Some(prod) = org.backlog_product(bl) {
            if !products.contains(&prod) {
                products.push(prod);
            }
        }
    }
    teams.len() <= small
        && products
            .iter()
            .all(|&pr| org.products[pr as usize].complexity != Complexity::High)
}

/// R002: one person holds both roles.
pub fn combined_pm_po(cx: &mut Cx) {
    let org = cx.org;
    let small = cx.opts().r002_max_teams_small;
    for (i, p) in org.active_people() {
        if !(p.is_pm && p.is_po) {
            continue;
        }
        let mut teams = Distinct::default();
        let mut products = Distinct::default();
        for &prod in &org.rel.products_managed[i as usize] {
            products.push(prod);
        }
        for &b in &org.rel.backlogs_owned[i as usize] {
            let bl = &org.backlogs[b as usize];
            for t in bl.teams.iter().filter_map(|r| r.target) {
                teams.push(t);
            }
            if let Some(prod) = org.backlog_product(bl) {
                products.push(prod);
            }
        }
        let complex: Vec<u32> = products
            .items
            .iter()
            .copied()
            .filter(|&pr| org.products[pr as usize].complexity == Complexity::High)
            .collect();
        let is_small = teams.len() <= small && complex.is_empty();
        let span = p.roles_span.unwrap_or(p.head.id_span);
        let why = if is_small {
            "acceptable on a small scope".to_string()
        } else if !complex.is_empty() {
            format!(
                "a high-complexity product (`{}`)",
                org.products[complex[0] as usize].head.id
            )
        } else {
            format!("backlogs for {} teams", teams.len())
        };
        let mut d = Diag::new(Loc { file: p.head.file, span }, format!("`{}` is both product manager and product owner ({why})", p.head.id))
            .label("both roles")
            .help(if is_small {
                "one person can hold both roles while the scope stays this small; split the roles when the product grows".to_string()
            } else {
                "split the roles: one person cannot give both strategy and a team's daily backlog work enough time at this scope".to_string()
            })
            .lower(is_small)
            .subject(format!("people[{}]#both", p.head.id));
        for &pr in &complex {
            d = d.with(org.products[pr as usize].head.id_loc(), "complexity: high");
        }
        cx.emit(d);
    }
}

/// R003: one owner owns backlogs of more than one product.
pub fn po_multiple_products(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_people() {
        let owned = &org.rel.backlogs_owned[i as usize];
        let mut seen = Distinct::default();
        let mut products: Vec<(u32, u32)> = Vec::new();
        for &b in owned {
            if !org.backlogs[b as usize].level.is_po_level() {
                continue;
            }
            if let Some(prod) = org.backlog_product(&org.backlogs[b as usize]) {
                if seen.push(prod) {
                    products.push((prod, b));
                }
            }
        }
        if products.len() < 2 {
            continue;
        }
        let mut d = Diag::new(
            p.head.id_loc(),
            format!(
                "`{}` owns backlogs of {} products",
                p.head.id,
                products.len()
            ),
        )
        .label("a product owner across products")
        .help("give each product its own product owner: a PO focuses on one product or area")
        .subject(format!("people[{}]#products", p.head.id));
        for (prod, b) in products {
            d = d.with(
                org.backlogs[b as usize].head.id_loc(),
                format!("a backlog of `{}`", org.products[prod as usize].head.id),
            );
        }
        cx.emit(d);
    }
}

/// R004: one owner's backlogs serve more than `max_teams_per_po` teams.
pub fn po_team_load(cx: &mut Cx) {
    let org = cx.org;
    let max = cx.opts().r004_max_teams_per_po;
    for (i, p) in org.active_people() {
        // PO holders only: a non-PO owner is O003's concern (issue 17, reading 8).
        if !p.is_po {
            continue;
        }
        let owned: Vec<u32> = org.rel.backlogs_owned[i as usize]
            .iter()
            .copied()
            .filter(|&b| org.backlogs[b as usize].level.is_po_level())
            .collect();
        let mut teams = Distinct::default();
        for &b in &owned {
            for t in org.backlogs[b as usize]
                .teams
                .iter()
                .filter_map(|r| r.target)
                .filter(|&t| org.teams[t as usize].kind.has_backlog())
            {
                teams.push(t);
            }
        }
        if teams.len() <= max {
            continue;
        }
        let mut d = Diag::new(p.head.id_loc(), format!("`{}` owns backlogs for {} teams (more than {max})", p.head.id, teams.len()))
            .label(format!("{} teams", teams.len()))
            .help(format!("give some of these teams a product owner of their own, so each PO serves at most {max} (the Scrum Guide allows one PO for all teams of a product; configure `max_teams_per_po` if that is your model)"))
            .subject(format!("people[{}]#teams", p.head.id));
        for &b in &owned {
            let bl = &org.backlogs[b as usize];
            d = d.with(
                bl.head.id_loc(),
                format!("backlog `{}` serves {} team(s)", bl.head.id, bl.teams.len()),
            );
        }
        cx.emit(d);
    }
}

/// R005: a team has more than `max_members` members.
pub fn team_size(cx: &mut Cx) {
    let max = cx.opts().r005_max_members;
    for (_, t) in cx.org.active_teams() {
        let n = t.members.len();
        if n <= max {
            continue;
        }
        let mut d = Diag::new(t.head.id_loc(), format!("team `{}` has {n} members (more than {max})", t.head.id))
            .label(format!("{n} members"))
            .help(format!("split the team: one product owner cannot work daily with {n} people, and the Scrum Guide suggests {max} or fewer"))
            .subject(format!("teams[{}]#size", t.head.id));
        if let Some(s) = t.members_span {
            d = d.with(t.head.loc(s), "the members");
        }
        cx.emit(d);
    }
}

/// R006: a person holding the PM role manages no product.
pub fn pm_without_product(cx: &mut Cx) {
    for (i, p) in cx.org.active_people() {
        if !p.is_pm || p.vacant || !cx.org.rel.products_managed[i as usize].is_empty() {
            continue;
        }
        let d = Diag::new(
            p.head.id_loc(),
            format!(
                "`{}` holds the product-manager role but manages no product",
                p.head.id
            ),
        )
        .label("a product manager without a product")
        .help(format!(
            "add `{}` to the `managers` of the product they manage, or drop the role",
            p.head.id
        ))
        .subject(format!("people[{}]#no-product", p.head.id));
        cx.emit(d);
    }
}
