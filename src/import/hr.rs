//! HR exports as CSV (BambooHR and Personio reports, Workday custom reports, any
//! spreadsheet): one row per person, columns mapped to fields by a preset or `--map`.
//!
//! The bytes are read as UTF-8 (a byte order mark is dropped), UTF-16 when a UTF-16 byte
//! order mark says so (Excel's "Unicode text"), else as Windows-1252, which is what a
//! spreadsheet saves as "CSV" on Windows. The delimiter is the one of `,` `;` tab `|` that
//! the header line has most of, outside quotes (Excel writes `;` where `,` is the decimal
//! separator).

use super::{slug, unique_ids, Imported, Person, Problem, Product, Team};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The fields a column can be mapped to.
pub const FIELDS: [&str; 10] = [
    "id",
    "name",
    "first_name",
    "last_name",
    "title",
    "manager",
    "team",
    "email",
    "roles",
    "product",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Common header names of any export.
    #[default]
    Generic,
    Bamboohr,
    Personio,
}

/// Candidate headers per field, in order of preference, compared case-insensitively with
/// spaces, `_` and `-` ignored.
fn candidates(preset: Preset, field: &str) -> &'static [&'static str] {
    match (preset, field) {
        (Preset::Bamboohr, "id") => &[
            "id",
            "eid",
            "employee eid",
            "employeeNumber",
            "employee #",
            "employee id",
        ],
        (Preset::Bamboohr, "name") => &["displayName", "full name", "name", "employee name"],
        (Preset::Bamboohr, "title") => &["jobTitle", "job title"],
        (Preset::Bamboohr, "manager") => &[
            "supervisorEId",
            "supervisor eid",
            "supervisorId",
            "supervisor id",
            "supervisor",
            "reports to",
        ],
        (Preset::Bamboohr, "team") => &["department", "team"],
        (Preset::Bamboohr, "email") => &["workEmail", "work email", "email"],
        (Preset::Bamboohr, "product") => &["division"],
        (Preset::Personio, "id") => &["id", "employee id", "personnel number"],
        (Preset::Personio, "title") => &["position", "job title", "title"],
        (Preset::Personio, "manager") => {
            &["supervisor", "supervisor id", "supervisor email", "manager"]
        }
        (Preset::Personio, "team") => &["team", "department"],
        (Preset::Personio, "email") => &["email", "work email"],
        (Preset::Personio, "product") => &["subcompany"],
        (_, "id") => &[
            "employee id",
            "employee number",
            "employee #",
            "worker id",
            "id",
        ],
        (_, "name") => &[
            "full name",
            "name",
            "display name",
            "displayName",
            "employee name",
            "legal name",
            "preferred name",
            "worker",
        ],
        (_, "first_name") => &[
            "first name",
            "firstName",
            "given name",
            "preferred first name",
        ],
        (_, "last_name") => &["last name", "lastName", "surname", "family name"],
        (_, "title") => &[
            "job title",
            "jobTitle",
            "title",
            "position",
            "business title",
            "job profile",
        ],
        (_, "manager") => &[
            "manager id",
            "supervisor id",
            "manager",
            "supervisor",
            "reports to",
            "manager email",
            "supervisorEId",
            "supervisorId",
        ],
        (_, "team") => &["team", "department", "supervisory organization", "org unit"],
        (_, "email") => &[
            "work email",
            "email",
            "email address",
            "workEmail",
            "primary work email",
        ],
        (_, "roles") => &["roles", "product role"],
        (_, "product") => &["product", "division", "product area"],
        _ => &[],
    }
}

fn norm(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub preset: Preset,
    /// `field=Column header` pairs, overriding the preset.
    pub map: Vec<(String, String)>,
    /// The delimiter, when not sniffed.
    pub delimiter: Option<u8>,
    pub max_file_size: u64,
    /// Ids from the `id` column instead of slugged names.
    pub ids_from_column: bool,
}

/// Text from a CSV file's bytes, and the encoding it was read as.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(s) = std::str::from_utf8(rest) {
            return (s.to_string(), "UTF-8 with a byte order mark");
        }
    }
    for (bom, le, name) in [
        (b"\xFF\xFE", true, "UTF-16LE"),
        (b"\xFE\xFF", false, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let units = rest.chunks_exact(2).map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            });
            let s = char::decode_utf16(units)
                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect();
            return (s, name);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => (bytes.iter().map(|b| cp1252(*b)).collect(), "Windows-1252"),
    }
}

/// One Windows-1252 byte: Latin-1, except 0x80-0x9F, which hold typographic characters.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The delimiter the header line uses most, outside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = cands.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|i| (counts[*i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        cands[best]
    }
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        d => format!("`{}`", d as char),
    }
}

