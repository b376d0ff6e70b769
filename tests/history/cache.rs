//! The history cache under `.git/tracker/`: the second report answers from it, and it is
//! never wrong after new commits, an amend, or damage to the file.

use crate::support::repo::{Fixture, TODAY};
use serde_json::Value;

const FILE: &str = "strategy/detection/hotline.yaml";

fn hotline(owner: &str, due: &str, done: Option<&str>) -> String {
    let done = done.map(|d| format!("    done: {d}\n")).unwrap_or_default();
    format!(
        "id: hotline\ntitle: Hotline network\npillar: detection\nowner: {owner}\nmilestones:\n  - id: h1\n    title: Network set up\n    due: {due}\n{done}"
    )
}

fn uncached(f: &Fixture) -> Vec<Value> {
    let out = f.run_env(
        &f.root(),
        &[("TRACKER_NO_CACHE", "1")],
        &["--today", TODAY, "history", "--format", "json"],
    );
    match out.json() {
        Value::Array(v) => v,
        other => panic!("not a list: {other}"),
    }
}

/// What tells one file from another written over it (its inode, where there is one).
fn file_id(path: &std::path::Path) -> (u64, std::time::SystemTime) {
    let meta = std::fs::metadata(path).unwrap();
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let ino = 0;
    (ino, meta.modified().unwrap())
}

/// The history cache's files (beside them is the index of dates, `line.bin`).
fn cache_files(f: &Fixture) -> Vec<std::path::PathBuf> {
    tracker_files(f, "history-")
}

