//! Decoding the two kinds of documents: a commitment file and `strategy.yaml`.

use super::{
    At, COMMITMENT_KEYS, Decoder, EVENT_KEYS, Fields, INDICATOR_KEYS, LINK_KEYS, MEASURE_KEYS,
    MILESTONE_KEYS, PILLAR_KEYS, STRATEGY_KEYS, kind, suggest_unless,
};
use crate::finding::Rule;
use crate::model::{Commitment, Event, Indicator, Link, Measure, Milestone, Pillar, Status, Strategy};
use crate::yaml::locate::YPath;
use serde_yaml::Value;
use std::collections::HashSet;

impl Decoder {
    /// Decodes a commitment file's value.
    pub fn commitment(&mut self, v: &Value) -> Option<Commitment> {
        let root = YPath::root();
        let f = self.fields(v, &root, "a commitment", COMMITMENT_KEYS)?;
        let id = self.req_id(&f, "id", "my-commitment");
        let title = self.req_text(&f, "title", "<what will be done>");
        let example = self.around.pillar_example();
        let pillar = self.req_id(&f, "pillar", &example);
        let owner = self.req_text(&f, "owner", "<the accountable unit or person>");
        let status = f.get("status").and_then(|v| self.status(&root.key("status"), v));
        let start = self.opt_date(&f, "start");
        let due = self.opt_date(&f, "due");
        let description = self.opt_text(&f, "description");
        let milestones = self.milestones(&f);
        let events = self.events(&f);
        let indicators = self.indicators(&f);
        let depends_on = self
            .list(&f, "depends_on")
            .into_iter()
            .filter_map(|(p, v)| match v {
                Value::String(s) => Some(s.clone()),
                other => {
                    self.report(
                        &p,
                        At::Value,
                        Rule::WrongType,
                        format!("`depends_on` lists commitment ids, found {}", kind(other)),
                        None,
                    );
                    None
                }
            })
            .collect();
        let tags = self.text_list(&f, "tags");
        let links = self
            .list(&f, "links")
            .into_iter()
            .filter_map(|(p, v)| {
                let lf = self.fields(v, &p, "a link", LINK_KEYS)?;
                let title = self.req_text(&lf, "title", "<what the document is>");
                let url = self.req_text(&lf, "url", "https://...");
                if let Some(u) = &url {
                    self.url(&p.key("url"), "url", u);
                }
                Some(Link {
                    title: title?,
                    url: url?,
                })
            })
            .collect();
        let assessments = self.assessments(&f);
        let visibility = self.visibility(&f, "visibility");
        let internal = self.internal_fields(&f);
        Some(Commitment {
            assessments,
            visibility,
            internal,
            id: id?,
            title: title?,
            pillar: pillar?,
            owner: owner?,
            status,
            start,
            due,
            description,
            milestones,
            events,
            indicators,
            depends_on,
            tags,
            links,
        })
    }

    fn status(&mut self, path: &YPath, v: &Value) -> Option<Status> {
        let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        let s = match v {
            Value::String(s) => s,
            other => {
                self.report(
                    path,
                    At::Value,
                    Rule::WrongType,
                    format!(
                        "`status` must be one of {}, found {}",
                        known.join(", "),
                        kind(other)
                    ),
                    None,
                );
                return None;
            }
        };
        let status = Status::parse(s);
        if status.is_none() {
            let hint = match suggest_unless(self.quiet, s, &known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("use one of: {}", known.join(", ")),
            };
            self.report(
                path,
                At::Value,
                Rule::BadValue,
                format!("unknown status `{}`", crate::render::escape_hidden(s)),
                Some(hint),
            );
        }
        status
    }

