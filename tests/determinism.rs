//! Same scenario + seed + script ⇒ byte-identical outcome; another seed changes the noise, not the facts.

use pagerdrill::scenario::{Validated, generate, pack};
use pagerdrill::sim::script::{Script, load_script, play};
use pagerdrill::sim::{EventKind, World};

const TUTORIAL_SCRIPT: &str = r#"Script(actions: [
    (at: 9, do: Acknowledge(alert: Rule("storefront-latency"))),
    (at: 9.5, do: Inspect(service: "storefront")),
    (at: 10, do: Inspect(service: "recommendations")),
    (at: 11, do: PageRotation(team: "discovery", service: "recommendations")),
    (at: 14, do: Declare(severity: Sev3, title: "Storefront slow")),
    (at: 15, do: PostStatus(text: "Storefront slow; rollback of recommendations under way.")),
    (at: 60, do: Answer(question: "why-slow", option: "no-gate")),
])"#;

fn script() -> Script {
    load_script(TUTORIAL_SCRIPT).value.expect("script loads")
}

fn outcome(seed: u64) -> String {
    let mut w = World::new(pack::find("first-page").expect("tutorial"), seed, &[]).expect("world");
    play(&mut w, &script());
    serde_json::to_string(&(w.log_events(), w.final_state(), w.view("you"))).expect("json")
}

#[test]
fn the_same_inputs_give_byte_identical_outcomes() {
    assert_eq!(outcome(42), outcome(42));
}

#[test]
fn another_seed_changes_noise_but_not_the_scenarios_facts() {
    let facts = |seed: u64| {
        let mut w =
            World::new(pack::find("first-page").expect("tutorial"), seed, &[]).expect("world");
        play(&mut w, &script());
        let starts: Vec<(u32, String)> = w
            .log_events()
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::FaultStarted { fault, .. } => Some((e.at, fault.clone())),
                _ => None,
            })
            .collect();
        (starts, w.view("you").services[0].current)
    };
    let (faults_a, readings_a) = facts(1);
    let (faults_b, readings_b) = facts(2);
    assert_eq!(faults_a, faults_b);
    assert!(!faults_a.is_empty());
    assert_ne!(readings_a, readings_b, "noise should differ between seeds");
}

#[test]
fn a_large_generated_world_is_deterministic_too() {
    let opts = generate::GenerateOptions {
        seed: 11,
        services: 200,
        teams: None,
        hours: 6,
    };
    let run = || {
        let s = Validated::check(generate::generate(&opts)).expect("a generated world is valid");
        let mut w = World::new(s, 3, &[]).expect("world");
        w.finish();
        serde_json::to_string(&(w.log_events(), w.final_state())).expect("json")
    };
    assert_eq!(run(), run());
}
