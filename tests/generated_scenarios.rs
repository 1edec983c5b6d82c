//! Every generated world is a valid scenario: whatever seed and size a player asks `generate` for,
//! the file it writes loads without a single error (notes are fine).

use pagerdrill::scenario::{self, generate};

#[test]
fn generated_worlds_load_without_errors_across_seeds_and_sizes() {
    let mut sizes = std::collections::BTreeSet::new();
    for services in [8, 24, 60, 120] {
        for seed in 0..60 {
            let opts = generate::GenerateOptions {
                seed,
                services,
                teams: None,
                hours: 8,
            };
            let text = generate::to_ron(&generate::generate(&opts)).expect("serialises");
            let loaded = scenario::load_str(&text);
            let errors: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render("generated.ron"))
                .collect();
            assert!(
                errors.is_empty() && loaded.value.is_some(),
                "seed {seed}, {services} services:\n{}",
                errors.join("\n")
            );
            let world = loaded.value.expect("loads");
            assert_eq!(
                world.services.len(),
                services,
                "seed {seed}: the size asked for"
            );
            sizes.insert(world.services.len());
        }
    }
    assert_eq!(sizes.len(), 4, "every size was generated");
}
