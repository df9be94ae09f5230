//! A fast reader for the plain RON that `soc2` itself writes, tried first on each record
//! the lean reader splits off; anything else makes it give up and ron reads the record.
//!
//! Why: ron 0.12 goes through a record a character at a time (whitespace, identifiers,
//! commas each through several checks) and is most of the time of opening a large
//! workbook. This reader knows only what a saved workbook holds: structs written `(a: …)`,
//! lists, maps with string keys, strings with ron's one-letter escapes, unit enum variants, whole
//! numbers, `true`/`false`, `None`/`Some(…)` and implicit `Some`, `//` comments. On
//! anything else (a `\u{…}` escape, a float, a struct's name, a raw identifier, an unknown field,
//! a type it does not read) it returns `None`, so every value it returns is the one ron
//! would, and every error still comes from ron.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Visitor};

/// "Not sure": the caller reads the record with ron instead.
#[derive(Debug)]
pub(super) struct Unsure;

impl std::fmt::Display for Unsure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not plain RON")
    }
}

impl std::error::Error for Unsure {}

impl de::Error for Unsure {
    fn custom<T: std::fmt::Display>(_: T) -> Unsure {
        Unsure
    }
}

type Result<T> = std::result::Result<T, Unsure>;

/// The value `text` holds, or `None` when it is not plain RON of that type.
pub(super) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = T::deserialize(&mut reader).ok()?;
    reader.skip_ws().ok()?;
    (reader.at == reader.bytes.len()).then_some(value)
}

struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    at: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Reader<'de> {
    /// Skips spaces, line breaks and `//` comments; a block comment is not plain.
    fn skip_ws(&mut self) -> Result<()> {
        loop {
            match self.bytes.get(self.at) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.at += 1,
                Some(b'/') => match self.bytes.get(self.at + 1) {
                    Some(b'/') => {
                        self.at = self.bytes[self.at..]
                            .iter()
                            .position(|&b| b == b'\n')
                            .map_or(self.bytes.len(), |p| self.at + p + 1);
                    }
                    _ => return Err(Unsure),
                },
                _ => return Ok(()),
            }
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Result<u8> {
        self.skip_ws()?;
        self.bytes.get(self.at).copied().ok_or(Unsure)
    }

    /// Consumes `b` after whitespace, or gives up.
    fn expect(&mut self, b: u8) -> Result<()> {
        if self.peek()? == b {
            self.at += 1;
            Ok(())
        } else {
            Err(Unsure)
        }
    }

    /// Consumes `b` after whitespace if it is next.
    fn eat(&mut self, b: u8) -> Result<bool> {
        let next = self.peek()? == b;
        if next {
            self.at += 1;
        }
        Ok(next)
    }

    /// An identifier (ASCII only: anything else is ron's to judge).
    fn ident(&mut self) -> Result<&'de str> {
        self.skip_ws()?;
        let start = self.at;
        if !self.bytes.get(start).copied().is_some_and(is_ident_start) {
            return Err(Unsure);
        }
        let len = self.bytes[start..]
            .iter()
            .position(|&b| !is_ident_byte(b))
            .unwrap_or(self.bytes.len() - start);
        // A byte after the name that could continue it in ron (non-ASCII, `#`) is ron's.
        if self.bytes.get(start + len).is_some_and(|b| !b.is_ascii()) {
            return Err(Unsure);
        }
        self.at = start + len;
        self.text.get(start..self.at).ok_or(Unsure)
    }

    /// A string on one line, borrowed from the text unless it holds one of the one-letter
    /// escapes ron writes (`\'` is in every "customer's"); any other escape is ron's.
    fn string(&mut self) -> Result<Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut from = start;
        loop {
            // A control character written as itself is ron's to read.
            let len = self.bytes[from..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .ok_or(Unsure)?;
            let piece = self.text.get(from..from + len).ok_or(Unsure)?;
            let at = from + len;
            match self.bytes[at] {
                b'"' => {
                    self.at = at + 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(piece),
                        Some(mut s) => {
                            s.push_str(piece);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let c = match self.bytes.get(at + 1) {
                        Some(b'\'') => '\'',
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'0') => '\0',
                        _ => return Err(Unsure),
                    };
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(piece);
                    s.push(c);
                    from = at + 2;
                }
                _ => return Err(Unsure),
            }
        }
    }

    /// A whole decimal number without a sign, leading zeros, `_` or a fraction (no record
    /// soc2 writes holds a negative one).
    fn integer<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.skip_ws()?;
        let start = self.at;
        let len = self.bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(self.bytes.len() - start);
        let digits = self.text.get(start..start + len).ok_or(Unsure)?;
        let after = self.bytes.get(start + len).copied();
        if len == 0
            || (len > 1 && digits.starts_with('0'))
            || after.is_some_and(|b| is_ident_byte(b) || b == b'.' || !b.is_ascii())
        {
            return Err(Unsure);
        }
        self.at = start + len;
        visitor.visit_u64(digits.parse().map_err(|_| Unsure)?)
    }

    /// A map's entries or a struct's fields between `open` and `end`.
    fn entries<V: Visitor<'de>>(&mut self, open: u8, end: u8, visitor: V) -> Result<V::Value> {
        self.expect(open)?;
        let value = visitor.visit_map(Entries { reader: self, end })?;
        self.expect(end)?;
        Ok(value)
    }

    /// After a list element or map entry: a comma, or the closing `end` next.
    fn separator(&mut self, end: u8) -> Result<()> {
        if !self.eat(b',')? && self.peek()? != end {
            return Err(Unsure);
        }
        Ok(())
    }
}

