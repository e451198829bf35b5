//! `rolelint import`: a Backstage catalog and HR exports (fixtures under tests/import/)
//! become an org file that `rolelint check` reads without S-family errors; `--merge` keeps
//! what the user wrote; bad sources are reported with file and line, never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/import")
}

/// Runs rolelint in `dir`: (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Lints an org file alone: (exit code, the codes found).
fn lint(path: &Path) -> (i32, Vec<String>) {
    let (code, out, err) = run_in(
        path.parent().unwrap(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            path.to_str().unwrap(),
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    let codes = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    (code, codes)
}

fn import_to_file(args: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("org.yaml");
    let mut all: Vec<&str> = args.to_vec();
    let o = out.to_str().unwrap().to_string();
    all.extend(["--no-config", "-o", &o]);
    let (code, stdout, stderr) = run_in(&fixtures(), &all);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let text = std::fs::read_to_string(&out).unwrap();
    (dir, out, text)
}

#[test]
fn backstage_catalog_becomes_an_org_file() {
    let (code, out, err) = run_in(
        &fixtures(),
        &[
            "import",
            "backstage",
            "backstage/catalog-info.yaml",
            "--products-from",
            "product-area",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("backstage_org", out);
    insta::assert_snapshot!("backstage_problems", err);
    // The catalog: 2 business units, 6 teams, 33 users over 3 files (one duplicate).
    assert_eq!(out.matches("\n  - id: ").count(), 3 + 6 + 32, "{out}");
}

#[test]
fn backstage_import_lints_without_structure_errors() {
    let (_dir, path, _) = import_to_file(&[
        "import",
        "backstage",
        "backstage/catalog-info.yaml",
        "--products-from",
        "product-area",
    ]);
    let (code, codes) = lint(&path);
    assert!(codes.iter().all(|c| !c.starts_with('S')), "{codes:?}");
    // Its domain findings are the point: teams without backlogs are errors.
    assert!(codes.iter().any(|c| c == "O004"), "{codes:?}");
    assert_eq!(code, 1);
}

#[test]
fn backstage_folder_and_mapping_options() {
    // A folder is walked; no Location needed. Titles from another place, teams of two types.
    let (code, out, err) = run_in(
        &fixtures(),
        &[
            "import",
            "backstage",
            "backstage/org",
            "--team-types",
            "team,product-area",
            "--title-from",
            "metadata.description",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "  - id: rider-app\n    name: Rider App\n    members: [hana-kowalski, tomas-ribeiro]"
        ),
        "{out}"
    );
    assert!(!out.contains("\nproducts:\n"), "{out}");
    // No user has a description: no titles, so no roles guessed, only the annotated ones.
    assert!(!out.contains("title:"), "{out}");
    assert!(out.contains("roles: [product-manager]\n"), "{out}");
}

#[test]
fn bamboohr_export_with_bom_and_quoted_commas() {
    let (code, out, err) = run_in(
        &fixtures(),
        &[
            "import",
            "csv",
            "hr/bamboohr.csv",
            "--preset",
            "bamboohr",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("bamboohr_org", out);
    insta::assert_snapshot!("bamboohr_problems", err);
    assert!(out.contains("title: Director of Product, Consumer"));
    // Namesakes get their employee number, so that their ids do not depend on row order.
    assert!(out.contains("- id: jane-doe-110") && out.contains("- id: jane-doe-111"));
}

#[test]
fn personio_export_in_windows_1252_with_semicolons() {
    let (code, out, err) = run_in(
        &fixtures(),
        &[
            "import",
            "csv",
            "hr/personio.csv",
            "--preset",
            "personio",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("personio_org", out);
    assert!(out.contains("Windows-1252, delimiter `;`"), "{out}");
    assert!(out.contains("name: Renée Müller") && out.contains("- id: renee-muller"));
    assert!(
        out.contains("title: \"Software Engineer; Backend\""),
        "{out}"
    );
    assert!(
        err.contains("hr/personio.csv:9: manager `Someone Gone`"),
        "{err}"
    );
}

#[test]
fn csv_imports_lint_without_structure_errors() {
    for (file, preset) in [
        ("hr/bamboohr.csv", "bamboohr"),
        ("hr/personio.csv", "personio"),
    ] {
        let (_dir, path, _) = import_to_file(&["import", "csv", file, "--preset", preset]);
        let (code, codes) = lint(&path);
        assert!(
            codes.iter().all(|c| !c.starts_with('S')),
            "{file}: {codes:?}"
        );
        assert!(code == 0 || code == 1, "{file}: {code}");
    }
}

#[test]
fn explicit_column_mapping_and_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("workday.csv");
    std::fs::write(
        &csv,
        "Worker|Business Title|Manager Worker|Supervisory Org|Worker ID\n\
         Ada Lovelace|Product Owner|Grace Hopper|Compilers|W1\n\
         Grace Hopper|Senior Product Manager||Compilers|W2\n",
    )
    .unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "workday.csv",
            "--map",
            "name=Worker,title=Business Title,manager=Manager Worker,team=Supervisory Org,id=Worker ID",
            "--delimiter",
            "|",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("- id: ada-lovelace\n    name: Ada Lovelace\n    title: Product Owner\n    roles: [product-owner]  # role from title \"Product Owner\"\n    reports_to: grace-hopper\n"), "{out}");
    assert!(
        out.contains("members: [ada-lovelace, grace-hopper]"),
        "{out}"
    );
}

#[test]
fn csv_mapping_mistakes_stop_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.csv"), "Full name,Job title\nAda,PO\n").unwrap();
    std::fs::write(dir.path().join("b.csv"), "Colour,Size\nred,3\n").unwrap();
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "a.csv",
            "--map",
            "title=Job titel",
            "--no-config",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "a.csv:1: --map title=Job titel: no column `Job titel` (did you mean `Job title`?)"
        ),
        "{err}"
    );
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "a.csv",
            "--map",
            "rank=Job title",
            "--no-config",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `rank`"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["import", "csv", "b.csv", "--no-config"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no column for the person's name or id; the columns are: Colour, Size"),
        "{err}"
    );
    let (code, _, err) = run_in(dir.path(), &["import", "csv", "missing.csv", "--no-config"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.csv: cannot read"), "{err}");
}

#[test]
fn merge_keeps_what_the_user_wrote_and_lists_removals() {
    let (dir, path, text) =
        import_to_file(&["import", "csv", "hr/bamboohr.csv", "--preset", "bamboohr"]);
    // What a user adds by hand after the first import.
    let edited = text
        .replace(
            "    title: Lead Product Owner\n    roles: [product-owner]  # role from title \"Lead Product Owner\"\n    reports_to: tomas-ribeiro\n",
            "    title: Lead Product Owner\n    roles: [product-owner]  # role from title \"Lead Product Owner\"\n    reports_to: tomas-ribeiro\n    responsibilities:\n      - Keep the journeys backlog ordered   # the team asked for this\n      - Own pricing for the journeys app\n",
        )
        .replace(
            "  - id: connor-walsh\n    name: Connor Walsh\n",
            "  # rolelint: ignore[O007] until=2099-01-01 -- interim, until the new PO starts\n  - id: connor-walsh   # hired in March\n    name: Connor Walsh\n    roles: [project-manager]\n",
        )
        .replace("  - id: rider-app\n    name: Rider App\n", "  - id: rider-app\n    name: Rider App\n    complexity: high\n")
        .replace(
            "\npeople:\n",
            "\nbacklogs:\n  # the journeys team's own backlog\n  - id: journeys-backlog\n    product: rider-app\n    teams: [journeys]\n    owner: lea-fontaine\n\npeople:\n",
        )
        .replace("products:\n", "products:\n  - id: hand-written\n    name: Written by hand\n    managers: [hana-kowalski]\n");
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    // The source changes: one Jane Doe leaves, Hana becomes a PO.
    let source = std::fs::read_to_string(fixtures().join("hr/bamboohr.csv")).unwrap();
    let v2: String = source
        .lines()
        .filter(|l| !l.starts_with("111,"))
        .map(|l| l.replace("Sr. Product Manager", "Lead Product Owner") + "\n")
        .collect();
    std::fs::write(dir.path().join("v2.csv"), v2).unwrap();
    let merged = dir.path().join("merged.yaml");
    let (code, _, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "v2.csv",
            "--preset",
            "bamboohr",
            "--no-config",
            "--merge",
            "org.yaml",
            "-o",
            "merged.yaml",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // The file merged into is an input: never modified.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    let out = std::fs::read_to_string(&merged).unwrap();
    insta::assert_snapshot!("merged_org", out);
    assert!(
        err.contains("1 person of org.yaml not in the source, kept: jane-doe-111"),
        "{err}"
    );
    assert!(out.contains("      - Own pricing for the journeys app\n"));
    assert!(out.contains("  # rolelint: ignore[O007] until=2099-01-01 -- interim, until the new PO starts\n  - id: connor-walsh  # hired in March\n"));
    assert!(out.contains("roles: [project-manager]  # roles kept"));
    assert!(out.contains("title: Lead Product Owner\n    roles: [product-owner]  # role from title \"Lead Product Owner\"\n    reports_to: tomas-ribeiro\n"), "{out}");
    assert!(
        out.contains("complexity: high")
            && out.contains("- id: hand-written")
            && out.contains("- id: journeys-backlog")
    );
    // The remaining Jane Doe keeps her id although she no longer has a namesake.
    assert!(out.contains("- id: jane-doe-110"), "{out}");
    let (_, codes) = lint(&merged);
    assert!(codes.iter().all(|c| !c.starts_with('S')), "{codes:?}");

    // --prune removes what the source no longer has.
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "v2.csv",
            "--preset",
            "bamboohr",
            "--no-config",
            "--merge",
            "org.yaml",
            "--prune",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("jane-doe-111"), "{out}");
    assert!(err.contains("removed (--prune): jane-doe-111"), "{err}");
}

#[test]
fn merge_into_a_broken_file_stops() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("org.yaml"), "people:\n  - id: [a\n").unwrap();
    std::fs::copy(fixtures().join("hr/personio.csv"), dir.path().join("p.csv")).unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "p.csv",
            "--merge",
            "org.yaml",
            "--no-config",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("cannot merge into org.yaml:"), "{err}");
}

