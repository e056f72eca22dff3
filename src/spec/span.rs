//! Source positions for spec values.
//!
//! Wraps the YAML crate's spanned type so the rest of the code never names it:
//! the crate can be swapped by changing this file alone.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A position in a spec file: 1-based line and column plus a byte range.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

impl Pos {
    /// True for values built in code rather than read from a file.
    pub fn is_unknown(&self) -> bool {
        self.line == 0
    }
}

/// A value together with where it was written.
#[derive(Clone, Default)]
pub struct Sp<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Sp<T> {
    /// A value with no source position (built in code, e.g. by `import`).
    pub fn new(value: T) -> Self {
        Sp {
            value,
            pos: Pos::default(),
        }
    }

    pub fn at(value: T, pos: Pos) -> Self {
        Sp { value, pos }
    }

    pub fn get(&self) -> &T {
        &self.value
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Sp<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    // Positions never take part in equality: two specs that say the same thing are equal.
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Sp<T> {}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        // `referenced` is where the value is used (an alias), `defined` where it was
        // written; point at the use so an anchored setting is blamed where it applies.
        let loc = spanned.referenced;
        let span = loc.span();
        let pos = Pos {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
            offset: span
                .byte_offset()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0),
            len: span
                .byte_len()
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(0),
        };
        Ok(Sp {
            value: spanned.value,
            pos,
        })
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
