//! Open vocabularies: platform lists that TikTok extends over time (optimisation
//! events, calls to action, placements, ages, attribution windows).
//!
//! A value smartplus knows keeps its readable name (`complete_payment`); any other
//! well-formed TikTok literal (`ON_WEB_ORDER`) is carried verbatim, so an account
//! holding values no client lists still imports, plans and applies unchanged. SP206
//! warns about the literals smartplus does not know, so a typo is not silent.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed list of readable names with their wire literals (`spec::enums`).
pub trait Vocabulary: Copy + Eq + Ord + fmt::Debug + 'static {
    /// Every readable name, in declaration order.
    const NAMES: &'static [&'static str];
    /// The readable name.
    fn yaml(self) -> &'static str;
    /// The literal TikTok's API uses.
    fn wire(self) -> &'static str;
    fn from_yaml(s: &str) -> Option<Self>;
    fn from_wire(s: &str) -> Option<Self>;
}

/// A known value, or another literal of the platform's vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Open<T> {
    /// A value smartplus knows (written with its readable name).
    Known(T),
    /// A TikTok literal smartplus does not know, kept exactly as TikTok spells it.
    Other(String),
}

/// Whether `s` looks like a TikTok enum literal: capitals, digits and underscores,
/// starting with a capital (`ON_WEB_ORDER`, `AGE_18_24`).
pub fn is_wire_literal(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=100).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
}

impl<T: Vocabulary> Open<T> {
    /// The known value, if it is one.
    pub fn known(&self) -> Option<T> {
        match self {
            Open::Known(t) => Some(*t),
            Open::Other(_) => None,
        }
    }

    /// The literal sent to TikTok.
    pub fn wire(&self) -> &str {
        match self {
            Open::Known(t) => t.wire(),
            Open::Other(s) => s,
        }
    }

    /// How the value is written in a spec file.
    pub fn yaml(&self) -> &str {
        match self {
            Open::Known(t) => t.yaml(),
            Open::Other(s) => s,
        }
    }

    /// Reads a wire literal: a known one by name, any other well-formed one verbatim.
    pub fn from_wire(s: &str) -> Option<Self> {
        match T::from_wire(s) {
            Some(t) => Some(Open::Known(t)),
            None if is_wire_literal(s) => Some(Open::Other(s.to_owned())),
            None => None,
        }
    }
}

impl<T: Vocabulary> From<T> for Open<T> {
    fn from(t: T) -> Self {
        Open::Known(t)
    }
}

impl<T: Vocabulary> PartialEq<T> for Open<T> {
    fn eq(&self, other: &T) -> bool {
        self.known() == Some(*other)
    }
}

impl<T: Vocabulary + Default> Default for Open<T> {
    fn default() -> Self {
        Open::Known(T::default())
    }
}

impl<T: Vocabulary> fmt::Display for Open<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.yaml())
    }
}

impl<T: Vocabulary> Serialize for Open<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.yaml())
    }
}

impl<'de, T: Vocabulary> Deserialize<'de> for Open<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        if let Some(t) = T::from_yaml(&s) {
            return Ok(Open::Known(t));
        }
        // A known value written the way TikTok spells it is the same value.
        if let Some(open) = Self::from_wire(&s) {
            return Ok(open);
        }
        // Worded like serde's own "unknown variant" so the loader suggests a name.
        Err(serde::de::Error::custom(format_args!(
            "unknown variant `{s}`, expected one of {}, or a TikTok literal in capitals (e.g. `{}`)",
            T::NAMES
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            T::NAMES
                .first()
                .and_then(|n| T::from_yaml(n))
                .map_or("", T::wire),
        )))
    }
}

impl<T: Vocabulary + schemars::JsonSchema> schemars::JsonSchema for Open<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Open{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let known = generator.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [
                known,
                {
                    "description": "Any other TikTok literal, verbatim (smartplus warns that it does not know it).",
                    "type": "string",
                    "pattern": "^[A-Z][A-Z0-9_]*$"
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::enums::OptimizationEvent;

    type Event = Open<OptimizationEvent>;

    #[test]
    fn literals_are_capitals_digits_and_underscores() {
        for ok in ["ON_WEB_ORDER", "AGE_18_24", "X"] {
            assert!(is_wire_literal(ok), "{ok}");
        }
        for bad in ["", "on_web_order", "_X", "1X", "ON WEB", "ON-WEB", "ÄX"] {
            assert!(!is_wire_literal(bad), "{bad}");
        }
        assert!(!is_wire_literal(&"A".repeat(101)));
    }

    #[test]
    fn known_values_read_by_name_or_literal_and_others_verbatim() {
        let read = |s: &str| serde_json::from_value::<Event>(serde_json::json!(s));
        let known = Open::Known(OptimizationEvent::CompletePayment);
        assert_eq!(read("complete_payment").ok(), Some(known.clone()));
        assert_eq!(read("SHOPPING").ok(), Some(known));
        let other = read("ON_WEB_ORDER").ok();
        assert_eq!(other, Some(Open::Other("ON_WEB_ORDER".into())));
        assert_eq!(
            other.map(|o| o.wire().to_owned()).as_deref(),
            Some("ON_WEB_ORDER")
        );
        let err = read("complete_paymnt").err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("unknown variant `complete_paymnt`")),
            "{err:?}"
        );
        assert!(read("on_web_order").is_err());
    }

    #[test]
    fn written_back_as_read() {
        let v = serde_json::to_value(Event::from_wire("SHOPPING")).ok();
        assert_eq!(v, Some(serde_json::json!("complete_payment")));
        let v = serde_json::to_value(Event::from_wire("ON_WEB_ORDER")).ok();
        assert_eq!(v, Some(serde_json::json!("ON_WEB_ORDER")));
        assert_eq!(Event::from_wire("bad literal"), None);
    }
}