#[test]
fn broken_and_hostile_catalogs_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("catalog-info.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets: [./broken.yaml, ./missing.yaml, ./bomb.yaml, ./catalog-info.yaml, ./loop/a.yaml]\n",
    )
    .unwrap();
    std::fs::write(d.join("broken.yaml"), "kind: User\nmetadata:\n  name: [x\n").unwrap();
    // An alias bomb: the budgets stop it at once.
    let mut bomb = String::from("kind: User\nmetadata:\n  name: a\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        bomb.push_str(&format!("    a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    std::fs::write(d.join("bomb.yaml"), bomb).unwrap();
    // Two locations naming each other: each file is read once.
    std::fs::create_dir(d.join("loop")).unwrap();
    std::fs::write(d.join("loop/a.yaml"), "kind: Location\nmetadata: {name: a}\nspec: {target: ../catalog-info.yaml}\n---\nkind: User\nmetadata: {name: ada}\nspec: {profile: {displayName: Ada}, memberOf: [nowhere]}\n").unwrap();
    let (code, out, err) = run_in(
        d,
        &["import", "backstage", "catalog-info.yaml", "--no-config"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: broken.yaml:3: not valid YAML"),
        "{err}"
    );
    assert!(
        err.contains("location target `./missing.yaml` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("error: bomb.yaml:10: not valid YAML: budget breached"),
        "{err}"
    );
    assert!(
        err.contains("`nowhere` (group:default/nowhere) is not in the catalog"),
        "{err}"
    );
    assert!(out.contains("- id: ada"), "{out}");
}

#[test]
fn nothing_imported_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("catalog-info.yaml"),
        "kind: Location\nmetadata: {name: a}\nspec: {target: ./gone.yaml}\n",
    )
    .unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "import",
            "backstage",
            "catalog-info.yaml",
            "-o",
            "org.yaml",
            "--no-config",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("catalog-info.yaml:3: location target `./gone.yaml` does not exist"),
        "{err}"
    );
    assert!(!dir.path().join("org.yaml").exists());
}

