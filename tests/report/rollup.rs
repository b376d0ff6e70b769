//! `tracker status --rollup`: three scripted repositories (the Commission's, Ireland's
//! with pillars of its own, Malta's gone stale), read as one.

use crate::support::TODAY;
use crate::support::repo::Fixture;
use serde_json::Value;
use std::path::Path;

fn commitment(id: &str, pillar: &str, done: bool) -> String {
    let done = if done {
        "    done: 2026-03-01\n    evidence: https://example.org/e\n    confidence: high\n"
    } else {
        ""
    };
    format!(
        "id: {id}\ntitle: Commitment {id}\npillar: {pillar}\nowner: Unit\nmilestones:\n  - id: m1\n    title: First step\n    due: 2026-06-30\n{done}"
    )
}

/// The three sources, and a folder for the roll-up file.
pub(super) struct Sources {
    pub(super) eu: Fixture,
    pub(super) ie: Fixture,
    pub(super) mt: Fixture,
    pub(super) dir: tempfile::TempDir,
}

pub(super) fn sources() -> Sources {
    let eu = Fixture::new();
    eu.write(
        "strategy/victim-support/helpline.yaml",
        &commitment("helpline", "victim-support", true),
    );
    eu.write(
        "strategy/prevention/campaign.yaml",
        &commitment("campaign", "prevention", false),
    );
    eu.commit("EU start", "Alice", "2026-11-20T10:00", 0);

    // Ireland's strategy has a pillar of its own, `victims`, and an id the EU uses too.
    let ie = Fixture::empty();
    ie.write(
        "strategy/strategy.yaml",
        "id: ie\ntitle: Ireland\npillars:\n  - {id: victims, title: Victims}\n  - {id: prevention, title: Prevention}\n",
    );
    ie.write(
        "strategy/victims/helpline.yaml",
        &commitment("helpline", "victims", false),
    );
    ie.commit("IE start", "Brid", "2026-02-01T10:00", 0);
    let first = ie.head().expect("a commit");
    ie.repo
        .tag_lightweight("v1", &ie.repo.find_object(first, None).expect("commit"), false)
        .expect("tag");
    ie.write(
        "strategy/victims/helpline.yaml",
        &commitment("helpline", "victims", true),
    );
    ie.commit("IE helpline done", "Brid", "2026-11-25T10:00", 0);

    // Malta last committed in January: stale on 2026-11-29.
    let mt = Fixture::new();
    mt.write(
        "strategy/prevention/schools.yaml",
        &commitment("schools", "prevention", true),
    );
    mt.commit("MT start", "Carm", "2026-01-10T10:00", 0);
    Sources {
        eu,
        ie,
        mt,
        dir: tempfile::tempdir().expect("tempdir"),
    }
}

impl Sources {
    /// Writes the roll-up file with `extra` under Ireland's entry and `more` sources.
    pub(super) fn rollup(&self, ie_extra: &str, more: &str) -> std::path::PathBuf {
        let text = format!(
            "id: eu-rollup\ntitle: EU and national\npillars:\n  - {{id: prevention, title: Prevention}}\n  - {{id: victim-support, title: Victim support}}\nsources:\n  - name: eu\n    path: {}\n    label: European Commission\n  - name: ie\n    path: {}\n    label: \"Member State: Ireland\"\n{ie_extra}  - name: mt\n    path: {}\n{more}",
            self.eu.root().display(),
            self.ie.root().display(),
            self.mt.root().display(),
        );
        let path = self.dir.path().join("rollup.yaml");
        std::fs::write(&path, text).expect("write");
        path
    }

    pub(super) fn run(&self, args: &[&str]) -> crate::support::Run {
        let mut all = vec!["--today", TODAY];
        all.extend_from_slice(args);
        self.eu.run_raw(self.dir.path(), &all)
    }

    fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["status", "--rollup", "rollup.yaml", "--format", "json"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        let v = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {r}"));
        (r.code, v)
    }
}

