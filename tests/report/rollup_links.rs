//! A roll-up names each row's source, and its website links each source's changes and files on that source's own forge
//! (`repo_url` in rollup.yaml), and a bad address is refused where it is written.

use super::rollup::{sources, walk};

#[test]
fn a_roll_up_site_links_each_source_on_its_own_forge() {
    let s = sources();
    s.rollup(
        "    pillars: {victims: victim-support}\n    repo_url: https://git.example.ie/ie/strategy/\n",
        "",
    );
    let r = s.run(&["site", "web", "--rollup", "rollup.yaml"]);
    assert!(r.code == 0 || r.code == 1, "{r}");
    let mut texts = String::new();
    for entry in walk(&s.dir.path().join("web")) {
        if entry.extension().is_some_and(|e| e == "html") {
            texts.push_str(&std::fs::read_to_string(entry).unwrap());
        }
    }
    let ie_head = s.ie.head().expect("a commit").to_string();
    // Changes link to the commit in Ireland's repository, files to the commit read.
    assert!(
        texts.contains(&format!("https://git.example.ie/ie/strategy/commit/{ie_head}")),
        "no link to Ireland's commit"
    );
    assert!(
        texts.contains(&format!(
            "https://git.example.ie/ie/strategy/blob/{ie_head}/strategy/victims/helpline.yaml"
        )),
        "no link to Ireland's file"
    );
    // The Commission's source has no forge: none of its commits or files is linked.
    let eu_head = s.eu.head().expect("a commit").to_string();
    assert!(texts.contains(&eu_head[..8]), "the Commission's commit is shown");
    assert!(
        !texts.contains(&format!("/commit/{eu_head}")),
        "a link without a forge"
    );
    assert!(
        !texts.contains("/blob/HEAD/"),
        "a file linked on no forge, or not at its commit"
    );

    // `--repo-url` is one repository's: a roll-up takes each source's own.
    let r = s.run(&[
        "site",
        "web",
        "--rollup",
        "rollup.yaml",
        "--repo-url",
        "https://x.example",
    ]);
    assert_eq!(r.code, 2, "{r}");
    // Also when the roll-up file is found rather than named.
    let r = s.run(&["site", "web", "--repo-url", "https://x.example"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains("give each source its own `repo_url`"), "{r}");

    s.rollup("    repo_url: \"javascript:alert(1)\"\n", "");
    let r = s.run(&["status", "--rollup", "rollup.yaml"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stderr.starts_with("rollup.yaml:13:15: error"), "{r}");
    assert!(
        r.stderr.contains("does not start with http:// or https://"),
        "{r}"
    );
}

/// Every row of a roll-up names its source in JSON (`source`), as issue 16 asks: the
/// status's commitments, the history's changes and the slips. One strategy's rows have
/// no such field.
#[test]
fn every_row_of_a_roll_up_names_its_source() {
    let s = sources();
    s.mt.write(
        "strategy/prevention/schools.yaml",
        &std::fs::read_to_string(s.mt.root().join("strategy/prevention/schools.yaml"))
            .unwrap()
            .replace("2026-06-30", "2026-09-30"),
    );
    s.mt.commit("MT moves schools", "Carm", "2026-11-28T10:00", 0);
    s.rollup("    pillars: {victims: victim-support}\n", "");
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--rollup", "rollup.yaml", "--format", "json"]);
        let r = s.run(&all);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {r}"))
    };
    let status = json(&["status"]);
    let rows = status["status"]["commitments"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let id = row["id"].as_str().unwrap();
        assert_eq!(
            Some(row["source"].as_str().unwrap()),
            id.split(':').next(),
            "{row}"
        );
    }
    let history = json(&["history"]);
    let events = history.as_array().unwrap();
    assert!(events.iter().any(|e| e["source"] == "ie") && events.iter().any(|e| e["source"] == "mt"));
    for e in events {
        let path = e["path"].as_str().unwrap();
        assert!(
            path.starts_with(&format!("{}/", e["source"].as_str().unwrap())),
            "{e}"
        );
    }
    let slips = json(&["slips"]);
    let slips = slips.as_array().unwrap();
    assert!(!slips.is_empty(), "the moved date is a slip");
    assert!(slips.iter().all(|x| x["source"] == "mt"), "{slips:?}");

    // One strategy: no `source` in its rows (its status says where it was read from).
    let one = s.eu.run(&["status", "--format", "json"]);
    let one: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    let rows = one["commitments"].as_array().unwrap();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.get("source").is_none()),
        "{one}"
    );
    let one = s.eu.run(&["history", "--format", "json"]);
    assert!(!one.stdout.contains("\"source\""), "{one}");
}
