//! Org files read leniently with serde-saphyr: every field type accepts any YAML shape,
//! keeps the value when it fits and records a problem (S002, S007, a duplicate key) when it
//! does not, so one pass reports every structural problem of the file with exact spans.
//!
//! Why lenient wrappers instead of `#[derive(Deserialize)]`: serde's derive stops at the
//! first wrong type, which would hide every later problem. Why not a generic value tree
//! converted afterwards: it costs about 1.5x the time and 1.9x the memory of typed parsing.
//! Problems go to a thread-local list scoped to one parse, because `Spanned<T>` requires
//! `T: Deserialize` and so no context can be passed down the visitors.

use crate::span::Span;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::cell::RefCell;
use std::fmt;

mod split;
pub mod syntax;
pub use split::pieces_so_far;

/// A value with the byte span of its source text (for a scalar, its text with quotes; for a
/// list or map, from its first character to the end of its last element).
#[derive(Debug, Clone, PartialEq)]
pub struct Node<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Node<T> {
    pub fn new(value: T, span: Span) -> Self {
        Node { value, span }
    }
}

/// A problem found while reading, before any model exists.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadProblem {
    /// A key the format does not define (S002). `known` lists the keys valid at that place.
    UnknownKey {
        key: String,
        span: Span,
        place: &'static str,
        known: &'static [&'static str],
    },
    /// A value of the wrong shape (S007).
    WrongType {
        span: Span,
        field: String,
        expected: &'static str,
        found: String,
    },
    /// The same key twice in one mapping (S001, not fatal: the first value is kept).
    DuplicateKey {
        key: String,
        span: Span,
        first: Span,
    },
    /// A second YAML document in one org file (S007 at its start).
    ExtraDocument { span: Span },
}

thread_local! {
    static PROBLEMS: RefCell<Vec<ReadProblem>> = const { RefCell::new(Vec::new()) };
}

fn report(p: ReadProblem) {
    PROBLEMS.with(|ps| ps.borrow_mut().push(p));
}

/// Runs one parse with a fresh problem list and returns both.
pub fn with_problems<R>(f: impl FnOnce() -> R) -> (R, Vec<ReadProblem>) {
    PROBLEMS.with(|ps| ps.borrow_mut().clear());
    let r = f();
    let problems = PROBLEMS.with(|ps| std::mem::take(&mut *ps.borrow_mut()));
    (r, problems)
}

pub fn span_of<T>(s: &Spanned<T>) -> Span {
    let sp = s.referenced.span();
    match (sp.byte_offset(), sp.byte_len()) {
        (Some(o), Some(l)) => {
            // A piece of a split file is parsed alone: its offsets start at the piece.
            let o = o as usize + split::base() as usize;
            Span::new(o, o + l as usize)
        }
        _ => Span::default(),
    }
}

/// What a YAML node turned out to be, in the words a message uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Null,
    Boolean,
    Number,
    Text,
    List,
    Map,
}

impl Shape {
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Null => "nothing (null)",
            Shape::Boolean => "a boolean",
            Shape::Number => "a number",
            Shape::Text => "text",
            Shape::List => "a list",
            Shape::Map => "a map",
        }
    }
}

/// A scalar leaf read from any shape. Numbers and booleans keep their text so that free
/// text fields (`name`, `title`) can accept them, while id fields reject them.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Other(Shape, String),
}

impl Scalar {
    pub fn shape(&self) -> Shape {
        match self {
            Scalar::Text(_) => Shape::Text,
            Scalar::Other(s, _) => *s,
        }
    }
}

