//! axe-core in the page: injects the vendored `axe.min.js` (pinned by scripts/e2e.sh) and
//! runs the WCAG 2.0/2.1 level A and AA rules; any violation is an error listing them.

use crate::{check_failed, workspace_root, E2eError};
use fantoccini::Client;
use serde_json::Value;
use std::path::PathBuf;

/// The vendored script (`e2e/vendor/axe-core/axe.min.js`, or `VSSID_AXE_JS`).
pub fn script_path() -> PathBuf {
    std::env::var_os("VSSID_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            workspace_root()
                .join("e2e")
                .join("vendor")
                .join("axe-core")
                .join("axe.min.js")
        })
}

/// Checks the current page; `Err` lists every violation (rule, impact, elements).
pub async fn check(client: &Client) -> Result<usize, E2eError> {
    let path = script_path();
    let source = std::fs::read_to_string(&path).map_err(|e| {
        check_failed(format!(
            "axe-core is not vendored at {} ({e}): run scripts/e2e.sh",
            path.display()
        ))
    })?;
    let loaded = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != Value::Bool(true) {
        client.execute(&source, vec![]).await?;
    }
    let result = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations']
            }).then(r => done({
                passes: r.passes.length,
                violations: r.violations.map(v => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary)
                }))
            })).catch(e => done({ error: String(e) }));
            "#,
            vec![],
        )
        .await?;
    if let Some(error) = result.get("error").and_then(Value::as_str) {
        return Err(check_failed(format!("axe-core could not run: {error}")));
    }
    let violations = result
        .get("violations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if violations.is_empty() {
        return Ok(result.get("passes").and_then(Value::as_u64).unwrap_or(0) as usize);
    }
    let mut report = format!("{} accessibility violation(s):", violations.len());
    for v in &violations {
        report.push_str(&format!(
            "\n  [{}] {} ({})",
            v["impact"].as_str().unwrap_or("?"),
            v["id"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("")
        ));
        for node in v["nodes"].as_array().into_iter().flatten().take(5) {
            report.push_str(&format!(
                "\n      {}",
                node.as_str().unwrap_or("").replace('\n', " ")
            ));
        }
    }
    Err(check_failed(report))
}
