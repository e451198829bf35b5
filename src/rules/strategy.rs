//! Strategy vs tactics (T): a product manager owns the why and what (vision, strategy,
//! market, pricing), a product owner the how and when (backlog, stories, acceptance). When
//! the duties written down for a person contradict their role, one of the two jobs is
//! either done by the wrong person or not done at all.

use super::Cx;
use crate::classify::Class;
use crate::diagnostics::Diag;
use crate::model::{Loc, Person};
use crate::roles::{Role, TitleRole};

fn quoted(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names a list of people for a help text: "`pia`", "`pia` or `pete`".
fn names(org: &crate::model::Org, people: &[u32]) -> String {
    let v: Vec<String> = people
        .iter()
        .take(3)
        .map(|&p| format!("`{}`", org.people[p as usize].head.id))
        .collect();
    v.join(" or ")
}

/// T001: a person holding only the PO role has a strategic responsibility.
pub fn po_strategic_duty(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_people() {
        if !p.only_po() || p.vacant {
            continue;
        }
        let duties = cx.duties.of(i);
        let mut pms: Option<Vec<u32>> = None;
        for (r, c) in p.responsibilities.iter().zip(duties) {
            if c != Class::Strategic {
                continue;
            }
            let pms = pms.get_or_insert_with(|| {
                let mut v = crate::model::Distinct::default();
                for prod in org.products_worked_on(i) {
                    for pm in org.pms_of_product(prod) {
                        v.push(pm);
                    }
                }
                v.items
            });
            let help = if pms.is_empty() {
                "move it to the product manager of this product; none of this person's products has one (see T004), so name one or accept that this PO also does strategy".to_string()
            } else {
                format!("move it to {}, the product manager of this product (two sources give market research or pricing to the PO, so this stays a warning)", names(org, pms))
            };
            let mut d = Diag::new(
                Loc {
                    file: p.head.file,
                    span: r.span,
                },
                format!(
                    "product owner `{}` has a strategic duty ({})",
                    p.head.id,
                    quoted(&cx.duties.words(&r.value).strategic)
                ),
            )
            .label("strategic: product manager work")
            .help(help)
            .subject(format!(
                "people[{}].responsibilities[{:?}]",
                p.head.id, r.value
            ));
            for &pm in pms.iter().take(3) {
                d = d.with(
                    org.people[pm as usize].head.id_loc(),
                    format!("`{}` manages this product", org.people[pm as usize].head.id),
                );
            }
            cx.emit(d);
        }
    }
}

/// T002: a person holding only the PM role has a tactical responsibility.
pub fn pm_tactical_duty(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_people() {
        if !p.only_pm() || p.vacant {
            continue;
        }
        let duties = cx.duties.of(i);
        let mut pos: Option<Vec<u32>> = None;
        for (r, c) in p.responsibilities.iter().zip(duties) {
            if c != Class::Tactical {
                continue;
            }
            let pos = pos.get_or_insert_with(|| super::ratio::pos_of_pm(org, i));
            let help = if pos.is_empty() {
                "this is product owner work: give it to the product owner of the team (none owns a backlog of this PM's products yet)".to_string()
            } else {
                format!("the product owner of the team owns it: {} (some sources let a PM write stories or attend stand-ups, so this stays a warning)", names(org, pos))
            };
            let mut d = Diag::new(
                Loc {
                    file: p.head.file,
                    span: r.span,
                },
                format!(
                    "product manager `{}` has a tactical duty ({})",
                    p.head.id,
                    quoted(&cx.duties.words(&r.value).tactical)
                ),
            )
            .label("tactical: product owner work")
            .help(help)
            .subject(format!(
                "people[{}].responsibilities[{:?}]",
                p.head.id, r.value
            ));
            for &po in pos.iter().take(3) {
                d = d.with(
                    org.people[po as usize].head.id_loc(),
                    format!(
                        "`{}` owns a backlog of this product",
                        org.people[po as usize].head.id
                    ),
                );
            }
            cx.emit(d);
        }
    }
}

fn role_words(role: Role) -> &'static str {
    match role {
        Role::ProductManager => "product manager",
        Role::ProductOwner => "product owner",
    }
}

