//! `rolelint import backstage|csv`: reads the source, merges into an existing org file when
//! asked, and writes the org file whole (`-o`) or to standard output. Problems of the source
//! go to standard error. Exit 0 when written; 1 when written but part of the source could
//! not be read (a file that does not parse, a missing location target); 2 when nothing
//! could be imported.

use crate::app::RunError;
use crate::cli::{CsvPreset, IdFrom, ImportArgs, ImportCommon, ImportSource};
use crate::import::{backstage, hr, merge, Imported, Level};
use crate::io::write_whole;
use std::io::Write;

pub fn import(args: ImportArgs, out: &mut dyn Write) -> Result<u8, RunError> {
    let (common, anchors) = match &args.source {
        ImportSource::Backstage(a) => (&a.common, a.paths.clone()),
        ImportSource::Csv(a) => (&a.common, vec![a.file.clone()]),
    };
    let config =
        match crate::config::file::load_for(common.config.as_deref(), common.no_config, &anchors) {
            Ok(c) => c,
            Err(e) => {
                eprint!("{}", e.render(false));
                return Ok(2);
            }
        };
    // Read the file merged into first: a broken one stops the run before any work.
    let old = match &common.merge {
        Some(path) => Some(merge::read(path, &config).map_err(RunError)?),
        None => None,
    };
    let mut org = match &args.source {
        ImportSource::Backstage(a) => {
            let opts = backstage::Options {
                team_types: a.team_types.clone(),
                product_types: a.products_from.clone(),
                title_from: a.title_from.clone(),
                roles_annotation: a.roles_annotation.clone(),
                reports_to_annotation: a.reports_to_annotation.clone(),
                max_file_size: config.max_file_size,
            };
            backstage::import(&a.paths, &opts)
        }
        ImportSource::Csv(a) => {
            let mut map = Vec::new();
            for pair in &a.map {
                let Some((field, column)) = pair.split_once('=') else {
                    return Err(RunError(format!(
                        "--map {pair}: expected FIELD=COLUMN, e.g. --map 'title=Job title'"
                    )));
                };
                map.push((field.trim().to_string(), column.trim().to_string()));
            }
            let delimiter = match a.delimiter.as_deref() {
                None => None,
                Some("tab" | "\\t" | "\t") => Some(b'\t'),
                Some(d) if d.len() == 1 && d.is_ascii() && d != "\"" => Some(d.as_bytes()[0]),
                Some(d) => {
                    return Err(RunError(format!(
                        "--delimiter {d}: expected one character such as `,` `;` `|` or `tab`"
                    )))
                }
            };
            let opts = hr::Options {
                preset: match a.preset {
                    CsvPreset::Generic => hr::Preset::Generic,
                    CsvPreset::Bamboohr => hr::Preset::Bamboohr,
                    CsvPreset::Personio => hr::Preset::Personio,
                },
                map,
                delimiter,
                max_file_size: config.max_file_size,
                ids_from_column: a.id_from == IdFrom::Column,
            };
            hr::import(&a.file, &opts).map_err(RunError)?
        }
    };
    finish(&mut org, old.as_ref(), common, &config.resolver);
    for p in &org.problems {
        eprintln!("{p}");
    }
    if org.people.is_empty()
        && org.teams.is_empty()
        && org.problems.iter().any(|p| p.level == Level::Error)
    {
        // Nothing was read: an empty org file would only hide the failure.
        return Err(RunError("nothing imported; nothing written".into()));
    }
    let text = org.render();
    match &common.output {
        Some(path) => {
            write_whole(path, text.as_bytes()).map_err(RunError)?;
            eprintln!(
                "rolelint: wrote {} ({} people, {} teams, {} products); next: rolelint check {}",
                path.display(),
                org.people.len(),
                org.teams.len(),
                org.products.len(),
                path.display()
            );
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(if org.problems.iter().any(|p| p.level == Level::Error) {
        1
    } else {
        0
    })
}

/// The steps after reading, the same for every source.
pub fn finish(
    org: &mut Imported,
    old: Option<&crate::model::Org>,
    common: &ImportCommon,
    resolver: &crate::roles::Resolver,
) {
    if let Some(old) = old {
        merge::merge(org, old, common.prune, resolver);
    }
    org.derive_roles(resolver);
    org.fill_managers(resolver);
    org.check_references();
    org.report_teamless();
    org.sort();
}