#[test]
fn help_documents_every_mapping_option() {
    let (code, out, _) = run_in(&fixtures(), &["import", "backstage", "--help"]);
    assert_eq!(code, 0);
    for opt in [
        "--team-types",
        "--products-from",
        "--title-from",
        "metadata.description",
        "--roles-annotation",
        "--reports-to-annotation",
        "spec.leader",
        "--merge",
        "--prune",
        "-o, --output",
    ] {
        assert!(out.contains(opt), "backstage --help lacks {opt}:\n{out}");
    }
    let (code, out, _) = run_in(&fixtures(), &["import", "csv", "--help"]);
    assert_eq!(code, 0);
    for opt in [
        "--map",
        "--preset",
        "bamboohr",
        "personio",
        "--delimiter",
        "Windows-1252",
        "id, name (or first_name and last_name), title, manager, team, email, roles, product",
        "--merge",
    ] {
        assert!(out.contains(opt), "csv --help lacks {opt}:\n{out}");
    }
}

#[test]
fn ids_from_the_id_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hr.csv"),
        "Employee ID,Full name,Job title,Manager ID,Team\nE1,Ada Lovelace,Product Owner,E2,Compilers\nE2,Grace Hopper,Product Manager,,Compilers\n1042,Alan Turing,Engineer,E1,Compilers\n",
    )
    .unwrap();
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "import",
            "csv",
            "hr.csv",
            "--id-from",
            "column",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("members: [\"1042\", E1, E2]"), "{out}");
    assert!(
        out.contains("  - id: E1\n    name: Ada Lovelace\n"),
        "{out}"
    );
    assert!(out.contains("reports_to: E1\n"), "{out}");
    assert!(out.contains("Ids from the id column"), "{out}");
}

