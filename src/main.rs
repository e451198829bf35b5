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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = rolelint::app::run(cli, &mut out);
    ExitCode::from(code)
}
