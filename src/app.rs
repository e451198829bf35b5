//! The commands: each turns parsed arguments into work on the library and returns the exit
//! code. Exit codes are decided here and only here: 0 clean, 1 problems, 2 the run failed.

use crate::catalog::{catalog, Severity};
use crate::cli::{
    CheckArgs, ClassifyArgs, Cli, ColorChoice, Command, Format, RulesArgs, TableFormat,
};
use crate::config::{Config, LoadError};
use crate::diagnostics::Counts;
use crate::engine::{self, Input};
use crate::load::walk::{self, Found, Selection};
use crate::load::{self, FileKind};
use crate::render::{self, Report};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// A line on standard error. Not `eprintln!`, which panics when standard error is a
/// closed pipe (`2>&1 | head -1`): a message that cannot be shown is dropped instead.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Text on standard error, as [`say!`] but without the line end.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// A failure of the run itself (exit 2), with the message to print.
#[derive(Debug)]
pub struct RunError(pub String);

impl<E: std::fmt::Display> From<E> for RunError {
    fn from(e: E) -> Self {
        RunError(e.to_string())
    }
}

/// Standard output as the commands see it, remembering whether a write found it closed
/// (`rolelint check | head -1`): that ends the run quietly, as in ripgrep and git. Only
/// this writer's own errors count, not any error whose text mentions a broken pipe.
struct Stdout<'a> {
    inner: &'a mut dyn Write,
    closed: bool,
}

impl Stdout<'_> {
    fn note<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            }
        }
        r
    }
}

impl Write for Stdout<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.note(r)
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let r = self.inner.write_all(buf);
        self.note(r)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.note(r)
    }
}

pub fn run(cli: Cli, out: &mut dyn Write) -> u8 {
    let mut stdout = Stdout {
        inner: out,
        closed: false,
    };
    let code = run_command(cli, &mut stdout);
    // Buffered output reaches the pipe (or fails to) here, not in a destructor that
    // cannot report it.
    let flushed = stdout.flush();
    match (code, flushed) {
        _ if stdout.closed => 0,
        (Ok(code), Ok(())) => code,
        (Err(RunError(msg)), _) => {
            say!("error: {}", crate::term::escape(&msg));
            2
        }
        (Ok(_), Err(e)) => {
            say!("error: cannot write to standard output: {e}");
            2
        }
    }
}

fn run_command(cli: Cli, out: &mut dyn Write) -> Result<u8, RunError> {
    match cli.command {
        Some(Command::Check(args)) => check(args, out),
        Some(Command::Rules(args)) => rules(args, out),
        Some(Command::Classify(args)) => classify(args, out),
        Some(Command::Graph(args)) => graph(args, out),
        Some(Command::Report(args)) => report(args, out),
        Some(Command::Explain(args)) => crate::commands::docs::explain(args, out),
        Some(Command::Docs(args)) => crate::commands::docs::docs(args, out),
        Some(Command::Schema(args)) => crate::commands::schema::schema(args, out),
        Some(Command::Init(args)) => crate::commands::init::init(args, out),
        Some(Command::Import(args)) => crate::commands::import::import(args, out),
        Some(Command::Completions(args)) => crate::commands::shell::completions(args, out),
        Some(Command::Man(args)) => crate::commands::shell::man(args, out),
        Some(Command::Server(_)) => crate::server::run().map(|_| 0).map_err(RunError),
        None => match mistyped_command(&cli.check.paths) {
            Some(msg) => Err(RunError(msg)),
            None => check(cli.check, out),
        },
    }
}

/// `rolelint chek examples/`: the first path does not exist and is a command name with a
/// typo. Says so (as git does) instead of "no such file".
pub fn mistyped_command(paths: &[PathBuf]) -> Option<String> {
    use clap::CommandFactory;
    let first = paths.first()?.to_str()?;
    if first == "-" || Path::new(first).exists() || first.contains(['/', '.']) {
        return None;
    }
    let cmd = Cli::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name())
        .collect();
    let close = crate::rules::suggest::closest(names.iter().copied(), first, 2)?;
    let rest: Vec<String> = paths[1..].iter().map(|p| p.display().to_string()).collect();
    Some(format!(
        "`{first}` is neither a file nor a command; did you mean `rolelint {close}{}{}`?",
        if rest.is_empty() { "" } else { " " },
        rest.join(" ")
    ))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Prints a config's mistakes (or why it cannot be read) on standard error: exit 2.
fn config_failed(e: &LoadError, choice: ColorChoice) -> u8 {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    say_raw!("{}", e.render(color));
    2
}

