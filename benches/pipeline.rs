//! In-process stages (read, parse, model, rules, render) on generated orgs of 1k, 10k and
//! 100k people, and the classification of ASCII against accented duty statements (they
//! should cost about the same: the vocabulary matches ASCII word boundaries). The
//! whole-process race against the peers is `../shared/bench/run`.
//!
//!     cargo bench                      # needs python3 and ../shared/bench/gen_org.py
//!     ROLELINT_BENCH_SIZES=1000 cargo bench

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rolelint::config::{Config, Settings};
use rolelint::engine::{self, Input};
use rolelint::load::{walk::Found, FileKind, DEFAULT_MAX_FILE_SIZE};
use std::path::{Path, PathBuf};

fn org_file(people: usize) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("org-{people}.org.yaml"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).ok()?;
        let gen = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_org.py");
        let ok = std::process::Command::new("python3")
            .arg(gen)
            .args(["--people", &people.to_string()])
            .arg(&path)
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    Some(path)
}

fn inputs(path: &Path, bytes: &[u8]) -> Vec<Input> {
    vec![Input {
        found: Found {
            path: path.to_path_buf(),
            display: "org.org.yaml".into(),
            kind: FileKind::Org,
        },
        bytes: Some(bytes.to_vec()),
    }]
}

fn stages(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("ROLELINT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let config = Config::new(Settings::default(), DEFAULT_MAX_FILE_SIZE);
    for people in sizes {
        let Some(path) = org_file(people) else {
            eprintln!(
                "skipped {people}: could not generate the org (python3 and ../shared/bench needed)"
            );
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let mut group = c.benchmark_group(format!("{people} people"));
        if people >= 100_000 {
            group.sample_size(10);
        }
        group.bench_function("read", |b| {
            b.iter(|| {
                engine::read_all(
                    vec![Input {
                        found: Found {
                            path: path.clone(),
                            display: String::new(),
                            kind: FileKind::Org,
                        },
                        bytes: None,
                    }],
                    DEFAULT_MAX_FILE_SIZE,
                )
            })
        });
        group.bench_function("parse", |b| {
            b.iter_batched(
                || engine::read_all(inputs(&path, &bytes), DEFAULT_MAX_FILE_SIZE),
                |read| engine::parse_all(read, DEFAULT_MAX_FILE_SIZE).unwrap(),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("model", |b| {
            b.iter_batched(
                || {
                    engine::parse_all(
                        engine::read_all(inputs(&path, &bytes), DEFAULT_MAX_FILE_SIZE),
                        DEFAULT_MAX_FILE_SIZE,
                    )
                    .unwrap()
                },
                |parsed| engine::build_model(parsed, &config),
                BatchSize::LargeInput,
            )
        });
        let org = engine::build_model(
            engine::parse_all(
                engine::read_all(inputs(&path, &bytes), DEFAULT_MAX_FILE_SIZE),
                DEFAULT_MAX_FILE_SIZE,
            )
            .unwrap(),
            &config,
        );
        group.bench_function("rules", |b| b.iter(|| engine::check_model(&org, &config)));
        let (mut findings, notes) = engine::check_model(&org, &config);
        rolelint::render::sort(&mut findings, &org.files);
        let report = rolelint::render::Report {
            files: &org.files,
            findings: &findings,
            counts: rolelint::diagnostics::Counts::of(&findings),
            notes: &notes,
            statistics: None,
            context: &[],
        };
        group.bench_function("render json", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                rolelint::render::json::render(&report, &mut out).unwrap();
                out
            })
        });
        group.bench_function("render human", |b| {
            b.iter(|| {
                let mut out = Vec::new();
                let style = rolelint::render::human::Style {
                    color: false,
                    width: 100,
                };
                rolelint::render::human::render(&report, &style, &mut out).unwrap();
                out
            })
        });
        // The HTML report's own work beside the JSON render: the graph, its SVG per
        // product, the groups (the bound: the whole report at most 1.3x JSON).
        group.bench_function("render html", |b| {
            b.iter(|| {
                let graph = rolelint::graph::build(&org, &findings, &Default::default()).unwrap();
                let diagrams = rolelint::graph::svg::per_product(&graph)
                    .into_iter()
                    .map(|(t, g)| {
                        let svg = rolelint::graph::svg::render(&g, &t);
                        (t, svg)
                    })
                    .collect();
                let page = rolelint::render::html::Page {
                    diagrams,
                    groups: rolelint::report::groups(&org, &findings),
                    ..Default::default()
                };
                let mut out = Vec::new();
                rolelint::render::html::render(&report, &page, &mut out).unwrap();
                out
            })
        });
        group.finish();
    }
}

/// The statements of the classification table, as written and with one in five carrying
/// é and ’ as real names and duties do.
fn classification(c: &mut Criterion) {
    #[derive(serde::Deserialize)]
    struct Table {
        statements: Vec<Row>,
    }
    #[derive(serde::Deserialize)]
    struct Row {
        text: String,
    }
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/classification.yaml"
    ))
    .unwrap();
    let table: Table = serde_saphyr::from_str(&text).unwrap();
    let ascii: Vec<String> = table
        .statements
        .into_iter()
        .map(|r| r.text)
        .filter(|t| t.is_ascii())
        .collect();
    let mixed: Vec<String> = ascii
        .iter()
        .enumerate()
        .map(|(i, t)| match i % 5 {
            0 => format!("{t} pour l’équipe"),
            _ => t.clone(),
        })
        .collect();
    let v = rolelint::classify::Vocabulary::builtin();
    let mut group = c.benchmark_group("classify");
    for (name, set) in [("ascii", &ascii), ("accented", &mixed)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                for s in set.iter() {
                    std::hint::black_box(v.classify(s));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages, classification);
criterion_main!(benches);
