//! The plan as a dependency graph (pure).

use crate::plan::{Action, Plan};

/// One unit of work: one change of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Index into `plan.changes`.
    pub change: usize,
    /// Steps (indices into the step list) that must succeed first.
    pub deps: Vec<usize>,
}

/// Every change that does something, with its parent as a dependency when the
/// parent is being created or replaced in the same run.
pub fn build(plan: &Plan) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    // key → (step index, change index)
    let mut by_key = std::collections::HashMap::new();
    for (i, c) in plan.changes.iter().enumerate() {
        if c.action == Action::Unchanged {
            continue;
        }
        by_key.insert(c.key.as_str(), (steps.len(), i));
        steps.push(Step {
            change: i,
            deps: Vec::new(),
        });
    }
    for step in &mut steps {
        let c = &plan.changes[step.change];
        if let Some((parent_step, parent_change)) = c.parent.as_deref().and_then(|p| by_key.get(p))
            && matches!(
                plan.changes[*parent_change].action,
                Action::Create | Action::Replace
            )
        {
            step.deps.push(*parent_step);
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Change, Kind};

    fn change(key: &str, action: Action, parent: Option<&str>) -> Change {
        Change {
            key: key.into(),
            action,
            kind: Kind::Campaign,
            name: key.into(),
            id: None,
            parent: parent.map(Into::into),
            parent_id: None,
            campaign: "c".into(),
            ad_group: None,
            time_zone: None,
            fields: vec![],
            findings: vec![],
            create: None,
            update: None,
            status: None,
            starts_now: None,
            portfolio: None,
        }
    }

    #[test]
    fn children_wait_only_for_parents_being_made() {
        let plan = Plan {
            changes: vec![
                change("c0", Action::Create, None),
                change("c0/g0", Action::Create, Some("c0")),
                change("c1", Action::Unchanged, None),
                change("c1/g0", Action::Create, Some("c1")),
                change("c0/g0/a0", Action::Create, Some("c0/g0")),
            ],
            ..Default::default()
        };
        let steps = build(&plan);
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[0].deps, Vec::<usize>::new());
        assert_eq!(steps[1].deps, vec![0]);
        assert_eq!(steps[2].deps, Vec::<usize>::new(), "parent exists already");
        assert_eq!(steps[3].deps, vec![1]);
    }
}