/// The files under `.git/tracker/` whose names start with `prefix`.
fn tracker_files(f: &Fixture, prefix: &str) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(f.root().join(".git/tracker")) {
        Ok(dir) => dir
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn the_cache_is_written_used_and_extended() {
    let f = Fixture::new();
    f.write(FILE, &hotline("Unit B", "2023-03-31", None));
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(FILE, &hotline("Unit B", "2023-06-30", None));
    f.commit("Move", "Bob", "2022-02-10T09:00", 0);
    assert!(cache_files(&f).is_empty());
    let first = f.history(&[]);
    assert_eq!(cache_files(&f).len(), 1, "one cache file after the first walk");
    let written = file_id(&cache_files(&f)[0]);
    assert_eq!(f.history(&[]), first, "the cached answer is the same");
    // Answered from the cache, not walked and written again (a cache that failed its
    // checksum would be): the same file.
    assert_eq!(
        file_id(&cache_files(&f)[0]),
        written,
        "the cache was read, not rebuilt"
    );
    assert_eq!(uncached(&f), first);

    // One more commit: the cache is extended, not rebuilt wrong.
    f.write(FILE, &hotline("Unit C", "2023-06-30", Some("2022-03-01")));
    f.commit("Done", "Carol", "2022-03-10T09:00", 0);
    let after = f.history(&[]);
    assert_eq!(after.len(), first.len() + 2, "{after:#?}");
    assert_eq!(after, uncached(&f));
    assert_eq!(after[..first.len()], first[..]);
}

/// The list of the working tree's files (`.git/tracker/files-HASH.bin`).
fn files_list(f: &Fixture) -> Option<std::path::PathBuf> {
    tracker_files(f, "files-").into_iter().next()
}

/// The list of the working tree's files under `.git/tracker/` spares reading
/// files unchanged since a run; an edit made just after a run, keeping the file's size,
/// is still seen by the next (the file's times are as close to the run as they can be).
#[test]
fn an_edit_just_after_a_run_is_seen_by_the_next() {
    let f = Fixture::new();
    f.write(FILE, &hotline("Unit B", "2023-03-31", None));
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    let committed = f.history(&[]);
    let list = files_list(&f).expect("the list is written");
    for owner in ["Unit C", "Unit D", "Unit B"] {
        f.write(FILE, &hotline(owner, "2023-03-31", None));
        let now = f.history(&[]);
        assert_eq!(now, uncached(&f), "{owner}");
        if owner == "Unit B" {
            assert_eq!(now, committed, "edited back");
        } else {
            assert_eq!(now.len(), committed.len() + 1, "{now:#?}");
            assert_eq!(now.last().unwrap()["to"], owner);
        }
    }
    // A damaged list is not read as one.
    std::fs::write(&list, b"\x00\x01 not a list").unwrap();
    f.write(FILE, &hotline("Unit E", "2023-03-31", None));
    assert_eq!(f.history(&[]).last().unwrap()["to"], "Unit E");
}

#[test]
fn an_amended_commit_is_not_answered_from_the_cache() {
    let f = Fixture::new();
    f.write(FILE, &hotline("Unit B", "2023-03-31", None));
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    f.write(FILE, &hotline("Unit X", "2023-03-31", None));
    f.commit("Wrong owner", "Bob", "2022-02-10T09:00", 0);
    let before = f.history(&[]);
    assert_eq!(before.last().unwrap()["to"], "Unit X");

    // Amend: move HEAD back to the first commit and commit a different change.
    let head = f.repo.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap();
    f.repo
        .reset(parent.as_object(), git2::ResetType::Mixed, None)
        .unwrap();
    f.write(FILE, &hotline("Unit Y", "2023-03-31", None));
    f.commit("Right owner", "Bob", "2022-02-10T09:05", 0);
    let after = f.history(&[]);
    assert_eq!(after.last().unwrap()["to"], "Unit Y");
    assert!(after.iter().all(|e| e["to"] != "Unit X"), "{after:#?}");
    assert_eq!(after, uncached(&f));
}

#[test]
fn a_damaged_cache_is_ignored() {
    let f = Fixture::new();
    f.write(FILE, &hotline("Unit B", "2023-03-31", None));
    f.commit("Add", "Alice", "2022-01-10T09:00", 0);
    let good = f.history(&[]);
    for file in cache_files(&f) {
        std::fs::write(&file, b"{\"format\": 1, \"tool\": \"garbage").unwrap();
    }
    assert_eq!(f.history(&[]), good);
    for file in cache_files(&f) {
        std::fs::write(&file, b"\x00\xff not json").unwrap();
    }
    assert_eq!(f.history(&[]), good);
    // A cache cut short, or with one byte changed anywhere, is not read as a history:
    // a changed byte in a name or a date can still decode.
    f.history(&[]);
    let files = cache_files(&f);
    assert!(!files.is_empty());
    for file in files {
        let whole = std::fs::read(&file).unwrap();
        let n = whole.len();
        for at in [1, n / 3, n / 2, n - 2, n - 1] {
            std::fs::write(&file, &whole[..at]).unwrap();
            assert_eq!(f.history(&[]), good, "cut at {at} of {n}");
            let mut changed = whole.clone();
            changed[at] ^= 0x01;
            std::fs::write(&file, &changed).unwrap();
            assert_eq!(f.history(&[]), good, "byte {at} of {n} changed");
        }
    }
}

#[test]
fn a_renamed_repository_folder_keeps_its_paths_and_its_cache() {
    // A strategy at the repository's root: its displayed paths are relative to that root,
    // so they do not change when the checkout folder is renamed, and neither does the
    // cache's key.
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("plan-a");
    std::fs::create_dir_all(a.join("detection")).unwrap();
    std::fs::write(a.join("strategy.yaml"), crate::support::repo::STRATEGY).unwrap();
    std::fs::write(
        a.join("detection/hotline.yaml"),
        hotline("Unit B", "2023-03-31", None),
    )
    .unwrap();
    let repo = git2::Repository::init(&a).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(std::path::Path::new("strategy.yaml")).unwrap();
    index
        .add_path(std::path::Path::new("detection/hotline.yaml"))
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = crate::support::repo::sig("Alice", "2022-01-10T09:00", 0);
    repo.commit(Some("HEAD"), &sig, &sig, "Add", &tree, &[]).unwrap();

    let run = |dir: &std::path::Path, env: &[(&str, &str)]| -> Vec<Value> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tracker"))
            .env_clear()
            .envs(env.iter().copied())
            .env("HOME", tmp.path())
            .current_dir(dir)
            .args([
                "--today",
                TODAY,
                "--strategy-dir",
                ".",
                "history",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(run(&a, &[])[0]["path"], "detection/hotline.yaml");
    let b = tmp.path().join("plan-b");
    std::fs::rename(&a, &b).unwrap();
    std::fs::write(
        b.join("detection/hotline.yaml"),
        hotline("Unit C", "2023-03-31", None),
    )
    .unwrap();
    let cached = run(&b, &[]);
    assert_eq!(cached, run(&b, &[("TRACKER_NO_CACHE", "1")]));
    assert_eq!(cached[0]["path"], "detection/hotline.yaml");
    assert_eq!(cached.last().unwrap()["kind"], "owner-changed", "{cached:#?}");
}

/// A generated commitment: path, owner, due day, and milestones (due day, done day), as
/// days from 2022-01-01.
type Generated = (String, String, u32, Vec<(u32, Option<u32>)>);

/// A generated history: 120 commits by three authors over twelve commitments in nested
/// folders, with every kind of edit, files moved, broken and repaired, from a fixed seed.
fn generated() -> Fixture {
    let f = Fixture::new();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let pillars = ["prevention", "detection", "law-enforcement", "victim-support"];
    let mut state: Vec<Generated> = (0..12)
        .map(|i| {
            let path = format!("strategy/{}/g{}/c{i}.yaml", pillars[i % 4], i % 3);
            (
                path,
                format!("Unit {i}"),
                400 + i as u32 * 10,
                vec![(100, None), (200, None)],
            )
        })
        .collect();
    let day = |n: u32| {
        (chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(u64::from(n))).to_string()
    };
    let text = |i: usize, s: &Generated| {
        let mut t = format!(
            "id: c{i}\ntitle: Commitment {i}\npillar: {}\nowner: {}\ndue: {}\nmilestones:\n",
            pillars[i % 4],
            s.1,
            day(s.2)
        );
        for (k, (due, done)) in s.3.iter().enumerate() {
            t.push_str(&format!(
                "  - id: m{k}\n    title: Step {k}\n    due: {}\n",
                day(*due)
            ));
            if let Some(d) = done {
                t.push_str(&format!("    done: {}\n", day(*d)));
            }
        }
        t
    };
    for (i, s) in state.iter().enumerate() {
        f.write(&s.0, &text(i, s));
    }
    f.commit("Add the strategy", "Alice", "2022-01-05T09:00", 60);
    for k in 0..120u32 {
        let i = next(12) as usize;
        let today = 5 + k * 5;
        match next(7) {
            0 => {
                let open: Vec<usize> = (0..state[i].3.len())
                    .filter(|m| state[i].3[*m].1.is_none())
                    .collect();
                if let Some(m) = open.first() {
                    state[i].3[*m].1 = Some(today);
                }
            }
            1 => state[i].3[0].0 += 30,
            2 => state[i].1 = format!("Unit {}", next(40)),
            3 => state[i].3.push((today + 90, None)),
            4 => state[i].2 += 60,
            5 => {
                // Moved to another folder.
                let to = format!("strategy/{}/moved/c{i}.yaml", pillars[i % 4]);
                f.remove(&state[i].0.clone());
                state[i].0 = to;
            }
            _ => {
                // Broken for one commit, then repaired by the next edit.
                f.write(&state[i].0, "id: [broken\n");
                f.commit(&format!("Break c{i}"), "Eve", &format!("{}T10:00", day(today)), 0);
            }
        }
        f.write(&state[i].0, &text(i, &state[i]));
        let who = ["Alice", "Bob", "Carol"][next(3) as usize];
        f.commit(
            &format!("Edit c{i} ({k})"),
            who,
            &format!("{}T12:00", day(today)),
            120,
        );
    }
    f
}

#[test]
fn cold_and_cached_walks_give_byte_identical_output() {
    let f = generated();
    let commands: [&[&str]; 10] = [
        &["history", "--format", "json"],
        &["history", "--format", "csv"],
        // The last versions of commitments, which a cached walk decodes only for these.
        &["history", "--pillar", "detection", "--format", "json"],
        &["history", "c3", "--format", "json"],
        &["--audience", "public", "history", "--format", "json"],
        &["slips", "--format", "json"],
        &["diff", "2022-06-30", "--format", "json"],
        &["status", "--at", "2023-01-31", "--format", "json"],
        &["report", "--since", "2022-10-01", "--format", "markdown"],
        &["history", "--all-parents", "--format", "json"],
    ];
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["--today", "2024-01-31"];
        all.extend_from_slice(args);
        let r = f.run_env(&f.root(), env, &all);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {r}");
        r.stdout
    };
    let cold: Vec<String> = commands
        .iter()
        .map(|c| run(&[("TRACKER_NO_CACHE", "1")], c))
        .collect();
    assert!(cold[0].len() > 10_000, "a long history: {} bytes", cold[0].len());
    // The first cached run fills the cache, the second answers from it.
    for pass in ["filling", "filled"] {
        for (c, want) in commands.iter().zip(&cold) {
            assert_eq!(&run(&[], c), want, "{pass}: {c:?}");
        }
    }
    assert_eq!(cache_files(&f).len(), 1);
    // An uncommitted edit is replayed on the cached state too.
    let file = ["g0", "moved"]
        .iter()
        .map(|dir| format!("strategy/prevention/{dir}/c0.yaml"))
        .find(|p| f.root().join(p).is_file())
        .expect("c0 in one of its folders");
    let edited = std::fs::read_to_string(f.root().join(&file))
        .unwrap()
        .replace("owner: ", "owner: Team of ");
    f.write(&file, &edited);
    let history = ["history", "--format", "json"];
    let cold = run(&[("TRACKER_NO_CACHE", "1")], &history);
    assert!(cold.contains("\"uncommitted\": true"), "{cold}");
    assert_eq!(run(&[], &history), cold);
}

/// `history` writes its rows as it reads each commit's events back (from the cache,
/// from records it wrote on the way, or from an unnamed temporary file without a cache),
/// except in reverse, where it collects them first: both give the same rows, byte for
/// byte, in every format and every state of the cache, and after one more commit.
#[test]
fn history_written_as_it_comes_is_the_collected_history() {
    let f = generated();
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["--today", "2024-01-31", "history"];
        all.extend_from_slice(args);
        let r = f.run_env(&f.root(), env, &all);
        assert_eq!(r.code, 0, "{args:?}: {r}");
        r.stdout
    };
    // The collected rows, reversed, as the streamed output would write them.
    let collected = |env: &[(&str, &str)], format: &str| -> String {
        let reversed = run(env, &["--reverse", "--format", format]);
        match format {
            "json" => {
                // The rows of a pretty array, as text, in the other order.
                let body = reversed
                    .strip_prefix("[\n  {\n")
                    .and_then(|b| b.strip_suffix("\n  }\n]\n"))
                    .expect("a pretty array of objects");
                let mut rows: Vec<&str> = body.split("\n  },\n  {\n").collect();
                rows.reverse();
                format!("[\n  {{\n{}\n  }}\n]\n", rows.join("\n  },\n  {\n"))
            }
            _ => {
                // A header line (two for Markdown), then one row a line.
                let head = if format == "csv" { 1 } else { 2 };
                let lines: Vec<&str> = reversed.lines().collect();
                let mut out: Vec<&str> = lines[..head].to_vec();
                out.extend(lines[head..].iter().rev());
                out.join("\n") + "\n"
            }
        }
    };
    let check = |pass: &str| {
        for format in ["json", "csv", "markdown"] {
            for env in [&[("TRACKER_NO_CACHE", "1")][..], &[]] {
                let streamed = run(env, &["--format", format]);
                assert!(streamed.lines().count() > 100, "{pass} {format}: a long history");
                assert!(streamed == collected(env, format), "{pass}: {format} {env:?}");
            }
        }
    };
    check("cold, then filling the cache");
    check("from the cache");
    // One more commit: the cache's records are copied and the new one added.
    let c0 = [
        "strategy/prevention/g0/c0.yaml",
        "strategy/prevention/moved/c0.yaml",
    ]
    .into_iter()
    .find(|p| f.root().join(p).exists())
    .expect("c0 in its folder or moved");
    f.write(
        c0,
        "id: c0\ntitle: Commitment 0, renamed\npillar: prevention\nowner: Unit 0\ndue: 2023-06-30\nmilestones:\n  - id: m0\n    title: Step 0\n    due: 2022-04-11\n",
    );
    f.commit("One more", "Bob", "2024-01-10T12:00", 0);
    let before = cache_files(&f);
    let cold = run(&[("TRACKER_NO_CACHE", "1")], &["--format", "json"]);
    assert_eq!(run(&[], &["--format", "json"]), cold, "extending the cache");
    assert_eq!(run(&[], &["--format", "json"]), cold, "from the extended cache");
    assert_eq!(cache_files(&f), before, "the same cache file, replaced");
    check("after one more commit");

    // Against the walk held in memory (`--all-parents`, the same events on a line
    // without merges): with a commitment made internal, an uncommitted edit, a public
    // audience, the filters, and in every state of the cache.
    let path_of = |pillar: &str, group: &str, id: &str| {
        [
            format!("strategy/{pillar}/{group}/{id}.yaml"),
            format!("strategy/{pillar}/moved/{id}.yaml"),
        ]
        .into_iter()
        .find(|p| f.root().join(p).exists())
        .expect("in its folder or moved")
    };
    let c1 = path_of("detection", "g1", "c1");
    let text = std::fs::read_to_string(f.root().join(&c1)).unwrap();
    f.write(&c1, &text.replace("owner:", "visibility: internal\nowner:"));
    f.commit("c1 is internal now", "Carol", "2024-01-20T12:00", 0);
    f.edit(
        &path_of("prevention", "g0", "c0"),
        "id: c0\ntitle: Commitment 0, renamed again\npillar: prevention\nowner: Unit 9\ndue: 2023-06-30\nmilestones:\n  - id: m0\n    title: Step 0\n    due: 2022-04-11\n",
    );
    let flags: [&[&str]; 6] = [
        &[],
        &["--audience", "public"],
        &["--audience", "public", "c1"],
        &["--pillar", "detection"],
        &["--author", "bob", "--since", "2023-01-01"],
        &["c0"],
    ];
    for env in [&[("TRACKER_NO_CACHE", "1")][..], &[], &[]] {
        for flag in flags {
            let with = |extra: &[&str]| {
                let mut all = vec!["--today", "2024-01-31", "history", "--format", "json"];
                all.extend_from_slice(extra);
                all.extend_from_slice(flag);
                f.run_env(&f.root(), env, &all)
            };
            let (streamed, held) = (with(&[]), with(&["--all-parents"]));
            // c1 is internal: for the public, there is no such commitment.
            let refused = flag == ["--audience", "public", "c1"];
            assert_eq!(
                streamed.code,
                if refused { 2 } else { 0 },
                "{flag:?} {env:?}: {streamed}"
            );
            assert_eq!(held.code, streamed.code, "{flag:?} {env:?}: {held}");
            assert!(streamed.stdout == held.stdout, "{flag:?} {env:?}");
            assert_eq!(streamed.stderr, held.stderr, "{flag:?} {env:?}");
        }
    }
    let public = run(&[], &["--format", "json", "--audience", "public"]);
    let all = run(&[], &["--format", "json"]);
    assert!(
        all.contains("\"c1\"") && !public.contains("\"c1\""),
        "c1 is left out of public output"
    );
    assert!(all.contains("renamed again"), "the uncommitted edit");
}

/// Where neither the cache nor a temporary file can be written, `history` keeps the
/// events in memory, and shows the same.
#[test]
fn history_without_anywhere_to_write_keeps_its_events_in_memory() {
    let f = generated();
    let args = ["--today", "2024-01-31", "history", "--format", "json"];
    let cold = f.run_env(&f.root(), &[("TRACKER_NO_CACHE", "1")], &args);
    assert_eq!(cold.code, 0, "{cold}");
    // A file where the cache's folder would be, and a temporary folder that is not there.
    std::fs::write(f.root().join(".git/tracker"), "not a folder").unwrap();
    let nowhere = f.root().join("no-such-folder");
    let nowhere = nowhere.to_str().unwrap();
    for env in [
        &[("TMPDIR", nowhere)][..],
        &[("TMPDIR", nowhere), ("TRACKER_NO_CACHE", "1")],
    ] {
        let r = f.run_env(&f.root(), env, &args);
        assert_eq!(r.code, 0, "{env:?}: {r}");
        assert_eq!(r.stdout, cold.stdout, "{env:?}");
    }
}

/// Skips a postcard varint.
fn varint(bytes: &[u8], at: &mut usize) -> usize {
    let mut value = 0usize;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        value |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return value;
        }
        shift += 7;
    }
}

