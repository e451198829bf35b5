//! `rolelint schema [org|config]`: the JSON Schema of the org file or of `rolelint.yaml`.

use crate::app::RunError;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::schema::{render, Which};
use std::io::Write;

pub fn schema(args: SchemaArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let which = match args.kind {
        SchemaKind::Org => Which::Org,
        SchemaKind::Config => Which::Config,
    };
    out.write_all(render(which).as_bytes())?;
    Ok(0)
}
