//! Commands that document rolelint rather than lint: `explain`, `docs`, `schema`, `init`,
//! `completions` and `man`. `app::run` dispatches to them; each returns the exit code.

pub mod docs;
pub mod fix;
pub mod import;
pub mod init;
pub mod schema;
pub mod shell;