/// Fills the cache, then changes its bytes after the header with `edit` (given them and
/// where they start) and writes its checksum again, as another build of the same
/// version could have written it. Returns the file and the bytes written.
fn damage_cache(f: &Fixture, edit: impl Fn(&mut Vec<u8>, usize)) -> (std::path::PathBuf, Vec<u8>) {
    f.history(&[]);
    let [file] = &cache_files(f)[..] else {
        panic!("one cache file")
    };
    let mut bytes = std::fs::read(file).unwrap();
    // The header: format, tool, folder, name, layout.
    let mut at = 0;
    varint(&bytes, &mut at);
    for _ in 0..3 {
        at += varint(&bytes, &mut at);
    }
    varint(&bytes, &mut at);
    let body = at;
    edit(&mut bytes, body);
    let end = bytes.len() - 8;
    let sum = tracker::git::line::checksum(&bytes[body..end]);
    bytes[end..].copy_from_slice(&sum.to_le_bytes());
    std::fs::write(file, &bytes).unwrap();
    (file.clone(), bytes)
}

/// A cache whose checksum is right but whose first record does not decode (written by
/// another build of the same version, say) is deleted, not trusted: a report that holds
/// the walk in memory walks again from the start, and `history`, which writes rows as
/// it reads them, stops with an error once and is right on the next run.
#[test]
fn a_cache_whose_records_do_not_decode_is_deleted() {
    let f = generated();
    let args = |cmd: &'static str| vec!["--today", "2024-01-31", cmd, "--format", "json"];
    let cold = |cmd| {
        f.run_env(&f.root(), &[("TRACKER_NO_CACHE", "1")], &args(cmd))
            .stdout
    };
    let (history, slips) = (cold("history"), cold("slips"));
    let damage = || {
        damage_cache(&f, |bytes, at| {
            let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
            assert!(len > 20, "a first record of {len} bytes");
            bytes[at + 4..at + 4 + len].fill(0xff);
        })
    };
    let (file, damaged) = damage();
    let r = f.run_raw(&f.root(), &args("slips"));
    assert_eq!((r.code, &r.stdout), (0, &slips), "{r}");
    let rewritten = std::fs::read(&file).expect("a cache again, of the walk from the start");
    assert_ne!(rewritten, damaged, "the damaged cache is replaced");
    damage();
    let r = f.run_raw(&f.root(), &args("history"));
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr.contains("history cache") && r.stderr.contains("run the command again"),
        "{r}"
    );
    assert!(cache_files(&f).is_empty(), "the cache is deleted");
    let r = f.run_raw(&f.root(), &args("history"));
    assert_eq!((r.code, &r.stdout), (0, &history), "{r}");
}

