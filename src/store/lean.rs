//! Loading a workbook record by record: from a file without ever holding its whole text
//! (`status`, `diff`, `merge`, the app), or from a text already in memory (`check`, `fmt`,
//! the CLI's edits).
//!
//! Why: at 100,000 backlog items the text is about 110 MB and the parsed model about as
//! much, and a whole-text parse holds both at its end. This reader goes through the file
//! line by line with a small lexer (strings, escapes, `//` comments, brackets), parses each
//! backlog item, each criterion's checklist entry and each population on its own as soon
//! as it is complete (with `quick.rs`, and ron for any record that one is unsure of), and
//! parses what is left (a skeleton with those lists empty) with ron and the same options
//! as [`super::load`]. Anything it is not sure of (a block comment, a raw or byte string,
//! a char literal, an attribute, a line that is not UTF-8, a conflict marker, a duplicated
//! key, any parse error) makes it give up, and the caller reads the whole text with ron,
//! so every error message and every accepted file are exactly ron's.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;

use crate::model::{BacklogItem, ItemRecord, Population, Shared, Workbook, unique};

/// The lists read item by item; everything else stays in the skeleton.
#[derive(Clone, Copy, PartialEq, Eq)]
enum List {
    Checklist,
    Backlog,
    Populations,
}

/// What one byte of code did to the split.
enum Step {
    /// Nothing: it goes where bytes go now.
    Byte,
    /// It opened the list read item by item.
    Opened,
    /// It ended an item (a comma between items).
    Separated,
    /// It closed the list.
    Closed,
}

/// Where the lexer is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Code,
    Str { escaped: bool },
    LineComment,
}

/// One criterion's entry of the checklist map (`"CC1.1": { … }`), read as a map of one.
#[derive(Deserialize)]
struct Entry(
    #[serde(deserialize_with = "unique::deserialize")]
    BTreeMap<String, BTreeMap<String, Shared<ItemRecord>>>,
);

/// A workbook already in memory whose records a file being read may share: a record read
/// equal to the one of the same id there is dropped for a pointer to it. Why: the sides of
/// a diff or a merge are almost all the same records, so the second and third side then
/// cost only what differs (and compare by pointer), not another whole model.
pub(crate) struct Like<'a> {
    wb: &'a Workbook,
    backlog: HashMap<&'a str, &'a Shared<BacklogItem>>,
}

impl<'a> Like<'a> {
    pub(crate) fn new(wb: &'a Workbook) -> Like<'a> {
        Like {
            wb,
            backlog: wb.backlog.iter().map(|b| (b.id.as_str(), b)).collect(),
        }
    }

    fn item(&self, item: BacklogItem) -> Shared<BacklogItem> {
        match self.backlog.get(item.id.as_str()) {
            Some(same) if **same == item => Shared::clone(same),
            _ => item.into(),
        }
    }

    fn record(&self, criterion: &str, id: &str, record: &mut Shared<ItemRecord>) {
        if let Some(same) = self.wb.checklist.get(criterion).and_then(|m| m.get(id))
            && same == record
        {
            *record = Shared::clone(same);
        }
    }

    fn population(&self, id: &str, population: &mut Shared<Population>) {
        if let Some(same) = self.wb.populations.get(id)
            && same == population
        {
            *population = Shared::clone(same);
        }
    }
}

/// One population of the populations map (`"prs": ( … )`), read as a map of one.
#[derive(Deserialize)]
struct PopulationEntry(
    #[serde(deserialize_with = "unique::deserialize")] BTreeMap<String, Shared<Population>>,
);

/// The reader's state between lines.
struct Split<'a> {
    like: Option<&'a Like<'a>>,
    mode: Mode,
    depth: usize,
    /// The identifier just read at depth 1 (a field name) and whether its `:` followed.
    field: Vec<u8>,
    colon: bool,
    /// The list being read item by item, and the depth its items sit at.
    list: Option<List>,
    skeleton: Vec<u8>,
    item: Vec<u8>,
    item_has_token: bool,
    checklist: BTreeMap<String, BTreeMap<String, Shared<ItemRecord>>>,
    backlog: Vec<Shared<BacklogItem>>,
    populations: BTreeMap<String, Shared<Population>>,
}

