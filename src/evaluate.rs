//! `rolelint classify --evaluate FILE.tsv`: how well the vocabulary in effect reads a
//! labelled set of duty statements. Lines are `label<TAB>statement` with the label S
//! (strategic), T (tactical), M (mixed) or N (neither: unclassified); blank lines and
//! lines starting with `#` are skipped. Organisations tune their own vocabulary with it.

use crate::classify::{Class, Classification, Vocabulary};

/// The classes in the order of the table: S, T, M, N.
pub const CLASSES: [Class; 4] = [
    Class::Strategic,
    Class::Tactical,
    Class::Mixed,
    Class::Unclassified,
];

pub fn letter(c: Class) -> &'static str {
    match c {
        Class::Strategic => "S",
        Class::Tactical => "T",
        Class::Mixed => "M",
        Class::Unclassified => "N",
    }
}

fn index(c: Class) -> usize {
    CLASSES.iter().position(|x| *x == c).unwrap_or(3)
}

/// One labelled statement of the file.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub line: usize,
    pub label: Class,
    pub text: String,
}

/// Reads the labelled lines; an error names the line and what is wrong with it.
pub fn read(text: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let l = line.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let Some((label, statement)) = l.split_once('\t') else {
            return Err(format!(
                "line {line_no}: expected `label<TAB>statement` (a tab after S, T, M or N)"
            ));
        };
        let label = match label.trim().to_ascii_uppercase().as_str() {
            "S" => Class::Strategic,
            "T" => Class::Tactical,
            "M" => Class::Mixed,
            "N" => Class::Unclassified,
            other => {
                return Err(format!(
                    "line {line_no}: unknown label `{other}` (expected S, T, M or N)"
                ))
            }
        };
        let statement = statement.trim();
        if statement.is_empty() {
            return Err(format!("line {line_no}: the statement is empty"));
        }
        out.push(Labelled {
            line: line_no,
            label,
            text: statement.to_string(),
        });
    }
    Ok(out)
}

/// The figures for one labelled set.
#[derive(Debug)]
pub struct Evaluation {
    pub total: usize,
    pub correct: usize,
    /// Strategic read as tactical or tactical as strategic.
    pub wrong_class: usize,
    /// `confusion[label][predicted]` in S, T, M, N order.
    pub confusion: [[usize; 4]; 4],
    pub misread: Vec<(Labelled, Classification)>,
}

