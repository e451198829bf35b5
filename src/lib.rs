//! rolelint: lints org charts and job descriptions for how product roles are assigned.
//!
//! The pipeline reads top to bottom: [`load`] (files, spans) -> [`model`] (typed, resolved
//! ids) -> [`rules`] (small pure functions over the model) -> [`diagnostics`] -> [`render`]
//! (one module per output format). [`catalog`] holds every rule's metadata, read by all.

pub mod app;
pub mod catalog;
pub mod classify;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostics;
pub mod docs;
pub mod engine;
pub mod evaluate;
pub mod fix;
pub mod graph;
pub mod import;
pub mod io;
pub mod load;
pub mod model;
pub mod redact;
pub mod render;
pub mod report;
pub mod roles;
pub mod rules;
pub mod schema;
pub mod server;
pub mod span;
pub mod stats;
pub mod term;
