//! `check --statistics`: per-rule counts and the organisation's shape, including the PM:PO
//! ratio org-wide and per PM (cli.md).

use crate::diagnostics::Finding;
use crate::model::Org;
use crate::rules::ratio::pos_of_pm;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// `1:2.5`, `1:2.67`, `1:3`: POs per PM with at most two decimals, trailing zeros dropped.
pub fn ratio(pms: usize, pos: usize) -> String {
    if pms == 0 {
        return format!("0:{pos}");
    }
    let x = format!("{:.2}", pos as f64 / pms as f64);
    let x = x.trim_end_matches('0').trim_end_matches('.');
    format!("1:{x}")
}

pub fn compute(org: &Org, findings: &[Finding]) -> Value {
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *rules.entry(f.code.as_str()).or_default() += 1;
    }
    let people: Vec<_> = org.active_people().collect();
    let pms = people.iter().filter(|(_, p)| p.is_pm).count();
    let pos = people.iter().filter(|(_, p)| p.is_po).count();
    let both = people.iter().filter(|(_, p)| p.is_pm && p.is_po).count();
    let managing: Vec<u32> = people
        .iter()
        .filter(|(i, p)| p.is_pm && !org.rel.products_managed[*i as usize].is_empty())
        .map(|(i, _)| *i)
        .collect();
    let owning = people
        .iter()
        .filter(|(i, p)| p.is_po && !org.rel.backlogs_owned[*i as usize].is_empty())
        .count();
    let teams = org.active_teams().count();
    let without = org
        .active_teams()
        .filter(|(i, _)| {
            !org.rel.backlogs_of_team[*i as usize].iter().any(|&b| {
                org.backlogs[b as usize]
                    .owners
                    .iter()
                    .filter_map(|o| o.target)
                    .any(|o| org.people[o as usize].is_po)
            })
        })
        .count();
    let per_pm: Vec<Value> = managing
        .iter()
        .map(|&pm| {
            let n = pos_of_pm(org, pm).len();
            json!({ "id": org.people[pm as usize].head.id, "product_owners": n, "ratio": ratio(1, n) })
        })
        .collect();
    json!({
        "rules": rules,
        "products": org.active_products().count(),
        "product_managers": pms,
        "product_owners": pos,
        "both_roles": both,
        "teams": teams,
        "teams_without_po_backlog": without,
        "ratio": ratio(managing.len(), owning),
        "per_pm": per_pm,
    })
}

/// The human table printed after the report.
pub fn render(stats: &Value, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, "\nStatistics")?;
    if let Some(rules) = stats["rules"].as_object() {
        for (code, n) in rules {
            let name = crate::catalog::catalog()
                .find(code)
                .map_or("", |r| r.name.as_str());
            let code = crate::term::escape(code);
            writeln!(out, "  {code:<6} {name:<28} {n}")?;
        }
    }
    for (label, key) in [
        ("products", "products"),
        ("product managers", "product_managers"),
        ("product owners", "product_owners"),
        ("people holding both", "both_roles"),
        ("teams", "teams"),
        (
            "teams without a PO-owned backlog",
            "teams_without_po_backlog",
        ),
    ] {
        writeln!(out, "  {label:<34} {}", stats[key])?;
    }
    writeln!(
        out,
        "  {:<34} {}",
        "PM:PO ratio",
        stats["ratio"].as_str().unwrap_or("")
    )?;
    if let Some(per) = stats["per_pm"].as_array() {
        for p in per {
            writeln!(
                out,
                "    {:<32} {}",
                crate::term::escape(p["id"].as_str().unwrap_or("")),
                p["ratio"].as_str().unwrap_or("")
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn ratios() {
        assert_eq!(super::ratio(3, 8), "1:2.67");
        assert_eq!(super::ratio(2, 5), "1:2.5");
        assert_eq!(super::ratio(1, 3), "1:3");
    }
}
