//! The spec format's own docs (the model's doc comments, as the JSON Schema carries
//! them), for help texts: what a missing or mistyped key takes.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(super::json_schema)
}

/// The properties of a model struct, by its type name (`Campaign`, `SpecFile`).
fn properties(owner: &str) -> Option<&'static serde_json::Map<String, Value>> {
    let schema = schema();
    let node = if owner == "SpecFile" {
        schema
    } else {
        schema.get("definitions")?.get(owner)?
    };
    node.get("properties")?.as_object()
}

fn tidy(description: &str) -> String {
    let one_line = description.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.trim_end_matches('.').to_string()
}

/// What `field` of `owner` takes, from its doc comment.
pub fn description(owner: &str, field: &str) -> Option<String> {
    properties(owner)?
        .get(field)?
        .get("description")?
        .as_str()
        .map(tidy)
}

/// What a key takes, wherever in the format it is (the first struct that has it).
pub fn description_any(key: &str) -> Option<String> {
    if key.is_empty() {
        return None;
    }
    let schema = schema();
    let top = schema.get("properties").and_then(Value::as_object);
    let defs = schema
        .get("definitions")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|d| d.values())
        .filter_map(|d| d.get("properties").and_then(Value::as_object));
    top.into_iter()
        .chain(defs)
        .find_map(|props| props.get(key)?.get("description")?.as_str())
        .map(tidy)
}

/// Where `path` (`budget.amount`, `schedule.dayparting.monday`) comes in the order the
/// spec format lists the fields of `owner` (`Campaign`, `AdGroup`, `Ad`): to show
/// changes in the order a spec is written, weekdays Monday first. Paths the format
/// does not list come last.
pub fn field_rank(owner: &str, path: &str) -> usize {
    // Each plan diff asks for every field of every object: a map, not a scan.
    static ORDER: OnceLock<Vec<(&str, HashMap<String, usize>)>> = OnceLock::new();
    let order = ORDER.get_or_init(|| {
        ["Campaign", "AdGroup", "Ad"]
            .into_iter()
            .map(|o| {
                let mut paths = Vec::new();
                walk(o, "", &mut paths, 0);
                // A path listed twice ranks where it was listed last.
                (
                    o,
                    paths.into_iter().enumerate().map(|(i, p)| (p, i)).collect(),
                )
            })
            .collect()
    });
    let Some((_, ranks)) = order.iter().find(|(o, _)| *o == owner) else {
        return usize::MAX;
    };
    // The most specific listed path that is `path` or contains it.
    let mut candidate = path;
    loop {
        if let Some(rank) = ranks.get(candidate) {
            return *rank;
        }
        match candidate.rfind('.') {
            Some(dot) => candidate = &candidate[..dot],
            None => return usize::MAX,
        }
    }
}

/// Every property path of a definition, depth first, in declaration order.
fn walk(owner: &str, prefix: &str, out: &mut Vec<String>, depth: usize) {
    let Some(props) = properties(owner) else {
        return;
    };
    for (name, prop) in props {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        out.push(path.clone());
        if depth < 4
            && let Some(inner) = definition_of(prop)
        {
            walk(inner, &path, out, depth + 1);
        }
    }
}

/// The definition a property refers to (directly, or through `allOf`/`anyOf`).
fn definition_of(prop: &Value) -> Option<&str> {
    let refs = std::iter::once(prop).chain(
        ["allOf", "anyOf"]
            .iter()
            .filter_map(|k| prop.get(*k)?.as_array())
            .flatten(),
    );
    refs.filter_map(|v| v.get("$ref")?.as_str())
        .find_map(|r| r.strip_prefix("#/definitions/"))
        .filter(|d| properties(d).is_some())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_have_their_docs() {
        assert_eq!(
            super::description("Campaign", "objective").as_deref(),
            Some("`web_conversions`, `app_promotion` or `lead_generation`")
        );
        assert!(super::description("SpecFile", "campaigns").is_some());
        assert!(
            super::description_any("cbo")
                .is_some_and(|d| d.starts_with("Campaign budget optimisation"))
        );
        assert_eq!(super::description_any("no_such_key"), None);
    }

    #[test]
    fn fields_rank_in_the_order_a_spec_writes_them() {
        let rank = |p| super::field_rank("AdGroup", p);
        assert!(rank("optimization.goal") < rank("schedule.start"));
        assert!(rank("schedule.dayparting.monday") < rank("schedule.dayparting.friday"));
        assert!(rank("schedule.dayparting.friday") < rank("schedule.dayparting.sunday"));
        assert!(rank("targeting.locations") < rank("targeting.languages"));
        assert!(
            super::field_rank("Campaign", "objective")
                < super::field_rank("Campaign", "budget.cbo")
        );
        assert_eq!(super::field_rank("Ad", "no.such"), usize::MAX);
    }
}
