//! The HTML report's view of the organisation: findings grouped by the product or person
//! they are about, read from the model (the renderer itself sees only findings).

use crate::diagnostics::Finding;
use crate::model::Org;
use crate::render::html::Group;

/// `section[id]` at the start of a finding's subject (`people[bob].title` -> people, bob).
fn subject_entity(subject: &str) -> Option<(&str, &str)> {
    let open = subject.find('[')?;
    let close = open + subject[open..].find(']')?;
    Some((&subject[..open], &subject[open + 1..close]))
}

fn heading(name: &Option<String>, id: &str) -> String {
    match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if n != id => format!("{n} ({id})"),
        _ => id.to_string(),
    }
}

/// Every finding once: under its product (products, and the teams and backlogs of a
/// product), else under its person, else with the files it is in.
pub fn groups(org: &Org, findings: &[Finding]) -> Vec<Group> {
    let mut by_product: Vec<Vec<usize>> = vec![Vec::new(); org.products.len()];
    let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); org.people.len()];
    let mut other: Vec<usize> = Vec::new();
    let product_of =
        |r: &Option<crate::model::Ref>| r.as_ref().and_then(|r| r.target).map(|t| t as usize);
    for (k, f) in findings.iter().enumerate() {
        let place = subject_entity(&f.subject).and_then(|(section, id)| match section {
            "products" => org.product_index(id).map(|i| (true, i as usize)),
            "teams" => org
                .team_index(id)
                .and_then(|t| product_of(&org.teams[t as usize].product))
                .map(|p| (true, p)),
            "backlogs" => org
                .backlog_index(id)
                .and_then(|b| product_of(&org.backlogs[b as usize].product))
                .map(|p| (true, p)),
            "people" | "loop" => org.person_index(id).map(|i| (false, i as usize)),
            _ => None,
        });
        match place {
            Some((true, p)) => by_product[p].push(k),
            Some((false, p)) => by_person[p].push(k),
            None => other.push(k),
        }
    }
    let mut out = Vec::new();
    for (p, list) in by_product.into_iter().enumerate() {
        if !list.is_empty() {
            let product = &org.products[p];
            out.push(Group {
                kind: "product",
                heading: heading(&product.name, &product.head.id),
                findings: list,
            });
        }
    }
    for (p, list) in by_person.into_iter().enumerate() {
        if !list.is_empty() {
            let person = &org.people[p];
            out.push(Group {
                kind: "person",
                heading: heading(&person.name, &person.head.id),
                findings: list,
            });
        }
    }
    if !other.is_empty() {
        out.push(Group {
            kind: "other",
            heading: "Files and job descriptions".to_string(),
            findings: other,
        });
    }
    out
}

/// Products none of whose managers holds the product-manager role, by id.
pub fn products_without_pm(org: &Org) -> Vec<String> {
    org.active_products()
        .filter(|(_, p)| {
            !p.managers
                .iter()
                .filter_map(|r| r.target)
                .any(|t| org.people[t as usize].is_pm)
        })
        .map(|(_, p)| p.head.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::subject_entity;

    #[test]
    fn subjects_name_their_entity() {
        assert_eq!(subject_entity("people[bob].title"), Some(("people", "bob")));
        assert_eq!(
            subject_entity("backlogs[b1].owner[x]#team"),
            Some(("backlogs", "b1"))
        );
        assert_eq!(subject_entity("titel"), None);
    }
}
