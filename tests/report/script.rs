//! The scripted history every snapshot is taken on, with the figures it should give.
//!
//! Seven commitments, six commits (fixed authors, times and zones), report day
//! 2026-11-30, so the default period is 2026-10-01 to 2026-11-30 and its start is read
//! from commit 3 (2026-09-20):
//!
//! | commit | date | author | change |
//! |---|---|---|---|
//! | 1 | 2026-01-15 | Alice Martin | adds alpha, beta, gamma, delta, epsilon, eta |
//! | 2 | 2026-06-10 | Bob Jones | gamma m1 done 05-28; beta m1 due 06-30 → 09-30 |
//! | 3 | 2026-09-20 +02:00 | Carol White | beta m1 done 09-15 |
//! | 4 | 2026-10-05 | Alice Martin | alpha m2 done 10-03; alpha indicator actual 180 |
//! | 5 | 2026-10-20 | Bob Jones | beta m2 due 12-15 → 2027-02-15 (+62 days, with a `Reason:` trailer); epsilon m1 done 09-25 (a late report) |
//! | 6 | 2026-11-10 | Dana Scott | adds zeta with m1 done 11-05, and an event on 11-08 |
//!
//! Then (commit 3, on 2026-10-01): 4 of 11 milestones done (36%); overdue gamma and
//! epsilon, on track alpha and beta, not started delta, done eta.
//! Now (2026-11-30): 7 of 13 (54%, +18 points); overdue gamma, on track alpha, beta,
//! epsilon and zeta, not started delta, done eta.

use crate::support::repo::{Fixture, Made};

/// alpha (prevention): on track; one milestone done before, one in the period; an
/// indicator with a target (100 → 200, latest 180: 80%).
pub const ALPHA: &str = "\
id: alpha
title: Alpha law on grooming
pillar: prevention
owner: Ministry of Justice
milestones:
  - id: m1
    title: Draft published
    due: 2026-03-31
    done: 2026-03-20
  - id: m2
    title: Bill adopted
    due: 2026-10-31
  - id: m3
    title: Law in force
    due: 2027-12-31
indicators:
  - id: cases
    title: Cases prosecuted
    unit: cases
    baseline: {date: 2025-12-31, value: 100}
    target: {date: 2027-12-31, value: 200}
    actuals:
      - {date: 2026-06-30, value: 150}
";

/// beta (detection): its m1 slips before the period, its m2 slips in it.
pub const BETA: &str = "\
id: beta
title: Beta hotline
pillar: detection
owner: Ministry of the Interior
due: 2026-12-31
milestones:
  - id: m1
    title: Tender awarded
    due: 2026-06-30
  - id: m2
    title: Hotline open
    due: 2026-12-15
";

/// gamma (law-enforcement): overdue, and its file is not touched after June.
pub const GAMMA: &str = "\
id: gamma
title: Gamma police training
pillar: law-enforcement
owner: National Police Unit
milestones:
  - id: m1
    title: Curriculum
    due: 2026-05-31
  - id: m2
    title: First cohort trained
    due: 2026-08-31
indicators:
  - id: officers
    title: Officers trained
    baseline: {date: 2025-12-31, value: 10}
    actuals:
      - {date: 2026-06-30, value: 12}
";

/// delta (victim-support): planned, never touched after the first commit.
pub const DELTA: &str = "\
id: delta
title: Delta survivors' fund
pillar: victim-support
owner: Ministry of Social Affairs
status: planned
milestones:
  - id: m1
    title: Fund set up
    due: 2027-06-30
";

/// epsilon (detection): m1 was done before the period but reported in it.
pub const EPSILON: &str = "\
id: epsilon
title: Epsilon removal orders
pillar: detection
owner: Ministry of the Interior
milestones:
  - id: m1
    title: Guidance issued
    due: 2026-07-31
  - id: m2
    title: First orders
    due: 2027-01-31
";

/// eta (prevention): done early in the year.
pub const ETA: &str = "\
id: eta
title: Eta school campaign
pillar: prevention
owner: Ministry of Education
status: done
milestones:
  - id: m1
    title: Campaign run
    due: 2026-02-28
    done: 2026-02-20
";

/// zeta (prevention): added in the period with one milestone already done.
pub const ZETA: &str = "\
id: zeta
title: Zeta helpline for parents
pillar: prevention
owner: Ministry of Justice
milestones:
  - id: m1
    title: Helpline pilot
    due: 2026-11-15
    done: 2026-11-05
  - id: m2
    title: Helpline national
    due: 2027-01-10
events:
  - date: 2026-11-08
    title: Parliament debates the helpline
    note: not a deliverable; it does not count in progress
";

/// The day every report in these tests is for.
pub const TODAY: &str = "2026-11-30";

/// Builds the repository; returns it with its six commits.
pub fn scripted() -> (Fixture, Vec<Made>) {
    let f = Fixture::new();
    let mut made = Vec::new();
    for (path, text) in [
        ("prevention/alpha.yaml", ALPHA),
        ("detection/beta.yaml", BETA),
        ("law-enforcement/gamma.yaml", GAMMA),
        ("victim-support/delta.yaml", DELTA),
        ("detection/epsilon.yaml", EPSILON),
        ("prevention/eta.yaml", ETA),
    ] {
        f.write(&format!("strategy/{path}"), text);
    }
    made.push(f.commit("Add the first commitments", "Alice Martin", "2026-01-15T10:00", 0));

    f.write(
        "strategy/law-enforcement/gamma.yaml",
        &GAMMA.replace(
            "    due: 2026-05-31\n",
            "    due: 2026-05-31\n    done: 2026-05-28\n",
        ),
    );
    let beta = BETA.replace("due: 2026-06-30", "due: 2026-09-30");
    f.write("strategy/detection/beta.yaml", &beta);
    made.push(f.commit(
        "Beta: vendor delay; gamma curriculum done",
        "Bob Jones",
        "2026-06-10T09:30",
        0,
    ));

    let beta = beta.replace(
        "    due: 2026-09-30\n",
        "    due: 2026-09-30\n    done: 2026-09-15\n",
    );
    f.write("strategy/detection/beta.yaml", &beta);
    made.push(f.commit("Beta tender awarded", "Carol White", "2026-09-20T18:00", 120));

    let alpha = ALPHA
        .replace(
            "    due: 2026-10-31\n",
            "    due: 2026-10-31\n    done: 2026-10-03\n",
        )
        .replace(
            "      - {date: 2026-06-30, value: 150}\n",
            "      - {date: 2026-06-30, value: 150}\n      - {date: 2026-09-30, value: 180}\n",
        );
    f.write("strategy/prevention/alpha.yaml", &alpha);
    made.push(f.commit("Alpha bill adopted", "Alice Martin", "2026-10-05T11:00", 0));

    f.write(
        "strategy/detection/beta.yaml",
        &beta.replace("due: 2026-12-15", "due: 2027-02-15"),
    );
    f.write(
        "strategy/detection/epsilon.yaml",
        &EPSILON.replace(
            "    due: 2026-07-31\n",
            "    due: 2026-07-31\n    done: 2026-09-25\n",
        ),
    );
    made.push(f.commit(
        "Beta: procurement re-run; epsilon guidance was issued in September\n\nReason: the procurement is run again after a complaint",
        "Bob Jones",
        "2026-10-20T16:45",
        0,
    ));

    f.write("strategy/prevention/zeta.yaml", ZETA);
    made.push(f.commit("Add zeta", "Dana Scott", "2026-11-10T08:15", 0));
    (f, made)
}