fn check(args: CheckArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    // For a small org the built-in vocabulary's compile is the longest part of the run:
    // start it now, beside reading the config and the files. It is the default, so this
    // guess is right unless a config turns every classifying rule off or brings its own
    // vocabulary; the thread then ends with the process.
    if args.select.is_empty() {
        std::thread::spawn(|| {
            crate::classify::Vocabulary::builtin();
        });
    }
    // The whole configuration (preset < config file < command line) is resolved here, once,
    // before any file is read or any rule runs.
    let mut config = match crate::config::file::load_for(
        args.config.as_deref(),
        args.no_config,
        &config_anchors(&args),
    ) {
        Ok(c) => c,
        Err(e) => return Ok(config_failed(&e, args.color)),
    };
    config
        .select(&args.select, &args.ignore)
        .map_err(RunError)?;

    crate::diagnostics::suppress::today().map_err(RunError)?;
    let baseline = match &args.baseline {
        Some(path) if args.write_baseline.is_none() => {
            let b = crate::diagnostics::baseline::Baseline::load(path).map_err(RunError)?;
            if let Some(w) = b.warning(path) {
                say!("{w}");
            }
            Some(b)
        }
        _ => None,
    };

    let plan = plan(&args, &config)?;
    refuse_overwriting_inputs(
        &[&args.output, &args.write_baseline, &args.sarif],
        &plan.inputs,
        &config,
        &args,
    )?;
    let mut outcome = if args.fix || args.diff {
        match crate::commands::fix::run(plan.inputs, plan.context, &config, &args, out)? {
            Ok(outcome) => outcome,
            Err(code) => return Ok(code),
        }
    } else {
        engine::lint_in_context(plan.inputs, plan.context, &config)?
    };
    if !plan.excluded.is_empty() {
        let from = config
            .path
            .as_ref()
            .map(|p| format!(" by {}", p.display()))
            .unwrap_or_default();
        outcome.notes.push(format!(
            "not linted, excluded{from}: {}",
            plan.excluded.join(", ")
        ));
    }
    if config.path.is_none()
        && outcome.findings.iter().any(|f| f.code == "S004")
        && org_seems_split(&outcome.org.files)
    {
        outcome.notes.push(
            "the organisation seems split across files and only some were read: a `rolelint.yaml` at its top (`rolelint init` writes one) makes every run read all of it".into(),
        );
    }
    if let Some(path) = &args.write_baseline {
        let w = crate::diagnostics::baseline::write(path, &outcome.org.files, &outcome.findings)
            .map_err(RunError)?;
        let n = w.recorded;
        say!(
            "rolelint: recorded {n} problem{} in {}",
            if n == 1 { "" } else { "s" },
            crate::term::escape(&path.display().to_string())
        );
        if w.left_out > 0 {
            say!(
                "rolelint: left out {} S001 finding{} (a file that does not parse): a baseline never hides one; fix the file",
                w.left_out,
                if w.left_out == 1 { "" } else { "s" }
            );
        }
        return Ok(0);
    }
    if let Some(b) = &baseline {
        let hidden = b.filter(&outcome.org.files, &mut outcome.findings);
        if hidden > 0 {
            outcome.notes.push(format!(
                "{hidden} known problem{} hidden by the baseline",
                if hidden == 1 { "" } else { "s" }
            ));
        }
    }

    let t = std::time::Instant::now();
    // Built before the texts change: it reads the people's ids and names from the model.
    let redactor = args
        .redact
        .then(|| crate::redact::Redactor::new(&outcome.org));
    if let Some(r) = &redactor {
        r.apply(&mut outcome.org.files, &mut outcome.findings);
        for note in &mut outcome.notes {
            *note = r.text(note);
        }
    }
    render::sort(&mut outcome.findings, &outcome.org.files);
    let all = Counts::of(&outcome.findings);
    let shown: std::borrow::Cow<[crate::diagnostics::Finding]> = if args.quiet {
        outcome
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .cloned()
            .collect::<Vec<_>>()
            .into()
    } else {
        outcome.findings.as_slice().into()
    };
    let statistics = (args.statistics || args.format == Format::Html).then(|| {
        let mut stats = crate::stats::compute(&outcome.org, &outcome.findings);
        if let Some(r) = &redactor {
            r.json(&mut stats);
        }
        stats
    });
    // `--statistics` is the statistics alone (ruff's reading), unless `--show-findings`; the
    // formats without a statistics section (SARIF, GitHub, JUnit, HTML) keep their findings.
    let stats_only = args.statistics
        && !args.show_findings
        && matches!(args.format, Format::Human | Format::Json);
    let listed: &[crate::diagnostics::Finding] = if stats_only { &[] } else { &shown };
    let report = Report {
        files: &outcome.org.files,
        findings: listed,
        counts: all,
        notes: &outcome.notes,
        statistics: statistics.as_ref(),
        context: &outcome.context,
    };
    let mut buf: Vec<u8> = Vec::new();
    match args.format {
        Format::Human if stats_only => {
            if let Some(stats) = &statistics {
                crate::stats::render(stats, &mut buf)?;
                // Its blank line separates it from a report; alone, it starts the output.
                if buf.first() == Some(&b'\n') {
                    buf.remove(0);
                }
            }
        }
        Format::Human => {
            let color = args.output.is_none() && use_color(args.color);
            render::human::render(
                &report,
                &render::human::Style {
                    color,
                    width: terminal_width(),
                },
                &mut buf,
            )?;
            if let Some(stats) = &statistics {
                crate::stats::render(stats, &mut buf)?;
            }
        }
        Format::Json => render::json::render(&report, &mut buf)?,
        Format::Sarif => render::sarif::render(&report, &mut buf)?,
        Format::Github => {
            render::github::render(&report, &mut buf)?;
            say!("{}", render::github::summary(&report));
        }
        Format::Junit => render::junit::render_with(
            &report,
            &mut buf,
            args.max_warnings.is_some_and(|n| all.warnings > n),
        )?,
        Format::Html => {
            let page = html_page(
                &outcome,
                &shown,
                &config,
                args.focus.as_deref(),
                redactor.as_ref(),
            )?;
            render::html::render(&report, &page, &mut buf)?;
        }
    }
    if let Some(path) = &args.sarif {
        let mut sarif = Vec::new();
        // Every finding, whatever `--statistics` leaves out of the main output.
        let full = Report {
            findings: &shown,
            ..report
        };
        render::sarif::render(&full, &mut sarif)?;
        crate::io::write_whole(path, &sarif)?;
    }
    match &args.output {
        Some(path) => crate::io::write_whole(path, &buf)?,
        None => out.write_all(&buf)?,
    }
    outcome.timings.render = t.elapsed();
    if args.timings {
        let t = &outcome.timings;
        let pieces = match t.parse_pieces {
            0 => String::new(),
            n => format!(" ({n} pieces in parallel)"),
        };
        say!(
            "timings: read {:.3}s, parse {:.3}s{pieces}, model {:.3}s, rules {:.3}s, render {:.3}s",
            t.read.as_secs_f64(),
            t.parse.as_secs_f64(),
            t.model.as_secs_f64(),
            t.rules.as_secs_f64(),
            t.render.as_secs_f64()
        );
    }
    let too_many_warnings = args.max_warnings.is_some_and(|n| all.warnings > n);
    if let Some(why) = max_warnings_note(all, args.max_warnings) {
        // On standard error, so that every format's output stays what it is.
        say!("rolelint: {why}");
    }
    // The process ends right after this: the OS takes the memory back at once, where
    // freeing a 100k-person model string by string costs a tenth of a second.
    drop(shown);
    std::mem::forget(outcome);
    Ok(if all.errors > 0 || too_many_warnings {
        1
    } else {
        0
    })
}

