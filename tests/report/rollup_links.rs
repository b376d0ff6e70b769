//! A roll-up's website links each source's changes and files on that source's own forge
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
