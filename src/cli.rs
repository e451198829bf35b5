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
    #[command(after_help = "Examples:\n  rolelint check org/\n  rolelint check org/ jobs/po.jd.md --format json\n  rolelint check --max-warnings 0 org/")]
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary.
    #[command(after_help = "Example:\n  rolelint rules")]
    Rules(RulesArgs),
    /// Show each duty statement with its class and the vocabulary terms that matched.
    #[command(after_help = "Examples:\n  rolelint classify org/people.org.yaml\n  echo 'Own the pricing strategy' | rolelint classify -")]
    Classify(ClassifyArgs),
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
    /// Lint standard input as if it were this file.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
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