/// The same for a cache whose replay state (decoded only when a filter, an id, a public
/// lens or an uncommitted edit needs it) does not decode: a history that needs it reads
/// the history again from the start, with the same rows, and writes a new cache; one
/// that does not need it answers from the records alone.
#[test]
fn a_cache_whose_state_does_not_decode_is_deleted_and_the_walk_starts_over() {
    let f = generated();
    let args = |extra: &[&'static str]| {
        let mut a = vec!["--today", "2024-01-31", "history", "--format", "json"];
        a.extend_from_slice(extra);
        a
    };
    let cold = |extra: &[&'static str]| {
        f.run_env(&f.root(), &[("TRACKER_NO_CACHE", "1")], &args(extra))
            .stdout
    };
    let (all, detection) = (cold(&[]), cold(&["--pillar", "detection"]));
    // The state ends the body, before the checksum: its last byte made the start of a
    // number that never ends.
    let (file, damaged) = damage_cache(&f, |bytes, _| {
        let end = bytes.len() - 8;
        bytes[end - 1] = 0xff;
    });
    let r = f.run_raw(&f.root(), &args(&[]));
    assert_eq!((r.code, &r.stdout), (0, &all), "{r}");
    assert_eq!(std::fs::read(&file).unwrap(), damaged, "not needed, not read");
    let r = f.run_raw(&f.root(), &args(&["--pillar", "detection"]));
    assert_eq!((r.code, &r.stdout), (0, &detection), "{r}");
    let rewritten = std::fs::read(&file).expect("a cache again, of the walk from the start");
    assert_ne!(rewritten, damaged, "the damaged cache is replaced");
    let r = f.run_raw(&f.root(), &args(&["--pillar", "detection"]));
    assert_eq!((r.code, &r.stdout), (0, &detection), "{r}");
}