impl Evaluation {
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.total)
    }

    pub fn wrong_class_rate(&self) -> f64 {
        ratio(self.wrong_class, self.total)
    }

    /// Precision and recall of one class (1.0 when nothing was predicted or labelled so).
    pub fn precision_recall(&self, c: Class) -> (f64, f64) {
        let i = index(c);
        let tp = self.confusion[i][i];
        let predicted: usize = (0..4).map(|l| self.confusion[l][i]).sum();
        let labelled: usize = self.confusion[i].iter().sum();
        (
            if predicted == 0 {
                1.0
            } else {
                ratio(tp, predicted)
            },
            if labelled == 0 {
                1.0
            } else {
                ratio(tp, labelled)
            },
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn evaluate(vocab: &Vocabulary, set: &[Labelled]) -> Evaluation {
    let mut e = Evaluation {
        total: set.len(),
        correct: 0,
        wrong_class: 0,
        confusion: [[0; 4]; 4],
        misread: Vec::new(),
    };
    for s in set {
        let c = vocab.classify(&s.text);
        e.confusion[index(s.label)][index(c.class)] += 1;
        if c.class == s.label {
            e.correct += 1;
        } else {
            if matches!(
                (s.label, c.class),
                (Class::Strategic, Class::Tactical) | (Class::Tactical, Class::Strategic)
            ) {
                e.wrong_class += 1;
            }
            e.misread.push((s.clone(), c));
        }
    }
    e
}

pub fn to_json(e: &Evaluation) -> serde_json::Value {
    let classes: serde_json::Map<String, serde_json::Value> = CLASSES
        .iter()
        .map(|c| {
            let (p, r) = e.precision_recall(*c);
            (
                letter(*c).to_string(),
                serde_json::json!({ "class": c.as_str(), "precision": p, "recall": r, "labelled": e.confusion[index(*c)].iter().sum::<usize>() }),
            )
        })
        .collect();
    let confusion: serde_json::Map<String, serde_json::Value> = CLASSES
        .iter()
        .map(|l| {
            let row: serde_json::Map<String, serde_json::Value> = CLASSES
                .iter()
                .map(|p| {
                    (
                        letter(*p).to_string(),
                        e.confusion[index(*l)][index(*p)].into(),
                    )
                })
                .collect();
            (letter(*l).to_string(), row.into())
        })
        .collect();
    let misread: Vec<serde_json::Value> = e
        .misread
        .iter()
        .map(|(s, c)| serde_json::json!({ "line": s.line, "text": s.text, "label": letter(s.label), "class": letter(c.class), "strategic": c.strategic, "tactical": c.tactical }))
        .collect();
    serde_json::json!({
        "version": 1,
        "statements": e.total,
        "correct": e.correct,
        "accuracy": e.accuracy(),
        "wrong_class": e.wrong_class,
        "wrong_class_rate": e.wrong_class_rate(),
        "classes": classes,
        "confusion": confusion,
        "misread": misread,
    })
}

pub fn to_human(e: &Evaluation) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} statements: accuracy {:.3} ({} right), wrong class {:.3} ({} strategic read as tactical or tactical as strategic)\n",
        e.total,
        e.accuracy(),
        e.correct,
        e.wrong_class_rate(),
        e.wrong_class
    );
    let _ = writeln!(s, "| class | precision | recall | labelled |");
    let _ = writeln!(s, "| --- | ---: | ---: | ---: |");
    for c in CLASSES {
        let (p, r) = e.precision_recall(c);
        let n: usize = e.confusion[index(c)].iter().sum();
        let _ = writeln!(
            s,
            "| {} {} | {p:.3} | {r:.3} | {n} |",
            letter(c),
            c.as_str()
        );
    }
    let _ = writeln!(s, "\n| labelled \\ read as | S | T | M | N |");
    let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: |");
    for l in CLASSES {
        let row = &e.confusion[index(l)];
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            letter(l),
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    if !e.misread.is_empty() {
        let _ = writeln!(
            s,
            "\nmisread (line, label -> read as, statement, terms that decided it):"
        );
        for (st, c) in &e.misread {
            let mut terms: Vec<String> = c.strategic.iter().map(|t| format!("+{t}")).collect();
            terms.extend(c.tactical.iter().map(|t| format!("-{t}")));
            let _ = writeln!(
                s,
                "{:>5}  {} -> {}  {}{}",
                st.line,
                letter(st.label),
                letter(c.class),
                st.text,
                if terms.is_empty() {
                    "  [no term]".to_string()
                } else {
                    format!("  [{}]", terms.join(", "))
                }
            );
        }
        let _ = writeln!(s, "\n(+ strategic term, - tactical term)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_scores() {
        let set = read("# c\n\nS\tOwn the pricing strategy\nT\tWrite user stories\nN\tWater the plants\nS\tWrite user stories\n").unwrap();
        assert_eq!(set.len(), 4);
        assert_eq!(set[0].line, 3);
        let e = evaluate(Vocabulary::builtin(), &set);
        assert_eq!((e.correct, e.wrong_class), (3, 1));
        assert_eq!(e.confusion[0][1], 1);
        let (p, r) = e.precision_recall(Class::Tactical);
        assert_eq!((p, r), (0.5, 1.0));
        assert!(to_human(&e).contains("S -> T  Write user stories  [-write user stories]"));
        assert_eq!(
            to_json(&e)["misread"][0]["tactical"][0],
            "write user stories"
        );
    }

    #[test]
    fn bad_lines_say_where() {
        assert!(read("S Own it\n").unwrap_err().starts_with("line 1:"));
        assert!(read("\nX\tOwn it\n")
            .unwrap_err()
            .contains("line 2: unknown label `X`"));
        assert!(read("S\t  \n").is_err());
    }
}
