//! `rolelint server`: a language server over stdio. It lints the open documents as `check`
//! does, with the whole organisation as context (open buffers replacing the files on disk),
//! and answers hover, definition, references and code actions from the same model.
//!
//! Synchronous, one thread: a lint of an organisation takes milliseconds, so a request waits
//! at most for one lint, and the debounce of changes is a receive timeout.

use crate::app::{plan, Plan};
use crate::catalog::{catalog, Severity};
use crate::cli::CheckArgs;
use crate::config::file::{ConfigError, FILE_NAMES};
use crate::config::Config;
use crate::diagnostics::baseline::canonical;
use crate::diagnostics::{Finding, Fix};
use crate::engine::{self, Input, Outcome};
use crate::load::walk::{display_path, Found};
use crate::load::{FileKind, SourceFile};
use crate::model::{FileId, Head, Kind, Org, Ref};
use crate::span::{LineIndex, Span};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::{notification::Notification as _, request::Request as _};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long after the last keystroke a changed document is linted.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The command behind "explain this rule": opens the rule's documentation.
const EXPLAIN: &str = "rolelint.explain";

/// Runs the server on standard input and output until the client says `exit`.
pub fn run() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    serve(connection)?;
    io.join().map_err(|e| e.to_string())
}

/// The server's capabilities: what `initialize` answers.
fn capabilities() -> Value {
    json!({
        "positionEncoding": "utf-16",
        "textDocumentSync": {
            "openClose": true,
            "change": 1,
            "save": { "includeText": false }
        },
        "hoverProvider": true,
        "definitionProvider": true,
        "referencesProvider": true,
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
        "executeCommandProvider": { "commands": [EXPLAIN] }
    })
}

/// Serves one client on `connection` (stdio, or in memory for tests).
pub fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let init: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "rolelint", "version": env!("CARGO_PKG_VERSION") }
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server::new(connection);
    let watch = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.watch_files();
    }
    server.main_loop()
}

/// An open document.
struct Doc {
    path: PathBuf,
    /// The real path, to match the files of a lint with.
    key: PathBuf,
    text: String,
    version: Option<i32>,
}

/// The last lint of one organisation: its model, and the URI of each of its files.
struct Linted {
    outcome: Outcome,
    uris: Vec<lsp::Url>,
    config: Rc<Config>,
}

/// A config file, read once per version of its text.
struct CachedConfig {
    text: String,
    config: Result<Rc<Config>, Vec<ConfigError>>,
}

struct Server {
    conn: Connection,
    docs: BTreeMap<lsp::Url, Doc>,
    /// Per open document: the lint it was last linted in, and its file there.
    linted: HashMap<lsp::Url, (Rc<Linted>, FileId)>,
    configs: HashMap<PathBuf, CachedConfig>,
    /// Documents to lint when the debounce ends.
    dirty: HashSet<lsp::Url>,
    deadline: Option<Instant>,
    /// URIs that have diagnostics in the client (cleared when they have none any more).
    published: HashSet<lsp::Url>,
    next_id: i32,
}

