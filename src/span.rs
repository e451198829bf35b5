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
    /// Inside lines longer than `CHECKPOINT_EVERY` bytes: (offset, column from the line's
    /// start, in characters) every `CHECKPOINT_EVERY` bytes, sorted. A column is counted
    /// from the nearest one, so 100,000 findings on one long line (a flow list of ids)
    /// cost no more than on 100,000 lines. Empty for ordinary files.
    checkpoints: Vec<(u32, u32)>,
}

/// The spacing of column checkpoints in long lines, in bytes.
const CHECKPOINT_EVERY: usize = 4096;

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| (i + 1) as u32));
        let mut checkpoints = Vec::new();
        let ends = starts
            .iter()
            .skip(1)
            .map(|&s| s as usize)
            .chain([text.len()]);
        for (start, end) in starts.iter().map(|&s| s as usize).zip(ends) {
            if end - start <= CHECKPOINT_EVERY {
                continue;
            }
            let (mut at, mut column) = (start, 0u32);
            loop {
                let mut next = at + CHECKPOINT_EVERY;
                if next >= end {
                    break;
                }
                // A checkpoint sits on a character boundary.
                while next < end && text[next] & 0xC0 == 0x80 {
                    next += 1;
                }
                column += text[at..next].iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32;
                checkpoints.push((next as u32, column));
                at = next;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
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
        let mut start = self.starts[line] as usize;
        let mut base = 0;
        let i = self
            .checkpoints
            .partition_point(|&(at, _)| at as usize <= offset);
        if let Some(&(at, column)) = i.checked_sub(1).map(|i| &self.checkpoints[i]) {
            if at as usize >= start {
                (start, base) = (at as usize, column as usize);
            }
        }
        let column = base
            + text
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

/// The lines around `span` (`before` and `after` lines of context) of a text with its line
/// index, for miette: the window is sliced out through the index, where miette's own
/// `read_span` on the whole text rescans it from byte 0 for every report. With
/// `char_columns` the header's column counts characters (as the JSON and SARIF columns do)
/// instead of miette's bytes.
pub fn read_window<'b>(
    name: &str,
    text: &'b str,
    lines: &LineIndex,
    span: &miette::SourceSpan,
    before: usize,
    after: usize,
    char_columns: bool,
) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
    use miette::SourceCode;
    let start = span.offset().min(text.len());
    let end = (span.offset() + span.len()).min(text.len());
    let first_line = lines.line_of(start).saturating_sub(before);
    let last_line = lines.line_of(end.saturating_sub(1).max(start)) + after + 1;
    let win_start = lines.line_start(first_line, text.len());
    let win_end = lines.line_start(last_line, text.len());
    let window = &text.as_bytes()[win_start..win_end];
    let shifted = miette::SourceSpan::new((start - win_start).into(), end - start);
    let inner = window.read_span(&shifted, before, after)?;
    let data: &'b [u8] = inner.data();
    let data_start = data.as_ptr() as usize - window.as_ptr() as usize;
    let line_start = lines.line_start(lines.line_of(start), text.len());
    let column = match text.get(line_start..start) {
        Some(head) if char_columns && inner.column() == start - line_start => head.chars().count(),
        _ => inner.column(),
    };
    Ok(Box::new(miette::MietteSpanContents::new_named(
        name.to_string(),
        data,
        miette::SourceSpan::new((win_start + data_start).into(), data.len()),
        first_line + inner.line(),
        column,
        inner.line_count(),
    )))
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

    #[test]
    fn columns_on_a_long_line_count_from_checkpoints_alike() {
        // Multi-byte characters across checkpoint boundaries, several long lines.
        let line: String = (0..3000)
            .map(|i| if i % 7 == 0 { 'é' } else { 'a' })
            .collect();
        let text = format!("{line}\nshort\n{line}{line}{line}\n");
        let idx = LineIndex::new(text.as_bytes());
        assert!(!idx.checkpoints.is_empty());
        let plain = LineIndex {
            starts: idx.starts.clone(),
            checkpoints: Vec::new(),
        };
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(
                idx.position(&text, offset),
                plain.position(&text, offset),
                "{offset}"
            );
        }
    }
}
