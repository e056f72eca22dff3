//! Untrusted text: names from the account reach the terminal with their control
//! characters escaped, Markdown tables keep their shape, file names avoid names an OS
//! reserves; a token pasted into the API URL is not echoed, and messages never show
//! an internal type's name.

use super::*;

/// Names as an attacker (or a careless colleague in the web UI) might type them.
const HOSTILE: [&str; 3] = [
    "Clear\u{1b}[2J\u{1b}[31mred\u{7}",
    "Two\nlines | Plan: 0 to create\r\0end",
    "Fence ``` [click](https://evil.example) <b>bold</b> \u{202e}txt.exe",
];

/// The emulator's account with a campaign of each hostile name, and a workdir whose
/// spec has none of them (so `--prune` shows them all, to be paused).
fn hostile_account() -> (Emu, Workdir) {
    let emu = Emu::start();
    for name in HOSTILE {
        emu.block_on(emu.tree(name));
    }
    (emu, Workdir::with_fixture(EXAMPLE))
}

fn assert_no_controls(label: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}')
        .collect();
    assert!(bad.is_empty(), "`{label}` wrote {bad:?}:\n{text}");
}

#[test]
fn live_names_reach_the_terminal_escaped() {
    let (emu, w) = hostile_account();
    let o = sane("plan --prune", against(&w, &emu, &["plan", "--prune"]));
    assert_eq!(code(&o), 0, "{}", both(&o));
    let out = stdout(&o);
    assert_no_controls("plan --prune", &both(&o));
    for escaped in [
        "Clear\\u{1b}[2J\\u{1b}[31mred\\u{7}",
        "Two\\nlines | Plan: 0 to create\\r\\0end",
        "\\u{202e}txt.exe",
    ] {
        assert!(out.contains(escaped), "{escaped}:\n{out}");
    }
    // The fake summary line stayed inside its name.
    assert_eq!(out.matches("\nPlan: ").count(), 1, "{out}");
    let o = sane(
        "import --all",
        against(
            &w,
            &emu,
            &[
                "import",
                "--all",
                "--allow-partial",
                "--out-dir",
                "imported",
            ],
        ),
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    assert_no_controls("import --all", &both(&o));
    assert!(stdout(&o).contains("Clear\\u{1b}[2J"), "{}", both(&o));
}

#[test]
fn live_names_keep_markdown_tables_whole() {
    let (emu, w) = hostile_account();
    let o = sane(
        "plan --prune --format markdown",
        against(&w, &emu, &["plan", "--prune", "--format", "markdown"]),
    );
    assert_eq!(code(&o), 0, "{}", both(&o));
    let md = stdout(&o);
    assert_no_controls("markdown", &md);
    // Every row of the changes table has its five cells, no more.
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(
        rows.iter().filter(|r| r.contains("| campaign |")).count(),
        4,
        "{md}"
    );
    for row in &rows {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 6, "{row}");
    }
    // Neither a link nor HTML in the table (inside the code block, they are text).
    let fence = rows
        .iter()
        .find(|r| r.contains("Fence"))
        .expect("the fence row");
    assert!(
        fence.contains("\\[click\\](https://evil.example) &lt;b&gt;"),
        "{fence}"
    );
    // The details block is fenced past the backticks in the names.
    assert!(md.contains("\n````diff\n"), "{md}");
}

#[test]
fn a_campaign_named_con_gets_a_file_every_os_can_hold() {
    let emu = Emu::start();
    emu.block_on(emu.tree("CON"));
    emu.block_on(emu.tree("lpt1"));
    let w = Workdir::new();
    let o = sane(
        "import --all",
        against(&w, &emu, &["import", "--all", "--allow-partial"]),
    );
    let dir = w.path().join("campaigns");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for want in ["con-campaign.yaml", "lpt1-campaign.yaml"] {
        assert!(
            names.iter().any(|n| n == want),
            "{want}: {names:?}\n{}",
            both(&o)
        );
    }
    assert!(
        !names.iter().any(|n| n == "con.yaml" || n == "lpt1.yaml"),
        "{names:?}"
    );
}

#[test]
fn a_token_in_the_api_url_is_not_echoed() {
    const SECRET: &str = "url-secret-9d8c7b6a5f";
    let w = Workdir::with_fixture(EXAMPLE);
    for (url, token) in [
        (
            format!("https://{SECRET}@business-api.tiktok.com"),
            Some("another-token-1234"),
        ),
        (
            format!("https://u:{SECRET}@business-api.tiktok.com"),
            Some("another-token-1234"),
        ),
        (
            format!("http://example.com/?access_token={SECRET}"),
            Some("another-token-1234"),
        ),
        (
            format!("https://{SECRET}@bad host/"),
            Some("another-token-1234"),
        ),
        (format!("http://127.0.0.1:1/?access_token={SECRET}"), None),
    ] {
        let mut c = w.command(&["plan", "--api-url", &url, "--advertiser-id", ADVERTISER]);
        if let Some(t) = token {
            c.env("TIKTOK_ACCESS_TOKEN", t);
        }
        let o = sane(&url, c);
        assert_eq!(code(&o), 1, "{url}: {}", both(&o));
        assert!(!both(&o).contains(SECRET), "{url}:\n{}", both(&o));
    }
}

#[test]
fn yaml_limits_are_explained_in_words() {
    let w = Workdir::new();
    let big = "x".repeat(1 << 20);
    let uses = vec!["*big"; 100].join(", ");
    w.write(
        "bomb.yaml",
        &format!("shared:\n  one: &big \"{big}\"\n  all: [{uses}]\ncampaigns: []\n"),
    );
    let o = sane("validate", w.command(&["validate"]));
    assert_eq!(code(&o), 1, "{}", both(&o));
    let err = stderr(&o);
    assert!(
        err.contains("YAML too large to be a spec: too much text in its values"),
        "{err}"
    );
    assert!(
        !err.contains("ScalarBytes") && !err.contains("breached"),
        "{err}"
    );
}