impl Server {
    fn new(conn: Connection) -> Server {
        Server {
            conn,
            docs: BTreeMap::new(),
            linted: HashMap::new(),
            configs: HashMap::new(),
            dirty: HashSet::new(),
            deadline: None,
            published: HashSet::new(),
            next_id: 0,
        }
    }

    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let msg = match self.deadline {
                Some(at) => {
                    let wait = at.saturating_duration_since(Instant::now());
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(e) if e.is_timeout() => None,
                        Err(_) => return Ok(()),
                    }
                }
                None => match self.conn.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            match msg {
                None => self.flush(),
                Some(Message::Request(req)) => {
                    if self.conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    // A request answers from the documents as they are now.
                    self.flush();
                    let resp = self.request(req);
                    self.send(Message::Response(resp));
                }
                Some(Message::Notification(n)) => self.notification(n),
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn send(&self, msg: Message) {
        let _ = self.conn.sender.send(msg);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_string(),
            params,
        )));
    }

    fn request_client(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_id += 1;
        let id = RequestId::from(format!("rolelint-{}", self.next_id));
        self.send(Message::Request(Request::new(
            id,
            method.to_string(),
            params,
        )));
    }

    fn watch_files(&mut self) {
        let watchers: Vec<Value> = ["**/*.{yaml,yml}", "**/*.{md,txt}"]
            .iter()
            .map(|g| json!({ "globPattern": g }))
            .collect();
        self.request_client(
            "client/registerCapability",
            json!({ "registrations": [{
                "id": "rolelint-watch",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": watchers }
            }]}),
        );
    }

    /// Marks documents to lint after `delay`.
    fn schedule(&mut self, uris: impl IntoIterator<Item = lsp::Url>, delay: Duration) {
        self.dirty.extend(uris);
        let at = Instant::now() + delay;
        self.deadline = Some(match self.deadline {
            Some(d) if d < at => d,
            _ => at,
        });
    }

    fn schedule_all(&mut self) {
        let all: Vec<_> = self.docs.keys().cloned().collect();
        self.schedule(all, Duration::ZERO);
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification as N;
        match n.method.as_str() {
            N::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                let Ok(path) = uri.to_file_path() else {
                    return;
                };
                let key = canonical(&path);
                self.docs.insert(
                    uri.clone(),
                    Doc {
                        path,
                        key,
                        text: p.text_document.text,
                        version: Some(p.text_document.version),
                    },
                );
                // Another open document of the organisation may read this one's buffer.
                self.schedule_all();
            }
            N::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                if let Some(doc) = self.docs.get_mut(&uri) {
                    // Full sync: the last change holds the whole text.
                    if let Some(c) = p.content_changes.into_iter().last() {
                        doc.text = c.text;
                    }
                    doc.version = Some(p.text_document.version);
                    let all: Vec<_> = self.docs.keys().cloned().collect();
                    self.schedule(all, DEBOUNCE);
                }
            }
            N::DidSaveTextDocument::METHOD => self.schedule_all(),
            N::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                self.linted.remove(&uri);
                self.dirty.remove(&uri);
                self.publish(&uri, Vec::new(), None);
                // Its file on disk replaces its buffer for the others.
                self.schedule_all();
            }
            N::DidChangeWatchedFiles::METHOD => {
                self.configs.clear();
                self.schedule_all();
            }
            N::Exit::METHOD => {}
            _ => {}
        }
    }

    fn publish(&mut self, uri: &lsp::Url, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        if diagnostics.is_empty() && !self.published.remove(uri) && version.is_none() {
            return;
        }
        if !diagnostics.is_empty() {
            self.published.insert(uri.clone());
        }
        self.notify(
            lsp::notification::PublishDiagnostics::METHOD,
            lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        );
    }

    /// Lints every document marked dirty, one lint per organisation.
    fn flush(&mut self) {
        self.deadline = None;
        if self.dirty.is_empty() {
            return;
        }
        let dirty = std::mem::take(&mut self.dirty);
        // Organisations: the open documents under one config; without a config, each
        // document alone (as `check FILE` reads it).
        let mut groups: BTreeMap<(Option<PathBuf>, Option<lsp::Url>), Vec<lsp::Url>> =
            BTreeMap::new();
        let mut config_docs = Vec::new();
        for (uri, doc) in &self.docs {
            if is_config_file(&doc.path) {
                config_docs.push(uri.clone());
                continue;
            }
            if FileKind::of(&doc.path).is_none() {
                continue;
            }
            let dir = doc.path.parent().unwrap_or(Path::new("/"));
            let config = crate::config::file::discover(dir).ok().flatten();
            let key = match config {
                Some(c) => (Some(canonical(&c)), None),
                None => (None, Some(uri.clone())),
            };
            groups.entry(key).or_default().push(uri.clone());
        }
        for uri in config_docs {
            if dirty.contains(&uri) {
                let path = self.docs[&uri].path.clone();
                let errors = match &self.config(&path) {
                    Ok(_) => Vec::new(),
                    Err(errors) => errors.clone(),
                };
                let doc = &self.docs[&uri];
                let diags = config_diagnostics(&doc.text, &errors, &uri);
                let version = doc.version;
                self.publish(&uri, diags, version);
            }
        }
        for ((config_path, _), uris) in groups {
            if !uris.iter().any(|u| dirty.contains(u)) {
                continue;
            }
            let config = match &config_path {
                Some(p) => self
                    .config(p)
                    .unwrap_or_else(|_| Rc::new(Config::builtin())),
                None => Rc::new(Config::builtin()),
            };
            self.lint_group(&uris, config);
        }
    }

    /// The config in `path` (its open buffer, else the file), read again when its text changed.
    fn config(&mut self, path: &Path) -> Result<Rc<Config>, Vec<ConfigError>> {
        let key = canonical(path);
        let text = match self.docs.values().find(|d| d.key == key) {
            Some(d) => d.text.clone(),
            None => match std::fs::read(path) {
                Ok(bytes) => crate::load::decode(bytes, 16 * 1024 * 1024).0,
                Err(e) => {
                    return Err(vec![ConfigError {
                        span: Span::default(),
                        message: format!("cannot read {}: {e}", path.display()),
                        label: String::new(),
                        help: None,
                        labels: Vec::new(),
                    }])
                }
            },
        };
        if let Some(c) = self.configs.get(&key) {
            if c.text == text {
                return c.config.clone();
            }
        }
        let config = crate::config::file::from_text(&text, &key).map(Rc::new);
        self.configs.insert(
            key,
            CachedConfig {
                text,
                config: config.clone(),
            },
        );
        config
    }

    /// Lints the open documents `uris` of one organisation and publishes their diagnostics.
    fn lint_group(&mut self, uris: &[lsp::Url], config: Rc<Config>) {
        // Only the files `check` would find in a folder: an editor opens every YAML and
        // Markdown file, most of which are no org file or job description.
        let docs: Vec<&Doc> = uris
            .iter()
            .map(|u| &self.docs[u])
            .filter(|d| is_linted(&d.path, &config))
            .collect();
        let (on_disk, unsaved): (Vec<&Doc>, Vec<&Doc>) =
            docs.iter().partition(|d| d.path.is_file());
        let args = CheckArgs {
            paths: on_disk.iter().map(|d| d.path.clone()).collect(),
            ..CheckArgs::default()
        };
        let Plan {
            mut inputs,
            mut context,
            ..
        } = if args.paths.is_empty() {
            Plan {
                inputs: Vec::new(),
                context: Vec::new(),
                excluded: Vec::new(),
            }
        } else {
            match plan(&args, &config) {
                Ok(p) => p,
                Err(_) => Plan {
                    inputs: Vec::new(),
                    context: Vec::new(),
                    excluded: Vec::new(),
                },
            }
        };
        // Documents not saved yet are linted from their buffers, under their names.
        for d in unsaved {
            let Some(kind) = FileKind::of(&d.path) else {
                continue;
            };
            inputs.push(Input {
                found: Found {
                    path: d.path.clone(),
                    display: display_path(&d.path),
                    kind,
                },
                bytes: None,
            });
            context.push(false);
        }
        // Every open buffer replaces its file, context or not: the organisation as the
        // editor shows it.
        let open: HashMap<&Path, &Doc> = self.docs.values().map(|d| (d.key.as_path(), d)).collect();
        let mut keys = Vec::with_capacity(inputs.len());
        for input in &mut inputs {
            let key = canonical(&input.found.path);
            if let Some(d) = open.get(key.as_path()) {
                input.bytes = Some(d.text.clone().into_bytes());
            }
            keys.push(key);
        }
        let outcome = match engine::lint_in_context(inputs, context, &config) {
            Ok(o) => o,
            Err(e) => {
                self.log(&format!("rolelint: {e}"));
                return;
            }
        };
        let uris_of: Vec<lsp::Url> = keys
            .iter()
            .map(|k| {
                lsp::Url::from_file_path(k)
                    .unwrap_or_else(|_| lsp::Url::parse("file:///").expect("a valid URL"))
            })
            .collect();
        let linted = Rc::new(Linted {
            outcome,
            uris: uris_of,
            config,
        });
        let mut by_file: HashMap<FileId, Vec<&Finding>> = HashMap::new();
        for f in &linted.outcome.findings {
            by_file.entry(f.primary.file).or_default().push(f);
        }
        let mut out = Vec::new();
        for uri in uris {
            let doc = &self.docs[uri];
            let Some(i) = keys.iter().position(|k| *k == doc.key) else {
                // Excluded by the config: not linted, as `check` would not.
                out.push((uri.clone(), Vec::new(), doc.version, None));
                continue;
            };
            let diags = by_file
                .get(&(i as FileId))
                .map(|fs| fs.iter().map(|f| diagnostic(f, &linted)).collect())
                .unwrap_or_default();
            out.push((uri.clone(), diags, doc.version, Some(i as FileId)));
        }
        for (uri, diags, version, file) in out {
            match file {
                Some(i) => {
                    self.linted.insert(uri.clone(), (linted.clone(), i));
                }
                None => {
                    self.linted.remove(&uri);
                }
            }
            self.publish(&uri, diags, version);
        }
    }

    fn log(&self, message: &str) {
        self.notify(
            lsp::notification::LogMessage::METHOD,
            lsp::LogMessageParams {
                typ: lsp::MessageType::WARNING,
                message: message.to_string(),
            },
        );
    }

    fn request(&mut self, req: Request) -> Response {
        use lsp::request as R;
        let id = req.id.clone();
        let result: Result<Value, String> = match req.method.as_str() {
            R::HoverRequest::METHOD => parse(req.params)
                .map(|p: lsp::HoverParams| json!(self.hover(&p.text_document_position_params))),
            R::GotoDefinition::METHOD => parse(req.params).map(|p: lsp::GotoDefinitionParams| {
                json!(self.definition(&p.text_document_position_params))
            }),
            R::References::METHOD => {
                parse(req.params).map(|p: lsp::ReferenceParams| json!(self.references(&p)))
            }
            R::CodeActionRequest::METHOD => {
                parse(req.params).map(|p: lsp::CodeActionParams| json!(self.code_actions(&p)))
            }
            R::ExecuteCommand::METHOD => parse(req.params).map(|p: lsp::ExecuteCommandParams| {
                self.execute(&p);
                Value::Null
            }),
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("rolelint does not answer {}", req.method),
                )
            }
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(e) => Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, e),
        }
    }

    /// The lint and file of a document, and a byte offset in it.
    fn at(&self, p: &lsp::TextDocumentPositionParams) -> Option<(Rc<Linted>, FileId, usize)> {
        let (linted, file) = self.linted.get(&p.text_document.uri)?;
        let f = &linted.outcome.org.files[*file as usize];
        let offset = offset_of(f, p.position);
        Some((linted.clone(), *file, offset))
    }

    fn hover(&self, p: &lsp::TextDocumentPositionParams) -> Option<lsp::Hover> {
        // A baseline is no org file and is never linted: its `code:` lines are read as text.
        if let Some(doc) = self.docs.get(&p.text_document.uri) {
            let lines = LineIndex::new(doc.text.as_bytes());
            let offset = offset_in(&doc.text, &lines, p.position);
            if let Some((markdown, span)) = hover_baseline_code(&doc.text, offset) {
                return Some(lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(lsp::Range::new(
                        position_in(&doc.text, &lines, span.start as usize),
                        position_in(&doc.text, &lines, span.end as usize),
                    )),
                });
            }
        }
        let (linted, file, offset) = self.at(p)?;
        let org = &linted.outcome.org;
        let f = &org.files[file as usize];
        let (markdown, span) = hover_code(&f.text, offset)
            .or_else(|| {
                entity_at(org, file, offset).map(|(kind, index, span)| {
                    (entity_markdown(org, kind, index, &linted.uris), span)
                })
            })
            .or_else(|| {
                statement_at(org, file, offset).map(|(text, span)| {
                    (statement_markdown(linted.config.vocabulary(), &text), span)
                })
            })?;
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(range(f, span)),
        })
    }

    fn definition(
        &self,
        p: &lsp::TextDocumentPositionParams,
    ) -> Option<lsp::GotoDefinitionResponse> {
        let (linted, file, offset) = self.at(p)?;
        let org = &linted.outcome.org;
        let (kind, index, _) = entity_at(org, file, offset)?;
        let head = head(org, kind, index)?;
        Some(lsp::GotoDefinitionResponse::Scalar(location(
            &linted,
            head.file,
            head.id_span,
        )))
    }

    fn references(&self, p: &lsp::ReferenceParams) -> Option<Vec<lsp::Location>> {
        let (linted, file, offset) = self.at(&p.text_document_position)?;
        let org = &linted.outcome.org;
        let (kind, index, _) = entity_at(org, file, offset)?;
        let mut out = Vec::new();
        if p.context.include_declaration {
            let h = head(org, kind, index)?;
            out.push(location(&linted, h.file, h.id_span));
        }
        each_ref(org, |k, f, r| {
            if k == kind && r.target == Some(index) {
                out.push(location(&linted, f, r.span));
            }
        });
        Some(out)
    }

    fn code_actions(&self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let Some((linted, file)) = self.linted.get(&p.text_document.uri) else {
            return Vec::new();
        };
        let f = &linted.outcome.org.files[*file as usize];
        let want = Span::new(offset_of(f, p.range.start), offset_of(f, p.range.end));
        let mut out = Vec::new();
        let mut explained = HashSet::new();
        for finding in linted
            .outcome
            .findings
            .iter()
            .filter(|x| x.primary.file == *file)
            .filter(|x| x.primary.span.start <= want.end && want.start <= x.primary.span.end)
        {
            let diag = diagnostic(finding, linted);
            for fix in &finding.fixes {
                out.push(lsp::CodeActionOrCommand::CodeAction(code_action(
                    fix,
                    linted,
                    &diag,
                    finding.fixes.len() == 1 && fix.safe,
                )));
            }
            if finding.code != crate::diagnostics::UNPARSABLE {
                if let Some(edit) = suppression_edit(f, finding) {
                    let mut changes = HashMap::new();
                    changes.insert(p.text_document.uri.clone(), vec![edit]);
                    out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                        title: format!("Suppress {} on this line (with a reason)", finding.code),
                        kind: Some(lsp::CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(lsp::WorkspaceEdit {
                            changes: Some(changes),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }));
                }
            }
            if explained.insert(finding.code.clone()) && catalog().find(&finding.code).is_some() {
                out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: format!("Explain {}", finding.code),
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag]),
                    command: Some(lsp::Command {
                        title: format!("Explain {}", finding.code),
                        command: EXPLAIN.to_string(),
                        arguments: Some(vec![json!(finding.code)]),
                    }),
                    ..Default::default()
                }));
            }
        }
        out
    }

    /// "Explain this rule": the client opens the rule's page.
    fn execute(&mut self, p: &lsp::ExecuteCommandParams) {
        if p.command != EXPLAIN {
            return;
        }
        let code = p.arguments.first().and_then(Value::as_str).unwrap_or("");
        if let Some(uri) = help_uri(code).and_then(|u| lsp::Url::parse(&u).ok()) {
            self.request_client(
                "window/showDocument",
                lsp::ShowDocumentParams {
                    uri,
                    external: Some(true),
                    take_focus: Some(true),
                    selection: None,
                },
            );
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// Whether `check` walking a folder would lint the file: the config's `include` when it
/// sets one, else the default names (`*.org.yaml`, `org.yaml`, `*.jd.md`, `*.jd.txt`).
fn is_linted(path: &Path, config: &Config) -> bool {
    let default_name = || {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        crate::load::walk::is_org_file_name(path)
            || name.ends_with(".jd.md")
            || name.ends_with(".jd.txt")
    };
    config.selects(path, false) && (config.include.is_some() || default_name())
}

fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| FILE_NAMES.contains(&n))
}

