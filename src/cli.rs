//! The command line, as clap definitions only.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "rolelint",
    version,
    about = "Lint org charts and job descriptions for how product roles are assigned",
    long_about = "rolelint checks org charts (YAML) and job descriptions (Markdown or text) against \
evidence-based rules about Product Managers and Product Owners: backlog ownership, strategy vs \
tactics, the PM:PO ratio and the reporting line.",
    after_help = "Examples:\n  rolelint check org/\n  rolelint org/ --format json\n  rolelint explain T001\n\nThe JSON output: https://github.com/rolelint/rolelint/blob/main/docs/json.md",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `rolelint PATH...` is `rolelint check PATH...`.
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint org files and job descriptions (the main job).
    #[command(
        after_help = "Examples:\n  rolelint check org/\n  rolelint check org/ jobs/po.jd.md --format json\n  rolelint check --max-warnings 0 org/"
    )]
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary.
    #[command(after_help = "Example:\n  rolelint rules")]
    Rules(RulesArgs),
    /// Show each duty statement with its class and the vocabulary terms that matched.
    #[command(
        after_help = "Examples:\n  rolelint classify org/people.org.yaml\n  rolelint classify examples/\n  echo 'Own the pricing strategy' | rolelint classify -"
    )]
    Classify(ClassifyArgs),
    /// Write the HTML report (summary, role structure, findings) to share: `check --format html`.
    #[command(
        after_help = "Examples:\n  rolelint report examples/\n  rolelint report org/ -o report.html --focus rider-app\n\nWrites rolelint-report.html unless -o names another file (`-o -` for standard output); exit 0 whatever it finds."
    )]
    Report(ReportArgs),
    /// Draw the role structure (products, PMs, backlogs, POs, teams) with its problems highlighted.
    #[command(
        after_help = "Examples:\n  rolelint graph examples/ > org.mmd\n  rolelint graph org/ --format dot | dot -Tsvg > org.svg\n  rolelint graph org/ --focus rider-app --all-people"
    )]
    Graph(GraphArgs),
    /// Explain one rule in full: what it checks, why, its sources, options and examples.
    #[command(
        after_help = "Examples:\n  rolelint explain O002\n  rolelint explain backlog-multiple-owners"
    )]
    Explain(ExplainArgs),
    /// Print the JSON Schema (draft 2020-12) of the org file or of rolelint.yaml, for editors.
    #[command(
        after_help = "Examples:\n  rolelint schema > org.schema.json\n  rolelint schema config > config.schema.json\n\nIn a YAML file, for editors with the YAML language server:\n  # yaml-language-server: $schema=https://raw.githubusercontent.com/rolelint/rolelint/main/schema/org.schema.json"
    )]
    Schema(SchemaArgs),
    /// Write a starter org.yaml and rolelint.yaml that lint clean (never overwrites).
    #[command(
        after_help = "Examples:\n  rolelint init\n  rolelint init my-org/ && cd my-org && rolelint check"
    )]
    Init(InitArgs),
    /// Write an org file from a Backstage catalog or an HR export (CSV), or update one.
    #[command(
        after_help = "Examples:\n  rolelint import backstage catalog/ -o org.yaml\n  rolelint import csv people.csv --preset bamboohr -o org.yaml\n  rolelint import csv people.csv --merge org.yaml -o org.yaml\n\nThe file written lints without S-family errors; its other findings are the point:\n  rolelint check org.yaml"
    )]
    Import(ImportArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  rolelint completions bash > ~/.local/share/bash-completion/completions/rolelint\n  rolelint completions zsh > ~/.zfunc/_rolelint\n  rolelint completions fish > ~/.config/fish/completions/rolelint.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), of rolelint or of one command.
    #[command(
        after_help = "Examples:\n  rolelint man | man -l -\n  rolelint man check > rolelint-check.1"
    )]
    Man(ManArgs),
    /// Run the language server on standard input and output, for editors.
    #[command(
        after_help = "Editors start it themselves; see editors/ for VS Code, Neovim and Helix.\n\nExample:\n  rolelint server"
    )]
    Server(ServerArgs),
    /// Write the rule docs (docs/rules/, docs/sources.md) from the rule catalogue, or check them.
    #[command(
        hide = true,
        after_help = "Examples:\n  rolelint docs --write docs/\n  rolelint docs --check docs/"
    )]
    Docs(DocsArgs),
}

