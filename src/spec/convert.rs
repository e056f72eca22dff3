//! The tree (`spec::tree`) → the model (`spec::model`), every problem collected: the
//! second half of loading.
//!
//! The model's own `Deserialize` impls do the typing; this deserializer feeds them the
//! tree and never gives up early:
//!
//! - an **unknown key** is reported and skipped; a near miss of a key the mapping lacks
//!   (`objectiv:`) is read as that key, so the rest of the file is checked as meant;
//! - a **bad value or wrong type** is reported and replaced by a stand-in;
//! - a **missing key** is reported at the mapping that lacks it, which is then read
//!   again with a stand-in for the key, so its other problems are found too.
//!
//! Stand-ins never reach the rules: a campaign with any such problem is left out of the
//! converted spec, and a problem outside the campaigns keeps the rules from running at
//! all (`Converted::checkable`). Unknown keys lose nothing and stop nothing.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};

use super::model::SpecFile;
use super::span::Pos;
use super::tree::{Kind, Node};

/// What converting a file gives.
#[derive(Debug)]
pub struct Converted {
    /// The spec, without the campaigns that could not be read.
    pub spec: SpecFile,
    /// Every structural problem, in the order met.
    pub problems: Vec<Problem>,
    /// Whether the rules can run on `spec`: nothing outside the campaigns was lost.
    pub checkable: bool,
    /// Campaigns left out of `spec` because of their problems.
    pub left_out: usize,
}

/// One structural problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// Converts a whole file, consuming its tree: each campaign's part of the tree is
/// dropped once the campaign is converted, so the tree and the model are never both
/// whole in memory.
pub fn convert(mut root: Node<'_>) -> Converted {
    let ctx = Ctx::default();
    let campaigns = take_campaigns(&mut root);
    let de = De::root(&ctx, &root);
    let mut spec = recover::<SpecFile>(&ctx, &de).unwrap_or_default();
    if let Some(items) = campaigns {
        let seq = De {
            key: "campaigns",
            depth: 1,
            ..de
        };
        let mut kept = Vec::with_capacity(items.len());
        for item in items {
            if let Some(c) = campaign(&ctx, &seq.child(&item, "campaigns")) {
                kept.push(c);
            }
        }
        spec.campaigns.value = kept;
    }
    drop(root);
    let lossy = ctx.lossy.get();
    let dropped = ctx.dropped.get();
    let mut problems = ctx.problems.into_inner();
    let more = ctx.more.get();
    if more > 0
        && let Some(last) = problems.last().cloned()
    {
        problems.push(Problem {
            message: format!("… and {more} more problems in this file, not listed"),
            label: "the last one listed".into(),
            help: Some("fix the problems above and run again to see the rest".into()),
            ..last
        });
    }
    Converted {
        spec,
        problems,
        checkable: lossy == dropped,
        left_out: ctx.left_out.get(),
    }
}

/// The campaigns of a file, taken out of its tree to be converted one by one (see
/// [`convert`]); `None` when they are not a plain list under `campaigns:` (the
/// conversion then reads them in place).
fn take_campaigns<'a>(root: &mut Node<'a>) -> Option<Vec<Node<'a>>> {
    let Kind::Map(entries) = &mut root.kind else {
        return None;
    };
    let mut found = entries
        .iter_mut()
        .filter(|(k, _)| k.scalar() == Some("campaigns"));
    let (_, value) = found.next()?;
    // A key written twice is reported by the conversion; leave both in place.
    if found.next().is_some() {
        return None;
    }
    match &mut value.kind {
        Kind::Seq(items) => Some(std::mem::take(items)),
        _ => None,
    }
}

/// One campaign of a file, or `None` when a problem lost one of its values (it is
/// then left out of the spec, and counted).
fn campaign(ctx: &Ctx, de: &De<'_, '_>) -> Option<super::model::Campaign> {
    let before = ctx.lossy.get();
    let value = recover::<super::model::Campaign>(ctx, de);
    let lost = ctx.lossy.get() - before;
    match value {
        Ok(c) if lost == 0 => Some(c),
        _ => {
            ctx.dropped.set(ctx.dropped.get() + lost);
            ctx.left_out.set(ctx.left_out.get() + 1);
            None
        }
    }
}