/// The rule's page, as SARIF's `helpUri` gives it; none for a custom rule.
pub fn help_uri(code: &str) -> Option<String> {
    let rule = catalog().find(code)?;
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repo.is_empty())
        .then(|| format!("{repo}/blob/main/docs/rules/{}-{}.md", rule.code, rule.name))
}

/// A line index for a file (the model keeps one; an empty one is built again).
fn lines_of(f: &SourceFile) -> std::borrow::Cow<'_, LineIndex> {
    if f.lines.line_count() == 0 {
        std::borrow::Cow::Owned(LineIndex::new(f.text.as_bytes()))
    } else {
        std::borrow::Cow::Borrowed(&f.lines)
    }
}

/// The LSP position of a byte offset: a 0-based line and a column in UTF-16 code units.
pub fn position_in(text: &str, lines: &LineIndex, offset: usize) -> lsp::Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = lines.line_of(offset);
    let start = lines.line_start(line, text.len());
    let character = text[start..offset].encode_utf16().count();
    lsp::Position::new(line as u32, character as u32)
}

/// The byte offset of an LSP position (clamped to its line, and to the text).
pub fn offset_in(text: &str, lines: &LineIndex, pos: lsp::Position) -> usize {
    let line = pos.line as usize;
    if line >= lines.line_count() {
        return text.len();
    }
    let start = lines.line_start(line, text.len());
    let end = lines.line_start(line + 1, text.len());
    let mut units = 0u32;
    for (i, c) in text[start..end].char_indices() {
        if units >= pos.character || c == '\n' || c == '\r' {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    end
}

fn offset_of(f: &SourceFile, pos: lsp::Position) -> usize {
    offset_in(&f.text, &lines_of(f), pos)
}

fn range(f: &SourceFile, span: Span) -> lsp::Range {
    let lines = lines_of(f);
    lsp::Range::new(
        position_in(&f.text, &lines, span.start as usize),
        position_in(&f.text, &lines, span.end as usize),
    )
}

fn location(linted: &Linted, file: FileId, span: Span) -> lsp::Location {
    lsp::Location {
        uri: linted.uris[file as usize].clone(),
        range: range(&linted.outcome.org.files[file as usize], span),
    }
}

/// A finding as an LSP diagnostic: the message with its help, the rule's page, and the
/// labels as related information (in whichever file they are).
fn diagnostic(f: &Finding, linted: &Linted) -> lsp::Diagnostic {
    let file = &linted.outcome.org.files[f.primary.file as usize];
    let mut message = f.message.clone();
    if !f.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&f.help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = f
        .labels
        .iter()
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: location(linted, l.loc.file, l.loc.span),
            message: l.message.clone(),
        })
        .collect();
    let tags = (f.code == "X002" && f.primary_label == "unused suppression")
        .then(|| vec![lsp::DiagnosticTag::UNNECESSARY]);
    lsp::Diagnostic {
        range: range(file, f.primary.span),
        severity: Some(match f.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(f.code.clone())),
        code_description: help_uri(&f.code)
            .and_then(|u| lsp::Url::parse(&u).ok())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("rolelint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags,
        data: None,
    }
}

fn config_diagnostics(text: &str, errors: &[ConfigError], uri: &lsp::Url) -> Vec<lsp::Diagnostic> {
    let lines = LineIndex::new(text.as_bytes());
    let range = |s: Span| {
        lsp::Range::new(
            position_in(text, &lines, s.start as usize),
            position_in(text, &lines, s.end as usize),
        )
    };
    errors
        .iter()
        .map(|e| {
            let mut message = e.message.clone();
            if let Some(h) = &e.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            let related: Vec<_> = e
                .labels
                .iter()
                .map(|(s, l)| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: uri.clone(),
                        range: range(*s),
                    },
                    message: l.clone(),
                })
                .collect();
            lsp::Diagnostic {
                range: range(e.span),
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("rolelint".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..Default::default()
            }
        })
        .collect()
}