/// The model of the workbook at `path`, or `None` when this reader is not sure and the
/// caller must load it the ordinary way. Not yet upgraded: the caller upgrades.
pub(super) fn read(path: &Path) -> Option<(Workbook, u32)> {
    read_observed(path, &mut |_| {})
}

/// [`read`], sharing every record equal to `like`'s of the same id.
pub(super) fn read_like(path: &Path, like: &Like<'_>) -> Option<(Workbook, u32)> {
    read_with(path, &mut |_| {}, Some(like))
}

/// [`read`], handing every byte it reads to `observe` (the app hashes the file as it
/// streams, instead of holding its whole text to hash it after).
pub(super) fn read_observed(
    path: &Path,
    observe: &mut dyn FnMut(&[u8]),
) -> Option<(Workbook, u32)> {
    read_with(path, observe, None)
}

/// [`read`] of a whole text already in memory (what `check` and `fmt` hold): the same
/// split, so each record goes through the fast reader; `None` leaves it to ron.
pub(super) fn read_text(text: &str, path: &Path) -> Option<(Workbook, u32)> {
    read_from(text.as_bytes(), path, &mut |_| {}, None)
}

fn read_with(
    path: &Path,
    observe: &mut dyn FnMut(&[u8]),
    like: Option<&Like<'_>>,
) -> Option<(Workbook, u32)> {
    let file = std::fs::File::open(path).ok()?;
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    read_from(reader, path, observe, like)
}

fn read_from(
    mut reader: impl BufRead,
    path: &Path,
    observe: &mut dyn FnMut(&[u8]),
    like: Option<&Like<'_>>,
) -> Option<(Workbook, u32)> {
    let mut split = Split {
        like,
        mode: Mode::Code,
        depth: 0,
        field: Vec::new(),
        colon: false,
        list: None,
        skeleton: Vec::new(),
        item: Vec::new(),
        item_has_token: false,
        checklist: BTreeMap::new(),
        backlog: Vec::new(),
        populations: BTreeMap::new(),
    };
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            break;
        }
        observe(&line);
        let text = std::str::from_utf8(&line).ok()?;
        let text = if first {
            text.strip_prefix('\u{FEFF}').unwrap_or(text)
        } else {
            text
        };
        first = false;
        if super::is_conflict_marker(text.trim_end_matches('\n')) {
            return None;
        }
        split.line(text.as_bytes())?;
    }
    if split.depth != 0 || split.list.is_some() || matches!(split.mode, Mode::Str { .. }) {
        return None;
    }
    let skeleton = String::from_utf8(std::mem::take(&mut split.skeleton)).ok()?;
    let (mut wb, version) = super::parse_with_ron(&skeleton, path).ok()?;
    if !wb.checklist.is_empty() || !wb.backlog.is_empty() || !wb.populations.is_empty() {
        return None;
    }
    wb.checklist = split.checklist;
    wb.backlog = split.backlog;
    wb.populations = split.populations;
    wb.backlog.shrink_to_fit();
    Some((wb, version))
}

/// One record: the fast reader for the RON soc2 writes, and ron for anything else.
fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    super::quick::from_str(text).or_else(|| super::ron_options().from_str(text).ok())
}

/// A parsed list grows by doubling, and its first push makes room for four: a backlog
/// item's one linked criterion took four slots. Trimming them takes about a sixth off a
/// large model (the same values, so nothing else notices).
pub(crate) fn shrink_item(item: &mut BacklogItem) {
    item.criteria.shrink_to_fit();
    item.items.shrink_to_fit();
    item.history.shrink_to_fit();
}

