//! `init`, `new`, `completions`, `man` and `hook install`.

use crate::support::{Folder, run_in};
use tracker::edit::template::DEFAULT_PILLARS;

#[test]
fn init_scaffolds_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run_in(
        dir.path(),
        &["init", "--id", "my-plan", "--title", "My plan: 2030"],
    );
    assert_eq!(r.code, 0, "{r}");
    let text = std::fs::read_to_string(dir.path().join("strategy/strategy.yaml")).expect("read");
    assert!(
        text.starts_with("# yaml-language-server: $schema=../schema/strategy.schema.json\n"),
        "{text}"
    );
    assert!(text.contains("title: \"My plan: 2030\"\n"), "{text}");
    assert!(dir.path().join("strategy/README.md").is_file());
    assert!(dir.path().join("schema/commitment.schema.json").is_file());
    assert_eq!(run_in(dir.path(), &["check"]).code, 0);
    let r = run_in(dir.path(), &["init"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("already exists"), "{r}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("strategy/strategy.yaml")).expect("read"),
        text
    );
}

#[test]
fn init_default_pillars_are_the_shipped_ones() {
    let shipped =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/strategy/strategy.yaml")).expect("read");
    let s = tracker::load::parse_strategy("strategy.yaml", &shipped)
        .value
        .expect("the shipped strategy is valid");
    let shipped: Vec<(&str, &str)> = s
        .pillars
        .iter()
        .map(|p| (p.id.as_str(), p.title.as_str()))
        .collect();
    assert_eq!(shipped, DEFAULT_PILLARS.to_vec());
}

#[test]
fn init_with_pillars_then_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = run_in(
        dir.path(),
        &[
            "init",
            "--pillar",
            "health=Health",
            "--pillar",
            "jobs=Jobs and skills",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    let r = run_in(
        dir.path(),
        &[
            "new",
            "clinics",
            "--pillar",
            "health",
            "--owner",
            "Ministry",
            "--title",
            "Open clinics",
            "--due",
            "2027-12-31",
        ],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "created strategy/health/clinics.yaml\n");
    let text = std::fs::read_to_string(dir.path().join("strategy/health/clinics.yaml")).expect("read");
    assert!(text.starts_with("# yaml-language-server: $schema=../../schema/commitment.schema.json\n"));
    let check = run_in(dir.path(), &["check"]);
    // A commitment without milestones is valid, with a warning.
    assert_eq!(check.code, 0, "{check}");
    assert!(check.stdout.contains("no-milestones"), "{check}");
}

#[test]
fn new_refuses_existing_ids_unknown_pillars_and_bad_ids() {
    let t = Folder::with_bytes(&[(
        "prevention/a.yaml",
        b"id: a\ntitle: A\npillar: prevention\nowner: U\nmilestones: [{id: m, title: M, due: 2026-01-01}]\n",
    )]);
    let args = |id: &'static str, pillar: &'static str| {
        vec!["new", id, "--pillar", pillar, "--owner", "U", "--title", "T"]
    };
    let r = t.run(&args("a", "detection"));
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("already used"), "{r}");
    let r = t.run(&args("b", "detecton"));
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("did you mean `detection`?"), "{r}");
    let r = t.run(&args("B_b", "detection"));
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("such as `b-b`"), "{r}");
    let r = t.run(&[
        "new",
        "b",
        "--pillar",
        "detection",
        "--owner",
        "U",
        "--title",
        "T",
        "--milestone",
        "m1:x",
    ]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("MID:Title:YYYY-MM-DD"), "{r}");
    assert!(!t.path("detection").exists(), "nothing was written");
}

#[test]
fn new_dry_run_shows_the_whole_file() {
    let t = Folder::with_bytes(&[]);
    let r = t.run(&[
        "new",
        "b",
        "--pillar",
        "detection",
        "--owner",
        "U",
        "--title",
        "T",
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .starts_with("--- /dev/null\n+++ b/strategy/detection/b.yaml\n"),
        "{r}"
    );
    assert!(r.stdout.contains("\n+id: b\n"), "{r}");
    assert!(!t.path("detection").exists());
}

#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = run_in(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {r}");
        assert!(r.stdout.contains("reopen"), "{shell}");
        // bash, zsh and fish also complete ids (tests/shells.sh runs them in each shell).
        let ids = ["bash", "zsh", "fish"].contains(&shell);
        assert_eq!(r.stdout.contains("tracker completions --ids"), ids, "{shell}");
        assert!(
            !r.stdout.contains("@VALUE_OPTIONS@") && !r.stdout.contains("_AT@"),
            "{shell}: a placeholder was left unfilled"
        );
    }
    let r = run_in(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains(".TH tracker 1"), "{r}");
}