    fn milestones(&mut self, f: &Fields) -> Vec<Milestone> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (p, v) in self.list(f, "milestones") {
            let Some(mf) = self.fields(v, &p, "a milestone", MILESTONE_KEYS) else {
                continue;
            };
            let id = self.req_id(&mf, "id", "m1");
            let title = self.req_text(&mf, "title", "<what marks the step>");
            let due = self.req_date(&mf, "due");
            let done = self.opt_date(&mf, "done");
            let evidence = self.evidence(&mf);
            let confidence = self.confidence(&mf);
            let weight = self.weight(&mf);
            let note = self.opt_text(&mf, "note");
            let assessments = self.assessments(&mf);
            let visibility = self.visibility(&mf, "visibility");
            if self.repeated(
                &mut seen,
                id.as_ref(),
                &p,
                Rule::DuplicateMilestone,
                |id| format!("milestone id `{id}` is used twice in this commitment"),
                Some("give each milestone its own id"),
            ) {
                continue;
            }
            if let (Some(id), Some(title), Some(due)) = (id, title, due) {
                out.push(Milestone {
                    id,
                    title,
                    due,
                    done,
                    evidence,
                    confidence,
                    weight,
                    note,
                    assessments,
                    visibility,
                });
            }
        }
        out
    }

    /// A milestone's `weight`: a positive number.
    fn weight(&mut self, f: &Fields) -> Option<f64> {
        let v = f.get("weight")?;
        let path = f.path.key("weight");
        match v {
            Value::Number(n) => match n.as_f64() {
                Some(w) if w > 0.0 && w.is_finite() => Some(w),
                _ => {
                    self.report(
                        &path,
                        At::Value,
                        Rule::BadValue,
                        format!("`weight` must be a positive number, found {n}"),
                        Some("write how much the milestone counts relative to the others, such as `weight: 3`; the default is 1".into()),
                    );
                    None
                }
            },
            other => {
                self.report(
                    &path,
                    At::Value,
                    Rule::WrongType,
                    format!("`weight` must be a number, found {}", kind(other)),
                    Some("write the number alone, such as `weight: 3`".into()),
                );
                None
            }
        }
    }

    fn events(&mut self, f: &Fields) -> Vec<Event> {
        let mut out = Vec::new();
        for (p, v) in self.list(f, "events") {
            let Some(ef) = self.fields(v, &p, "an event", EVENT_KEYS) else {
                continue;
            };
            let date = self.req_date(&ef, "date");
            let title = self.req_text(&ef, "title", "<what happened>");
            let evidence = self.evidence(&ef);
            let confidence = self.confidence(&ef);
            let note = self.opt_text(&ef, "note");
            let visibility = self.visibility(&ef, "visibility");
            if let (Some(date), Some(title)) = (date, title) {
                out.push(Event {
                    date,
                    title,
                    evidence,
                    confidence,
                    note,
                    visibility,
                });
            }
        }
        out
    }

    fn measure(&mut self, path: &YPath, v: &Value, what: &'static str) -> Option<Measure> {
        let mf = self.fields(v, path, what, MEASURE_KEYS)?;
        let date = self.req_date(&mf, "date");
        let value = match mf.get("value") {
            None => {
                self.missing(&mf, "value", "100");
                None
            }
            Some(Value::Number(n)) => n.as_f64(),
            Some(other) => {
                self.report(
                    &path.key("value"),
                    At::Value,
                    Rule::WrongType,
                    format!("`value` must be a number, found {}", kind(other)),
                    Some("write the number alone, without units or thousands separators".into()),
                );
                None
            }
        };
        let bound = self.bound(&mf);
        Some(Measure {
            date: date?,
            value: value?,
            bound,
        })
    }

    fn indicators(&mut self, f: &Fields) -> Vec<Indicator> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (p, v) in self.list(f, "indicators") {
            let Some(inf) = self.fields(v, &p, "an indicator", INDICATOR_KEYS) else {
                continue;
            };
            let id = self.req_id(&inf, "id", "reports-received");
            let title = self.req_text(&inf, "title", "<what is measured>");
            let unit = self.opt_text(&inf, "unit");
            let visibility = self.visibility(&inf, "visibility");
            let baseline = match inf.get("baseline") {
                None => {
                    self.missing(&inf, "baseline", "{date: 2020-12-31, value: 0}");
                    None
                }
                Some(b) => self.measure(&p.key("baseline"), b, "a baseline"),
            };
            let target = inf
                .get("target")
                .and_then(|t| self.measure(&p.key("target"), t, "a target"));
            let actuals: Vec<Measure> = self
                .list(&inf, "actuals")
                .into_iter()
                .filter_map(|(ap, av)| {
                    let m = self.measure(&ap, av, "an actual")?;
                    if let Some(b) = &baseline
                        && m.date < b.date
                    {
                        self.report(
                            &ap.key("date"),
                            At::Value,
                            Rule::ActualBeforeBaseline,
                            format!(
                                "this actual is dated {}, before the baseline of {}",
                                m.date, b.date
                            ),
                            Some("an actual measures progress since the baseline; move it or fix the baseline date".into()),
                        );
                    }
                    Some(m)
                })
                .collect();
            if self.repeated(
                &mut seen,
                id.as_ref(),
                &p,
                Rule::DuplicateIndicator,
                |id| format!("indicator id `{id}` is used twice in this commitment"),
                None,
            ) {
                continue;
            }
            if let (Some(id), Some(title), Some(baseline)) = (id, title, baseline) {
                out.push(Indicator {
                    id,
                    title,
                    unit,
                    baseline,
                    target,
                    actuals,
                    visibility,
                });
            }
        }
        out
    }

    /// Decodes `strategy.yaml`'s value.
    pub fn strategy(&mut self, v: &Value) -> Option<Strategy> {
        let root = YPath::root();
        let f = self.fields(v, &root, "the strategy", STRATEGY_KEYS)?;
        let id = self.req_id(&f, "id", "my-strategy");
        let title = self.req_text(&f, "title", "<the strategy's name>");
        let adopted = self.opt_date(&f, "adopted");
        let description = self.opt_text(&f, "description");
        let mut seen = HashSet::new();
        let mut pillars = Vec::new();
        let items = self.list(&f, "pillars");
        if items.is_empty() {
            self.report(
                &root.key("pillars"),
                At::Key,
                Rule::MissingKey,
                "the strategy has no pillars",
                Some("add `pillars:` with at least one `- {id: my-pillar, title: My pillar}`".into()),
            );
        }
        for (p, v) in items {
            let Some(pf) = self.fields(v, &p, "a pillar", PILLAR_KEYS) else {
                continue;
            };
            let pid = self.req_id(&pf, "id", "my-pillar");
            let ptitle = self.req_text(&pf, "title", "<the pillar's name>");
            if self.repeated(
                &mut seen,
                pid.as_ref(),
                &p,
                Rule::DuplicateId,
                |id| format!("pillar id `{id}` is used twice"),
                None,
            ) {
                continue;
            }
            if let (Some(id), Some(title)) = (pid, ptitle) {
                pillars.push(Pillar { id, title });
            }
        }
        let require_evidence = self.flag(&f, "require_evidence");
        let visibility = self.visibility(&f, "visibility").unwrap_or_default();
        let audience = self.visibility(&f, "audience");
        let scales = self.scales(&f);
        Some(Strategy {
            id: id?,
            title: title?,
            adopted,
            description,
            pillars,
            require_evidence,
            visibility,
            audience,
            scales,
        })
    }
}