#[test]
fn backstage_merge_keeps_titles_written_by_hand() {
    // A catalog without titles: the titles are written in the org file, and a re-import
    // keeps them (and reads the roles from them) while teams follow the catalog.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("catalog.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: team-a}\nspec: {type: team, children: [], leader: user:ada}\n---\n\
apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: ada}\nspec: {profile: {displayName: Ada}, memberOf: [team-a]}\n---\n\
apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: bob}\nspec: {profile: {displayName: Bob}, memberOf: [group:default/team-a]}\n",
    )
    .unwrap();
    std::fs::write(
        d.join("org.yaml"),
        "version: 1\npeople:\n  - id: ada\n    title: Product Owner\n  - id: bob\n    title: Senior Product Manager\n    reports_to: ada\n",
    )
    .unwrap();
    let (code, out, err) = run_in(
        d,
        &[
            "import",
            "backstage",
            "catalog.yaml",
            "--merge",
            "org.yaml",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  - id: ada\n    name: Ada\n    title: Product Owner\n    roles: [product-owner]  # role from title \"Product Owner\"\n"), "{out}");
    assert!(out.contains("  - id: bob\n    name: Bob\n    title: Senior Product Manager\n    roles: [product-manager]"), "{out}");
    assert!(
        out.contains("reports_to: ada  # leader of group team-a"),
        "{out}"
    );
    assert!(
        out.contains("  - id: team-a\n    members: [ada, bob]\n"),
        "{out}"
    );
}

#[test]
fn merge_leaves_comments_of_the_entity_above_where_they_are() {
    // connor-walsh ends with the comments of his ambiguous title; they are his, not the
    // next person's.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("hr.csv"),
        "Full name,Job title,Team\nConnor Walsh,PM,A\nDana Eli,Engineer,A\n",
    )
    .unwrap();
    let (code, first, err) = run_in(d, &["import", "csv", "hr.csv", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(d.join("org.yaml"), &first).unwrap();
    let (code, again, err) = run_in(
        d,
        &[
            "import",
            "csv",
            "hr.csv",
            "--merge",
            "org.yaml",
            "--no-config",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // A re-import of an unchanged source changes nothing.
    assert_eq!(again, first);
}

mod never_panics {
    use proptest::prelude::*;
    use rolelint::import::hr;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Any text as a CSV export: an org file or a clear error, never a panic; what is
        /// written reads back as an org file without S-family problems of the import's making.
        #[test]
        fn any_csv(body in "[a-zA-Z0-9 ,;\"\\n\\r\\t|#:'éß-]{0,300}") {
            let text = format!("Full name,Job title,Manager,Team\n{body}");
            if let Ok(mut org) = hr::import_text(&text, "x.csv", "UTF-8", &hr::Options::default()) {
                let resolver = rolelint::roles::Resolver::builtin();
                org.derive_roles(&resolver);
                org.fill_managers(&resolver);
                org.check_references();
                org.sort();
                let out = org.render();
                let (doc, problems) = rolelint::load::yaml::parse_org(&out);
                prop_assert!(doc.is_ok(), "{out}");
                prop_assert!(problems.is_empty(), "{problems:?}\n{out}");
            }
        }

        #[test]
        fn any_bytes_decode(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = hr::decode(&bytes);
            let _ = hr::sniff_delimiter(&hr::decode(&bytes).0);
        }
    }
}

#[test]
fn team_names_that_share_an_id_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hr.csv"),
        "Full name,Team\nAda,R&D\nBob,R D\nCy,R D\n",
    )
    .unwrap();
    let (code, out, err) = run_in(dir.path(), &["import", "csv", "hr.csv", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  - id: r-d\n    name: R&D\n    members: [ada, bob, cy]\n"),
        "{out}"
    );
    assert_eq!(
        err.matches("team `R D` has the id `r-d` of team `R&D`; they are one team")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("hr.csv:3:"), "{err}");
}