#[test]
fn hook_install_respects_foreign_hooks() {
    let t = Folder::with_bytes(&[]);
    let repo = t.git(true);
    let hook = repo.path().join("hooks/pre-commit");
    let r = t.run(&["hook", "install"]);
    assert_eq!(r.code, 0, "{r}");
    let text = std::fs::read_to_string(&hook).expect("hook");
    assert!(text.contains("exec tracker check"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&hook).expect("meta").permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }
    assert_eq!(t.run(&["hook", "install"]).code, 0, "installing twice is fine");

    std::fs::write(&hook, "#!/bin/sh\necho other tool\n").expect("write");
    let r = t.run(&["hook", "install"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("--force"), "{r}");
    assert_eq!(
        std::fs::read_to_string(&hook).expect("hook"),
        "#!/bin/sh\necho other tool\n"
    );
    let r = t.run(&["hook", "install", "--force"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        std::fs::read_to_string(&hook)
            .expect("hook")
            .contains("tracker check")
    );
    let backup = repo.path().join("hooks/pre-commit.before-tracker");
    assert_eq!(
        std::fs::read_to_string(&backup).expect("backup"),
        "#!/bin/sh\necho other tool\n"
    );

    // A hook that links to a script the team keeps in the repository, and a link planted
    // at the backup's name: neither script is written through.
    #[cfg(unix)]
    {
        let team = t.root().join("team-hook.sh");
        let other = t.root().join("other.sh");
        std::fs::write(&team, "#!/bin/sh\necho team\n").expect("write");
        std::fs::write(&other, "keep me\n").expect("write");
        std::fs::remove_file(&hook).expect("rm");
        std::fs::remove_file(&backup).expect("rm");
        std::os::unix::fs::symlink(&team, &hook).expect("symlink");
        std::os::unix::fs::symlink(&other, &backup).expect("symlink");
        let r = t.run(&["hook", "install", "--force"]);
        assert_eq!(r.code, 0, "{r}");
        assert_eq!(
            std::fs::read_to_string(&team).expect("team"),
            "#!/bin/sh\necho team\n"
        );
        assert_eq!(std::fs::read_to_string(&other).expect("other"), "keep me\n");
        assert!(
            std::fs::read_to_string(&hook)
                .expect("hook")
                .contains("tracker check")
        );
        assert_eq!(
            std::fs::read_to_string(&backup).expect("backup"),
            "#!/bin/sh\necho team\n"
        );
    }
}

#[test]
fn bash_completes_commitment_and_milestone_ids() {
    let t = Folder::with_bytes(&[
        ("prevention/eu-a.yaml", b"id: eu-a\ntitle: A\npillar: prevention\nowner: U\nmilestones: [{id: seat, title: S, due: 2026-01-01}, {id: setup, title: T, due: 2026-01-01}]\n"),
        ("prevention/eu-b.yaml", b"id: eu-b\ntitle: B\npillar: prevention\nowner: U\nmilestones: [{id: m, title: M, due: 2026-01-01}]\n"),
    ]);
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_tracker"))
        .parent()
        .expect("bin dir");
    let script = r#"
source <(tracker completions bash) || exit 3
t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMPREPLY=(); _tracker_ids tracker; echo "${COMPREPLY[*]}"; }
t tracker done eu
t tracker --today 2026-01-01 reopen eu-a se
t tracker due --reason x eu-b ""
t tracker status --pillar ""
"#;
    let out = match std::process::Command::new("bash")
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .current_dir(t.root())
        .args(["-c", script])
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("bash is needed to test the bash completion: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..3],
        ["eu-a eu-b", "seat setup", "m"],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The value of --pillar is not a commitment id: clap's completion takes over.
    assert!(lines.len() == 4 && !lines[3].contains("eu-"), "{stdout}");
}
