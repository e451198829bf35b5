//! The vocabulary judged on a table of duty statements kept as data (tests/data/), half
//! paraphrasing the sources, half written as real postings phrase them.

use rolelint::classify::{Class, Vocabulary};
use serde::Deserialize;

#[derive(Deserialize)]
struct Table {
    statements: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    text: String,
    class: Class,
    origin: String,
}

fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/classification.yaml"
    ))
    .unwrap();
    serde_saphyr::from_str::<Table>(&text).unwrap().statements
}

#[test]
fn vocabulary_classifies_the_table() {
    let v = Vocabulary::builtin();
    let rows = table();
    assert!(rows.len() >= 60);
    let mut exact = 0;
    let mut wrong = Vec::new();
    for r in &rows {
        let got = v.classify(&r.text).class;
        if got == r.class {
            exact += 1;
        }
        let opposite = matches!(
            (r.class, got),
            (Class::Strategic, Class::Tactical) | (Class::Tactical, Class::Strategic)
        );
        if opposite || (r.origin == "neither" && got != Class::Unclassified) {
            wrong.push(format!("{:?}: expected {:?}, got {got:?}", r.text, r.class));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        exact * 10 >= rows.len() * 9,
        "{exact} of {} exact",
        rows.len()
    );
}

/// Non-ASCII statements must not cost much more than ASCII ones (ASCII word boundaries):
/// compared within one run, so the machine's speed does not matter.
#[test]
fn non_ascii_statements_classify_within_twice_the_ascii_cost() {
    let v = Vocabulary::builtin();
    let rows = table();
    let ascii: Vec<String> = rows
        .iter()
        .map(|r| r.text.clone())
        .filter(|t| t.is_ascii())
        .take(50)
        .collect();
    // 20% of the statements carry é and ’, as real names and duties do.
    let mixed: Vec<String> = ascii
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i % 5 == 0 {
                format!("{t} pour l’équipe")
            } else {
                t.clone()
            }
        })
        .collect();
    let time = |set: &[String]| {
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                for _ in 0..20 {
                    for s in set {
                        std::hint::black_box(v.classify(s));
                    }
                }
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    time(&ascii);
    let (a, m) = (time(&ascii), time(&mixed));
    assert!(m < a * 2, "ascii {a:?}, mixed {m:?}");
}
