//! The one integration-test binary: every test file is a module below this one, so the
//! suite links once. `every_test_file_is_included` fails when a file is left out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod check;
mod cli;
mod docs;
mod edit;
mod history;
mod report;
mod shipped;

/// Every `.rs` file under `tests/` is declared as a module by its folder's `mod.rs` (or
/// by this file), so no test is silently left out of the suite; and this file is the
/// only test binary.
#[test]
fn every_test_file_is_included() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut missing = Vec::new();
    let mut stray = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && name.ends_with(".rs") && name != "tests.rs" {
            stray.push(name);
        } else if path.is_dir() && path.join("mod.rs").is_file() {
            let top = std::fs::read_to_string(root.join("tests.rs")).unwrap();
            if !top.contains(&format!("\nmod {name};")) {
                missing.push(format!("tests/{name}/ (in tests.rs)"));
            }
            let declared = std::fs::read_to_string(path.join("mod.rs")).unwrap();
            for file in std::fs::read_dir(&path).unwrap() {
                let file = file.unwrap().path();
                let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
                if file.extension().is_some_and(|e| e == "rs")
                    && stem != "mod"
                    && !declared.contains(&format!("mod {stem};"))
                {
                    missing.push(format!("tests/{name}/{stem}.rs"));
                }
            }
        }
    }
    assert!(
        stray.is_empty(),
        "files that cargo would build as separate test binaries: {stray:?}"
    );
    assert!(
        missing.is_empty(),
        "test files not declared as modules: {missing:?}"
    );
}
