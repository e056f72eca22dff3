//! Exact money amounts.
//!
//! Amounts are read from the YAML text itself, never through a float, so
//! `19.99` stays `19.99` all the way to the wire.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

/// What an amount is expected to look like (also how the loader knows an amount was
/// refused).
pub const EXPECTING: &str = "an amount such as 50 or 19.99";

/// How to write `written` as an amount, in plain words.
pub fn amount_help(written: &str) -> String {
    let plain = "write a plain number such as 500 or 19.99";
    let has = |f: fn(char) -> bool| written.chars().any(f);
    if has(|c| matches!(c, '$' | '€' | '£' | '¥' | '₩' | '₹') || c.is_alphabetic()) {
        format!("{plain}, without a currency: amounts are in the account currency (`currency:`)")
    } else if has(|c| c == ',' || c == '\'' || c == ' ') {
        format!("{plain}: a dot before the decimals, and no thousands separators")
    } else {
        plain.to_string()
    }
}

impl Money {
    pub fn new(d: Decimal) -> Self {
        Money(d.normalize())
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// The amount as a JSON number for the wire (the API takes floats; we send the
    /// shortest decimal text, which every JSON reader maps back to the same value).
    pub fn to_json(self) -> serde_json::Value {
        serde_json::Number::from_str(&self.0.normalize().to_string())
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }

    /// Reads a wire number without going through f64.
    pub fn from_json(v: &serde_json::Value) -> Option<Money> {
        match v {
            serde_json::Value::Number(n) => Decimal::from_str(&n.to_string())
                .or_else(|_| Decimal::from_scientific(&n.to_string()))
                .ok()
                .map(Money::new),
            serde_json::Value::String(s) => Decimal::from_str(s).ok().map(Money::new),
            _ => None,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0.normalize();
        // Whole amounts print as `50`, fractional ones keep at least two places: `19.90`.
        if d.scale() == 0 {
            write!(f, "{d}")
        } else {
            write!(f, "{:.*}", d.scale().max(2) as usize, d)
        }
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str(s.trim()).map(Money::new)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(EXPECTING)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Money, E> {
                Money::from_str(s).map_err(|_| E::invalid_value(de::Unexpected::Str(s), &EXPECTING))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Ok(Money::new(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Ok(Money::new(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                // Only reached when the YAML layer hands us a float; Rust prints the
                // shortest text that reads back as the same float, which is what was written.
                self.visit_str(&format!("{v}"))
            }
        }
        // Ask for a string first: the YAML layer then gives us the scalar's own text.
        d.deserialize_str(V)
    }
}

impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact amount in the account currency, e.g. 50 or \"19.99\".",
            "type": ["string", "number"],
            "pattern": "^[0-9]+(\\.[0-9]+)?$"
        })
    }
}