/// Why `--max-warnings` fails the run (ESLint says it too), or `None` when it does not.
pub fn max_warnings_note(counts: Counts, max: Option<usize>) -> Option<String> {
    let max = max?;
    (counts.warnings > max).then(|| {
        format!(
            "{} warning{}, more than --max-warnings {max}: exit 1{}",
            counts.warnings,
            if counts.warnings == 1 { "" } else { "s" },
            if counts.errors == 0 {
                " (fix or suppress warnings, or raise the limit)"
            } else {
                ""
            }
        )
    })
}

/// What a run reads: the files to lint and, when a config is in effect, the rest of the
/// organisation under the config's folder as context.
pub struct Plan {
    pub inputs: Vec<Input>,
    /// Per input: read only as context.
    pub context: Vec<bool>,
    /// Files named on the command line that the config excludes (shown, not linted).
    pub excluded: Vec<String>,
}

/// The paths of a run: the given ones, else `.`; `--stdin-filename` alone reads `-`.
fn given_paths(args: &CheckArgs) -> Result<Vec<PathBuf>, RunError> {
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    match (&args.stdin_filename, args.paths.is_empty(), stdin) {
        (Some(_), true, _) => Ok(vec![PathBuf::from("-")]),
        (Some(name), false, false) => Err(RunError(format!(
            "`--stdin-filename {}` names standard input, but no `-` is among the paths: add `-` to read it, or drop `--stdin-filename`",
            name.display()
        ))),
        (_, true, _) => Ok(vec![PathBuf::from(".")]),
        _ => Ok(args.paths.clone()),
    }
}

/// The paths whose folders decide which config is found (`-` stands for its name).
fn config_anchors(args: &CheckArgs) -> Vec<PathBuf> {
    args.paths
        .iter()
        .filter_map(|p| match p.as_os_str() == "-" {
            true => args.stdin_filename.clone(),
            false => Some(p.clone()),
        })
        .collect()
}

/// Standard input up to the cap; closed or unreadable is an error (`crate::io`).
fn read_stdin(max_size: u64) -> Result<Vec<u8>, RunError> {
    crate::io::read_stdin(max_size).map_err(RunError)
}

/// Whether a file lies under `root` (both canonical), and its path components there: the
/// order the sorted walk of `root` visits it in.
fn under_root(root: &Path, canonical: &Path) -> Option<Vec<std::ffi::OsString>> {
    canonical
        .strip_prefix(root)
        .ok()
        .map(|rel| rel.iter().map(|c| c.to_os_string()).collect())
}