fn code_action(
    fix: &Fix,
    linted: &Linted,
    diag: &lsp::Diagnostic,
    preferred: bool,
) -> lsp::CodeAction {
    let mut changes: HashMap<lsp::Url, Vec<lsp::TextEdit>> = HashMap::new();
    for e in &fix.edits {
        let f = &linted.outcome.org.files[e.loc.file as usize];
        changes
            .entry(linted.uris[e.loc.file as usize].clone())
            .or_default()
            .push(lsp::TextEdit {
                range: range(f, e.loc.span),
                new_text: e.text.clone(),
            });
    }
    lsp::CodeAction {
        title: if fix.safe {
            fix.title.clone()
        } else {
            format!("{} (may change the meaning)", fix.title)
        },
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    }
}

/// "Suppress with a reason": a comment that covers the finding's line, ending where the
/// reason is to be written. In YAML at the end of the line (or on its own line above when
/// the line has a comment already); in a job description an HTML comment at the end.
fn suppression_edit(f: &SourceFile, finding: &Finding) -> Option<lsp::TextEdit> {
    let lines = lines_of(f);
    let line = lines.line_of(finding.primary.span.start as usize);
    let start = lines.line_start(line, f.text.len());
    let end = lines.line_start(line + 1, f.text.len());
    let text = f.text[start..end].trim_end_matches(['\n', '\r']);
    let code = &finding.code;
    let (at, insert) = match f.kind {
        FileKind::Job => (
            start + text.len(),
            format!(" <!-- rolelint: ignore[{code}] --  -->"),
        ),
        FileKind::Org if text.contains('#') => {
            let indent: String = text.chars().take_while(|c| *c == ' ').collect();
            (start, format!("{indent}# rolelint: ignore[{code}] -- \n"))
        }
        FileKind::Org => (
            start + text.len(),
            format!("  # rolelint: ignore[{code}] -- "),
        ),
    };
    let pos = position_in(&f.text, &lines, at);
    Some(lsp::TextEdit {
        range: lsp::Range::new(pos, pos),
        new_text: insert,
    })
}

