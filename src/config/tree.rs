//! A config file read into a small spanned tree with serde-saphyr (`Spanned`, the loader's
//! budget, YAML 1.2 booleans), then checked by hand. A config is a few hundred bytes, so a
//! generic tree costs nothing here, and checking a tree (instead of deriving
//! `Deserialize` on typed structs) lets one run report every mistake of the file, each at
//! the span of the key or value to edit, where serde's derive stops at the first.

use crate::load::yaml::{error_message, error_offset, options, span_of};
use crate::span::Span;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in file order; a repeated key is kept (the checker reports it).
    Map(Vec<(Node, Node)>),
}

/// A value with the byte span of its text (a list or map: its first character to the end of
/// its last element).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Value {
    /// What the value is, in the words of a message.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    /// A key's text: strings, and numbers or booleans as written.
    pub fn key_text(&self) -> String {
        match &self.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            other => format!("<{}>", other.describe()),
        }
    }
}

struct ValueVisitor;

fn node(s: Spanned<Value>) -> Node {
    let span = span_of(&s);
    let end = match &s.value {
        Value::Seq(items) => items.last().map(|n| n.span.end),
        Value::Map(entries) => entries.last().map(|(_, v)| v.span.end.max(span.end)),
        _ => None,
    };
    let span = Span {
        start: span.start,
        end: end.unwrap_or(span.end).max(span.end),
    };
    Node {
        value: s.value,
        span,
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Int(i128::try_from(v).unwrap_or(i128::MAX)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Value>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((node(key), node(value)));
        }
        Ok(Value::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

/// A YAML error that stops the parse: its message and byte offset.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    /// How to fix it, for the parser's common messages (`load::yaml::syntax`).
    pub help: Option<String>,
    pub offset: usize,
}

/// Parses a config document. `None`: the file is empty or holds only comments.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    match serde_saphyr::from_str_with_options::<Option<Spanned<Value>>>(text, options(text.len())) {
        Ok(None) => Ok(None),
        Ok(Some(doc)) => {
            let mut n = node(doc);
            close_flow(&mut n, text);
            Ok((n.value != Value::Null).then_some(n))
        }
        Err(e) => {
            let e = crate::load::yaml::syntax::explain(
                text,
                &error_message(&e),
                error_offset(&e, text),
            );
            Err(SyntaxError {
                message: e.message,
                help: e.help,
                offset: e.offset,
            })
        }
    }
}

/// A flow list or map (`[a, b]`, `{ k: v }`) ends at its closing bracket, not at its last
/// element, so that a label underlines all of it.
fn close_flow(n: &mut Node, text: &str) {
    match &mut n.value {
        Value::Seq(items) => items.iter_mut().for_each(|i| close_flow(i, text)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| close_flow(v, text)),
        _ => return,
    }
    let bytes = text.as_bytes();
    let close = match bytes.get(n.span.start as usize) {
        Some(b'[') => b']',
        Some(b'{') => b'}',
        _ => return,
    };
    let mut i = n.span.end as usize;
    while let Some(&c) = bytes.get(i) {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            c if c == close => {
                n.span.end = (i + 1) as u32;
                return;
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_keys_values_and_collections() {
        let text = "rules:\n  H001: off\n  R001: { min: 1, max: 4 }\nlist: [a, 'b']\n";
        let root = parse(text).unwrap().unwrap();
        let Value::Map(top) = &root.value else {
            panic!()
        };
        let (k, v) = &top[0];
        assert_eq!(&text[k.span.range()], "rules");
        let Value::Map(rules) = &v.value else {
            panic!()
        };
        assert_eq!(&text[rules[0].1.span.range()], "off");
        assert_eq!(rules[0].1.value, Value::Str("off".into()));
        assert_eq!(&text[rules[1].1.span.range()], "{ min: 1, max: 4 }");
        let Value::Seq(items) = &top[1].1.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Str("b".into()));
        assert!(text[items[1].span.range()].contains('b'));
        assert_eq!(&text[top[1].1.span.range()], "[a, 'b']");
    }

    #[test]
    fn empty_and_broken() {
        assert!(parse("").unwrap().is_none());
        assert!(parse("# nothing\n").unwrap().is_none());
        let e = parse("rules: [a\n").unwrap_err();
        assert!(e.offset > 0, "{e:?}");
    }

    #[test]
    fn hostile_input_is_bounded() {
        let deep = "a: ".to_string() + &"[".repeat(5000) + &"]".repeat(5000);
        assert!(parse(&deep).is_err());
    }
}