/// The inputs of a run (also the language server's, for the open files of an organisation).
pub fn plan(args: &CheckArgs, config: &Config) -> Result<Plan, RunError> {
    use crate::diagnostics::baseline::canonical;
    let paths = given_paths(args)?;
    // A config's `include` is relative to the config file, not to the walked directory: walk
    // every candidate and let the config choose (`Config::selects`).
    let sel = match &config.include {
        Some(_) => Selection::new(&["**/*".to_string()], &[])?,
        None => Selection::defaults(),
    };
    let mut inputs = Vec::new();
    let mut excluded = Vec::new();
    let mut on_disk = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            if inputs.iter().any(|i: &Input| i.bytes.is_some()) {
                continue;
            }
            let name = args
                .stdin_filename
                .clone()
                .ok_or_else(|| RunError("reading standard input (`-`) needs `--stdin-filename NAME` to know what kind of file it is".into()))?;
            let kind = FileKind::of(&name).ok_or_else(|| {
                RunError(format!(
                    "{}: cannot tell what this file is from its extension",
                    name.display()
                ))
            })?;
            if !config.selects(&name, true) {
                excluded.push(walk::display_path(&name));
                continue;
            }
            inputs.push(Input {
                found: Found {
                    display: walk::display_path(&name),
                    path: name,
                    kind,
                },
                bytes: Some(read_stdin(config.max_file_size)?),
            });
        } else {
            on_disk.push(p);
        }
    }
    let globs = || {
        config.include.clone().unwrap_or_else(|| {
            walk::DEFAULT_INCLUDE
                .iter()
                .map(|g| g.to_string())
                .collect()
        })
    };
    let nothing = || {
        let mut msg = walk::WalkError::NothingFound { globs: globs() }.to_string();
        if let Some(p) = &config.path {
            msg.push_str(&format!(" (from {}", p.display()));
            if !config.exclude.is_empty() {
                msg.push_str(&format!(", excluding {}", config.exclude.join(", ")));
            }
            msg.push(')');
        }
        RunError(msg)
    };
    if !on_disk.is_empty() {
        let mut skipped = Vec::new();
        let found = match walk::collect_noting(&on_disk, &sel, &mut skipped) {
            Err(walk::WalkError::NothingFound { .. }) => return Err(nothing()),
            other => other?,
        };
        for note in skipped {
            say!("rolelint: {}", crate::term::escape(&note));
        }
        // A set: searching the list per file was quadratic with 20,000 files named.
        let named: std::collections::HashSet<&Path> =
            on_disk.iter().map(PathBuf::as_path).collect();
        for found in found {
            let is_named = named.contains(found.path.as_path());
            if config.selects(&found.path, is_named) {
                inputs.push(Input { found, bytes: None });
            } else if is_named {
                excluded.push(found.display);
            }
        }
    }
    // Each file once, however it was reached (`examples examples/org`, `./a` and `a`, a
    // symlinked folder): the first spelling is the one shown.
    let mut seen = std::collections::HashSet::new();
    let mut keys = Vec::with_capacity(inputs.len());
    inputs.retain(|i| {
        let key = canonical(&i.found.path);
        let first = seen.insert(key.clone());
        if first {
            keys.push(key);
        }
        first
    });
    if inputs.is_empty() {
        if excluded.is_empty() {
            return Err(nothing());
        }
        return Ok(Plan {
            inputs,
            context: Vec::new(),
            excluded,
        });
    }
    let mut context = vec![false; inputs.len()];
    let root = config
        .path
        .as_ref()
        .filter(|_| !args.no_context)
        .map(|_| config.base.clone());
    let Some(root) = root.filter(|r| keys.iter().any(|k| k.starts_with(r))) else {
        return Ok(Plan {
            inputs,
            context,
            excluded,
        });
    };
    // The organisation is always whole: every org file under the root that `check ROOT`
    // would lint and that was not given is read as context.
    let walked = match walk::collect(std::slice::from_ref(&root), &sel) {
        Ok(found) => found,
        Err(walk::WalkError::NothingFound { .. }) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let here = std::env::current_dir().map(|d| canonical(&d)).ok();
    for mut found in walked {
        if found.kind != FileKind::Org || !config.selects(&found.path, false) {
            continue;
        }
        let key = canonical(&found.path);
        if seen.insert(key.clone()) {
            // Shown as the user would name it from here, like the files they gave.
            if let Some(here) = &here {
                found.display = crate::diagnostics::baseline::relative(here, &key);
            }
            keys.push(key);
            inputs.push(Input { found, bytes: None });
            context.push(true);
        }
    }
    // In the root's walk order, whichever files were given: "first occurrence" (of a
    // duplicate id, say) must not depend on which files a run names. Files outside the
    // root follow in the order given.
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    let place: Vec<Option<Vec<std::ffi::OsString>>> =
        keys.iter().map(|k| under_root(&root, k)).collect();
    order.sort_by(|&a, &b| match (&place[a], &place[b]) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(&b),
    });
    let mut slots: Vec<Option<Input>> = inputs.into_iter().map(Some).collect();
    let inputs = order
        .iter()
        .map(|&i| slots[i].take().expect("each index once"))
        .collect();
    let context = order.iter().map(|&i| context[i]).collect();
    Ok(Plan {
        inputs,
        context,
        excluded,
    })
}