/// The summary of a rule, for hovers.
fn rule_markdown(rule: &crate::catalog::Rule) -> String {
    let mut md = format!(
        "**{}** `{}` ({})\n\n{}",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.summary.trim()
    );
    if let Some(u) = help_uri(&rule.code) {
        md.push_str(&format!("\n\n[Documentation]({u})"));
    }
    md
}

/// The rule code of a baseline entry's `code:` line under the cursor, in a file that reads
/// as a baseline (its entries have `code:` and `fingerprint:`): the rule's summary.
fn hover_baseline_code(text: &str, offset: usize) -> Option<(String, Span)> {
    if !text.contains("fingerprint:") {
        return None;
    }
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let key = line.find("code:")?;
    if !line[..key].trim_start_matches([' ', '-']).is_empty() {
        return None;
    }
    let value = &line[key + "code:".len()..];
    let code = value.trim().trim_matches(['"', '\'']);
    let rule = catalog().find(code)?;
    let start = line_start + key + "code:".len() + value.find(code)?;
    let span = Span::new(start, start + code.len());
    (offset >= span.start as usize && offset <= span.end as usize)
        .then(|| (rule_markdown(rule), span))
}

/// A rule code inside a suppression comment (`rolelint: ignore[O001, T002]`) under the
/// cursor: the rule's summary.
fn hover_code(text: &str, offset: usize) -> Option<(String, Span)> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let open = line.find("rolelint: ignore[")? + "rolelint: ignore[".len();
    let close = open + line[open..].find(']')?;
    let at = offset - line_start;
    if at < open || at > close {
        return None;
    }
    let mut pos = open;
    for item in line[open..close].split(',') {
        let end = pos + item.len();
        if at >= pos && at <= end {
            let code = item.trim();
            let rule = catalog().find(code)?;
            let lead = item.len() - item.trim_start().len();
            let span = Span::new(
                line_start + pos + lead,
                line_start + pos + lead + code.len(),
            );
            return Some((rule_markdown(rule), span));
        }
        pos = end + 1;
    }
    None
}