fn ids(v: &Value) -> Vec<String> {
    v["status"]["commitments"]
        .as_array()
        .expect("commitments")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn pillars_are_mapped_and_colliding_ids_qualified() {
    let s = sources();
    s.rollup("    pillars: {victims: victim-support}\n", "");
    let (code, v) = s.json(&[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        ids(&v),
        ["eu:campaign", "mt:schools", "eu:helpline", "ie:helpline"]
    );
    let victims = v["status"]["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "victim-support")
        .expect("the pillar")
        .clone();
    assert_eq!(victims["milestones_done"], 2, "{victims}");
    assert_eq!(victims["milestones_total"], 2, "{victims}");
    assert_eq!(
        v["status"]["commitments"][3]["path"],
        "ie/strategy/victims/helpline.yaml"
    );
    assert_eq!(v["status"]["commitments"][3]["pillar"], "victim-support");
    // Per source: Ireland alone is 1 of 1 done.
    assert_eq!(v["sources"][1]["label"], "Member State: Ireland");
    assert_eq!(v["sources"][1]["totals"]["milestones_done"], 1);
    assert_eq!(v["sources"][1]["commit_date"], "2026-11-25");
    assert!(v["complete"].as_bool().unwrap());
    assert_eq!(
        v["status"]["source"], "3 sources, each as recorded on or before 2026-11-29",
        "not a working tree"
    );
    // Filters apply across sources; the table shows the sources first.
    let (_, only) = s.json(&["--pillar", "victim-support"]);
    assert_eq!(ids(&only), ["eu:helpline", "ie:helpline"]);
    let table = s.run(&["status", "--rollup", "rollup.yaml"]);
    assert_eq!(table.code, 0, "{table}");
    let first = table.stdout.find("Roll-up of 3 sources").expect("the sources");
    assert!(
        first < table.stdout.find("ie:helpline").expect("the rows"),
        "{table}"
    );
    assert!(table.stdout.contains("2026-11-25"), "{table}");
    // Where no strategy is found, rollup.yaml is, as strategy/ would be: here and below.
    let found = s.run(&["status", "--format", "json"]);
    assert_eq!(
        found.stdout,
        s.run(&["status", "--rollup", "rollup.yaml", "--format", "json"])
            .stdout
    );
    let below = s.dir.path().join("notes");
    std::fs::create_dir_all(&below).unwrap();
    let r =
        s.eu.run_raw(&below, &["--today", TODAY, "history", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("ie:helpline"), "{r}");
    // Beside a strategy, the strategy wins.
    std::fs::create_dir_all(s.dir.path().join("strategy")).unwrap();
    std::fs::write(
        s.dir.path().join("strategy/strategy.yaml"),
        crate::support::STRATEGY,
    )
    .unwrap();
    let own = s.run(&["status", "--format", "json"]);
    assert_eq!(own.code, 0, "{own}");
    assert!(
        !own.stdout.contains("ie:helpline") && !own.stdout.contains("\"sources\""),
        "{own}"
    );
}

#[test]
fn an_unmapped_pillar_is_left_out_with_a_hint() {
    let s = sources();
    s.rollup("", "");
    let (code, v) = s.json(&[]);
    assert_eq!(code, 1, "{v}");
    assert!(!v["complete"].as_bool().unwrap());
    assert!(!ids(&v).contains(&"ie:helpline".to_owned()), "{v}");
    let skipped = &v["status"]["skipped"][0];
    assert_eq!(skipped["path"], "ie/strategy/victims/helpline.yaml");
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("the pillar `victims` of source `ie` is not a pillar of the roll-up"),
        "{skipped}"
    );
    assert_eq!(v["sources"][1]["left_out"], 1);
}

#[test]
fn a_broken_source_is_reported_and_the_others_still_are() {
    let s = sources();
    let missing = s.dir.path().join("nowhere");
    s.rollup(
        "    pillars: {victims: victim-support}\n",
        &format!("  - name: fr\n    path: {}\n", missing.display()),
    );
    let (code, v) = s.json(&[]);
    assert_eq!(code, 1, "{v}");
    assert!(!v["complete"].as_bool().unwrap());
    assert_eq!(ids(&v).len(), 4, "the other sources are all there: {v}");
    let fr = &v["sources"][3];
    assert!(fr["error"].as_str().unwrap().contains("does not exist"), "{fr}");
    assert_eq!(fr["totals"], Value::Null);
    let table = s.run(&["status", "--rollup", "rollup.yaml"]);
    assert!(
        table
            .stdout
            .starts_with("INCOMPLETE: 1 of 4 sources could not be read"),
        "{table}"
    );
    // Every report over the roll-up leads with it, not only on stderr.
    for cmd in [vec!["diff", "2026-06-01"], vec!["history"], vec!["slips"]] {
        let mut args = cmd.clone();
        args.extend(["--rollup", "rollup.yaml"]);
        let r = s.run(&args);
        assert_eq!(r.code, 1, "{cmd:?}: {r}");
        assert!(
            r.stdout
                .starts_with("INCOMPLETE: 1 source could not be read (fr)"),
            "{cmd:?}: {r}"
        );
        args.extend(["--format", "markdown"]);
        let md = s.run(&args);
        assert!(
            md.stdout.contains("1 source could not be read (fr)"),
            "{cmd:?}: {md}"
        );
    }
    let diff = s.run(&[
        "diff",
        "2026-06-01",
        "--rollup",
        "rollup.yaml",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&diff.stdout).unwrap();
    assert_eq!(v["sources_left_out"], serde_json::json!(["fr"]));
    assert_eq!(v["complete"], false);
    // A folder that is not a repository, and a revision that is not there.
    let plain = tempfile::tempdir().unwrap();
    s.rollup(
        "    rev: v9\n    pillars: {victims: victim-support}\n",
        &format!("  - name: fr\n    path: {}\n", plain.path().display()),
    );
    let (_, v) = s.json(&[]);
    assert!(
        v["sources"][1]["error"]
            .as_str()
            .unwrap()
            .contains("`v9` does not name a commit"),
        "{v}"
    );
    assert!(
        v["sources"][3]["error"]
            .as_str()
            .unwrap()
            .contains("is not in a git repository"),
        "{v}"
    );
}

#[test]
fn a_stale_source_is_flagged_and_a_tag_is_read_as_it_was() {
    let s = sources();
    s.rollup("    rev: v1\n    pillars: {victims: victim-support}\n", "");
    let (_, v) = s.json(&[]);
    let (ie, mt) = (&v["sources"][1], &v["sources"][2]);
    // At the tag, Ireland's helpline was not done yet, and the tag is from February.
    assert_eq!(ie["commit_date"], "2026-02-01");
    assert_eq!(ie["totals"]["milestones_done"], 0);
    assert_eq!(ie["stale"], true);
    assert_eq!(mt["stale"], true);
    assert_eq!(mt["age_days"], 323);
    assert_eq!(v["sources"][0]["stale"], false);
    let table = s.run(&["status", "--rollup", "rollup.yaml", "--stale-days", "400"]);
    assert!(!table.stdout.contains("STALE"), "{table}");
    let table = s.run(&["status", "--rollup", "rollup.yaml"]);
    assert!(
        table
            .stdout
            .contains("STALE: 2 of 3 sources last committed more than 90 days before 2026-11-29"),
        "{table}"
    );
}

#[test]
fn the_roll_up_file_is_checked_and_init_writes_a_valid_one() {
    let s = sources();
    std::fs::write(
        s.dir.path().join("rollup.yaml"),
        "id: r\ntitle: R\npillars:\n  - {id: prevention, title: P}\nsources:\n  - {name: ie, path: x, pillars: {victims: victim}}\n",
    )
    .unwrap();
    let r = s.run(&["status", "--rollup", "rollup.yaml"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.starts_with("rollup.yaml:6:"), "{r}");
    assert!(
        r.stderr
            .contains("error: the roll-up file rollup.yaml is invalid"),
        "{r}"
    );

    let dir = tempfile::tempdir().unwrap();
    let init = s.eu.run_raw(dir.path(), &["rollup", "init"]);
    assert_eq!(init.code, 0, "{init}");
    let again = s.eu.run_raw(dir.path(), &["rollup", "init"]);
    assert_eq!(again.code, 2, "{again}");
    assert!(again.stderr.contains("already exists"), "{again}");
    // What init writes is a valid roll-up: its sources are simply not there yet.
    let r = s.eu.run_raw(
        dir.path(),
        &[
            "--today",
            TODAY,
            "status",
            "--rollup",
            "rollup.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["sources"].as_array().unwrap().len(), 2);
    assert!(
        v["sources"][0]["error"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
    // And it passes its JSON Schema.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/rollup.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("schema");
    let text = std::fs::read_to_string(dir.path().join("rollup.yaml")).unwrap();
    let value: Value =
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap()).unwrap();
    let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let broken: Value = serde_json::json!({"id": "r", "title": "R", "pillars": [], "sources": []});
    assert!(!validator.is_valid(&broken));
}

#[test]
fn history_and_slips_merge_every_source_by_date() {
    let s = sources();
    // A slip in Malta's file, committed later than everything else.
    s.mt.write(
        "strategy/prevention/schools.yaml",
        &commitment("schools", "prevention", true).replace("2026-06-30", "2026-09-30"),
    );
    s.mt.commit("MT moves schools", "Carm", "2026-11-28T10:00", 0);
    s.rollup("    pillars: {victims: victim-support}\n", "");
    let r = s.run(&["history", "--rollup", "rollup.yaml", "--format", "json"]);
    assert_eq!(r.code, 0, "{r}");
    let events: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    let seen: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_owned(),
                e["commitment"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut dates: Vec<&str> = seen.iter().map(|(d, _)| d.as_str()).collect();
    dates.dedup();
    assert_eq!(
        dates,
        [
            "2026-01-10",
            "2026-02-01",
            "2026-11-20",
            "2026-11-25",
            "2026-11-28"
        ],
        "{seen:?}"
    );
    assert!(
        seen.contains(&("2026-11-20".into(), "eu:helpline".into())),
        "{seen:?}"
    );
    assert!(
        seen.contains(&("2026-11-25".into(), "ie:helpline".into())),
        "{seen:?}"
    );
    assert_eq!(
        events.last().unwrap()["path"],
        "mt/strategy/prevention/schools.yaml"
    );
    // One qualified id; the pillar filter through the mapping.
    let r = s.run(&[
        "history",
        "--rollup",
        "rollup.yaml",
        "ie:helpline",
        "--format",
        "json",
    ]);
    let ie: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        ie.len() >= 2 && ie.iter().all(|e| e["commitment"] == "ie:helpline"),
        "{r}"
    );
    let r = s.run(&[
        "history",
        "--rollup",
        "rollup.yaml",
        "--pillar",
        "victim-support",
        "--format",
        "json",
    ]);
    let victims: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        victims
            .iter()
            .all(|e| e["commitment"].as_str().unwrap().ends_with(":helpline")),
        "{r}"
    );
    // The slips of every source, qualified.
    let r = s.run(&["slips", "--rollup", "rollup.yaml", "--format", "json"]);
    let slips: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(slips[0]["commitment"], "mt:schools", "{slips}");
    assert_eq!(slips[0]["days_slipped"], 92);
    // In CSV, for a spreadsheet to sort and filter by, the source is a column of its own.
    for (command, first) in [
        ("slips", "mt,mt:schools,"),
        ("history", "mt,"),
        ("status", "eu,2026-"),
    ] {
        let r = s.run(&[command, "--rollup", "rollup.yaml", "--format", "csv"]);
        let mut lines = r.stdout.lines();
        assert!(
            lines.next().unwrap_or("").starts_with("source,"),
            "{command}: {r}"
        );
        assert!(lines.next().unwrap_or("").starts_with(first), "{command}: {r}");
        assert!(
            r.stdout
                .lines()
                .skip(1)
                .all(|l| ["eu,", "ie,", "mt,"].iter().any(|s| l.starts_with(s))),
            "{r}"
        );
    }
    // With no row, the shape is still a roll-up's.
    let r = s.run(&[
        "slips",
        "--rollup",
        "rollup.yaml",
        "--since",
        "2026-11-29",
        "--format",
        "csv",
    ]);
    assert_eq!(r.stdout.lines().count(), 1, "{r}");
    assert!(r.stdout.starts_with("source,commitment,"), "{r}");
    // At a tag, a source's later commits are left out.
    s.rollup("    rev: v1\n    pillars: {victims: victim-support}\n", "");
    let r = s.run(&[
        "history",
        "--rollup",
        "rollup.yaml",
        "ie:helpline",
        "--format",
        "json",
    ]);
    let at_tag: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        !at_tag.is_empty() && at_tag.iter().all(|e| e["date"] == "2026-02-01"),
        "{r}"
    );
    // A source that cannot be read is told, and the rest is still there (exit 1).
    let missing = s.dir.path().join("nowhere");
    s.rollup(
        "    pillars: {victims: victim-support}\n",
        &format!("  - name: fr\n    path: {}\n", missing.display()),
    );
    let r = s.run(&["history", "--rollup", "rollup.yaml", "--format", "json"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.contains("warning: source `fr` could not be read"), "{r}");
    assert_eq!(
        serde_json::from_str::<Vec<Value>>(&r.stdout).unwrap().len(),
        events.len()
    );
    // Revisions name a commit of one repository: refused before anything is read.
    let r = s.run(&["history", "--rollup", "rollup.yaml", "--since", "HEAD~1"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(!r.stderr.contains("warning"), "{r}");
}

#[test]
fn a_public_roll_up_keeps_each_sources_internal_items_out() {
    let s = sources();
    s.eu.write(
        "strategy/victim-support/op-marker.yaml",
        &format!(
            "{}visibility: internal
",
            commitment("op-marker", "victim-support", false)
        ),
    );
    s.eu.commit("EU internal file", "Alice", "2026-11-21T10:00", 0);
    // Malta makes everything internal by default, and one commitment public.
    s.mt.write(
        "strategy/strategy.yaml",
        &format!(
            "{}visibility: internal
",
            crate::support::STRATEGY
        ),
    );
    s.mt.write(
        "strategy/prevention/open.yaml",
        &format!(
            "{}visibility: public
",
            commitment("open", "prevention", false)
        ),
    );
    s.mt.commit("MT visibility", "Carm", "2026-11-22T10:00", 0);
    s.rollup(
        "    pillars: {victims: victim-support}
",
        "",
    );
    let (_, team) = s.json(&[]);
    assert!(ids(&team).contains(&"eu:op-marker".to_owned()), "{team}");
    assert!(ids(&team).contains(&"mt:schools".to_owned()), "{team}");
    // HTML is public by default, as for one strategy.
    let page = s.run(&["status", "--rollup", "rollup.yaml", "--format", "html"]);
    assert!(
        !page.stdout.contains("op-marker") && !page.stdout.contains("schools"),
        "{page}"
    );
    for format in ["json", "markdown", "table", "csv", "html"] {
        let r = s.run(&[
            "status",
            "--rollup",
            "rollup.yaml",
            "--audience",
            "public",
            "--format",
            format,
        ]);
        assert!(r.code == 0 || r.code == 1, "{format}: {r}");
        assert!(
            !r.stdout.contains("op-marker") && !r.stdout.contains("schools"),
            "{format}: {r}"
        );
    }
    let (_, public) = s.json(&["--audience", "public"]);
    assert!(ids(&public).contains(&"mt:open".to_owned()), "{public}");
    assert_eq!(public["status"]["audience"], "public");
    assert!(
        public["status"]["internal_hidden"].as_u64().unwrap() >= 2,
        "{public}"
    );
    for cmd in ["history", "slips"] {
        let r = s.run(&[
            cmd,
            "--rollup",
            "rollup.yaml",
            "--audience",
            "public",
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 0, "{r}");
        assert!(
            !r.stdout.contains("op-marker") && !r.stdout.contains("schools"),
            "{cmd}: {r}"
        );
    }
    let team = s.run(&["history", "--rollup", "rollup.yaml", "--format", "json"]);
    assert!(team.stdout.contains("op-marker"), "{team}");
    // The website is public by default, each source by its own rules.
    let r = s.run(&["site", "web"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stdout.contains("(public audience)"), "{r}");
    let mut texts = String::new();
    for entry in walk(&s.dir.path().join("web")) {
        texts.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    assert!(
        texts.contains("mt:open") || texts.contains("mt_open"),
        "the public file is there"
    );
    assert!(
        !texts.contains("op-marker") && !texts.contains("schools"),
        "an internal item reached the site"
    );
}

pub(super) fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn fetch_updates_each_source_with_a_remote_and_says_what_moved() {
    let s = sources();
    // Ireland's coordinator copy is a clone of Ireland's repository (made with libgit2,
    // over the local transport); `rollup fetch` runs the system's git in it.
    let clone = s.dir.path().join("ie-clone");
    git2::Repository::clone(s.ie.root().to_str().unwrap(), &clone).expect("clone");
    let text = format!(
        "id: r\ntitle: R\npillars:\n  - {{id: prevention, title: P}}\n  - {{id: victim-support, title: V}}\nsources:\n  - {{name: ie, path: ie-clone, rev: origin/main, pillars: {{victims: victim-support}}}}\n  - {{name: eu, path: {}}}\n",
        s.eu.root().display()
    );
    std::fs::write(s.dir.path().join("rollup.yaml"), text).unwrap();
    let r = s.run(&["rollup", "fetch"]);
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "ie: up to date\neu: no remote, nothing to fetch\n");
    // A GIT_DIR around tracker (a hook, a CI job) does not send git elsewhere.
    let r = s.eu.run_env(
        s.dir.path(),
        &[("GIT_DIR", "/nonexistent"), ("GIT_WORK_TREE", "/nonexistent")],
        &["--today", TODAY, "rollup", "fetch"],
    );
    assert_eq!(r.code, 0, "{r}");
    assert_eq!(r.stdout, "ie: up to date\neu: no remote, nothing to fetch\n");
    // Ireland commits; the clone learns of it only by fetching.
    s.ie.write(
        "strategy/victims/helpline.yaml",
        &commitment("helpline", "victims", false).replace("2026-06-30", "2026-12-31"),
    );
    let made =
        s.ie.commit("IE moves the helpline", "Brid", "2026-11-27T10:00", 0);
    let (_, before) = s.json(&[]);
    assert_eq!(before["sources"][0]["commit_date"], "2026-11-25");
    let r = s.run(&["rollup", "fetch"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout
            .starts_with("ie: 1 reference moved: refs/remotes/origin/main ")
            && r.stdout.contains(&format!("→ {}", made.short())),
        "{r}"
    );
    let (_, after) = s.json(&[]);
    assert_eq!(after["sources"][0]["commit_date"], "2026-11-27");
    assert_eq!(after["sources"][0]["commit"], made.id());
    // A source that cannot be fetched is named, the others are still fetched (exit 2).
    std::fs::remove_dir_all(&clone).unwrap();
    let r = s.run(&["rollup", "fetch"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stdout.starts_with("ie: failed: "), "{r}");
    assert!(r.stdout.contains("eu: no remote"), "{r}");
    assert!(r.stderr.contains("1 of 2 sources could not be fetched"), "{r}");
}

#[test]
fn diff_compares_every_source_at_both_points() {
    let s = sources();
    s.rollup("    pillars: {victims: victim-support}\n", "");
    let r = s.run(&[
        "diff",
        "--rollup",
        "rollup.yaml",
        "2026-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{r}");
    let reversed = s.run(&["diff", "--rollup", "rollup.yaml", "2026-06-01", "2026-05-01"]);
    assert_eq!(reversed.code, 2, "{reversed}");
    assert!(
        reversed
            .stderr
            .contains("FROM 2026-06-01 stands for 2026-06-01, after TO 2026-05-01 (2026-05-01); give the earlier point first"),
        "{reversed}"
    );
    // TO a period that ends after today is covered to date: the same as TO today.
    let year = s.run(&[
        "diff",
        "--rollup",
        "rollup.yaml",
        "2026-06-01",
        "2026",
        "--format",
        "json",
    ]);
    assert_eq!(year.code, 0, "{year}");
    assert_eq!(
        year.stderr,
        format!("note: TO 2026 ends on 2026-12-31, after today ({TODAY}): it is covered to date\n")
    );
    assert_eq!(year.stdout, r.stdout);
    let later = s.run(&["diff", "--rollup", "rollup.yaml", "2026-06-01", "2027"]);
    assert_eq!(later.code, 2, "{later}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    // Since June: the EU's two files were added, and Ireland's helpline was done.
    let changes: Vec<(String, String)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["commitment"].as_str().unwrap().to_owned(),
                c["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        changes.contains(&("eu:helpline".into(), "added".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&("ie:helpline".into(), "milestone-done".into())),
        "{changes:?}"
    );
    assert!(
        !changes.iter().any(|(id, _)| id.starts_with("mt:")),
        "Malta did not change: {changes:?}"
    );
    // Each change names its source, first.
    for c in v["changes"].as_array().unwrap() {
        let source = c["commitment"].as_str().unwrap().split(':').next().unwrap();
        assert_eq!(c["source"], source, "{c}");
    }
    let compact: String = r.stdout.split_whitespace().collect();
    assert!(
        compact.contains(r#"{"source":"eu","commitment":"eu:helpline""#),
        "{r}"
    );
    let r = s.run(&[
        "diff",
        "--rollup",
        "rollup.yaml",
        "2026-06-01",
        "--pillar",
        "prevention",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["commitment"] == "eu:campaign"),
        "{v}"
    );
    // A source at a rev is compared along that revision's line: at the tag (February),
    // Ireland's helpline was not done, so nothing changed there since June.
    s.rollup("    rev: v1\n    pillars: {victims: victim-support}\n", "");
    let r = s.run(&[
        "diff",
        "--rollup",
        "rollup.yaml",
        "2026-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        !v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["commitment"] == "ie:helpline"),
        "{v}"
    );
    let r = s.run(&["diff", "--rollup", "rollup.yaml", "HEAD~1"]);
    assert_eq!(r.code, 2, "{r}");
}

#[test]
fn the_period_report_covers_every_source_and_leads_with_their_state() {
    let s = sources();
    let missing = s.dir.path().join("nowhere");
    s.rollup(
        "    pillars: {victims: victim-support}\n",
        &format!("  - name: fr\n    path: {}\n", missing.display()),
    );
    let r = s.run(&["report", "--rollup", "rollup.yaml", "-p", "2026-Q4"]);
    assert_eq!(r.code, 1, "{r}");
    let md = &r.stdout;
    let banner = md
        .find("> INCOMPLETE: 1 of 4 sources could not be read")
        .expect("the banner");
    let sources = md.find("## Sources").expect("the sources");
    let headline = md.find("## 1. Headline").expect("the report");
    assert!(banner < sources && sources < headline, "{md}");
    assert!(md.contains("STALE: 1 of 4 sources"), "Malta is stale: {md}");
    assert!(r.stderr.contains("warning: source `fr` could not be read"), "{r}");
    let r = s.run(&[
        "report",
        "--rollup",
        "rollup.yaml",
        "-p",
        "2026-Q4",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    // The quarter ends after the report's day: it is covered to date.
    assert_eq!(v["report"]["period"]["until"], TODAY, "{v}");
    assert_eq!(v["report"]["period"]["named_end"], "2026-12-31", "{v}");
    // In the quarter, Ireland recorded its helpline done (the EU's file came in already
    // done, which counts as added to the plan, as in one strategy's report).
    let achieved: Vec<&str> = v["report"]["achieved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["commitment"].as_str().unwrap())
        .collect();
    assert_eq!(achieved, ["ie:helpline"]);
    // Every row of every section names its source, as the start of its qualified id.
    let mut rows = 0;
    for section in crate::support::REPORT_ROW_SECTIONS {
        for row in v["report"][section].as_array().into_iter().flatten() {
            let id = row["commitment"].as_str().or(row["id"].as_str()).unwrap();
            assert_eq!(
                Some(row["source"].as_str().unwrap()),
                id.split(':').next(),
                "{section}: {row}"
            );
            rows += 1;
        }
    }
    assert!(rows >= 2, "{v}");
    assert_eq!(v["complete"], false);
    assert_eq!(v["sources"][3]["name"], "fr");
    let r = s.run(&[
        "report",
        "--rollup",
        "rollup.yaml",
        "-p",
        "2026-Q4",
        "--format",
        "html",
    ]);
    assert_eq!(r.code, 1, "{r}");
    let html = &r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let alert = html
        .find("role=\"alert\">INCOMPLETE: 1 of 4 sources")
        .expect("the banner");
    let sources = html.find("id=\"sources\"").expect("the sources");
    let headline = html.find("id=\"headline\"").expect("the report");
    assert!(alert < sources && sources < headline);
    assert!(html.contains("<strong>stale</strong>"), "Malta is stale");
    let r = s.run(&["status", "--rollup", "rollup.yaml", "--format", "html"]);
    assert!(
        r.stdout.contains("id=\"sources\"") && r.stdout.contains("ie:helpline"),
        "{r}"
    );
}

#[test]
fn public_roll_ups_fail_closed_and_withhold_why_a_source_was_not_read() {
    let s = sources();
    // Malta keeps everything internal by default, then breaks its strategy.yaml: what is
    // internal can no longer be told, so Malta is left out of public outputs.
    s.mt.write(
        "strategy/strategy.yaml",
        &format!("{}visibility: internal\n", crate::support::STRATEGY),
    );
    s.mt.commit("MT internal by default", "Carm", "2026-11-20T10:00", 0);
    s.mt.write("strategy/strategy.yaml", "id: [broken\n");
    s.mt.commit("MT breaks its strategy", "Carm", "2026-11-21T10:00", 0);
    let secret_dir = s.dir.path().join("MARKER-secret-folder");
    s.rollup(
        "    pillars: {victims: victim-support}\n",
        &format!("  - name: fr\n    path: {}\n", secret_dir.display()),
    );
    for args in [
        vec!["status", "--format", "json"],
        vec!["status", "--format", "html"],
        vec!["history", "--format", "json"],
        vec!["report", "-p", "2026", "--format", "json"],
        vec!["diff", "2026-01-31", "--format", "json"],
    ] {
        let mut all = args.clone();
        all.extend(["--rollup", "rollup.yaml", "--audience", "public"]);
        let r = s.run(&all);
        assert!(r.code == 0 || r.code == 1, "{all:?}: {r}");
        for text in [&r.stdout, &r.stderr] {
            assert!(
                !text.contains("schools"),
                "{all:?} shows Malta's internal file: {text}"
            );
            assert!(!text.contains("MARKER"), "{all:?} names a folder: {text}");
        }
    }
    let r = s.run(&["site", "web", "--rollup", "rollup.yaml"]);
    assert!(r.code == 0 || r.code == 1, "{r}");
    for entry in walk(&s.dir.path().join("web")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !text.contains("schools") && !text.contains("MARKER"),
            "{}",
            entry.display()
        );
    }
    // For the team, the reason is there.
    let (_, team) = s.json(&[]);
    assert!(
        team["sources"][3]["error"]
            .as_str()
            .unwrap()
            .contains("MARKER-secret-folder"),
        "{team}"
    );
}

#[test]
fn a_broken_file_counts_in_the_pillar_of_its_folder() {
    let s = sources();
    s.ie.write("strategy/victims/broken.yaml", "id: [broken\n");
    s.ie.commit("IE broken file", "Brid", "2026-11-26T10:00", 0);
    s.rollup("    pillars: {victims: victim-support}\n", "");
    let (code, v) = s.json(&["--pillar", "victim-support"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["status"]["complete"], false, "{v}");
    let pillar = &v["status"]["pillars"][0];
    assert_eq!(pillar["id"], "victim-support");
    assert_eq!(pillar["left_out"], 1, "{pillar}");
}