struct ScalarVisitor;

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Boolean, v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Number, v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Number, v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Number, v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Number, v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Number, v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Null, String::new()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other(Shape::Null, String::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
        drain_seq(seq)?;
        Ok(Scalar::Other(Shape::List, String::new()))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
        drain_map(map)?;
        Ok(Scalar::Other(Shape::Map, String::new()))
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// A list of `T`, or the shape found instead of a list.
#[derive(Debug)]
pub enum List<T> {
    Items(Vec<(T, Span)>),
    /// The items of a list read in pieces on several threads (see `split`), in file order:
    /// kept apart because joining them would copy the largest list of the file while
    /// every piece is still alive.
    Split(Vec<Vec<(T, Span)>>),
    Not(Shape),
}

/// The items of a list, in file order, however many pieces they were read in.
pub type ListItems<T> = std::iter::Flatten<
    std::iter::Chain<std::option::IntoIter<Vec<(T, Span)>>, std::vec::IntoIter<Vec<(T, Span)>>>,
>;

impl<T> List<T> {
    /// How many items the list has and the items themselves, or the shape found instead
    /// of a list.
    pub fn into_items(self) -> Result<(usize, ListItems<T>), Shape> {
        let (count, one, pieces) = match self {
            List::Items(items) => (items.len(), Some(items), Vec::new()),
            List::Split(pieces) => (pieces.iter().map(Vec::len).sum(), None, pieces),
            List::Not(shape) => return Err(shape),
        };
        Ok((count, one.into_iter().chain(pieces).flatten()))
    }
}

struct ListVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de> + HasEnd> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4).min(1024));
        while let Some(item) = seq.next_element::<Spanned<T>>()? {
            let span = span_of(&item);
            let value = item.value;
            let end = value.end().unwrap_or(span.end);
            items.push((
                value,
                Span {
                    start: span.start,
                    end: end.max(span.end),
                },
            ));
        }
        Ok(List::Items(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List<T>, A::Error> {
        drain_map(map)?;
        Ok(List::Not(Shape::Map))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Text))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Boolean))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Number))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Number))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Number))
    }
    fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
        Ok(List::Not(Shape::Null))
    }
}

impl<'de, T: Deserialize<'de> + HasEnd> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

/// Values whose own end is known to be past the span the parser gives for their start
/// (a mapping entity ends at its last value).
pub trait HasEnd {
    fn end(&self) -> Option<u32> {
        None
    }
}
impl HasEnd for Scalar {}

/// A key, read with `deserialize_any` so that a null or list key is an S002, not a fatal error.
struct Key(Option<String>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Key(match Scalar::deserialize(d)? {
            Scalar::Text(s) => Some(s),
            Scalar::Other(Shape::Number | Shape::Boolean, s) => Some(s),
            Scalar::Other(..) => None,
        }))
    }
}

/// Walks one mapping: known keys go to `field` (by index into `known`), unknown keys are
/// S002 and skipped, repeated keys are a non-fatal S001 (the first value is kept). Returns
/// the end of the last key or value seen, for the mapping's span.
fn visit_fields<'de, A: MapAccess<'de>>(
    map: &mut A,
    place: &'static str,
    known: &'static [&'static str],
    mut field: impl FnMut(usize, &mut A) -> Result<Span, A::Error>,
) -> Result<u32, A::Error> {
    // Keys are read without a span: a key's span is needed only when it is wrong (S002, a
    // repeated key), and then it is found in the text just before its value's span (see
    // `key_span_before`), which saves a location on every key of the file.
    let mut first: [Option<Span>; 16] = [None; 16];
    let mut end = 0u32;
    while let Some(key) = map.next_key::<Key>()? {
        let name = key.0;
        match name
            .as_deref()
            .and_then(|k| known.iter().position(|n| *n == k))
        {
            Some(i) => {
                if let Some(first_value) = first[i] {
                    let skipped = span_of(&map.next_value::<Spanned<IgnoredAny>>()?);
                    end = end.max(skipped.end);
                    report(ReadProblem::DuplicateKey {
                        key: known[i].to_string(),
                        span: skipped,
                        first: first_value,
                    });
                } else {
                    let value = field(i, map)?;
                    first[i] = Some(value);
                    end = end.max(value.end);
                }
            }
            // `x-` keys are extension data (an HR export's extra columns): accepted anywhere
            // and ignored (issue 17, reading 11).
            None if name.as_deref().is_some_and(is_extension_key) => {
                let skipped = span_of(&map.next_value::<Spanned<IgnoredAny>>()?);
                end = end.max(skipped.end);
            }
            None => {
                let skipped = span_of(&map.next_value::<Spanned<IgnoredAny>>()?);
                end = end.max(skipped.end);
                report(ReadProblem::UnknownKey {
                    key: name.unwrap_or_default(),
                    span: skipped,
                    place,
                    known,
                });
            }
        }
    }
    Ok(end)
}

/// Whether a key is extension data: `x-` then anything.
pub fn is_extension_key(key: &str) -> bool {
    key.len() > 2 && key.starts_with("x-")
}

