//! Job descriptions (J): an ad names one role and lists the duties of the job. When the
//! duties belong to the other role, or to both, the person hired will be measured against a
//! job the title does not describe.

use super::Cx;
use crate::classify::{normalise, Class, Classification};
use crate::diagnostics::Diag;
use crate::model::{Job, Loc};
use crate::roles::{Role, TitleRole};
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

fn role_words(role: Role) -> &'static str {
    match role {
        Role::ProductManager => "product manager",
        Role::ProductOwner => "product owner",
    }
}

/// Where J001-J004 point: the title (J005 means there is none; then the start of the file).
fn title_loc(job: &Job) -> Loc {
    Loc {
        file: job.file,
        span: job.doc.title.as_ref().map_or(Span::at(0), |t| t.span),
    }
}

fn subject(job: &Job, what: &str) -> String {
    format!(
        "jd[{}]#{what}",
        job.doc.title.as_ref().map_or("", |t| t.value.as_str())
    )
}

/// Labels on the strategic and tactical bullets, so the reader sees which duty belongs to
/// which job.
fn label_bullets(mut d: Diag, job: &Job, classes: &[Classification]) -> Diag {
    for (s, c) in job.doc.statements.iter().zip(classes) {
        let what = match c.class {
            Class::Strategic => "strategic: product manager work",
            Class::Tactical => "tactical: product owner work",
            _ => continue,
        };
        d = d.with(
            Loc {
                file: job.file,
                span: s.span,
            },
            what,
        );
    }
    d
}

/// J001: the title names one role, the duties are mostly the other's.
pub fn jd_title_mismatch(cx: &mut Cx) {
    let (min, share) = (cx.opts().j001_min_classified, cx.opts().j001_min_share);
    for (job, classes) in cx.org.jobs.iter().zip(cx.bullets) {
        let TitleRole::One(role) = job.title_role else {
            continue;
        };
        let total = classes.iter().filter(|c| c.is_classified()).count();
        let other_class = match role {
            Role::ProductManager => Class::Tactical,
            Role::ProductOwner => Class::Strategic,
        };
        let other = classes.iter().filter(|c| c.class == other_class).count();
        if total < min || !share.reached(other, total) {
            continue;
        }
        let d = Diag::new(
            title_loc(job),
            format!(
                "the ad is titled {}, but {other} of its {total} classified duties are {} work",
                role_words(role),
                role_words(role.other())
            ),
        )
        .label(format!("a {} title", role_words(role)))
        .help(format!(
            "retitle the ad as {} if that is the job, or rewrite the duties around the {}'s work",
            role_words(role.other()),
            role_words(role)
        ))
        .subject(subject(job, "mismatch"));
        cx.emit(label_bullets(d, job, classes));
    }
}

/// J002: both classes are substantial: two jobs in one ad.
pub fn jd_mixed_role(cx: &mut Cx) {
    let (min, share) = (cx.opts().j002_min_classified, cx.opts().j002_min_share);
    for (job, classes) in cx.org.jobs.iter().zip(cx.bullets) {
        let total = classes.iter().filter(|c| c.is_classified()).count();
        let s = classes
            .iter()
            .filter(|c| c.class == Class::Strategic)
            .count();
        let t = classes
            .iter()
            .filter(|c| c.class == Class::Tactical)
            .count();
        if total < min || !share.reached(s, total) || !share.reached(t, total) {
            continue;
        }
        let d = Diag::new(title_loc(job), format!("the ad asks for two jobs: {s} strategic and {t} tactical duties of {total} classified"))
            .label("one ad, two roles")
            .help("split it into a product manager ad and a product owner ad, or keep one role's duties; one person doing both is overloaded except on a small product")
            .subject(subject(job, "mixed"));
        cx.emit(label_bullets(d, job, classes));
    }
}

fn backlog_word() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)(?-u:\b)backlogs?(?-u:\b)").expect("valid"))
}

fn strategy_word() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(?-u:\b)(?:vision|strategy|strategic|road ?-?map|markets?)(?-u:\b)")
            .expect("valid")
    })
}

/// J003: a PO ad without a backlog duty, or a PM ad without a vision, strategy or market duty.
pub fn jd_missing_core_duty(cx: &mut Cx) {
    for job in &cx.org.jobs {
        let TitleRole::One(role) = job.title_role else {
            continue;
        };
        let (word, missing, fix) = match role {
            Role::ProductOwner => (backlog_word(), "no backlog duty", "add the duty that defines the job: owning and ordering the product backlog"),
            Role::ProductManager => (strategy_word(), "no vision, strategy or market duty", "add the duties that define the job: the product vision, strategy, roadmap or market"),
        };
        if job
            .doc
            .statements
            .iter()
            .any(|s| word.is_match(&normalise(&s.value)))
        {
            continue;
        }
        let d = Diag::new(
            title_loc(job),
            format!("a {} ad with {missing}", role_words(role)),
        )
        .label(format!("a {} title", role_words(role)))
        .help(fix)
        .subject(subject(job, "core"));
        cx.emit(d);
    }
}

/// J004: the title names both roles, or an ambiguous abbreviation.
pub fn jd_ambiguous_title(cx: &mut Cx) {
    for job in &cx.org.jobs {
        let (Some(title), TitleRole::Ambiguous(why)) = (&job.doc.title, &job.title_role) else {
            continue;
        };
        let d = Diag::new(title_loc(job), format!("the title `{}` is ambiguous: {why}", title.value))
            .label("cannot be mapped to one role")
            .help("name one role: `Product Manager` or `Product Owner` (write out `PM`, which may also mean project manager)")
            .subject(subject(job, "ambiguous"));
        cx.emit(d);
    }
}

/// J005: no title can be found.
pub fn jd_no_title(cx: &mut Cx) {
    for job in &cx.org.jobs {
        if job.doc.title.is_some() {
            continue;
        }
        let d = Diag::new(title_loc(job), "the job description has no title")
            .label("no heading or first line to read a title from")
            .help("start the description with the job title as a heading, e.g. `# Product Owner`")
            .subject("jd#no-title");
        cx.emit(d);
    }
}
