//! Source positions for spec values.
//!
//! Positions come from the tree `spec::tree` reads (`spec::convert` hands each `Sp`
//! its own); nothing else names the YAML crate.

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

/// The newtype name under which `Sp` asks for its position: `spec::convert` answers
/// it through [`offer`]; any other deserializer knows nothing of it, and the position
/// stays unknown.
pub(crate) const MAGIC: &str = "$smartplus::Sp";

thread_local! {
    static OFFERED: std::cell::Cell<Option<Pos>> = const { std::cell::Cell::new(None) };
}

/// The position of the value about to be read as an `Sp` (called by the deserializer
/// right before it hands the value over).
pub(crate) fn offer(pos: Pos) {
    OFFERED.with(|o| o.set(Some(pos)));
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Sp<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Sp<T>, D::Error> {
                // Taken before the value is read: values inside offer their own.
                let pos = OFFERED.with(std::cell::Cell::take).unwrap_or_default();
                T::deserialize(d).map(|value| Sp { value, pos })
            }
        }
        deserializer.deserialize_newtype_struct(MAGIC, V(std::marker::PhantomData))
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
