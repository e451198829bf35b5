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

/// A failure of the run itself (exit 2), with the message to print.
#[derive(Debug)]
pub struct RunError(pub String);

impl<E: std::fmt::Display> From<E> for RunError {
    fn from(e: E) -> Self {
        RunError(e.to_string())
    }
}

pub fn run(cli: Cli, out: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Some(Command::Check(args)) => check(args, out),
        Some(Command::Rules(args)) => rules(args, out),
        Some(Command::Classify(args)) => classify(args, out),
        Some(Command::Graph(args)) => graph(args, out),
        Some(Command::Explain(args)) => crate::commands::docs::explain(args, out),
        Some(Command::Docs(args)) => crate::commands::docs::docs(args, out),
        Some(Command::Schema(args)) => crate::commands::schema::schema(args, out),
        Some(Command::Init(args)) => crate::commands::init::init(args, out),
        Some(Command::Completions(args)) => crate::commands::shell::completions(args, out),
        Some(Command::Man(args)) => crate::commands::shell::man(args, out),
        Some(Command::Server(_)) => crate::server::run().map(|_| 0).map_err(RunError),
        None => check(cli.check, out),
    };
    match result {
        Ok(code) => code,
        Err(RunError(msg)) if msg.contains("Broken pipe") => 0,
        Err(RunError(msg)) => {
            eprintln!("error: {msg}");
            2
        }
    }
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
    eprint!("{}", e.render(color));
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
            Some(crate::diagnostics::baseline::Baseline::load(path).map_err(RunError)?)
        }
        _ => None,
    };

    let plan = plan(&args, &config)?;
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
        let n = crate::diagnostics::baseline::write(path, &outcome.org.files, &outcome.findings)
            .map_err(RunError)?;
        eprintln!(
            "rolelint: recorded {n} problem{} in {}",
            if n == 1 { "" } else { "s" },
            path.display()
        );
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
    let statistics = args
        .statistics
        .then(|| crate::stats::compute(&outcome.org, &outcome.findings));
    let report = Report {
        files: &outcome.org.files,
        findings: &shown,
        counts: all,
        notes: &outcome.notes,
        statistics: statistics.as_ref(),
        context: &outcome.context,
    };
    let mut buf: Vec<u8> = Vec::new();
    match args.format {
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
        Format::Github => render::github::render(&report, &mut buf)?,
        Format::Junit => render::junit::render(&report, &mut buf)?,
    }
    if let Some(path) = &args.sarif {
        let mut sarif = Vec::new();
        render::sarif::render(&report, &mut sarif)?;
        write_whole(path, &sarif)?;
    }
    match &args.output {
        Some(path) => write_whole(path, &buf)?,
        None => out.write_all(&buf)?,
    }
    outcome.timings.render = t.elapsed();
    if args.timings {
        let t = &outcome.timings;
        let pieces = match t.parse_pieces {
            0 => String::new(),
            n => format!(" ({n} pieces in parallel)"),
        };
        eprintln!(
            "timings: read {:.3}s, parse {:.3}s{pieces}, model {:.3}s, rules {:.3}s, render {:.3}s",
            t.read.as_secs_f64(),
            t.parse.as_secs_f64(),
            t.model.as_secs_f64(),
            t.rules.as_secs_f64(),
            t.render.as_secs_f64()
        );
    }
    let too_many_warnings = args.max_warnings.is_some_and(|n| all.warnings > n);
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

fn read_stdin(max_size: u64) -> Result<Vec<u8>, RunError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| RunError(format!("cannot read standard input: {e}")))?;
    Ok(bytes)
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
        let found = match walk::collect(&on_disk, &sel) {
            Err(walk::WalkError::NothingFound { .. }) => return Err(nothing()),
            other => other?,
        };
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

