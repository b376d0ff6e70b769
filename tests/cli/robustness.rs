//! Odd files must give a clear finding and exit code 1, never a panic: empty files,
//! comments only, several documents, huge files, bad bytes, symlinks, deep nesting.

use crate::support::{Folder, Run, assert_check, valid};

/// The run found problems (exit 1) without panicking.
fn assert_clean_failure(r: &Run) {
    assert_eq!(r.code, 1, "{r}");
    assert!(!r.stderr.contains("panicked"), "{r}");
}

#[test]
fn empty_file() {
    let f = Folder::new(&[("prevention/empty.yaml", "")]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/empty.yaml:1:1: error[empty-file]: the file is empty",
            "    hint: a commitment needs at least `id`, `title`, `pillar` and `owner`; delete the file if it is not needed",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn file_of_only_comments() {
    let f = Folder::new(&[("prevention/draft.yaml", "# to do\n\n   # later\n")]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/draft.yaml:1:1: error[empty-file]: the file is empty",
            "    hint: a commitment needs at least `id`, `title`, `pillar` and `owner`; delete the file if it is not needed",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn two_documents_in_one_file() {
    // The second document starts at the `---` on line 15.
    let text = format!("{}---\n{}", valid("a", "prevention"), valid("b", "prevention"));
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/a.yaml:15:1: error[multiple-documents]: the file holds several YAML documents; it must hold one commitment",
            "    hint: remove the `---` line, or move the second document to a file of its own",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn file_over_four_mib() {
    let mut text = valid("a", "prevention");
    text.push_str("description: ");
    text.push_str(&"x".repeat(5 * 1024 * 1024));
    text.push('\n');
    let f = Folder::new(&[("prevention/a.yaml", &text)]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/a.yaml:1:1: error[file-too-large]: the file is 5243153 bytes; a strategy file may be at most 4 MiB",
            "    hint: split it, or check that it is the file you meant to put here",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn invalid_utf8() {
    // The bad byte follows `title: caf` on line 2, so it is character 11.
    let f = Folder::new(&[]);
    f.write_bytes(
        "prevention/a.yaml",
        b"id: a\ntitle: caf\xe9\npillar: prevention\n",
    );
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/a.yaml:2:11: error[not-utf8]: the file is not valid UTF-8 text",
            "    hint: save it as UTF-8 in your editor",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn invalid_utf8_after_a_byte_order_mark() {
    // Everywhere else the byte-order mark is not a column; `id: caf` is 7 characters.
    let f = Folder::new(&[]);
    f.write_bytes("prevention/a.yaml", b"\xef\xbb\xbfid: caf\xe9\n");
    let r = f.run(&["check"]);
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:1:8: error[not-utf8]: the file is not valid UTF-8 text",
        "{r}"
    );
}

#[test]
fn byte_order_mark_is_not_a_column() {
    let f = Folder::new(&[]);
    let text = valid("a", "prevention").replace("id: a\n", "\u{feff}id: A\n");
    f.write("prevention/a.yaml", &text);
    let r = f.run(&["check"]);
    assert_clean_failure(&r);
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:1:5: error[bad-id]: `A` is not a valid id",
        "{r}"
    );
}

#[test]
fn crlf_line_endings_and_non_ascii_text_keep_positions() {
    let crlf = valid("a", "prevention")
        .replace("due: 2027-06-30", "due: 2027-13-30")
        .replace('\n', "\r\n");
    let unicode = "\
id: b
title: B
pillar: prevention
owner: Unit
milestones:
  - {id: m1, title: Ünïcödé €€, due: 2027-13-30}
  - {id: m2, title: Two, due: 2027-06-30}
";
    // Columns count characters: `  - {id: m1, title: Ünïcödé €€, due: ` is 37 of them.
    let f = Folder::new(&[("prevention/a.yaml", &crlf), ("prevention/b.yaml", unicode)]);
    let r = f.run(&["check"]);
    assert_clean_failure(&r);
    assert_eq!(
        r.lines(),
        [
            "strategy/prevention/a.yaml:14:10: error[bad-date]: `2027-13-30` is not a real date: there is no month 13",
            "strategy/prevention/b.yaml:6:38: error[bad-date]: `2027-13-30` is not a real date: there is no month 13",
            "checked 3 files: 2 errors in 2 files, 0 warnings",
        ],
        "{r}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_to_a_file_outside_the_folder() {
    let outside = tempfile::tempdir().expect("another temporary folder");
    let target = outside.path().join("elsewhere.yaml");
    std::fs::write(&target, valid("elsewhere", "prevention")).expect("write the target");
    let f = Folder::new(&[("prevention/a.yaml", &valid("a", "prevention"))]);
    std::os::unix::fs::symlink(&target, f.strategy_dir().join("prevention/link.yaml")).expect("symlink");
    let shown = target.canonicalize().expect("canonical target");
    let r = f.run(&["check"]);
    assert_check(
        &r,
        1,
        &[
            &format!(
                "strategy/prevention/link.yaml:1:1: error[symlink]: this symlink leads outside the repository, to {}",
                shown.display()
            ),
            "    hint: copy the file into the strategy folder instead of linking to it",
            "checked 3 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[cfg(unix)]
#[test]
fn broken_symlink() {
    let f = Folder::new(&[("prevention/a.yaml", &valid("a", "prevention"))]);
    std::os::unix::fs::symlink(
        f.root().join("does-not-exist.yaml"),
        f.strategy_dir().join("prevention/dangling.yaml"),
    )
    .expect("symlink");
    let r = f.run(&["check"]);
    assert_clean_failure(&r);
    assert_eq!(
        r.lines()[..2],
        [
            "strategy/prevention/dangling.yaml:1:1: error[symlink]: this symlink leads nowhere",
            "    hint: remove it, or make it point at an existing file",
        ],
        "{r}"
    );
}

#[test]
fn top_level_list_instead_of_a_mapping() {
    let f = Folder::new(&[("prevention/a.yaml", "- id: a\n- id: b\n")]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/a.yaml:1:1: error[wrong-type]: a commitment must be a mapping of `key: value` lines, found a list",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn scalar_instead_of_a_mapping() {
    let f = Folder::new(&[("prevention/a.yaml", "just some words\n")]);
    let r = f.run(&["check"]);
    assert_clean_failure(&r);
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:1:1: error[wrong-type]: a commitment must be a mapping of `key: value` lines, found text",
    );
}

#[test]
fn deeply_nested_flow_sequences() {
    // Refused before parsing, at the 65th `[`.
    let f = Folder::new(&[("prevention/deep.yaml", &"[".repeat(100_000))]);
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/prevention/deep.yaml:1:65: error[yaml-syntax]: brackets are nested more than 64 deep here",
            "    hint: a commitment needs a few levels at most; check for unclosed `[` or `{`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
}

#[test]
fn deeply_nested_flow_mappings_fail_fast() {
    // 100 000 levels is 400 KB, a tenth of the size limit. It takes about 6 minutes in a
    // debug build (2 minutes in release) before failing at the recursion limit.
    let f = Folder::new(&[("prevention/deep.yaml", &"{a: ".repeat(100_000))]);
    let r = crate::support::tracker_within(
        f.root(),
        &["--today", crate::support::TODAY, "check"],
        std::time::Duration::from_secs(10),
    )
    .expect("check should answer within 10 seconds");
    assert_clean_failure(&r);
    assert!(r.stdout.contains("error[yaml-syntax]"), "{r}");
}

#[test]
fn other_files_are_ignored_and_yml_is_read() {
    let f = Folder::new(&[
        ("prevention/a.yaml", &valid("a", "prevention")),
        ("detection/b.yml", &valid("b", "detection")),
        ("README.md", "# Not YAML: [unclosed\n"),
        ("detection/notes.txt", "id: [\n"),
        ("prevention/.hidden.yaml", "not: [valid\n"),
    ]);
    assert_check(&f.run(&["check"]), 0, &["checked 3 files: no problems"]);
    // The .yml file really is read: a problem in it is found.
    f.write(
        "detection/b.yml",
        &valid("b", "detection").replace("pillar: detection", "pillar: nowhere"),
    );
    let r = f.run(&["check"]);
    assert_clean_failure(&r);
    assert_eq!(
        r.lines()[0],
        "strategy/detection/b.yml:3:9: error[unknown-pillar]: unknown pillar `nowhere`",
        "{r}"
    );
}

#[test]
fn yaml_tags_are_refused() {
    let f = Folder::new(&[("prevention/a.yaml", "!commitment\nid: a\n")]);
    let r = f.run(&["check"]);
    assert_clean_failure(&r);
    assert_eq!(
        r.lines()[0],
        "strategy/prevention/a.yaml:1:1: error[wrong-type]: YAML tags (`!name`) are not used in this format",
        "{r}"
    );
}

#[test]
fn an_invalid_strategy_file_is_reported() {
    let f = Folder::new(&[("prevention/a.yaml", &valid("a", "prevention"))]);
    f.write(
        "strategy.yaml",
        "id: test\ntitle: Test\npillars:\n  - id: Prevention\n    title: Prevention\n",
    );
    assert_check(
        &f.run(&["check"]),
        1,
        &[
            "strategy/strategy.yaml:4:9: error[bad-id]: `Prevention` is not a valid id",
            "    hint: use lowercase letters, digits and single dashes, such as `prevention`",
            "checked 2 files: 1 error in 1 file, 0 warnings",
        ],
    );
    // status cannot report without a valid strategy: exit 1, the reason on stderr.
    let r = f.run(&["status"]);
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "strategy/strategy.yaml:4:9: error[bad-id]: `Prevention` is not a valid id\n    \
         hint: use lowercase letters, digits and single dashes, such as `prevention`\n\
         error: the strategy file strategy/strategy.yaml is invalid\n\
         hint: fix the problems listed above; `tracker check` lists them all\n"
    );
}

#[test]
fn a_fifo_or_a_socket_named_like_a_commitment_is_unreadable_not_a_hang() {
    let f = Folder::new(&[("prevention/a.yaml", &valid("a", "prevention"))]);
    let fifo = f.path("prevention/pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo is part of coreutils");
    assert!(made.success(), "mkfifo failed");
    let _socket = std::os::unix::net::UnixListener::bind(f.path("prevention/socket.yaml")).expect("bind");
    for args in [
        &["check"][..],
        &["status"],
        &["done", "a", "m2", "--date", "2026-11-01"],
    ] {
        let r = crate::support::tracker_within(f.root(), args, std::time::Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{args:?} hung on a FIFO"));
        assert!(!r.stderr.contains("panicked"), "{args:?}: {r}");
        for name in ["pipe.yaml", "socket.yaml"] {
            match args[0] {
                "check" => assert!(
                    r.stdout
                        .contains(&format!("strategy/prevention/{name}:1:1: error[unreadable]: ")),
                    "{r}"
                ),
                "status" => assert!(
                    r.stderr.contains(&format!("  strategy/prevention/{name}:1:1: ")),
                    "{r}"
                ),
                // An edit of another file goes ahead: those files are not its business.
                _ => assert_eq!(r.code, 0, "{r}"),
            }
        }
    }
}
