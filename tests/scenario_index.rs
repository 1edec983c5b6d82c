//! The scenario index in docs/scenarios.md stays in step with the pack: every built-in scenario is
//! listed, and every scenario the index says is modelled on a public postmortem cites that
//! postmortem's address in its own file.

use pagerdrill::scenario::pack;

fn index() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenarios.md"),
    )
    .expect("docs/scenarios.md")
}

#[test]
fn the_index_lists_every_built_in_scenario() {
    let doc = index();
    for (file, src) in pack::BUILTIN {
        let id = file.trim_end_matches(".ron");
        assert!(
            doc.contains(&format!("`{id}`")),
            "{id} is not in docs/scenarios.md"
        );
        assert!(
            src.starts_with("//"),
            "{id} opens without a comment telling its story"
        );
    }
}

#[test]
fn every_scenario_modelled_on_a_public_postmortem_cites_it() {
    let doc = index();
    let section = doc
        .split("## Modelled on public postmortems")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the public postmortems section");
    let rows: Vec<(&str, &str)> = section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let id = l.split('`').nth(1)?;
            let url = l.split('<').nth(1)?.split('>').next()?;
            Some((id, url))
        })
        .collect();
    assert!(rows.len() >= 4, "{rows:?}");
    for (id, url) in rows {
        let (_, src) = pack::BUILTIN
            .iter()
            .find(|(f, _)| f.trim_end_matches(".ron") == id)
            .unwrap_or_else(|| panic!("{id} is not built in"));
        assert!(src.contains(url), "{id} does not cite {url}");
    }
}
