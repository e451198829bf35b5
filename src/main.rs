use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match rolelint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    // The language server writes to standard output from its own thread: it must run
    // before this thread locks standard output for the commands' reports.
    if let Some(rolelint::cli::Command::Server(_)) = cli.command {
        return match rolelint::server::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        };
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = rolelint::app::run(cli, &mut out);
    ExitCode::from(code)
}