/// Every reference of the organisation, with the kind it names and its file.
fn each_ref<'a>(org: &'a Org, mut visit: impl FnMut(Kind, FileId, &'a Ref)) {
    for p in &org.products {
        p.managers
            .iter()
            .for_each(|r| visit(Kind::Person, p.head.file, r));
    }
    for t in &org.teams {
        t.product
            .iter()
            .for_each(|r| visit(Kind::Product, t.head.file, r));
        t.members
            .iter()
            .for_each(|r| visit(Kind::Person, t.head.file, r));
    }
    for b in &org.backlogs {
        b.product
            .iter()
            .for_each(|r| visit(Kind::Product, b.head.file, r));
        b.teams
            .iter()
            .for_each(|r| visit(Kind::Team, b.head.file, r));
        b.owners
            .iter()
            .for_each(|r| visit(Kind::Person, b.head.file, r));
    }
    for p in &org.people {
        p.reports_to
            .iter()
            .for_each(|r| visit(Kind::Person, p.head.file, r));
    }
}

fn head(org: &Org, kind: Kind, index: u32) -> Option<&Head> {
    let i = index as usize;
    match kind {
        Kind::Product => org.products.get(i).map(|e| &e.head),
        Kind::Team => org.teams.get(i).map(|e| &e.head),
        Kind::Backlog => org.backlogs.get(i).map(|e| &e.head),
        Kind::Person => org.people.get(i).map(|e| &e.head),
    }
}