/// Without a config, a run on some files of a split organisation reports references into
/// the others as dangling: whether a folder of the linted files holds org files not read.
fn org_seems_split(files: &[load::SourceFile]) -> bool {
    use crate::diagnostics::baseline::canonical;
    let read: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| canonical(&f.path)).collect();
    let folders: std::collections::BTreeSet<PathBuf> = read
        .iter()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    folders.iter().any(|dir| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let path = e.path();
                walk::is_org_file_name(&path)
                    && e.file_type().is_ok_and(|t| t.is_file())
                    && !read.contains(&canonical(&path))
            })
        })
    })
}

/// `-o`/`--write-baseline` naming a file this run reads (exit 2 before linting).
fn refuse_overwriting_inputs(
    targets: &[&Option<PathBuf>],
    inputs: &[Input],
    config: &Config,
    args: &CheckArgs,
) -> Result<(), RunError> {
    let targets: Vec<&Path> = targets.iter().filter_map(|t| t.as_deref()).collect();
    if targets.is_empty() {
        return Ok(());
    }
    let read = inputs
        .iter()
        .map(|i| i.found.path.as_path())
        .chain(config.path.as_deref())
        .chain(
            args.baseline
                .as_deref()
                .filter(|_| args.write_baseline.is_none()),
        );
    crate::io::refuse_overwriting_inputs(&targets, read).map_err(RunError)
}

/// A rule's options as the settings hold them (after presets and config).
fn rule_options(
    config: &Config,
    r: &crate::catalog::Rule,
) -> Vec<(String, crate::config::OptionValue)> {
    r.options
        .iter()
        .filter(|o| o.kind != "severity")
        .filter_map(|o| {
            config
                .settings
                .options
                .get(&r.code, &o.name)
                .map(|v| (o.name.clone(), v))
        })
        .collect()
}

fn rules(args: RulesArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    // The same config as `check` (found the same way), so the severities shown are the ones
    // a run uses.
    let config = match crate::config::file::load(args.config.as_deref(), args.no_config) {
        Ok(c) => c,
        Err(e) => return Ok(config_failed(&e, ColorChoice::Auto)),
    };
    let settings = &config.settings;
    let cat = catalog();
    match args.format {
        TableFormat::Json => {
            let mut rows: Vec<_> = cat
                .rules()
                .map(|r| {
                    let options: serde_json::Map<String, serde_json::Value> =
                        rule_options(&config, r).into_iter().map(|(n, v)| (n, v.to_json())).collect();
                    serde_json::json!({
                        "code": r.code, "name": r.name, "family": r.family,
                        "default": r.severity.as_str(), "severity": settings.level(&r.code).as_str(),
                        "summary": r.summary, "sources": r.sources, "options": options,
                    })
                })
                .collect();
            rows.extend(config.custom.iter().map(|c| {
                serde_json::json!({
                    "code": c.code, "name": c.code, "family": "custom",
                    "default": c.declared.as_str(), "severity": settings.level(&c.code).as_str(),
                    "summary": c.message, "sources": [],
                    "options": { "role": c.role_text, c.kind(): c.pattern() },
                })
            }));
            serde_json::to_writer_pretty(
                &mut *out,
                &serde_json::json!({ "version": 1, "rules": rows }),
            )?;
            writeln!(out)?;
        }
        TableFormat::Human => {
            for f in &cat.families {
                writeln!(out, "{} ({})", f.title, f.family)?;
                for r in &f.rules {
                    writeln!(
                        out,
                        "  {:<5} {:<28} {:<8} {}",
                        r.code,
                        r.name,
                        settings.level(&r.code).as_str(),
                        r.summary
                    )?;
                    let options = rule_options(&config, r);
                    if !options.is_empty() {
                        let list: Vec<String> =
                            options.iter().map(|(n, v)| format!("{n}: {v}")).collect();
                        writeln!(
                            out,
                            "  {:<5} {:<28} {:<8} options: {}",
                            "",
                            "",
                            "",
                            crate::term::escape(&list.join(", "))
                        )?;
                    }
                }
                writeln!(out)?;
            }
            if !config.custom.is_empty() {
                let from = config
                    .path
                    .as_ref()
                    .map(|p| format!(" (from {})", crate::term::escape(&p.display().to_string())))
                    .unwrap_or_default();
                writeln!(out, "Custom rules{from}")?;
                for c in &config.custom {
                    writeln!(
                        out,
                        "  {:<7} {:<26} {:<8} {}",
                        crate::term::escape(&c.code),
                        "",
                        settings.level(&c.code).as_str(),
                        crate::term::escape(&c.summary())
                    )?;
                }
                writeln!(out)?;
            }
            if let Some(p) = &config.path {
                writeln!(
                    out,
                    "Severities and options after {} (extends: {}).",
                    crate::term::escape(&p.display().to_string()),
                    crate::term::escape(&config.preset)
                )?;
            }
        }
    }
    Ok(0)
}

