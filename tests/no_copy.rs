//! The rules paraphrase their sources: no 8 consecutive words of a seed may appear in
//! rules/, docs/ or src/.

use std::collections::HashSet;
use std::path::Path;

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
#[ignore = "needs ../shared/seeds beside the checkout: run by .ci/run with --ignored"]
fn no_eight_words_of_a_seed_are_copied() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    let mut seed_files = Vec::new();
    files(&seeds, &mut seed_files);
    assert!(
        !seed_files.is_empty(),
        "../shared/seeds not found beside the checkout"
    );
    let mut grams: HashSet<String> = HashSet::new();
    for f in seed_files {
        let w = words(&String::from_utf8_lossy(&std::fs::read(f).unwrap()));
        for g in w.windows(8) {
            grams.insert(g.join(" "));
        }
    }
    let mut ours = Vec::new();
    for d in ["rules", "docs", "src"] {
        files(&root.join(d), &mut ours);
    }
    let mut hits = Vec::new();
    for f in ours {
        let w = words(&String::from_utf8_lossy(&std::fs::read(&f).unwrap()));
        for g in w.windows(8) {
            let g = g.join(" ");
            if grams.contains(&g) {
                hits.push(format!("{}: {g}", f.display()));
            }
        }
    }
    assert!(hits.is_empty(), "copied from a seed:\n{}", hits.join("\n"));
}
