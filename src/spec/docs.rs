//! The spec format's own docs (the model's doc comments, as the JSON Schema carries
//! them), for help texts: what a missing or mistyped key takes.

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
}