/// What the conversion of one file has found so far.
#[derive(Default)]
struct Ctx {
    problems: RefCell<Vec<Problem>>,
    /// Where problems were reported, so an anchor used many times reports once.
    seen: RefCell<HashSet<(usize, String)>>,
    /// Above zero while a mapping is read again after a missing key: its other
    /// problems were reported the first time.
    quiet: Cell<u32>,
    /// Problems that lost a value (all but unknown keys).
    lossy: Cell<u32>,
    /// Of those, the ones inside campaigns left out.
    dropped: Cell<u32>,
    left_out: Cell<usize>,
    /// Mappings (by offset) and the keys a misspelt key was read as.
    renamed: RefCell<HashSet<(usize, &'static str)>>,
    /// Problems past `MAX_PROBLEMS`, counted only.
    more: Cell<usize>,
}

/// Problems listed per file; a file with more is mostly not a spec, and listing them
/// all would only bury the first.
const MAX_PROBLEMS: usize = 200;

impl Ctx {
    fn report(&self, pos: Pos, message: String, label: &str, help: Option<String>, lossy: bool) {
        if self.quiet.get() > 0 {
            return;
        }
        if lossy {
            self.lossy.set(self.lossy.get() + 1);
        }
        if !self.seen.borrow_mut().insert((pos.offset, message.clone())) {
            return;
        }
        if self.problems.borrow().len() >= MAX_PROBLEMS {
            self.more.set(self.more.get() + 1);
            return;
        }
        self.problems.borrow_mut().push(Problem {
            pos,
            message,
            label: label.to_string(),
            help,
        });
    }
}

/// Why a value could not be read. Only this module sees these; they become
/// `Problem`s where they are caught.
#[derive(Debug)]
pub enum Error {
    Custom(String),
    InvalidType {
        expected: String,
    },
    InvalidValue {
        found: String,
        expected: String,
    },
    UnknownVariant {
        value: String,
        expected: &'static [&'static str],
    },
    Missing {
        field: &'static str,
        owner: Option<&'static str>,
    },
    /// Reported already, where it happened.
    Reported,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Custom(m) => f.write_str(m),
            Error::InvalidType { expected } => write!(f, "expected {expected}"),
            Error::InvalidValue { found, expected } => {
                write!(f, "`{found}` is not {expected}")
            }
            Error::UnknownVariant { value, .. } => write!(f, "unknown value `{value}`"),
            Error::Missing { field, .. } => write!(f, "missing `{field}`"),
            Error::Reported => f.write_str("reported"),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }

    fn invalid_type(_: de::Unexpected, exp: &dyn de::Expected) -> Self {
        Error::InvalidType {
            expected: exp.to_string(),
        }
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Str(s) => s.to_string(),
            other => other.to_string(),
        };
        Error::InvalidValue {
            found,
            expected: exp.to_string(),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::UnknownVariant {
            value: variant.to_string(),
            expected,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Error::Missing { field, owner: None }
    }
}

/// A deserializer for one node of the tree.
#[derive(Clone, Copy)]
struct De<'c, 'a> {
    ctx: &'c Ctx,
    node: &'c Node<'a>,
    /// Where values are shown to be: an alias's use, else the node itself.
    at: Option<Pos>,
    /// The key this value is under (`budget`), for messages.
    key: &'c str,
    /// Nesting depth: 0 for the root, 1 for its values.
    depth: u16,
    /// Keys to treat as written (with a stand-in value) when the mapping lacks them.
    inject: &'c [&'static str],
}

impl<'c, 'a> De<'c, 'a> {
    fn root(ctx: &'c Ctx, node: &'c Node<'a>) -> Self {
        De {
            ctx,
            node,
            at: None,
            key: "",
            depth: 0,
            inject: &[],
        }
    }

    fn child(&self, node: &'c Node<'a>, key: &'c str) -> Self {
        let at = self.at.or_else(|| node.is_alias().then_some(node.pos));
        De {
            ctx: self.ctx,
            node,
            at,
            key,
            depth: self.depth + 1,
            inject: &[],
        }
    }

    /// The node's content, through anchors and aliases.
    fn target(&self) -> &'c Node<'a> {
        self.node.target()
    }

    /// Where a value is shown to be written (for `Sp`).
    fn shown_pos(&self) -> Pos {
        self.at.unwrap_or(self.node.pos)
    }

    /// Where a problem with this node is reported: where it is written, which for a
    /// value reached through an alias is in the anchor's definition.
    fn problem_pos(&self) -> Pos {
        let t = self.target();
        if self.node.is_alias() {
            t.pos
        } else {
            self.node.pos
        }
    }

