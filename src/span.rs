//! Byte spans into a source file, and the line index that turns them into the 1-based
//! line and character column that people and CI tools read.

/// A half-open byte range `[start, end)` in one file. `u32` keeps the model small: files are
/// capped far below 4 GiB (`max_file_size`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        let start = start.min(u32::MAX as usize) as u32;
        let end = end.min(u32::MAX as usize) as u32;
        Span {
            start,
            end: end.max(start),
        }
    }
    pub fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A 1-based line and a 1-based column counted in Unicode characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line, built once per file so that every position lookup is a
/// binary search instead of a scan from byte 0 (which is quadratic over many findings).
#[derive(Debug, Default, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| (i + 1) as u32));
        LineIndex { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= offset) - 1
    }

    /// Byte offset where a 0-based line starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize, text_len: usize) -> usize {
        self.starts.get(line).map_or(text_len, |&s| s as usize)
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Byte offset of a 1-based line and 1-based character column (as parsers report them).
    pub fn offset_of(&self, text: &str, line: usize, column: usize) -> usize {
        let start = self.line_start(line.saturating_sub(1), text.len());
        let rest = &text[start..];
        let line_end = rest.find('\n').map_or(text.len(), |i| start + i);
        let within = &text[start..line_end];
        within
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_end, |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a: é\nbb: x\n";
        let idx = LineIndex::new(text.as_bytes());
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 5), Position { line: 1, column: 5 });
        assert_eq!(idx.position(text, 6), Position { line: 2, column: 1 });
        assert_eq!(idx.offset_of(text, 2, 5), 10);
        assert_eq!(idx.offset_of(text, 1, 4), 3);
    }
}