#[derive(Args, Debug, Default)]
pub struct CheckArgs {
    /// Files or directories to lint (default: the current directory); `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// Output format (the JSON fields: docs/json.md).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the report as SARIF to FILE (whole or not at all), from the same run.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Use this config file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file.
    #[arg(long)]
    pub no_config: bool,
    /// Only these rules (comma-separated codes, names or prefixes).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Never these rules (comma-separated codes, names or prefixes).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Report only problems not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current problem in this baseline file (written whole), and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print only per-rule counts and the organisation's summary (products, PMs, POs, the
    /// PM:PO ratio) instead of the findings; with `--format json`, only `summary.statistics`.
    #[arg(long)]
    pub statistics: bool,
    /// With `--statistics`: print the findings too, then the statistics.
    #[arg(long, requires = "statistics")]
    pub show_findings: bool,
    /// Time each stage and print the times on standard error.
    #[arg(long)]
    pub timings: bool,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Lint standard input as if it were this file (implies `-` when no path is given); with
    /// a config, the text replaces that file of the organisation.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Read only the given files: not the rest of the organisation under the config's folder.
    #[arg(long)]
    pub no_context: bool,
    /// With `--format html`: draw only the neighbourhood of this product, team, backlog or person.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// Replace people's ids and names with stable pseudonyms (`person-7f3a`) in the output.
    #[arg(long)]
    pub redact: bool,
    /// Apply safe fixes in place (never to files read as context), then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`, also apply fixes that may change the meaning.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when there is one).
    #[arg(long)]
    pub diff: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Files or directories to lint (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// The report file (default: rolelint-report.html; `-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Draw only the neighbourhood of this product, team, backlog or person id.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// Use this config file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file.
    #[arg(long)]
    pub no_config: bool,
    /// Read only the given files: not the rest of the organisation under the config's folder.
    #[arg(long)]
    pub no_context: bool,
    /// Replace people's ids and names with stable pseudonyms (`person-7f3a`), to share outside the team.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Args, Debug)]
pub struct ServerArgs {
    /// Accepted and ignored: editors pass it to say the transport (stdio is the only one).
    #[arg(long, hide = true)]
    pub stdio: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Show effective severities after this config (default: the one `check` finds).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file: the built-in defaults.
    #[arg(long)]
    pub no_config: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

#[derive(Args, Debug)]
pub struct ClassifyArgs {
    /// A job description (.md, .jd.txt, .html, .json), an org file (.yaml), a folder (every org
    /// file and job description under it), or `-`/any other file for one statement per line.
    pub file: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
    /// Use this config file (its `vocabulary` additions take part, which is how to tune them).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file: the built-in vocabulary only.
    #[arg(long)]
    pub no_config: bool,
    /// Measure the vocabulary in effect on a labelled file of `label<TAB>statement` lines
    /// (S, T, M or N): accuracy, per-class precision and recall, confusion matrix, misreads.
    #[arg(long, value_name = "FILE.tsv", conflicts_with = "file")]
    pub evaluate: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// Files or directories to read (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Diagram format: Mermaid (renders in GitHub Markdown) or Graphviz DOT.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Write the diagram to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the neighbourhood of this product, team, backlog or person id.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// Also draw people who hold no product role (and team membership).
    #[arg(long)]
    pub all_people: bool,
    /// Replace people's ids and names with stable pseudonyms (`person-7f3a`).
    #[arg(long)]
    pub redact: bool,
    /// Use this config file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GraphFormat {
    #[default]
    Mermaid,
    Dot,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (`O002`), name (`backlog-multiple-owners`) or a custom rule's code.
    #[arg(value_name = "CODE|NAME")]
    pub rule: String,
    /// Read custom rules from this config (default: the one `check` finds).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file: built-in rules only.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which file the schema describes.
    #[arg(value_enum, default_value_t = SchemaKind::Org)]
    pub kind: SchemaKind,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SchemaKind {
    /// An org file.
    #[default]
    Org,
    /// The config file, rolelint.yaml.
    Config,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The directory to write into (default: the current directory; created if missing).
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: ImportSource,
}

#[derive(Subcommand, Debug)]
pub enum ImportSource {
    /// Read Backstage catalog files (`User`, `Group`, `Location` entities).
    #[command(
        long_about = "Read Backstage catalog files: files or folders of YAML (several documents a file), \
and the `targets` of `Location` entities, relative to their file (globs allowed; URLs are not \
followed). Groups of a team type become teams with their members (`spec.members` and the users' \
`spec.memberOf`); groups of a product type (--products-from) become products, and a team belongs \
to its nearest such ancestor (`spec.parent`, `spec.children`). Entity references resolve with \
Backstage's defaults: `team-a` in `memberOf` is `group:<the entity's namespace>/team-a`.\n\n\
Backstage has no title, role or manager field: the title comes from --title-from, roles from \
--roles-annotation or else from the title (as T006 reads titles), `reports_to` from \
--reports-to-annotation or else from the leader (`spec.leader`/`spec.leaders`) of the person's \
group, or of its parent when the person leads it.",
        after_help = "Examples:\n  rolelint import backstage catalog/ -o org.yaml\n  rolelint import backstage catalog-info.yaml --products-from product-area --title-from metadata.description\n  rolelint import backstage catalog/ --merge org.yaml -o org.yaml"
    )]
    Backstage(BackstageArgs),
    /// Read an HR export as CSV (BambooHR, Personio, Workday reports, any spreadsheet).
    #[command(
        long_about = "Read an HR export as CSV: one row per person. The encoding is sniffed (UTF-8 with or \
without a byte order mark, UTF-16 with one, else Windows-1252) and so is the delimiter (`,` `;` tab \
`|`, the one the header line has most of). Columns are found by --preset and overridden by --map. \
Ids are slugged from names (`Léa Fontaine` -> `lea-fontaine`), made unique with the id column. The \
manager column may hold an id, an email or a name.",
        after_help = "Fields for --map: id, name (or first_name and last_name), title, manager, team, email, roles, product.\n\nExamples:\n  rolelint import csv bamboohr.csv --preset bamboohr -o org.yaml\n  rolelint import csv export.csv --map 'id=Employee ID,name=Full name,title=Job title,manager=Supervisor ID,team=Team,email=Work email'\n  rolelint import csv personio.csv --preset personio --merge org.yaml -o org.yaml"
    )]
    Csv(CsvArgs),
}