    /// What was found, for messages: `` `sometimes` ``, a list, keys and values.
    fn found(&self) -> String {
        match &self.target().kind {
            Kind::Scalar { .. } if self.node.is_null() => "nothing".into(),
            Kind::Scalar { text, .. } => format!("`{}`", short(text)),
            Kind::Seq(_) => "a list".into(),
            Kind::Map(_) => "keys and values".into(),
            Kind::Anchored(_) | Kind::Alias(_) => "a value".into(),
        }
    }

    fn text(&self) -> Result<&'c str, Error> {
        match &self.target().kind {
            Kind::Scalar { text, .. } if !self.node.is_null() => Ok(text),
            _ => Err(Error::InvalidType {
                expected: "text".into(),
            }),
        }
    }
}

fn short(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Reads a `T` from a node; whatever goes wrong is reported and replaced by a stand-in,
/// so the caller goes on. `Err` only when not even a stand-in can be made (the caller
/// then fails in turn, and so on up to a list, which leaves the item out).
fn recover<'de, T: Deserialize<'de>>(ctx: &Ctx, de: &De<'_, '_>) -> Result<T, Error> {
    match T::deserialize(*de) {
        Ok(v) => Ok(v),
        Err(Error::Missing { field, owner }) => missing::<T>(ctx, de, field, owner),
        Err(e) => {
            report(ctx, de, e);
            stand_in::<T>()
        }
    }
}

/// A mapping that lacks `field`: reported, then read again with stand-ins for the
/// keys it lacks, to find the rest of its problems (which are reported once).
fn missing<'de, T: Deserialize<'de>>(
    ctx: &Ctx,
    de: &De<'_, '_>,
    field: &'static str,
    owner: Option<&'static str>,
) -> Result<T, Error> {
    let mut lacking = vec![field];
    report_missing(ctx, de, field, owner);
    ctx.quiet.set(ctx.quiet.get() + 1);
    let result = loop {
        let again = De {
            inject: &lacking,
            ..*de
        };
        match T::deserialize(again) {
            Ok(v) => break Ok(v),
            Err(Error::Missing { field, owner })
                if !lacking.contains(&field) && lacking.len() < 64 =>
            {
                ctx.quiet.set(ctx.quiet.get() - 1);
                report_missing(ctx, de, field, owner);
                ctx.quiet.set(ctx.quiet.get() + 1);
                lacking.push(field);
            }
            Err(_) => break stand_in::<T>(),
        }
    };
    ctx.quiet.set(ctx.quiet.get() - 1);
    result
}

fn stand_in<'de, T: Deserialize<'de>>() -> Result<T, Error> {
    T::deserialize(StandIn).map_err(|_| Error::Reported)
}

/// Turns an error caught at a node into a problem at that node.
fn report(ctx: &Ctx, de: &De<'_, '_>, e: Error) {
    let pos = de.problem_pos();
    let key = de.key;
    let (message, label, help) = match e {
        Error::Reported => {
            // Reported where it happened; counted here as a loss for this value.
            if ctx.quiet.get() == 0 {
                ctx.lossy.set(ctx.lossy.get() + 1);
            }
            return;
        }
        Error::UnknownVariant { value, expected } => unknown_value(&value, expected, false),
        Error::Custom(m) => match parse_unknown_variant(&m) {
            Some((value, expected)) => {
                let open = m.contains("or a TikTok literal");
                let names: Vec<&str> = expected.iter().map(String::as_str).collect();
                unknown_value(&value, &names, open)
            }
            None => (m, "here".to_string(), Some(help_for(key))),
        },
        Error::InvalidValue { found, expected } if expected == super::money::EXPECTING => (
            format!("`{}` is not an amount", short(&found)),
            "not a plain number".to_string(),
            Some(super::money::amount_help(&found)),
        ),
        Error::InvalidValue { found, expected } => (
            format!("`{}` is not {}", short(&found), plain_words(&expected)),
            "here".to_string(),
            Some(help_for(key)),
        ),
        Error::InvalidType { expected } if expected == super::money::EXPECTING => (
            format!("`{key}` is an amount, not {}", de.found()),
            "not an amount".to_string(),
            Some(super::money::amount_help("")),
        ),
        Error::InvalidType { .. } if de.depth == 0 => (
            format!("a spec file is keys and values, not {}", de.found()),
            "expected `campaigns:` and other keys".to_string(),
            Some("start the file with `campaigns:` and list the campaigns under it (see docs/spec.md)".into()),
        ),
        Error::InvalidType { expected } => (
            if key.is_empty() {
                format!("expected {}, found {}", plain_words(&expected), de.found())
            } else {
                format!(
                    "`{key}` takes {}, not {}",
                    plain_words(&expected),
                    de.found()
                )
            },
            format!("expected {}", plain_words(&expected)),
            Some(help_for(key)),
        ),
        Error::Missing { field, owner } => {
            report_missing(ctx, de, field, owner);
            return;
        }
    };
    ctx.report(pos, message, &label, help, true);
}

fn report_missing(ctx: &Ctx, de: &De<'_, '_>, field: &'static str, owner: Option<&'static str>) {
    let target = de.target();
    // A key the mapping lacks but a misspelling of it was read as: reported there.
    // Read again through another alias, the misspelling is not read as the key a
    // second time: the value is lost for this use, and its item must be left out
    // rather than reach the rules with a stand-in.
    if ctx.renamed.borrow().contains(&(target.pos.offset, field)) {
        if ctx.quiet.get() == 0 {
            ctx.lossy.set(ctx.lossy.get() + 1);
        }
        return;
    }
    if field == "campaigns" && de.depth == 0 {
        let message = "the file has no `campaigns:`".to_string();
        let help = "a spec file lists its campaigns under `campaigns:` (see docs/spec.md)";
        ctx.report(
            de.problem_pos(),
            message,
            "no `campaigns:` here",
            Some(help.into()),
            true,
        );
        return;
    }
    let what = match (owner, named(target)) {
        (Some("Campaign"), Some(name)) => format!("campaign `{}`", short(name)),
        (Some("AdGroup"), Some(name)) => format!("ad group `{}`", short(name)),
        (Some("Ad"), Some(name)) => format!("ad `{}`", short(name)),
        (Some("Campaign"), None) => "this campaign".into(),
        (Some("AdGroup"), None) => "this ad group".into(),
        (Some("Ad"), None) => "this ad".into(),
        _ if !de.key.is_empty() => format!("`{}`", de.key),
        _ => "this mapping".into(),
    };
    let help = match owner.and_then(|o| super::docs::description(o, field)) {
        Some(d) => format!("add `{field}:` here: {d}"),
        None => format!("add `{field}:` here (see docs/spec.md)"),
    };
    ctx.report(
        de.problem_pos(),
        format!("{what} has no `{field}`"),
        &format!("`{field}` is missing here"),
        Some(help),
        true,
    );
}

/// The `name:` a mapping gives itself, if any.
fn named<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.scalar() == Some("name"))
            .and_then(|(_, v)| v.scalar()),
        _ => None,
    }
}

