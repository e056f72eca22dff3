//! Problems found in a spec, with where they are and how to fix them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::span::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem at one place in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Short text shown under the underlined node.
    pub label: String,
    /// The limit and the fix.
    pub help: Option<String>,
    pub file: PathBuf,
    pub pos: Pos,
}

/// Collects a rule's findings for one file.
#[derive(Debug, Default)]
pub struct Findings {
    pub(crate) items: Vec<Finding>,
}

/// A finding before it is tied to a file.
#[derive(Clone, Debug)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub pos: Pos,
}

impl Findings {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem; `label` is shown under the node, `help` says the limit and the fix.
    pub fn report(
        &mut self,
        rule: &super::rules::RuleInfo,
        pos: Pos,
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        let help = help.into();
        self.items.push(Finding {
            code: rule.code,
            severity: rule.severity,
            message: message.into(),
            label: label.into(),
            help: (!help.is_empty()).then_some(help),
            pos,
        });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn into_diagnostics(self, file: &std::path::Path) -> Vec<Diagnostic> {
        self.items
            .into_iter()
            .map(|f| Diagnostic {
                code: f.code,
                severity: f.severity,
                message: f.message,
                label: f.label,
                help: f.help,
                file: file.to_path_buf(),
                pos: f.pos,
            })
            .collect()
    }
}