fn heads(org: &Org) -> impl Iterator<Item = (Kind, u32, &Head)> {
    let p = org
        .products
        .iter()
        .enumerate()
        .map(|(i, e)| (Kind::Product, i as u32, &e.head));
    let t = org
        .teams
        .iter()
        .enumerate()
        .map(|(i, e)| (Kind::Team, i as u32, &e.head));
    let b = org
        .backlogs
        .iter()
        .enumerate()
        .map(|(i, e)| (Kind::Backlog, i as u32, &e.head));
    let q = org
        .people
        .iter()
        .enumerate()
        .map(|(i, e)| (Kind::Person, i as u32, &e.head));
    p.chain(t).chain(b).chain(q)
}

/// The entity an id under the cursor names: a resolved reference, or a definition's `id`
/// (the first of a duplicated id).
fn entity_at(org: &Org, file: FileId, offset: usize) -> Option<(Kind, u32, Span)> {
    let hit = |s: Span| s.start as usize <= offset && offset <= s.end as usize;
    let mut found = None;
    each_ref(org, |k, f, r| {
        if found.is_none() && f == file && hit(r.span) {
            if let Some(t) = r.target {
                found = Some((k, t, r.span));
            }
        }
    });
    found.or_else(|| {
        heads(org)
            .find(|(_, _, h)| h.file == file && hit(h.id_span))
            .map(|(k, i, h)| (k, h.duplicate_of.unwrap_or(i), h.id_span))
    })
}

