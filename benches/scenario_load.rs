//! Parse + validate the 1,000-service generated scenario (target: under 50 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use pagerdrill::scenario::{generate, load_str};

fn load(c: &mut Criterion) {
    let text =
        generate::to_ron(&generate::generate(&generate::GenerateOptions::default())).expect("ron");
    c.bench_function("parse+validate 1000-service scenario", |b| {
        b.iter(|| {
            let loaded = load_str(std::hint::black_box(&text));
            assert!(loaded.value.is_some());
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = load
}
criterion_main!(benches);