/// What is not plain RON for this reader: ron reads it.
macro_rules! unsure {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
            Err(Unsure)
        })*
    };
}

macro_rules! integers {
    ($($name:ident)*) => {
        $(fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.integer(visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unsure;

    unsure!(deserialize_any deserialize_f32 deserialize_f64 deserialize_char
        deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_ignored_any);
    integers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128);

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.ident()? {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(Unsure),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // `None`, `Some(…)`, or (ron's implicit `Some`, which soc2 writes) the value itself.
        if is_ident_start(self.peek()?) {
            let at = self.at;
            match self.ident()? {
                "None" => return visitor.visit_none(),
                "Some" if self.bytes.get(self.at) == Some(&b'(') => {
                    self.at += 1;
                    let value = visitor.visit_some(&mut *self)?;
                    self.eat(b',')?;
                    self.expect(b')')?;
                    return Ok(value);
                }
                "Some" => return Err(Unsure),
                _ => self.at = at,
            }
        }
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Result<V::Value> {
        Err(Unsure)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.expect(b'(')?;
        let value = visitor.visit_newtype_struct(&mut *self)?;
        self.eat(b',')?;
        self.expect(b')')?;
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        let value = visitor.visit_seq(List { reader: self })?;
        self.expect(b']')?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Unsure)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value> {
        Err(Unsure)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.entries(b'{', b'}', visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.entries(b'(', b')', visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }
}

/// The elements of a list.
struct List<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'de> de::SeqAccess<'de> for List<'_, 'de> {
    type Error = Unsure;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.peek()? == b']' {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.separator(b']')?;
        Ok(Some(value))
    }
}

/// The entries of a map (`{"key": …}`) or the fields of a struct (`(name: …)`): the
/// key's own type decides whether it reads a string or a name.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    end: u8,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Unsure;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.reader.peek()? == self.end {
            return Ok(None);
        }
        let key = if self.end == b')' {
            seed.deserialize(Name(&mut *self.reader))?
        } else {
            seed.deserialize(&mut *self.reader)?
        };
        self.reader.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let value = seed.deserialize(&mut *self.reader)?;
        self.reader.separator(self.end)?;
        Ok(value)
    }
}

/// A struct's field name: a bare identifier, whatever the field visitor asks for.
struct Name<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::Deserializer<'de> for Name<'_, 'de> {
    type Error = Unsure;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.0.ident()?)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Unsure;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.ident()?;
        let variant = seed.deserialize(de::value::BorrowedStrDeserializer::<Unsure>::new(name))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Unsure;

    fn unit_variant(self) -> Result<()> {
        // `Name(…)` where a unit variant is expected is ron's to report.
        self.skip_ws()?;
        match self.bytes.get(self.at) {
            Some(b'(') => Err(Unsure),
            _ => Ok(()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value> {
        Err(Unsure)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Unsure)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Unsure)
    }
}

#[cfg(test)]
mod tests;