/// One duty statement to classify, with its 1-based line in the input.
struct Statement {
    line: usize,
    text: String,
}

fn lines_of(text: &str) -> Vec<Statement> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Statement {
            line: i + 1,
            text: l.trim().to_string(),
        })
        .collect()
}

/// The duty statements of one file: a job description's bullets, an org file's
/// responsibilities, else one statement per line.
fn statements_of_file(p: &Path) -> Result<Vec<Statement>, RunError> {
    // The size cap of `check` (the config's own limit is not known yet).
    let cap = load::max_file_size_from_env().unwrap_or(load::DEFAULT_MAX_FILE_SIZE);
    let bytes =
        crate::io::read_capped(p, cap).map_err(|e| RunError(format!("{}: {e}", p.display())))?;
    let (text, bad) = load::decode(bytes, cap);
    if let Some(e) = bad {
        return Err(RunError(format!("{}: {}", p.display(), e.message)));
    }
    let name = p.to_string_lossy().to_lowercase();
    let index = crate::span::LineIndex::new(text.as_bytes());
    let at = |span: crate::span::Span| index.line_of(span.start as usize) + 1;
    Ok(
        if [".md", ".jd.txt", ".html", ".htm", ".json"]
            .iter()
            .any(|x| name.ends_with(x))
        {
            let doc = load::parse_job(p, &text)
                .map_err(|e| RunError(format!("{}: {}", p.display(), e.message)))?;
            doc.statements
                .into_iter()
                .map(|s| Statement {
                    line: at(s.span),
                    text: s.value,
                })
                .collect()
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            let (doc, problems) = load::yaml::parse_org(&text);
            if let Err(e) = &doc {
                let pos = index.position(&text, e.offset);
                return Err(RunError(format!(
                    "{}:{}:{}: {}",
                    walk::display_path(p),
                    pos.line,
                    pos.column,
                    e.message
                )));
            }
            let mut org = crate::model::Org::default();
            let file = load::SourceFile {
                path: p.to_path_buf(),
                display: walk::display_path(p),
                kind: FileKind::Org,
                text: text.clone(),
                lines: crate::span::LineIndex::default(),
            };
            org.add_file(
                file,
                crate::model::Parsed::Org(doc, problems),
                &crate::roles::Resolver::builtin(),
                2,
            );
            org.people
                .iter()
                .flat_map(|person| person.responsibilities.iter())
                .map(|r| Statement {
                    line: at(r.span),
                    text: r.value.clone(),
                })
                .collect()
        } else {
            lines_of(&text)
        },
    )
}