/// Where a person-level role problem points: the title, else the roles, else the id.
fn label_loc(p: &Person) -> Loc {
    let span = p
        .title
        .as_ref()
        .map(|t| t.span)
        .or(p.roles_span)
        .unwrap_or(p.head.id_span);
    p.head.loc(span)
}

/// T003's test: the role a person holds (exactly one of the two), and whether at least
/// `min_classified` of their duties are classified with `min_share` of them the other
/// role's class.
fn duties_contradict(cx: &Cx, i: u32, p: &Person) -> Option<(Role, usize, usize)> {
    let role = match (p.is_pm, p.is_po) {
        (true, false) => Role::ProductManager,
        (false, true) => Role::ProductOwner,
        _ => return None,
    };
    let duties = cx.duties.of(i);
    let total = duties.clone().filter(|&c| c != Class::Unclassified).count();
    let other = duties.filter(|&c| c == other_class(role)).count();
    let (min, share) = (cx.opts().t003_min_classified, cx.opts().t003_min_share);
    (total >= min && share.reached(other, total)).then_some((role, other, total))
}

fn other_class(role: Role) -> Class {
    match role {
        Role::ProductManager => Class::Tactical,
        Role::ProductOwner => Class::Strategic,
    }
}

/// T003: most classified duties belong to the other role.
pub fn title_mismatch(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_people().filter(|(_, p)| !p.vacant) {
        let Some((role, other, total)) = duties_contradict(cx, i, p) else {
            continue;
        };
        let other_class = other_class(role);
        let duties = cx.duties.of(i);
        let mut d = Diag::new(
            label_loc(p),
            format!(
                "`{}` is a {} in name, but {} of {} classified duties are {} work",
                p.head.id,
                role_words(role),
                other,
                total,
                role_words(role.other())
            ),
        )
        .label(format!("labelled {}", role_words(role)))
        .help(format!(
            "either the label is wrong (make `{}` a {}) or the duties are: move the {} duties to the {}",
            p.head.id,
            role_words(role.other()),
            other_class.as_str(),
            role_words(role.other())
        ))
        .subject(format!("people[{}]#mismatch", p.head.id));
        for (r, c) in p.responsibilities.iter().zip(duties) {
            if c == other_class {
                d = d.with(p.head.loc(r.span), other_class.as_str());
            }
        }
        cx.emit(d);
    }
}

/// Whether a product has its product lead: a manager holding the product-manager role, or,
/// where the Product Owner is the product's lead (`po_leads_product`, the `scrum-guide`
/// preset), one holding the product-owner role.
fn has_lead(org: &crate::model::Org, product: u32, po_leads: bool) -> bool {
    if !org.pms_of_product(product).is_empty() {
        return true;
    }
    po_leads
        && org.products[product as usize]
            .managers
            .iter()
            .filter_map(|r| r.target)
            .any(|t| org.people[t as usize].is_po)
}

/// T004: a product has backlogs or teams but no PM.
pub fn product_without_pm(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_products() {
        let has_work = !org.rel.backlogs_of_product[i as usize].is_empty()
            || !org.rel.teams_of_product[i as usize].is_empty();
        if !has_work || has_lead(org, i, cx.opts().t004_po_leads_product) {
            continue;
        }
        let d = Diag::new(p.head.id_loc(), format!("product `{}` has teams or backlogs but no product manager", p.head.id))
            .label("nobody owns this product's strategy")
            .help("add a person holding the product-manager role to its `managers`: a product owner does not make a product manager unnecessary")
            .subject(format!("products[{}]", p.head.id));
        cx.emit(d);
    }
}

