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