/// [`shrink_item`] for a checklist record.
pub(crate) fn shrink_record(record: &mut ItemRecord) {
    record.evidence.shrink_to_fit();
    record.performed.shrink_to_fit();
}

/// [`shrink_item`] for a population: its events list is the largest in a big workbook
/// (200,000 events of about 190 bytes), and doubling left up to half of it empty.
fn shrink_population(population: &mut Population) {
    population.events.shrink_to_fit();
    for event in &mut population.events {
        event.evidence.shrink_to_fit();
    }
    if let Some(sample) = &mut population.sample {
        sample.events.shrink_to_fit();
    }
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Bytes that matter to the lexer in code deep inside a value, where field names are not
/// tracked: everything else (names, numbers, spaces) is skipped in one scan.
fn is_structural(b: u8) -> bool {
    matches!(
        b,
        b'"' | b'#' | b'\'' | b'/' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b','
    )
}

impl Split<'_> {
    /// Where a byte read now goes: into the item being read, or the skeleton.
    fn in_item(&self) -> bool {
        self.list.is_some() && self.depth >= 2
    }

    /// Copies `bytes` to where bytes go now.
    fn flush(&mut self, bytes: &[u8]) {
        if self.in_item() {
            self.item.extend_from_slice(bytes);
        } else {
            self.skeleton.extend_from_slice(bytes);
        }
    }

    /// Feeds one line (with its `\n`); `None` gives up.
    fn line(&mut self, line: &[u8]) -> Option<()> {
        // A line's indentation is about half the bytes of a large file, and ron skips
        // whitespace a character at a time: outside a string it means nothing (the line
        // break that separates tokens stays), so it is not copied at all.
        let mut i = match self.mode {
            Mode::Code => line
                .iter()
                .position(|&c| c != b' ' && c != b'\t')
                .unwrap_or(line.len()),
            _ => 0,
        };
        // Bytes from `seg` on are not copied yet; they go where `in_item` says.
        let mut seg = i;
        while let Some(&b) = line.get(i) {
            match self.mode {
                Mode::LineComment => {
                    i = line.len();
                    if line.last() == Some(&b'\n') {
                        self.mode = Mode::Code;
                    }
                }
                Mode::Str { escaped: true } => {
                    self.mode = Mode::Str { escaped: false };
                    i += 1;
                }
                Mode::Str { escaped: false } => {
                    match line[i..].iter().position(|&c| c == b'"' || c == b'\\') {
                        Some(p) => {
                            self.mode = match line[i + p] {
                                b'"' => Mode::Code,
                                _ => Mode::Str { escaped: true },
                            };
                            i += p + 1;
                        }
                        None => i = line.len(),
                    }
                }
                Mode::Code => {
                    let tracking = self.depth == 1 && self.list.is_none();
                    let item_start = self.list.is_some() && self.depth == 2;
                    if !tracking && !item_start && !is_structural(b) {
                        i += line[i..]
                            .iter()
                            .position(|&c| is_structural(c))
                            .unwrap_or(line.len() - i);
                        continue;
                    }
                    let prev = if i == 0 { b'\n' } else { line[i - 1] };
                    let next = line.get(i + 1).copied();
                    match self.code(b, prev, next)? {
                        Step::Byte => {}
                        Step::Opened => {
                            // The bracket stays in the skeleton; what follows is an item.
                            self.skeleton.extend_from_slice(&line[seg..=i]);
                            seg = i + 1;
                        }
                        Step::Separated => {
                            self.item.extend_from_slice(&line[seg..i]);
                            self.finish_item()?;
                            seg = i + 1;
                        }
                        Step::Closed => {
                            self.item.extend_from_slice(&line[seg..i]);
                            self.finish_item()?;
                            self.list = None;
                            seg = i;
                        }
                    }
                    i += 1;
                }
            }
        }
        let rest = line.get(seg..).unwrap_or_default();
        self.flush(rest);
        Some(())
    }

    /// One byte of code (outside strings and comments): what it did to the split.
    fn code(&mut self, b: u8, prev: u8, next: Option<u8>) -> Option<Step> {
        if self.list.is_some() && self.depth == 2 && !b.is_ascii_whitespace() && b != b'/' {
            if b == b',' && !self.item_has_token {
                // A comma with nothing before it: the ordinary reader reports it.
                return None;
            }
            self.item_has_token |= !matches!(b, b',' | b')' | b']' | b'}');
        }
        let tracking = self.depth == 1 && self.list.is_none();
        match b {
            // Raw strings, attributes, char literals, block comments: not in files soc2
            // writes, so the ordinary reader takes them.
            b'#' | b'\'' => None,
            b'/' if next == Some(b'*') => None,
            b'/' if next == Some(b'/') => {
                self.mode = Mode::LineComment;
                Some(Step::Byte)
            }
            // `r"…"` and `b"…"` are raw and byte strings.
            b'"' if is_ident_byte(prev) => None,
            b'"' => {
                self.mode = Mode::Str { escaped: false };
                if tracking {
                    self.field.clear();
                    self.colon = false;
                }
                Some(Step::Byte)
            }
            b'(' | b'[' | b'{' => {
                let list = match (tracking && self.colon, self.field.as_slice(), b) {
                    (true, b"checklist", b'{') => Some(List::Checklist),
                    (true, b"backlog", b'[') => Some(List::Backlog),
                    (true, b"populations", b'{') => Some(List::Populations),
                    _ => None,
                };
                if tracking {
                    self.field.clear();
                    self.colon = false;
                }
                self.depth += 1;
                if list.is_some() {
                    self.list = list;
                    self.item.clear();
                    self.item_has_token = false;
                    return Some(Step::Opened);
                }
                Some(Step::Byte)
            }
            b')' | b']' | b'}' => {
                self.depth = self.depth.checked_sub(1)?;
                if self.list.is_some() && self.depth == 1 {
                    return Some(Step::Closed);
                }
                Some(Step::Byte)
            }
            b',' if self.list.is_some() && self.depth == 2 => Some(Step::Separated),
            _ if tracking => {
                if b == b':' {
                    self.colon = !self.field.is_empty();
                } else if is_ident_byte(b) {
                    if !is_ident_byte(prev) {
                        self.field.clear();
                        self.colon = false;
                    }
                    self.field.push(b);
                } else if !b.is_ascii_whitespace() && b != b'/' {
                    self.field.clear();
                    self.colon = false;
                }
                Some(Step::Byte)
            }
            _ => Some(Step::Byte),
        }
    }

    /// Parses the item read so far (if it holds more than whitespace and comments).
    fn finish_item(&mut self) -> Option<()> {
        let had = std::mem::take(&mut self.item_has_token);
        let item = std::mem::take(&mut self.item);
        if !had {
            return Some(());
        }
        let text = String::from_utf8(item).ok()?;
        match self.list? {
            List::Backlog => {
                let mut item = parse::<BacklogItem>(&text)?;
                shrink_item(&mut item);
                let item = match self.like {
                    Some(like) => like.item(item),
                    None => item.into(),
                };
                self.backlog.push(item);
            }
            List::Populations => {
                let PopulationEntry(one) = parse(&format!("({{{text}}})"))?;
                for (id, mut population) in one {
                    shrink_population(&mut population);
                    if let Some(like) = self.like {
                        like.population(&id, &mut population);
                    }
                    if self.populations.insert(id, population).is_some() {
                        return None;
                    }
                }
            }
            List::Checklist => {
                let Entry(one) = parse(&format!("({{{text}}})"))?;
                for (criterion, mut items) in one {
                    for (id, record) in &mut items {
                        shrink_record(record);
                        if let Some(like) = self.like {
                            like.record(&criterion, id, record);
                        }
                    }
                    if self.checklist.insert(criterion, items).is_some() {
                        return None;
                    }
                }
            }
        }
        Some(())
    }
}