/// The span of `key` written just before the value that starts at `value_start` (the
/// nearest occurrence within a few lines, so the cost stays bounded however many keys are
/// wrong); the value's start when the key is not text or not found.
pub fn key_span_before(text: &str, value_start: u32, key: &str) -> Span {
    let end = (value_start as usize).min(text.len());
    let mut from = end.saturating_sub(key.len() + 2048);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    match (key.is_empty(), text[from..end].rfind(key)) {
        (false, Some(i)) => Span::new(from + i, from + i + key.len()),
        _ => written_key_before(text, end).unwrap_or(Span::at(end)),
    }
}

/// The key as written before the value at `end`, when its text differs from the key's value:
/// a quoted key with an escape (`"rep\nx": 1`) or an explicit key (`? key` then `: value`).
/// Reads back from the value to its `:` indicator, then over the key; a few lines at most.
fn written_key_before(text: &str, end: usize) -> Option<Span> {
    let head = &text[..end];
    let colon = head.trim_end_matches([' ', '\t', '\n', '\r']);
    let colon_at = colon.len().checked_sub(1)?;
    if !colon.ends_with(':') {
        return None;
    }
    let line_start = head[..colon_at].rfind('\n').map_or(0, |i| i + 1);
    let before = &head[line_start..colon_at];
    if before.trim().is_empty() {
        // `: value` on its own line: the key is the `? key` line above.
        let prev_end = line_start.checked_sub(1)?;
        let prev_start = head[..prev_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &head[prev_start..prev_end];
        let q = line.find("? ")?;
        let key = line[q + 2..].trim_end();
        let start = prev_start + q + 2 + (line[q + 2..].len() - line[q + 2..].trim_start().len());
        return (!key.trim().is_empty()).then(|| Span::new(start, prev_start + q + 2 + key.len()));
    }
    let key_end = line_start + before.trim_end().len();
    let written = &head[line_start..key_end];
    let quote = written.chars().last()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    // The opening quote: the first of its kind after the line's indentation and any `- `.
    let open = written[..written.len() - 1].find(quote)?;
    Some(Span::new(line_start + open, key_end))
}

/// Turns the value anchors of key problems into the keys' own spans.
fn place_keys(text: &str, problems: &mut [ReadProblem]) {
    for p in problems {
        match p {
            ReadProblem::UnknownKey { key, span, .. } => {
                *span = key_span_before(text, span.start, key)
            }
            ReadProblem::DuplicateKey { key, span, first } => {
                *span = key_span_before(text, span.start, key);
                *first = key_span_before(text, first.start, key);
            }
            _ => {}
        }
    }
}

/// Reads the value of a known field as a spanned `T`.
fn value<'de, A: MapAccess<'de>, T: Deserialize<'de> + HasEnd>(
    map: &mut A,
) -> Result<(T, Span), A::Error> {
    let v = map.next_value::<Spanned<T>>()?;
    let span = span_of(&v);
    let end = v.value.end().unwrap_or(span.end).max(span.end);
    Ok((
        v.value,
        Span {
            start: span.start,
            end,
        },
    ))
}

impl<T> HasEnd for List<T> {
    fn end(&self) -> Option<u32> {
        match self {
            List::Items(items) => items.last().map(|(_, s)| s.end),
            List::Split(pieces) => pieces
                .iter()
                .rev()
                .find_map(|p| p.last())
                .map(|(_, s)| s.end),
            List::Not(_) => None,
        }
    }
}

/// An entity (a mapping), or the shape found instead.
#[derive(Debug)]
pub enum Entry<E> {
    Map(E),
    Not(Shape),
}

pub trait Entity: Sized + Default {
    const PLACE: &'static str;
    const KNOWN: &'static [&'static str];
    fn set<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<Span, A::Error>;
    fn set_end(&mut self, end: u32);
    fn end_of(&self) -> u32;
}

struct EntryVisitor<E>(std::marker::PhantomData<E>);