fn entity_markdown(org: &Org, kind: Kind, index: u32, uris: &[lsp::Url]) -> String {
    let Some(h) = head(org, kind, index) else {
        return String::new();
    };
    let i = index as usize;
    let name = match kind {
        Kind::Product => org.products[i].name.clone(),
        Kind::Team => org.teams[i].name.clone(),
        Kind::Backlog => org.backlogs[i].name.clone(),
        Kind::Person => org.people[i].name.clone(),
    };
    let mut md = format!("**{}** `{}`", kind.noun(), h.id);
    if let Some(n) = name {
        md.push_str(&format!(": {n}"));
    }
    if kind == Kind::Person {
        let p = &org.people[i];
        if let Some(t) = &p.title {
            md.push_str(&format!("\n\ntitle: {}", t.value));
        }
        let roles: Vec<&str> = p.roles.iter().map(|r| r.text.as_str()).collect();
        if !roles.is_empty() {
            md.push_str(&format!("\n\nroles: {}", roles.join(", ")));
        }
    }
    let file = &org.files[h.file as usize];
    let line = lines_of(file).line_of(h.id_span.start as usize) + 1;
    let shown = uris
        .get(h.file as usize)
        .and_then(|u| u.to_file_path().ok())
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_else(|| file.display.clone());
    md.push_str(&format!("\n\ndefined in {shown}:{line}"));
    md
}

/// A responsibility or job-description bullet under the cursor.
fn statement_at(org: &Org, file: FileId, offset: usize) -> Option<(String, Span)> {
    let hit = |s: Span| s.start as usize <= offset && offset <= s.end as usize;
    org.people
        .iter()
        .filter(|p| p.head.file == file)
        .flat_map(|p| p.responsibilities.iter())
        .chain(
            org.jobs
                .iter()
                .filter(|j| j.file == file)
                .flat_map(|j| j.doc.statements.iter()),
        )
        .find(|n| hit(n.span))
        .map(|n| (n.value.clone(), n.span))
}

fn statement_markdown(vocab: &crate::classify::Vocabulary, text: &str) -> String {
    let c = vocab.classify(text);
    let mut md = format!("**{}** duty", c.class.as_str());
    if !c.strategic.is_empty() {
        md.push_str(&format!("\n\nstrategic terms: {}", c.strategic.join(", ")));
    }
    if !c.tactical.is_empty() {
        md.push_str(&format!("\n\ntactical terms: {}", c.tactical.join(", ")));
    }
    if c.strategic.is_empty() && c.tactical.is_empty() {
        md.push_str("\n\nno term of the vocabulary matched");
    }
    md.push_str("\n\n(as `rolelint classify` reads it)");
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        // `é` is one UTF-16 unit and two bytes; `𝄞` two units and four bytes.
        let text = "a: é𝄞x\nb\n";
        let lines = LineIndex::new(text.as_bytes());
        let x = text.find('x').unwrap();
        assert_eq!(position_in(text, &lines, x), lsp::Position::new(0, 6));
        assert_eq!(offset_in(text, &lines, lsp::Position::new(0, 6)), x);
        assert_eq!(
            offset_in(text, &lines, lsp::Position::new(1, 0)),
            text.find('b').unwrap()
        );
        // Past the end of a line: the line's end; past the last line: the text's end.
        assert_eq!(offset_in(text, &lines, lsp::Position::new(0, 99)), x + 1);
        assert_eq!(
            offset_in(text, &lines, lsp::Position::new(9, 0)),
            text.len()
        );
        // Inside a character: the character's start.
        assert_eq!(position_in(text, &lines, x - 1), lsp::Position::new(0, 4));
    }

    #[test]
    fn hover_finds_the_code_of_a_baseline_entry() {
        let text = "- file: org.yaml\n  code: O001\n  subject: backlogs[b]\n  fingerprint: 00\n";
        let at = text.find("O001").unwrap() + 2;
        let (md, span) = hover_baseline_code(text, at).expect("a hover");
        assert!(md.contains("O001"), "{md}");
        assert_eq!(&text[span.range()], "O001");
        assert!(hover_baseline_code(text, text.find("file").unwrap()).is_none());
        assert!(
            hover_baseline_code("code: O001\n", 7).is_none(),
            "not a baseline"
        );
    }

    #[test]
    fn hover_finds_the_code_in_a_suppression() {
        let text = "owner: bob  # rolelint: ignore[O001, T002] -- why\n";
        let at = text.find("T002").unwrap() + 1;
        let (md, span) = hover_code(text, at).expect("a code");
        assert!(md.starts_with("**T002**"), "{md}");
        assert_eq!(&text[span.range()], "T002");
        assert!(hover_code(text, 2).is_none());
    }
}
