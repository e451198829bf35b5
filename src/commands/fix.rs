//! `check --fix`, `--unsafe-fixes` and `--diff`: the fix engine's loop over a run's inputs,
//! then the files written (whole, or not at all) or the diff printed.

use crate::app::RunError;
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::engine::{Input, Outcome};
use crate::io::write_whole;
use std::io::Write;

/// Fixes the run's inputs. `Ok(outcome)`: the files were written and what is left is to be
/// reported; `Err(code)`: `--diff` printed the diff and the run ends with `code`.
pub fn run(
    inputs: Vec<Input>,
    context: Vec<bool>,
    config: &Config,
    args: &CheckArgs,
    out: &mut dyn Write,
) -> Result<Result<Outcome, u8>, RunError> {
    let stdin: Vec<bool> = inputs.iter().map(|i| i.bytes.is_some()).collect();
    if args.fix && !args.diff && stdin.iter().any(|s| *s) {
        return Err(RunError(
            "`--fix` cannot write standard input back: use `--diff` to see the fixes, or name the file".into(),
        ));
    }
    let paths: Vec<_> = inputs.iter().map(|i| i.found.path.clone()).collect();
    let run = crate::fix::fix_loop(inputs, context, config, args.unsafe_fixes)?;
    let files = &run.outcome.org.files;
    if args.diff {
        let mut any = false;
        for c in &run.changed {
            any = true;
            let text = crate::fix::unified_diff(&files[c.index].display, &c.before, &c.after);
            out.write_all(text.as_bytes())?;
        }
        let n = run.changed.len();
        eprintln!(
            "rolelint: {} fix{} would change {n} file{}",
            run.fixed,
            if run.fixed == 1 { "" } else { "es" },
            if n == 1 { "" } else { "s" }
        );
        return Ok(Err(u8::from(any)));
    }
    let mut outcome = run.outcome;
    let mut written = 0;
    for c in &run.changed {
        // Only a file whose text on disk is still what was linted is written: a file that
        // changed meanwhile, or whose bytes were not plain UTF-8 text (a byte-order mark,
        // invalid bytes), is left alone.
        let path = &paths[c.index];
        match std::fs::read(path) {
            Ok(disk) if disk == c.before.as_bytes() => {
                write_whole(path, c.after.as_bytes()).map_err(RunError)?;
                written += 1;
            }
            _ => outcome.notes.push(format!(
                "{}: not fixed, its text on disk is not what was linted",
                outcome.org.files[c.index].display
            )),
        }
    }
    if run.fixed > 0 {
        outcome.notes.push(format!(
            "fixed {} problem{} in {written} file{}",
            run.fixed,
            if run.fixed == 1 { "" } else { "s" },
            if written == 1 { "" } else { "s" }
        ));
    }
    Ok(Ok(outcome))
}