/// Options of every import.
#[derive(Args, Debug)]
pub struct ImportCommon {
    /// Write the org file to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Update this org file: people, teams and reporting lines from the source; its
    /// responsibilities, hand-set roles, backlogs, products and suppression comments are kept.
    /// It is read, never written, unless it is also the -o FILE.
    #[arg(long, value_name = "FILE")]
    pub merge: Option<PathBuf>,
    /// With --merge: remove the people and teams the source no longer has (else listed and kept).
    #[arg(long, requires = "merge")]
    pub prune: bool,
    /// Use this config file (its `roles.aliases` resolve titles, its size limit applies).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Args, Debug)]
pub struct BackstageArgs {
    /// Catalog files or folders (folders are walked for .yaml/.yml files).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Group types that become teams (comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "TYPES",
        default_value = "team"
    )]
    pub team_types: Vec<String>,
    /// Group types that become products, e.g. `product-area` (comma-separated; default none).
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub products_from: Vec<String>,
    /// Where a user's title is: an annotation key, or a field path starting with `metadata.`
    /// or `spec.` (`metadata.description`, `metadata.title`, `spec.profile.jobTitle`).
    #[arg(long, value_name = "KEY|PATH", default_value = "rolelint.dev/title")]
    pub title_from: String,
    /// The annotation holding a user's roles, comma-separated (used as written, not guessed).
    #[arg(long, value_name = "KEY", default_value = "rolelint.dev/roles")]
    pub roles_annotation: String,
    /// The annotation holding a user's manager, an entity reference (`user:jdoe`, `jdoe`).
    #[arg(long, value_name = "KEY", default_value = "rolelint.dev/reports-to")]
    pub reports_to_annotation: String,
    #[command(flatten)]
    pub common: ImportCommon,
}

#[derive(Args, Debug)]
pub struct CsvArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// Column names of an HR system's export.
    #[arg(long, value_enum, default_value_t = CsvPreset::Generic)]
    pub preset: CsvPreset,
    /// Columns by field, overriding the preset: `field=Column header`, comma-separated or repeated.
    #[arg(long, value_delimiter = ',', value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// The field delimiter (`,` `;` `tab` `|`), when sniffing guesses wrong.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Where ids come from: slugged from names (readable, the default) or the id column as it is.
    #[arg(long, value_enum, default_value_t = IdFrom::Name)]
    pub id_from: IdFrom,
    #[command(flatten)]
    pub common: ImportCommon,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IdFrom {
    /// `Léa Fontaine` -> `lea-fontaine`; namesakes get their id column (`jane-doe-110`).
    #[default]
    Name,
    /// The id column (`E1042`), slugged where it is not a valid id.
    Column,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvPreset {
    /// Common header names (Full name, Job title, Manager ID, Team, Work email, ...).
    #[default]
    Generic,
    /// BambooHR reports: jobTitle, supervisorEId/supervisorId, department, workEmail.
    Bamboohr,
    /// Personio exports: position, supervisor, team, email.
    Personio,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// A command whose own page to print (default: the page of rolelint).
    pub command: Option<String>,
}

#[derive(Args, Debug)]
pub struct DocsArgs {
    /// Write the generated docs into DIR (default `docs`).
    #[arg(long, value_name = "DIR", conflicts_with = "check")]
    pub write: Option<PathBuf>,
    /// Compare DIR with what would be generated; exit 1 and list the differences when stale.
    #[arg(long, value_name = "DIR")]
    pub check: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    /// One self-contained HTML page: summary, role structure, findings (see `rolelint report`).
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableFormat {
    #[default]
    Human,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}