impl<'de, E: Entity> Visitor<'de> for EntryVisitor<E> {
    type Value = Entry<E>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry<E>, A::Error> {
        let mut e = E::default();
        let end = visit_fields(&mut map, E::PLACE, E::KNOWN, |i, m| e.set(i, m))?;
        e.set_end(end);
        Ok(Entry::Map(e))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Entry<E>, A::Error> {
        drain_seq(seq)?;
        Ok(Entry::Not(Shape::List))
    }
    fn visit_str<E2: de::Error>(self, _: &str) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Text))
    }
    fn visit_bool<E2: de::Error>(self, _: bool) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Boolean))
    }
    fn visit_i64<E2: de::Error>(self, _: i64) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Number))
    }
    fn visit_u64<E2: de::Error>(self, _: u64) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Number))
    }
    fn visit_f64<E2: de::Error>(self, _: f64) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Number))
    }
    fn visit_unit<E2: de::Error>(self) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Null))
    }
    fn visit_none<E2: de::Error>(self) -> Result<Entry<E>, E2> {
        Ok(Entry::Not(Shape::Null))
    }
}

impl<'de, E: Entity> Deserialize<'de> for Entry<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EntryVisitor(std::marker::PhantomData))
    }
}

impl<E: Entity> HasEnd for Entry<E> {
    fn end(&self) -> Option<u32> {
        match self {
            Entry::Map(e) => Some(e.end_of()),
            Entry::Not(_) => None,
        }
    }
}

/// A scalar field as read: its value and span.
pub type Field = Option<Node<Scalar>>;
/// A list field: the list node (span from its first character to its last element).
pub type ListField<T> = Option<Node<List<T>>>;

fn scalar<'de, A: MapAccess<'de>>(map: &mut A, slot: &mut Field) -> Result<Span, A::Error> {
    let (v, span) = value::<A, Scalar>(map)?;
    *slot = Some(Node::new(v, span));
    Ok(span)
}

fn list<'de, A: MapAccess<'de>, T: Deserialize<'de> + HasEnd>(
    map: &mut A,
    slot: &mut ListField<T>,
) -> Result<Span, A::Error> {
    let (v, span) = value::<A, List<T>>(map)?;
    *slot = Some(Node::new(v, span));
    Ok(span)
}

#[derive(Debug, Default)]
pub struct RawProduct {
    pub id: Field,
    pub name: Field,
    pub complexity: Field,
    pub managers: ListField<Scalar>,
    pub end: u32,
}

impl Entity for RawProduct {
    const PLACE: &'static str = "a product";
    const KNOWN: &'static [&'static str] = &["id", "name", "complexity", "managers"];
    fn set<'de, A: MapAccess<'de>>(&mut self, i: usize, m: &mut A) -> Result<Span, A::Error> {
        match i {
            0 => scalar(m, &mut self.id),
            1 => scalar(m, &mut self.name),
            2 => scalar(m, &mut self.complexity),
            _ => list(m, &mut self.managers),
        }
    }
    fn set_end(&mut self, end: u32) {
        self.end = end;
    }
    fn end_of(&self) -> u32 {
        self.end
    }
}

#[derive(Debug, Default)]
pub struct RawTeam {
    pub id: Field,
    pub name: Field,
    pub product: Field,
    pub members: ListField<Scalar>,
    pub kind: Field,
    pub end: u32,
}

impl Entity for RawTeam {
    const PLACE: &'static str = "a team";
    const KNOWN: &'static [&'static str] = &["id", "name", "product", "members", "kind"];
    fn set<'de, A: MapAccess<'de>>(&mut self, i: usize, m: &mut A) -> Result<Span, A::Error> {
        match i {
            0 => scalar(m, &mut self.id),
            1 => scalar(m, &mut self.name),
            2 => scalar(m, &mut self.product),
            3 => list(m, &mut self.members),
            _ => scalar(m, &mut self.kind),
        }
    }
    fn set_end(&mut self, end: u32) {
        self.end = end;
    }
    fn end_of(&self) -> u32 {
        self.end
    }
}