/// The values a help offers: all of them, but only the Smart+ objectives where the
/// objectives are expected (the others are parsed only for SP101 to say why they are
/// refused; offering them would send the reader from one error to the next).
fn offered<'a>(expected: &[&'a str]) -> Vec<&'a str> {
    use super::enums::Objective;
    let objectives: Vec<&str> = Objective::ALL.iter().map(|o| o.yaml()).collect();
    if expected == objectives.as_slice() {
        expected
            .iter()
            .copied()
            .filter(|y| Objective::from_yaml(y).is_some_and(Objective::is_smart_plus))
            .collect()
    } else {
        expected.to_vec()
    }
}

fn unknown_value(value: &str, expected: &[&str], open: bool) -> (String, String, Option<String>) {
    let expected = offered(expected);
    let mut help = match super::suggest::closest(value, expected.iter().copied()) {
        Some(s) => format!(
            "did you mean `{s}`? expected one of: {}",
            expected.join(", ")
        ),
        None => format!("expected one of: {}", expected.join(", ")),
    };
    // An open vocabulary (`spec::open`) also takes TikTok's own literals.
    if open {
        help.push_str(", or any other TikTok literal in capitals, sent as written");
    }
    (
        format!("unknown value `{}`", short(value)),
        "not a known value".into(),
        Some(help),
    )
}

