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
    after_help = "Examples:\n  rolelint check org/\n  rolelint org/ --format json\n  rolelint explain T001",
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
        after_help = "Examples:\n  rolelint classify org/people.org.yaml\n  echo 'Own the pricing strategy' | rolelint classify -"
    )]
    Classify(ClassifyArgs),
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
    /// Output format.
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
    /// Per-rule counts and the organisation's summary (products, PMs, POs, the PM:PO ratio).
    #[arg(long)]
    pub statistics: bool,
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
pub struct ServerArgs {
    /// Accepted and ignored: editors pass it to say the transport (stdio is the only one).
    #[arg(long, hide = true)]
    pub stdio: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Show effective severities after this config.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
}

#[derive(Args, Debug)]
pub struct ClassifyArgs {
    /// A job description (.md, .jd.txt), an org file (.yaml), or `-`/any other file for one statement per line.
    pub file: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TableFormat::Human)]
    pub format: TableFormat,
    /// Use this config file (its `vocabulary` additions take part, which is how to tune them).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any config file: the built-in vocabulary only.
    #[arg(long)]
    pub no_config: bool,
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
    /// A rule code (`O002`) or name (`backlog-multiple-owners`).
    #[arg(value_name = "CODE|NAME")]
    pub rule: String,
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
