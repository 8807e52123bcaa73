//! The PGO loop on screen: Collect → default.pgo → Build → Verify → Compare → Iterate, each step with
//! its state for what is loaded and the command that does it, one click to copy.

use std::rc::Rc;

use yew::prelude::*;

use crate::page::components::format::format_bytes;
use crate::page::loading::LoadedFile;
use crate::page::tab::Tab;
use crate::protocol::{BinaryResult, CompareView, PgoView, Shared, VerifyResult};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub files: Vec<Rc<LoadedFile>>,
    pub pgo: Option<Shared<PgoView>>,
    pub compare: Option<Result<Shared<CompareView>, String>>,
    pub binary: Option<Rc<BinaryResult>>,
    pub verify: Option<Rc<VerifyResult>>,
    /// A step's name was clicked: show the view where that step happens.
    pub on_tab: Callback<Tab>,
}

/// One step: its name, what the page knows of it (`None` = nothing yet, with a hint), its command.
struct Step {
    name: &'static str,
    state: Result<String, &'static str>,
    command: &'static str,
    /// The view where the step happens on this page.
    tab: Option<Tab>,
}

#[function_component(PgoLoop)]
pub fn pgo_loop(props: &Props) -> Html {
    html! {
        <section class="pgo-loop" aria-label="The PGO loop">
            <ol>
                { for steps(props).into_iter().map(|s| step_view(s, &props.on_tab)) }
            </ol>
        </section>
    }
}

fn steps(props: &Props) -> Vec<Step> {
    vec![
        Step { name: "Collect", state: collected(&props.files), command: COLLECT, tab: None },
        Step {
            name: "default.pgo",
            state: default_pgo(props.pgo.as_deref()),
            command: WRITE_PGO,
            tab: Some(Tab::Pgo),
        },
        Step { name: "Build", state: Err("build with the profile"), command: BUILD, tab: None },
        Step {
            name: "Verify",
            state: verified(props.verify.as_deref(), props.binary.as_deref()),
            command: VERIFY,
            tab: Some(Tab::Pgo),
        },
        Step {
            name: "Compare",
            state: compared(&props.compare),
            command: COMPARE,
            tab: Some(Tab::Compare),
        },
        Step {
            name: "Iterate",
            state: drifted(&props.compare),
            command: ITERATE,
            tab: Some(Tab::Compare),
        },
    ]
}

const COLLECT: &str = "curl -o cpu.pprof 'http://HOST:6060/debug/pprof/profile?seconds=30'";
const WRITE_PGO: &str = "pgoscope pgo -o default.pgo *.pprof";
const BUILD: &str = crate::page::components::verify_panel::BUILD_LOG_COMMAND;
const VERIFY: &str = "pgoscope verify --build-log build.log *.pprof";
const COMPARE: &str = "pgoscope diff --base before.pprof --new after.pprof";
const ITERATE: &str = "pgoscope drift default.pgo after.pprof";

fn collected(files: &[Rc<LoadedFile>]) -> Result<String, &'static str> {
    let valid = files.iter().filter(|f| f.outcome.is_ok()).count();
    match valid {
        0 => Err("drop profiles, or pull from /debug/pprof or Pyroscope"),
        1 => Ok("1 profile loaded".into()),
        n => Ok(format!("{n} profiles loaded")),
    }
}

fn default_pgo(pgo: Option<&PgoView>) -> Result<String, &'static str> {
    let pgo = pgo.ok_or("made from the CPU profiles you load")?;
    if pgo.edge_count == 0 {
        return Err("no CPU call edges in these profiles");
    }
    let size = if pgo.pgo_bytes > 0 {
        format!("{}, ", format_bytes(pgo.pgo_bytes as i64))
    } else {
        String::new()
    };
    Ok(format!("default.pgo ready: {size}{} hot call edges", pgo.hot_edges.len()))
}

/// The build log's check when there is one, else the binary's build settings.
fn verified(
    verify: Option<&VerifyResult>,
    binary: Option<&BinaryResult>,
) -> Result<String, &'static str> {
    match verify {
        Some((name, Ok(report))) => {
            let share = report.hot_weight_inlined_percent;
            return Ok(format!("{name}: {share:.1} % of the hot weight inlined"));
        }
        Some((name, Err(_))) => return Ok(format!("{name}: does not fit these profiles")),
        None => {}
    }
    match binary {
        None => Err("drop the build log (PGO tab) or the binary (Compare)"),
        Some((name, Err(_))) => Ok(format!("{name}: not a Go binary")),
        Some((name, Ok(info))) => {
            Ok(match info.setting("-pgo").filter(|p| !p.is_empty() && *p != "off") {
                Some(path) => format!("{name}: built with -pgo={path}"),
                None => format!("{name}: built without PGO"),
            })
        }
    }
}

fn compared(compare: &Option<Result<Shared<CompareView>, String>>) -> Result<String, &'static str> {
    match compare {
        None => Err("no candidate profiles yet: put a PGO build's profiles in Candidate"),
        Some(Err(_)) => Err("the groups could not be compared (see Compare)"),
        Some(Ok(view)) => Ok(match view.cores {
            Some((before, after)) => {
                let pct = pgoscope_flame::percent_change(before, after);
                format!("CPU {before:.2} → {after:.2} cores ({pct:+.1} %)")
            }
            None => format!("{} functions compared", view.functions),
        }),
    }
}

fn drifted(compare: &Option<Result<Shared<CompareView>, String>>) -> Result<String, &'static str> {
    let Some(Ok(view)) = compare else {
        return Err("compare the PGO build's profile with the last");
    };
    match &view.drift {
        Ok(d) => Ok(format!("{:.0} % of the hot weight stayed hot", d.weight_kept_percent)),
        Err(_) => Err("drift needs CPU profiles on both sides"),
    }
}

fn step_view(step: Step, on_tab: &Callback<Tab>) -> Html {
    let command = step.command;
    let copy = Callback::from(move |_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(command);
        }
    });
    let (class, text) = match &step.state {
        Ok(done) => ("done", done.clone()),
        Err(todo) => ("todo", (*todo).to_owned()),
    };
    html! {
        <li class={classes!("loop-step", class)} data-testid="loop-step">
            if let Some(tab) = step.tab {
                <button class="loop-name link" title={format!("show {}", tab.label())}
                    onclick={on_tab.reform(move |_: MouseEvent| tab)}>{ step.name }</button>
            } else {
                <span class="loop-name">{ step.name }</span>
            }
            <span class="loop-state">{ text }</span>
            <button class="loop-command" title="copy the command" onclick={copy}>
                <code>{ command }</code>
            </button>
        </li>
    }
}