/// "unknown variant `x`, expected one of `a`, `b`" (serde's wording, which
/// `spec::open` follows).
fn parse_unknown_variant(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown variant `")?;
    let (name, tail) = rest.split_once('`')?;
    let list = tail
        .split_once("expected one of ")
        .or_else(|| tail.split_once("expected "))
        .map(|(_, l)| l)
        .unwrap_or_default();
    let expected = list
        .split(", ")
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect();
    Some((name.to_string(), expected))
}

/// serde's names for what it expected, in a marketer's words.
fn plain_words(expected: &str) -> String {
    match expected {
        "a boolean" => "true or false".into(),
        "a string" | "a borrowed string" | "text" => "text".into(),
        "a sequence" => "a list".into(),
        "a map" => "keys and values".into(),
        e if e.starts_with("struct ") => "keys and values".into(),
        e if e.starts_with("u8")
            || e.starts_with("u16")
            || e.starts_with("u32")
            || e.starts_with("u64") =>
        {
            "a whole number".into()
        }
        e => e.to_string(),
    }
}

/// The field's own docs, when the key is one the format knows.
fn help_for(key: &str) -> String {
    super::docs::description_any(key).map_or_else(
        || "see docs/spec.md for the spec format".to_string(),
        |d| format!("`{key}`: {d}"),
    )
}