fn classify(args: ClassifyArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    if let Some(path) = &args.evaluate {
        return evaluate(path, &args, out);
    }
    if args.file.is_none() && std::io::stdin().is_terminal() {
        // Nothing named and nobody piping: waiting for a terminal to send statements looks
        // like a hang. Say how it is used instead.
        say!(
            "usage: rolelint classify FILE|DIR|-\n\n\
             Classifies duty statements: a job description's bullets, an org file's\n\
             responsibilities, every org file and job description under DIR, or one\n\
             statement per line of standard input (`-`).\n\n\
             Examples:\n  rolelint classify examples/\n  echo 'Own the pricing strategy' | rolelint classify -"
        );
        return Ok(2);
    }
    let path = args.file.clone().filter(|p| p.as_os_str() != "-");
    // (file shown, its statements); `None` for standard input.
    let groups: Vec<(Option<String>, Vec<Statement>)> = match &path {
        None => {
            let cap = load::max_file_size_from_env().unwrap_or(load::DEFAULT_MAX_FILE_SIZE);
            let (text, bad) = load::decode(crate::io::read_stdin(cap)?, cap);
            if let Some(e) = bad {
                return Err(RunError(format!("standard input: {}", e.message)));
            }
            vec![(None, lines_of(&text))]
        }
        Some(p) if p.is_dir() => {
            // Every org file and job description under it, as `check` finds them.
            let found = walk::collect(std::slice::from_ref(p), &Selection::defaults())?;
            let mut groups = Vec::new();
            for f in found {
                groups.push((Some(f.display.clone()), statements_of_file(&f.path)?));
            }
            groups
        }
        Some(p) => vec![(Some(walk::display_path(p)), statements_of_file(p)?)],
    };
    let several = groups.len() > 1 || path.as_ref().is_some_and(|p| p.is_dir());
    // The same configuration as `check`, so vocabulary additions can be tried out here.
    let config = match crate::config::file::load(args.config.as_deref(), args.no_config) {
        Ok(c) => c,
        Err(e) => return Ok(config_failed(&e, ColorChoice::Auto)),
    };
    let vocab = config.vocabulary();
    match args.format {
        TableFormat::Json => {
            let list: Vec<_> = groups
                .iter()
                .flat_map(|(file, statements)| {
                    statements.iter().map(move |s| {
                        let c = vocab.classify(&s.text);
                        let mut row = serde_json::json!({ "line": s.line, "text": s.text, "class": c.class.as_str(), "strategic": c.strategic, "tactical": c.tactical, "excepted": c.excepted });
                        if let Some(f) = file {
                            row["file"] = serde_json::Value::from(f.as_str());
                        }
                        row
                    })
                })
                .collect();
            serde_json::to_writer_pretty(
                &mut *out,
                &serde_json::json!({ "version": 1, "statements": list }),
            )?;
            writeln!(out)?;
        }
        TableFormat::Human => {
            let mut any = false;
            for (file, statements) in &groups {
                if several {
                    if let Some(f) = file {
                        writeln!(
                            out,
                            "{}{}",
                            if any { "\n" } else { "" },
                            crate::term::escape(f)
                        )?;
                    }
                }
                for s in statements {
                    any = true;
                    let c = vocab.classify(&s.text);
                    let mut terms: Vec<String> = c
                        .strategic
                        .iter()
                        .map(|t| format!("+{}", crate::term::escape(t)))
                        .collect();
                    terms.extend(
                        c.tactical
                            .iter()
                            .map(|t| format!("-{}", crate::term::escape(t))),
                    );
                    terms.extend(
                        c.excepted
                            .iter()
                            .map(|t| format!("={}", crate::term::escape(t))),
                    );
                    writeln!(
                        out,
                        "{:>5}  {:<12}  {}{}",
                        s.line,
                        c.class.as_str(),
                        crate::term::escape(&s.text),
                        if terms.is_empty() {
                            String::new()
                        } else {
                            format!("  [{}]", terms.join(", "))
                        }
                    )?;
                }
            }
            if any {
                writeln!(
                    out,
                    "\n(+ strategic term, - tactical term, = exception that kept a term from counting)"
                )?;
            }
        }
    }
    Ok(0)
}

/// A file that cannot be read or parsed (S001) cannot be drawn: its S001 reports on standard
/// error and exit 2, as for any input the command cannot read. `None` when every file read.
fn unreadable_files(outcome: &mut engine::Outcome) -> Option<u8> {
    let mut s001: Vec<crate::diagnostics::Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.code == "S001" && f.severity == Severity::Error)
        .cloned()
        .collect();
    if s001.is_empty() {
        return None;
    }
    render::sort(&mut s001, &outcome.org.files);
    let report = Report {
        files: &outcome.org.files,
        findings: &s001,
        counts: Counts::of(&s001),
        notes: &[],
        statistics: None,
        context: &outcome.context,
    };
    let mut buf = Vec::new();
    let style = render::human::Style {
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stderr().is_terminal(),
        width: terminal_width(),
    };
    if render::human::render(&report, &style, &mut buf).is_ok() {
        let _ = std::io::stderr().write_all(&buf);
    }
    say!("error: cannot draw an organisation whose files do not parse");
    Some(2)
}

/// What the HTML report shows beside the findings: how the run was made, the products
/// without a PM, the role structure drawn, the findings grouped by product and person.
fn html_page(
    outcome: &engine::Outcome,
    shown: &[crate::diagnostics::Finding],
    config: &Config,
    focus: Option<&str>,
    redactor: Option<&crate::redact::Redactor>,
) -> Result<render::html::Page, RunError> {
    let org = &outcome.org;
    let opts = crate::graph::Options {
        focus: focus.map(String::from),
        all_people: false,
    };
    let mut graph = crate::graph::build(org, shown, &opts).map_err(|e| RunError(e.to_string()))?;
    let mut groups = crate::report::groups(org, shown);
    if let Some(r) = redactor {
        for node in &mut graph.nodes {
            node.id = r.text(&node.id);
            node.lines.iter_mut().for_each(|l| *l = r.text(l));
        }
        groups
            .iter_mut()
            .for_each(|g| g.heading = r.text(&g.heading));
    }
    let title = "The role structure: PMs, products, backlogs, owners and POs, teams";
    let diagrams = if focus.is_none() && graph.nodes.len() > crate::graph::LARGE_GRAPH {
        crate::graph::svg::per_product(&graph)
            .into_iter()
            .map(|(name, g)| {
                let svg = crate::graph::svg::render(&g, &name);
                (name, svg)
            })
            .collect()
    } else if graph.nodes.is_empty() {
        Vec::new()
    } else {
        vec![(String::new(), crate::graph::svg::render(&graph, title))]
    };
    let date = crate::diagnostics::suppress::today()
        .map_err(RunError)?
        .to_string();
    Ok(render::html::Page {
        date,
        config: config.path.as_ref().map(|p| walk::display_path(p)),
        preset: config.preset.clone(),
        products_without_pm: crate::report::products_without_pm(org),
        diagrams,
        groups,
    })
}