/// Writes a whole file or nothing: into a temporary file beside it, then renamed over it.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(RunError(format!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .ok_or_else(|| RunError(format!("{}: not a file name", path.display())))?;
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(RunError(format!("cannot write {}: {e}", path.display())));
    }
    Ok(())
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
    let config = match &args.config {
        Some(path) => match crate::config::file::from_file(path) {
            Ok(c) => c,
            Err(e) => return Ok(config_failed(&e, ColorChoice::Auto)),
        },
        None => Config::builtin(),
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
                            list.join(", ")
                        )?;
                    }
                }
                writeln!(out)?;
            }
            if !config.custom.is_empty() {
                let from = config
                    .path
                    .as_ref()
                    .map(|p| format!(" (from {})", p.display()))
                    .unwrap_or_default();
                writeln!(out, "Custom rules{from}")?;
                for c in &config.custom {
                    writeln!(
                        out,
                        "  {:<7} {:<26} {:<8} {}",
                        c.code,
                        "",
                        settings.level(&c.code).as_str(),
                        c.summary()
                    )?;
                }
                writeln!(out)?;
            }
            if let Some(p) = &config.path {
                writeln!(
                    out,
                    "Severities and options after {} (extends: {}).",
                    p.display(),
                    config.preset
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

fn classify(args: ClassifyArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let path = args.file.filter(|p| p.as_os_str() != "-");
    let statements = match &path {
        None => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)?;
            lines_of(&text)
        }
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| RunError(format!("{}: {e}", p.display())))?;
            let (text, bad) = load::decode(bytes, load::DEFAULT_MAX_FILE_SIZE);
            if let Some(e) = bad {
                return Err(RunError(format!("{}: {}", p.display(), e.message)));
            }
            let name = p.to_string_lossy().to_lowercase();
            let index = crate::span::LineIndex::new(text.as_bytes());
            let at = |span: crate::span::Span| index.line_of(span.start as usize) + 1;
            if name.ends_with(".md") || name.ends_with(".jd.txt") {
                let doc = load::jobs::parse(&text, name.ends_with(".md"));
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
                        p.display(),
                        pos.line,
                        pos.column,
                        e.message
                    )));
                }
                let mut org = crate::model::Org::default();
                let file = load::SourceFile {
                    path: p.clone(),
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
            }
        }
    };
    // The same configuration as `check`, so vocabulary additions can be tried out here.
    let config = match crate::config::file::load(args.config.as_deref(), args.no_config) {
        Ok(c) => c,
        Err(e) => return Ok(config_failed(&e, ColorChoice::Auto)),
    };
    let vocab = config.vocabulary();
    let rows: Vec<_> = statements
        .iter()
        .map(|s| (s, vocab.classify(&s.text)))
        .collect();
    match args.format {
        TableFormat::Json => {
            let list: Vec<_> = rows
                .iter()
                .map(|(s, c)| serde_json::json!({ "line": s.line, "text": s.text, "class": c.class.as_str(), "strategic": c.strategic, "tactical": c.tactical }))
                .collect();
            serde_json::to_writer_pretty(
                &mut *out,
                &serde_json::json!({ "version": 1, "statements": list }),
            )?;
            writeln!(out)?;
        }
        TableFormat::Human => {
            for (s, c) in &rows {
                let mut terms: Vec<String> = c.strategic.iter().map(|t| format!("+{t}")).collect();
                terms.extend(c.tactical.iter().map(|t| format!("-{t}")));
                writeln!(
                    out,
                    "{:>5}  {:<12}  {}{}",
                    s.line,
                    c.class.as_str(),
                    s.text,
                    if terms.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", terms.join(", "))
                    }
                )?;
            }
            if !rows.is_empty() {
                writeln!(out, "\n(+ strategic term, - tactical term)")?;
            }
        }
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
    let outcome = engine::lint_in_context(plan.inputs, plan.context, &config)?;
    for note in &outcome.notes {
        eprintln!("rolelint: {note}");
    }
    let opts = crate::graph::Options {
        focus: args.focus.clone(),
        all_people: args.all_people,
    };
    let graph = crate::graph::build(&outcome.org, &outcome.findings, &opts)
        .map_err(|e| RunError(e.to_string()))?;
    if args.focus.is_none() && graph.nodes.len() > crate::graph::LARGE_GRAPH {
        eprintln!(
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
        Some(path) => write_whole(path, text.as_bytes())?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(0)
}