/// `owner` is one person id, or a list of them (so that O002 can report several owners).
#[derive(Debug)]
pub enum Owner {
    One(Scalar),
    Many(Vec<(Scalar, Span)>),
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Owner;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a person id or a list of person ids")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Owner, A::Error> {
                match ListVisitor::<Scalar>(std::marker::PhantomData).visit_seq(seq)? {
                    List::Items(items) => Ok(Owner::Many(items)),
                    List::Split(pieces) => Ok(Owner::Many(pieces.into_iter().flatten().collect())),
                    List::Not(s) => Ok(Owner::One(Scalar::Other(s, String::new()))),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Owner, A::Error> {
                Ok(Owner::One(ScalarVisitor.visit_map(map)?))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Owner, E> {
                Ok(Owner::One(Scalar::Text(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Owner, E> {
                Ok(Owner::One(Scalar::Text(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Owner, E> {
                Ok(Owner::One(ScalarVisitor.visit_bool(v)?))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Owner, E> {
                Ok(Owner::One(ScalarVisitor.visit_i64(v)?))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Owner, E> {
                Ok(Owner::One(ScalarVisitor.visit_u64(v)?))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Owner, E> {
                Ok(Owner::One(ScalarVisitor.visit_f64(v)?))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Owner, E> {
                Ok(Owner::One(ScalarVisitor.visit_unit()?))
            }
            fn visit_none<E: de::Error>(self) -> Result<Owner, E> {
                Ok(Owner::One(ScalarVisitor.visit_unit()?))
            }
        }
        d.deserialize_any(V)
    }
}

impl HasEnd for Owner {
    fn end(&self) -> Option<u32> {
        match self {
            Owner::Many(items) => items.last().map(|(_, s)| s.end),
            Owner::One(_) => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct RawBacklog {
    pub id: Field,
    pub name: Field,
    pub product: Field,
    pub teams: ListField<Scalar>,
    pub owner: Option<Node<Owner>>,
    pub level: Field,
    pub end: u32,
}

impl Entity for RawBacklog {
    const PLACE: &'static str = "a backlog";
    const KNOWN: &'static [&'static str] = &["id", "name", "product", "teams", "owner", "level"];
    fn set<'de, A: MapAccess<'de>>(&mut self, i: usize, m: &mut A) -> Result<Span, A::Error> {
        match i {
            0 => scalar(m, &mut self.id),
            1 => scalar(m, &mut self.name),
            2 => scalar(m, &mut self.product),
            3 => list(m, &mut self.teams),
            5 => scalar(m, &mut self.level),
            _ => {
                let (v, span) = value::<A, Owner>(m)?;
                self.owner = Some(Node::new(v, span));
                Ok(span)
            }
        }
    }
    fn set_end(&mut self, end: u32) {
        self.end = end;
    }
    fn end_of(&self) -> u32 {
        self.end
    }
}

#[derive(Debug, Default)]
pub struct RawPerson {
    pub id: Field,
    pub name: Field,
    pub title: Field,
    pub roles: ListField<Scalar>,
    pub reports_to: Field,
    pub responsibilities: ListField<Scalar>,
    pub email: Field,
    pub vacant: Field,
    pub end: u32,
}

impl Entity for RawPerson {
    const PLACE: &'static str = "a person";
    const KNOWN: &'static [&'static str] = &[
        "id",
        "name",
        "title",
        "roles",
        "reports_to",
        "responsibilities",
        "email",
        "vacant",
    ];
    fn set<'de, A: MapAccess<'de>>(&mut self, i: usize, m: &mut A) -> Result<Span, A::Error> {
        match i {
            0 => scalar(m, &mut self.id),
            1 => scalar(m, &mut self.name),
            2 => scalar(m, &mut self.title),
            3 => list(m, &mut self.roles),
            4 => scalar(m, &mut self.reports_to),
            5 => list(m, &mut self.responsibilities),
            6 => scalar(m, &mut self.email),
            _ => scalar(m, &mut self.vacant),
        }
    }
    fn set_end(&mut self, end: u32) {
        self.end = end;
    }
    fn end_of(&self) -> u32 {
        self.end
    }
}

#[derive(Debug, Default)]
pub struct RawOrg {
    pub version: Field,
    pub organisation: Field,
    pub products: ListField<Entry<RawProduct>>,
    pub teams: ListField<Entry<RawTeam>>,
    pub backlogs: ListField<Entry<RawBacklog>>,
    pub people: ListField<Entry<RawPerson>>,
    pub end: u32,
}

/// The keys each place of an org file accepts (S002 compares against these, and the JSON
/// Schema must list exactly these).
pub const TOP_KEYS: &[&str] = &[
    "version",
    "organisation",
    "products",
    "teams",
    "backlogs",
    "people",
];

impl Entity for RawOrg {
    const PLACE: &'static str = "the top level of an org file";
    const KNOWN: &'static [&'static str] = TOP_KEYS;
    fn set<'de, A: MapAccess<'de>>(&mut self, i: usize, m: &mut A) -> Result<Span, A::Error> {
        match i {
            0 => scalar(m, &mut self.version),
            1 => scalar(m, &mut self.organisation),
            2 => list(m, &mut self.products),
            3 => list(m, &mut self.teams),
            4 => list(m, &mut self.backlogs),
            _ => list(m, &mut self.people),
        }
    }
    fn set_end(&mut self, end: u32) {
        self.end = end;
    }
    fn end_of(&self) -> u32 {
        self.end
    }
}

/// The parse of one org document: a mapping, nothing (empty or comments only), or the
/// shape found instead of a mapping.
#[derive(Debug)]
pub enum Document {
    Org(Box<RawOrg>),
    Empty,
    NotAMap(Shape, Span),
}

/// A fatal YAML error (S001): the message and where it happened.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    /// How to fix it, when the parser's message is one of the common ones (`syntax`).
    pub help: Option<String>,
    pub offset: usize,
}

/// How deeply collections may nest in an org file (see `options_nested`).
const MAX_DEPTH: usize = 64;

/// Budgets for one parse, scaled with the input instead of disabled: every event or node
/// needs at least a byte or so of input, so twice the input size (at least 1M) lets a
/// 100,000-person org (about 40 MB, 2.5M events) through while alias expansion keeps the
/// default anchor limits, which stop an alias bomb long before it costs memory.
pub(crate) fn options(input_len: usize) -> serde_saphyr::Options {
    options_nested(input_len, 0)
}

/// The options for a piece of a file whose root sits `depth` collections deep in the
/// file, so that the depth limit falls where it falls for the whole file.
pub(crate) fn options_nested(input_len: usize, depth: usize) -> serde_saphyr::Options {
    let n = input_len.saturating_mul(2).max(1_000_000);
    let budget = serde_saphyr::budget! {
        max_events: n,
        max_nodes: n,
        max_total_scalar_bytes: n,
        max_reader_input_bytes: Some(n),
        // 64 levels is far deeper than any org file (people -> entity -> list is 4) and keeps
        // the parser's own recursion bounded, so 10,000 nested brackets fail at once.
        max_depth: MAX_DEPTH - depth,
    };
    #[allow(clippy::redundant_field_names)]
    let opts = serde_saphyr::options! {
        budget: budget,
        // YAML 1.2: `no`, `on`, `yes` are strings, not booleans (else `deserialize_any`
        // would report false wrong types on real names and ids).
        strict_booleans: true,
        // Repeated keys reach our visitors, which report them without losing the file.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
    };
    opts
}

/// Parses one org file. `text` must already be valid UTF-8 (checked by the caller, who can
/// point at the first bad byte).
pub fn parse_org(text: &str) -> (Result<Document, SyntaxError>, Vec<ReadProblem>) {
    let (doc, mut problems) = match split::parse(text) {
        Some((doc, problems)) => (Ok(doc), problems),
        None => with_problems(|| parse_document(text)),
    };
    place_keys(text, &mut problems);
    (doc, problems)
}

fn parse_document(text: &str) -> Result<Document, SyntaxError> {
    match serde_saphyr::from_str_with_options::<Option<Spanned<Entry<RawOrg>>>>(
        text,
        options(text.len()),
    ) {
        Ok(None) => Ok(Document::Empty),
        Ok(Some(doc)) => {
            let span = span_of(&doc);
            Ok(match doc.value {
                Entry::Map(org) => Document::Org(Box::new(org)),
                Entry::Not(Shape::Null) => Document::Empty,
                Entry::Not(shape) => Document::NotAMap(shape, span),
            })
        }
        Err(e) => {
            let offset = error_offset(&e, text);
            let message = error_message(&e);
            if let serde_saphyr::Error::MultipleDocuments { .. } = e {
                // Keep the first document: re-read up to the marker that starts the second.
                let marker = document_marker_before(text, offset);
                // Re-read only when the cut shortens the text: a marker the line scan cannot
                // place (line breaks the parser reads and the scan does not) would recurse
                // on the same text for ever.
                if marker < text.len() {
                    report(ReadProblem::ExtraDocument {
                        span: Span::new(marker, marker + 3),
                    });
                    return parse_document(&text[..marker]);
                }
            }
            let e = syntax::explain(text, &message, offset);
            Err(SyntaxError {
                message: e.message,
                help: e.help,
                offset: e.offset,
            })
        }
    }
}

/// The `---` line that starts the document containing `offset`.
fn document_marker_before(text: &str, offset: usize) -> usize {
    let head = &text[..offset.min(text.len())];
    let mut pos = head.len();
    // A lone `\r` ends a line for YAML too.
    while let Some(nl) = head[..pos].rfind(['\n', '\r']) {
        let line_start = nl + 1;
        if head[line_start..].starts_with("---") {
            return line_start;
        }
        pos = nl;
    }
    if head.starts_with("---") {
        // The first document is empty; nothing before the marker.
        return 0;
    }
    offset.min(text.len())
}

pub(crate) fn error_offset(e: &serde_saphyr::Error, text: &str) -> usize {
    let Some(loc) = e.location() else {
        return text.len();
    };
    if let Some(o) = loc.span().byte_offset() {
        return (o as usize).min(text.len());
    }
    if loc.line() == 0 {
        return text.len();
    }
    let idx = crate::span::LineIndex::new(text.as_bytes());
    idx.offset_of(text, loc.line() as usize, loc.column() as usize)
}

pub(crate) fn error_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    // The message without the parser's own "at line X column Y" suffix: our report shows
    // the position itself.
    let first = full.lines().next().unwrap_or("").trim();
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Document, Vec<ReadProblem>) {
        let (r, p) = parse_org(text);
        (r.expect("parses"), p)
    }

    #[test]
    fn an_escaped_or_explicit_key_is_spanned_as_written() {
        let text = "people:\n  - id: a\n    \"rep\\nx\": 1\n    ? nick\n    : b\n";
        let (_, problems) = parse(text);
        let spans: Vec<&str> = problems
            .iter()
            .map(|p| match p {
                ReadProblem::UnknownKey { span, .. } => &text[span.range()],
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(spans, ["\"rep\\nx\"", "nick"]);
    }

    #[test]
    fn reads_entities_with_spans() {
        let text = "people:\n  - id: pam\n    roles: [product-manager, po]\n";
        let (doc, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let Document::Org(org) = doc else { panic!() };
        let people = org.people.unwrap();
        let List::Items(items) = people.value else {
            panic!()
        };
        let Entry::Map(p) = &items[0].0 else { panic!() };
        let id = p.id.as_ref().unwrap();
        assert_eq!(&text[id.span.range()], "pam");
        let roles = p.roles.as_ref().unwrap();
        assert_eq!(&text[roles.span.range()], "[product-manager, po");
    }

    #[test]
    fn collects_unknown_key_wrong_type_and_duplicates() {
        let text = "people:\n  - id: a\n    report_to: b\n  - id: c\n    roles: x\n    id: d\n";
        let (_, problems) = parse(text);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(matches!(&problems[0], ReadProblem::UnknownKey { key, .. } if key == "report_to"));
        assert!(matches!(&problems[1], ReadProblem::DuplicateKey { key, .. } if key == "id"));
    }

    #[test]
    fn empty_and_scalar_documents() {
        assert!(matches!(parse("").0, Document::Empty));
        assert!(matches!(parse("# only a comment\n").0, Document::Empty));
        assert!(matches!(
            parse("just text\n").0,
            Document::NotAMap(Shape::Text, _)
        ));
        assert!(matches!(
            parse("- a\n").0,
            Document::NotAMap(Shape::List, _)
        ));
    }

    #[test]
    fn second_document_is_reported_and_first_kept() {
        let (doc, problems) = parse("people:\n  - id: a\n---\npeople: []\n");
        assert!(matches!(doc, Document::Org(_)));
        assert!(matches!(problems[..], [ReadProblem::ExtraDocument { .. }]));
    }

    #[test]
    fn syntax_error_has_a_position() {
        let text = "people:\n  - id: pam\n    roles: [product-manager\n";
        let (r, _) = parse_org(text);
        let e = r.unwrap_err();
        assert!(e.offset > 20, "{e:?}");
    }
}