/// `rolelint report`: `check --format html` into a file, exit 0 whatever it finds.
fn report(args: crate::cli::ReportArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let path = match &args.output {
        _ if to_stdout => None,
        Some(p) => Some(p.clone()),
        None => Some(PathBuf::from("rolelint-report.html")),
    };
    let as_check = CheckArgs {
        paths: args.paths,
        format: Format::Html,
        output: path.clone(),
        config: args.config,
        no_config: args.no_config,
        no_context: args.no_context,
        focus: args.focus,
        redact: args.redact,
        ..CheckArgs::default()
    };
    match check(as_check, out)? {
        2 => Ok(2),
        _ => {
            if let Some(p) = path {
                say!(
                    "rolelint: wrote {}",
                    crate::term::escape(&p.display().to_string())
                );
            }
            Ok(0)
        }
    }
}

/// `rolelint classify --evaluate FILE.tsv`: the figures of the vocabulary in effect (built-in
/// plus config) on a labelled file. Exit 0 with the figures; 2 when the file cannot be read.
fn evaluate(
    path: &std::path::Path,
    args: &ClassifyArgs,
    out: &mut dyn Write,
) -> Result<u8, RunError> {
    let cap = load::max_file_size_from_env().unwrap_or(load::DEFAULT_MAX_FILE_SIZE);
    let bytes = crate::io::read_capped(path, cap)
        .map_err(|e| RunError(format!("{}: {e}", path.display())))?;
    let (text, bad) = load::decode(bytes, cap);
    if let Some(e) = bad {
        return Err(RunError(format!("{}: {}", path.display(), e.message)));
    }
    let set =
        crate::evaluate::read(&text).map_err(|e| RunError(format!("{}: {e}", path.display())))?;
    let config = match crate::config::file::load(args.config.as_deref(), args.no_config) {
        Ok(c) => c,
        Err(e) => return Ok(config_failed(&e, ColorChoice::Auto)),
    };
    let e = crate::evaluate::evaluate(config.vocabulary(), &set);
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &crate::evaluate::to_json(&e))?;
            writeln!(out)?;
        }
        TableFormat::Human => out.write_all(crate::evaluate::to_human(&e).as_bytes())?,
    }
    Ok(0)
}

/// `rolelint graph`: the same config, files and lint as `check`, drawn instead of reported.
/// Exit 0 whatever problems the org has; 2 when it cannot be read or `--focus` names nothing.
fn graph(args: crate::cli::GraphArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let as_check = CheckArgs {
        paths: args.paths.clone(),
        config: args.config.clone(),
        no_config: args.no_config,
        ..CheckArgs::default()
    };
    let mut config = match crate::config::file::load_for(
        as_check.config.as_deref(),
        as_check.no_config,
        &config_anchors(&as_check),
    ) {
        Ok(c) => c,
        Err(e) => return Ok(config_failed(&e, ColorChoice::Auto)),
    };
    config
        .select(&as_check.select, &as_check.ignore)
        .map_err(RunError)?;
    crate::diagnostics::suppress::today().map_err(RunError)?;
    let plan = plan(&as_check, &config)?;
    if let Some(target) = &args.output {
        let read = plan.inputs.iter().map(|i| i.found.path.as_path());
        crate::io::refuse_overwriting_inputs(
            &[target.as_path()],
            read.chain(config.path.as_deref()),
        )
        .map_err(RunError)?;
    }
    let mut outcome = engine::lint_in_context(plan.inputs, plan.context, &config)?;
    if let Some(code) = unreadable_files(&mut outcome) {
        return Ok(code);
    }
    for note in &outcome.notes {
        say!("rolelint: {}", crate::term::escape(note));
    }
    let opts = crate::graph::Options {
        focus: args.focus.clone(),
        all_people: args.all_people,
    };
    let mut graph = crate::graph::build(&outcome.org, &outcome.findings, &opts)
        .map_err(|e| RunError(e.to_string()))?;
    if args.redact {
        let r = crate::redact::Redactor::new(&outcome.org);
        for node in &mut graph.nodes {
            node.id = r.text(&node.id);
            node.lines.iter_mut().for_each(|l| *l = r.text(l));
        }
    }
    if args.focus.is_none() && graph.nodes.len() > crate::graph::LARGE_GRAPH {
        say!(
            "rolelint: the graph has {} nodes; `--focus ID` draws only the neighbourhood of one product, team or person",
            graph.nodes.len()
        );
    }
    let format = match args.format {
        crate::cli::GraphFormat::Mermaid => crate::graph::Format::Mermaid,
        crate::cli::GraphFormat::Dot => crate::graph::Format::Dot,
    };
    let text = crate::graph::render(&graph, format);
    match &args.output {
        Some(path) => crate::io::write_whole(path, text.as_bytes())?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}