impl<'de> Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.target().kind {
            Kind::Scalar { text, plain } => {
                if *plain {
                    if self.node.is_null() {
                        return v.visit_unit();
                    }
                    if let Some(b) = core_bool(text) {
                        return v.visit_bool(b);
                    }
                    if let Ok(i) = text.parse::<i64>() {
                        return v.visit_i64(i);
                    }
                    if let Ok(f) = text.parse::<f64>() {
                        return v.visit_f64(f);
                    }
                }
                v.visit_str(text)
            }
            Kind::Seq(_) => self.deserialize_seq(v),
            Kind::Map(_) => self.deserialize_map(v),
            Kind::Anchored(_) | Kind::Alias(_) => v.visit_unit(),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.text() {
            Ok(t) => v.visit_str(t),
            Err(_) => refuse(&v),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.node.is_null() {
            v.visit_unit()
        } else {
            refuse(&v)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        if name == super::span::MAGIC {
            super::span::offer(self.shown_pos());
        }
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.target().kind {
            Kind::Seq(items) => v.visit_seq(Items {
                de: self,
                items: items.iter(),
            }),
            _ => refuse(&v),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.target().kind {
            Kind::Map(_) => v.visit_map(Entries::new(self, None)),
            _ => refuse(&v),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match &self.target().kind {
            Kind::Map(_) => v
                .visit_map(Entries::new(self, Some(fields)))
                .map_err(|e| match e {
                    Error::Missing { field, owner: None } => Error::Missing {
                        field,
                        owner: Some(name),
                    },
                    e => e,
                }),
            _ => refuse(&v),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match self.text() {
            Ok(t) => v.visit_enum(t.into_deserializer()),
            Err(_) => Err(Error::InvalidType {
                expected: format!("one of: {}", variants.join(", ")),
            }),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        // Never walked: `shared:` may hold anything, and aliases into it cost nothing.
        v.visit_unit()
    }

    // Booleans and numbers are what `deserialize_any` reads a plain scalar as; a
    // visitor that wanted one and gets text refuses it, with what it expected.
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char i128 u128 bytes byte_buf tuple
        tuple_struct
    }
}

/// What the visitor expected is not what the node holds (the node is described where
/// the error is caught).
fn refuse<'de, V: Visitor<'de>, T>(v: &V) -> Result<T, Error> {
    Err(de::Error::invalid_type(de::Unexpected::Other(""), v))
}

/// YAML 1.2's core booleans.
fn core_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A list's items. An item with a problem that lost a value is left out (and, for the
/// campaigns of a file, counted as left out).
struct Items<'c, 'a> {
    de: De<'c, 'a>,
    items: std::slice::Iter<'c, Node<'a>>,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        // Only `next_element` is used by the model; a seed cannot be tried twice.
        match self.items.next() {
            Some(item) => seed.deserialize(self.de.child(item, self.de.key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_element<T: Deserialize<'de>>(&mut self) -> Result<Option<T>, Error> {
        // The campaigns of a file, when read in place (see `take_campaigns`).
        let campaigns = self.de.depth == 1 && self.de.key == "campaigns";
        for item in self.items.by_ref() {
            let ctx = self.de.ctx;
            let before = ctx.lossy.get();
            let value = recover::<T>(ctx, &self.de.child(item, self.de.key));
            let lost = ctx.lossy.get() - before;
            match value {
                Ok(v) if lost == 0 => return Ok(Some(v)),
                _ if campaigns => {
                    ctx.dropped.set(ctx.dropped.get() + lost);
                    ctx.left_out.set(ctx.left_out.get() + 1);
                }
                _ => {}
            }
        }
        Ok(None)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A mapping's entries: its own, then those merged in with `<<:`, then stand-ins for
/// keys to inject. With `fields` (a struct), unknown keys are reported and skipped.
struct Entries<'c, 'a> {
    de: De<'c, 'a>,
    fields: Option<&'static [&'static str]>,
    queue: Vec<(&'c Node<'a>, &'c Node<'a>, Option<Pos>)>,
    next: usize,
    value: Option<(&'c Node<'a>, &'c str, Option<Pos>)>,
    inject: std::slice::Iter<'c, &'static str>,
    /// Every key written (own and merged).
    seen: Seen<'c>,
}

/// A set of keys: a short list for the few keys of a spec mapping, a hash set for a
/// mapping large enough that a list would make each look-up slow.
#[derive(Default)]
struct Seen<'c> {
    few: Vec<&'c str>,
    many: Option<HashSet<&'c str>>,
}

impl<'c> Seen<'c> {
    const FEW: usize = 32;

    fn contains(&self, key: &str) -> bool {
        match &self.many {
            Some(set) => set.contains(key),
            None => self.few.contains(&key),
        }
    }

    fn insert(&mut self, key: &'c str) {
        match &mut self.many {
            Some(set) => {
                set.insert(key);
            }
            None if self.few.len() < Self::FEW => self.few.push(key),
            None => {
                let mut set: HashSet<&str> = self.few.drain(..).collect();
                set.insert(key);
                self.many = Some(set);
            }
        }
    }
}

impl<'c, 'a> Entries<'c, 'a> {
    fn new(de: De<'c, 'a>, fields: Option<&'static [&'static str]>) -> Self {
        let mut queue = Vec::new();
        let mut seen = Seen::default();
        collect(&de, de.target(), None, &mut queue, &mut seen, 0);
        let inject = de.inject.iter();
        Entries {
            de,
            fields,
            queue,
            next: 0,
            value: None,
            inject,
            seen,
        }
    }
}

/// A mapping's own entries, then its merged ones (`<<: *anchor` or a list of them),
/// each key once: the mapping's own win, then earlier merges.
fn collect<'c, 'a>(
    de: &De<'c, 'a>,
    map: &'c Node<'a>,
    via: Option<Pos>,
    queue: &mut Vec<(&'c Node<'a>, &'c Node<'a>, Option<Pos>)>,
    seen: &mut Seen<'c>,
    depth: usize,
) {
    let Kind::Map(entries) = &map.kind else {
        return;
    };
    let mut merges = Vec::new();
    for (k, v) in entries {
        let key = k.scalar();
        if key == Some("<<") && matches!(&k.target().kind, Kind::Scalar { plain: true, .. }) {
            merges.push(v);
            continue;
        }
        if let Some(key) = key {
            if seen.contains(key) {
                if via.is_none() && depth == 0 {
                    de.ctx.report(
                        k.pos,
                        format!("key `{}` is written twice in this mapping", short(key)),
                        "second time",
                        Some("keep one of them: YAML does not say which would count".into()),
                        true,
                    );
                }
                continue;
            }
            seen.insert(key);
        }
        queue.push((k, v, via));
    }
    // Merges nest only as deep as the file does; the tree's limits bound them.
    for m in merges {
        let at = via.or(Some(m.pos));
        match &m.target().kind {
            Kind::Map(_) => collect(de, m.target(), at, queue, seen, depth + 1),
            Kind::Seq(items) => {
                for item in items {
                    collect(
                        de,
                        item.target(),
                        via.or(Some(item.pos)),
                        queue,
                        seen,
                        depth + 1,
                    );
                }
            }
            _ => de.ctx.report(
                m.pos,
                "`<<:` merges a mapping, such as `<<: *name`".into(),
                "not a mapping",
                Some("merge an anchored mapping (`<<: *purchase`) or a list of them".into()),
                true,
            ),
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some(&(k, v, via)) = self.queue.get(self.next) {
            self.next += 1;
            let Some(key) = k.scalar() else {
                self.de.ctx.report(
                    k.pos,
                    "a key must be a word, not a list or a mapping".into(),
                    "not a key",
                    Some(
                        "check the indentation: a `-` or `{` may be one level too far left".into(),
                    ),
                    true,
                );
                continue;
            };
            let mut name: &str = key;
            if let Some(fields) = self.fields
                && !fields.contains(&key)
            {
                match self.unknown_key(k, key, fields) {
                    Some(meant) => name = meant,
                    None => continue,
                }
            }
            let at = via.or(self.de.at);
            self.value = Some((v, name, at));
            return seed.deserialize(name.into_deserializer()).map(Some);
        }
        if let Some(field) = self.inject.next() {
            return seed.deserialize(field.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some((node, key, at)) => {
                let mut de = self.de.child(node, key);
                de.at = at.or(de.at);
                seed.deserialize(de)
            }
            None => seed.deserialize(StandIn),
        }
    }

    fn next_entry<K: Deserialize<'de>, V: Deserialize<'de>>(
        &mut self,
    ) -> Result<Option<(K, V)>, Error> {
        match self.next_key::<K>()? {
            Some(k) => Ok(Some((k, self.next_value::<V>()?))),
            None => Ok(None),
        }
    }

    fn next_value<V: Deserialize<'de>>(&mut self) -> Result<V, Error> {
        match self.value.take() {
            Some((node, key, at)) => {
                let mut de = self.de.child(node, key);
                de.at = at.or(de.at);
                recover::<V>(self.de.ctx, &de)
            }
            None => stand_in::<V>(),
        }
    }
}

impl<'c> Entries<'c, '_> {
    /// Reports a key the struct does not have; returns the key it is read as when it
    /// is a near miss of one the mapping lacks.
    fn unknown_key(
        &self,
        k: &'c Node<'_>,
        key: &str,
        fields: &'static [&'static str],
    ) -> Option<&'static str> {
        let ctx = self.de.ctx;
        let meant = super::suggest::closest(key, fields.iter().copied());
        let offset = self.de.target().pos.offset;
        // Short keys are too easily near another (`ad`, `id`) to be read as it.
        let read_as = meant.filter(|m| {
            key.chars().count() >= 4
                && !self.seen.contains(m)
                && !ctx.renamed.borrow().contains(&(offset, *m))
        });
        let allowed = fields.join(", ");
        let help = match (meant, read_as) {
            (Some(m), Some(_)) => format!(
                "did you mean `{m}`? The rest of the file was checked as if it were. Allowed keys here: {allowed}"
            ),
            (Some(m), None) => format!("did you mean `{m}`? allowed keys here: {allowed}"),
            (None, _) => format!("allowed keys here: {allowed}"),
        };
        ctx.report(
            k.pos,
            format!("unknown key `{}`", short(key)),
            "unknown key",
            Some(help),
            false,
        );
        if let Some(m) = read_as {
            ctx.renamed.borrow_mut().insert((offset, m));
        }
        read_as
    }
}

/// A stand-in for a value that could not be read: the simplest value of whatever type
/// asks. Never checked by rules (see the module docs).
struct StandIn;

impl<'de> Deserializer<'de> for StandIn {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_seq(Empty)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bool(false)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(0)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_u64(0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_f64(0.0)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        // "0" reads as text and as an amount.
        v.visit_str("0")
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_str("0")
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_none()
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        if name == super::span::MAGIC {
            super::span::offer(Pos::default());
        }
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_seq(Empty)
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_map(Empty)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_map(StandInFields(fields.iter()))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let first = variants.first().copied().unwrap_or_default();
        v.visit_enum(first.into_deserializer())
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    serde::forward_to_deserialize_any! {
        i8 i16 i32 u8 u16 u32 f32 char i128 u128 bytes byte_buf tuple tuple_struct
        identifier unit_struct
    }
}

struct Empty;

impl<'de> de::SeqAccess<'de> for Empty {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        _: T,
    ) -> Result<Option<T::Value>, Error> {
        Ok(None)
    }
}

impl<'de> de::MapAccess<'de> for Empty {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Result<Option<K::Value>, Error> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(StandIn)
    }
}

/// Every field of a struct, each with a stand-in value.
struct StandInFields(std::slice::Iter<'static, &'static str>);

impl<'de> de::MapAccess<'de> for StandInFields {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.0.next() {
            Some(f) => seed.deserialize((*f).into_deserializer()).map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(StandIn)
    }
}