/// Reads the export at `path`; `Err` when nothing can be imported (unreadable file, no
/// usable columns), with the message to print.
pub fn import(path: &Path, opts: &Options) -> Result<Imported, String> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if meta.len() > opts.max_file_size {
        return Err(format!(
            "{shown}: the file is {} bytes, more than the limit of {} bytes (ROLELINT_MAX_FILE_SIZE)",
            meta.len(),
            opts.max_file_size
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let (text, encoding) = decode(&bytes);
    import_text(&text, &shown, encoding, opts)
}

pub fn import_text(
    text: &str,
    shown: &str,
    encoding: &str,
    opts: &Options,
) -> Result<Imported, String> {
    let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{shown}:1: cannot read the header line: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err(format!("{shown}: the file is empty or has no header line"));
    }
    // Columns by field: `--map` first (a named column must exist), else the preset.
    let mut column: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (field, header) in &opts.map {
        let Some(f) = FIELDS.iter().find(|f| **f == field.as_str()) else {
            return Err(format!(
                "--map {field}=...: unknown field `{field}`; the fields are {}",
                FIELDS.join(", ")
            ));
        };
        match headers.iter().position(|h| norm(h) == norm(header)) {
            Some(i) => {
                column.insert(f, i);
            }
            None => {
                let near = headers
                    .iter()
                    .min_by_key(|h| strsim::levenshtein(&norm(h), &norm(header)))
                    .map(|h| format!(" (did you mean `{h}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "{shown}:1: --map {field}={header}: no column `{header}`{near}; the columns are: {}",
                    headers.join(", ")
                ));
            }
        }
    }
    for f in FIELDS {
        if column.contains_key(f) {
            continue;
        }
        let taken: BTreeSet<usize> = column.values().copied().collect();
        let mut found = None;
        for preset in [opts.preset, Preset::Generic] {
            found = candidates(preset, f).iter().find_map(|c| {
                headers
                    .iter()
                    .position(|h| norm(h) == norm(c))
                    .filter(|i| !taken.contains(i))
            });
            if found.is_some() {
                break;
            }
        }
        if let Some(i) = found {
            column.insert(f, i);
        }
    }
    let has_name = column.contains_key("name")
        || (column.contains_key("first_name") && column.contains_key("last_name"));
    if !has_name && !column.contains_key("id") {
        return Err(format!(
            "{shown}:1: no column for the person's name or id; the columns are: {}\n  help: map them, e.g. --map 'name=Full name,title=Job title,manager=Manager ID,team=Team'",
            headers.join(", ")
        ));
    }

    let mut org = Imported::default();
    struct Row {
        line: u64,
        key: Option<String>,
        email: Option<String>,
        name: Option<String>,
        title: Option<String>,
        manager: Option<String>,
        team: Option<String>,
        roles: Option<Vec<String>>,
        product: Option<String>,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                org.problems.push(Problem::error(
                    Some(format!("{shown}:{line}")),
                    format!("cannot read the row: {e}; the rest of the file is not read"),
                ));
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            org.problems.push(
                Problem::warning(
                    Some(format!("{shown}:{line}")),
                    format!(
                        "the row has {} fields, the header {}; read as far as it goes",
                        record.len(),
                        headers.len()
                    ),
                )
                .help("a field with the delimiter in it needs double quotes; or set --delimiter"),
            );
        }
        let get = |f: &str| {
            column
                .get(f)
                .and_then(|i| record.get(*i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name = get("name").or_else(|| {
            let n = [get("first_name"), get("last_name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (!n.is_empty()).then_some(n)
        });
        let key = get("id");
        if name.is_none() && key.is_none() {
            org.problems.push(Problem::warning(
                Some(format!("{shown}:{line}")),
                "a row with neither a name nor an id; skipped",
            ));
            continue;
        }
        if rows.len() >= 1_000_000 {
            org.problems.push(Problem::error(
                Some(format!("{shown}:{line}")),
                "more than 1,000,000 rows; the rest are not read",
            ));
            break;
        }
        rows.push(Row {
            line,
            key,
            email: get("email"),
            name,
            title: get("title"),
            manager: get("manager"),
            team: get("team"),
            roles: get("roles").map(|r| {
                r.split([',', ';', '/'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }),
            product: get("product"),
        });
    }

    // A duplicate id in the source is a problem of the source: the first row is kept.
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_email: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut skip: BTreeSet<usize> = BTreeSet::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(k) = &r.key {
            if let Some(first) = by_key.get(k) {
                org.problems.push(Problem::warning(
                    Some(format!("{shown}:{}", r.line)),
                    format!(
                        "duplicate id `{k}` (first on line {}); this row is skipped",
                        rows[*first].line
                    ),
                ));
                skip.insert(i);
                continue;
            }
            by_key.insert(k.clone(), i);
        }
        if let Some(e) = &r.email {
            by_email.entry(e.to_lowercase()).or_insert(i);
        }
        if let Some(n) = &r.name {
            by_name.entry(n.to_lowercase()).or_default().push(i);
        }
    }
    // Ids: slugged from the name (readable in `reports_to` and `members`), made unique
    // with the row's own id, so re-imports keep them whatever the row order.
    let mut ids: Vec<String> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, r)| {
            // `--id-from column`: the id column as it is when it is a valid id, else slugged.
            if opts.ids_from_column {
                if let Some(k) = r.key.as_deref().filter(|k| crate::model::is_valid_id(k)) {
                    return k.to_string();
                }
            }
            let s = slug(r.name.as_deref().or(r.key.as_deref()).unwrap_or(""));
            if s.is_empty() {
                format!("person-{}", r.line)
            } else {
                s
            }
        })
        .collect();
    let keys: Vec<Option<String>> = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, r)| r.key.clone())
        .collect();
    unique_ids(&mut ids, &keys);
    // Back to one entry per row (a skipped row keeps an empty id, never used).
    let mut kept = ids.into_iter();
    let ids: Vec<String> = (0..rows.len())
        .map(|i| {
            if skip.contains(&i) {
                String::new()
            } else {
                kept.next().unwrap_or_default()
            }
        })
        .collect();
    let mut teams: BTreeMap<String, Team> = BTreeMap::new();
    // Team names that slug to an id another name already has, reported once each.
    let mut merged_names: BTreeSet<String> = BTreeSet::new();
    let mut products: BTreeMap<String, Product> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if skip.contains(&i) {
            continue;
        }
        // The manager column holds an id, an email or a name, whichever the export has.
        let reports_to = r.manager.as_ref().and_then(|m| {
            let found = by_key
                .get(m)
                .or_else(|| by_email.get(&m.to_lowercase()))
                .copied()
                .or_else(|| match by_name.get(&m.to_lowercase()).map(|v| &v[..]) {
                    Some([one]) => Some(*one),
                    Some(_) => {
                        org.problems.push(Problem::warning(
                            Some(format!("{shown}:{}", r.line)),
                            format!("manager `{m}` names several people; left out"),
                        ).help("map the manager column to an id or email column"));
                        None
                    }
                    None => None,
                });
            if found.is_none() && !by_name.contains_key(&m.to_lowercase()) {
                org.problems.push(Problem::warning(
                    Some(format!("{shown}:{}", r.line)),
                    format!("manager `{m}` of {} is not in the file; left out", r.name.as_deref().unwrap_or(&ids[i])),
                ).help("export everyone the people in the file report to, or check the manager column"));
            }
            found.map(|f| ids[f].clone())
        });
        if let Some(t) = &r.team {
            let tid = slug(t);
            let tid = if tid.is_empty() {
                "team".to_string()
            } else {
                tid
            };
            let team = teams.entry(tid.clone()).or_insert_with(|| Team {
                id: tid.clone(),
                name: Some(t.clone()),
                ..Team::default()
            });
            if team.name.as_deref() != Some(t.as_str()) && merged_names.insert(t.clone()) {
                org.problems.push(
                    Problem::warning(
                        Some(format!("{shown}:{}", r.line)),
                        format!(
                            "team `{t}` has the id `{tid}` of team `{}`; they are one team",
                            team.name.as_deref().unwrap_or("")
                        ),
                    )
                    .help(
                        "spell the team one way in the source if they are one, or name them apart",
                    ),
                );
            }
            team.members.push(ids[i].clone());
            if let Some(p) = &r.product {
                let pid = slug(p);
                if !pid.is_empty() {
                    let product = products.entry(pid.clone()).or_insert_with(|| Product {
                        id: pid.clone(),
                        name: Some(p.clone()),
                        ..Product::default()
                    });
                    product.candidates.push(ids[i].clone());
                    match &team.product {
                        None => team.product = Some(pid),
                        Some(other) if *other != pid => org.problems.push(Problem::warning(
                            Some(format!("{shown}:{}", r.line)),
                            format!("team `{tid}` has people in products `{other}` and `{pid}`; the first is kept"),
                        )),
                        _ => {}
                    }
                }
            }
        }
        org.people.push(Person {
            id: ids[i].clone(),
            at: Some(format!("{shown}:{}", r.line)),
            key: r.key.clone(),
            name: r.name.clone(),
            title: r.title.clone(),
            explicit_roles: r.roles.clone(),
            reports_to,
            ..Person::default()
        });
    }
    org.teams = teams.into_values().collect();
    org.products = products.into_values().collect();
    let mapped: Vec<String> = FIELDS
        .iter()
        .filter_map(|f| column.get(f).map(|i| format!("{f}={}", headers[*i])))
        .collect();
    org.header = vec![
        format!(
            "Imported by `rolelint import csv` from {shown} ({} rows; {encoding}, delimiter {}).",
            rows.len(),
            delimiter_name(delimiter)
        ),
        format!("Columns: {}.", mapped.join(", ")),
        format!(
            "Ids {}; roles from the roles column, else from the title; teams from the team column.",
            if opts.ids_from_column { "from the id column" } else { "slugged from names" }
        ),
        "Re-import with --merge FILE: responsibilities, backlogs, products and suppressions written here are kept.".into(),
    ];
    Ok(org)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").0, "a,b");
        assert_eq!(decode(b"Ren\xE9 \x80").0, "René €");
        assert_eq!(decode(b"\xFF\xFEa\0,\0b\0").0, "a,b");
        assert_eq!(decode("Zoë".as_bytes()).1, "UTF-8");
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a;b;\"c,d,e\"\n1,2"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("name\n"), b',');
    }
}