/// T005: a PO works on a product that has no PM.
pub fn po_without_pm(cx: &mut Cx) {
    let org = cx.org;
    for (i, p) in org.active_people() {
        if !p.is_po {
            continue;
        }
        let po_leads = cx.opts().t005_po_leads_product;
        let orphan: Vec<u32> = org
            .products_worked_on(i)
            .into_iter()
            .filter(|&prod| !has_lead(org, prod, po_leads))
            .collect();
        if orphan.is_empty() {
            continue;
        }
        let mut d = Diag::new(p.head.id_loc(), format!("product owner `{}` works on a product without a product manager", p.head.id))
            .label("no PM to take the strategy")
            .help("name a product manager for the product, or expect this PO to be pulled into strategy work")
            .subject(format!("people[{}]#no-pm", p.head.id));
        for prod in orphan {
            let pr = &org.products[prod as usize];
            d = d.with(
                pr.head.id_loc(),
                format!("product `{}` has no product manager", pr.head.id),
            );
        }
        cx.emit(d);
    }
}

/// T006: the title names one role and `roles` hold the other one only.
pub fn title_role_conflict(cx: &mut Cx) {
    for (i, p) in cx.org.active_people() {
        let (Some(title), TitleRole::One(role)) = (&p.title, &p.title_role) else {
            continue;
        };
        if p.vacant {
            continue;
        }
        if p.holds(*role) || !p.holds(role.other()) {
            continue;
        }
        // The label defect (pm1) is a title with unchanged duties: only when the duties
        // contradict the role too (T003) is it a warning; otherwise it is most often a
        // naming convention, reported as info (issue 17, reading 4).
        let evidence = duties_contradict(cx, i, p).is_some();
        let convention = match role {
            Role::ProductManager => "titles every team-level PO 'Product Manager'",
            Role::ProductOwner => "titles its product managers 'Product Owner'",
        };
        let help = if evidence {
            format!("the duties contradict the role too (T003): either `{}` is a {} (set the role to `{}`) or the duties belong to one", p.head.id, role_words(*role), role.canonical())
        } else {
            format!("the duties fit the role, so this is probably a convention: an organisation that {convention}; align the title with the role (or map the title with a config `titles:` entry) so both say {}", role_words(role.other()))
        };
        let mut d = Diag::new(
            p.head.loc(title.span),
            format!(
                "title `{}` says {}, but `{}` holds the {} role",
                title.value,
                role_words(*role),
                p.head.id,
                role.other().canonical()
            ),
        )
        .label(format!("a {} title", role_words(*role)))
        .help(help)
        .lower(!evidence)
        .subject(format!("people[{}].title", p.head.id))
        .fix(retitle(
            &title.value,
            cx.org
                .text(p.head.file)
                .get(title.span.range())
                .unwrap_or(""),
            title.span,
            *role,
            p.head.file,
        ));
        for r in &p.roles {
            if r.name == crate::roles::RoleName::Known(role.other()) {
                d = d.with(p.head.loc(r.span), "the role held");
            }
        }
        cx.emit(d);
    }
}

/// T006's fix (unsafe: the roles may be what is wrong): the title names the role held
/// instead, keeping its other words when it spells the role out.
fn retitle(
    title: &str,
    source: &str,
    span: crate::span::Span,
    said: Role,
    file: crate::model::FileId,
) -> crate::diagnostics::Fix {
    let held = role_title(said.other());
    let lower = title.to_lowercase();
    let new = match lower.find(&role_title(said).to_lowercase()) {
        Some(at)
            if title.is_char_boundary(at)
                && title.is_char_boundary(at + role_title(said).len()) =>
        {
            format!(
                "{}{held}{}",
                &title[..at],
                &title[at + role_title(said).len()..]
            )
        }
        _ => held.to_string(),
    };
    crate::diagnostics::Fix::replace(
        format!("Retitle as `{new}`"),
        false,
        crate::model::Loc { file, span },
        crate::diagnostics::yaml_scalar(source, &new),
    )
}

fn role_title(role: Role) -> &'static str {
    match role {
        Role::ProductManager => "Product Manager",
        Role::ProductOwner => "Product Owner",
    }
}
