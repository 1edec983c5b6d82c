//! Engine throughput on the 1,000-service scenario: a whole 24-hour shift with no player (target under
//! 1 s), the same with a busy scripted player, and the cost of one game second mid-shift (target under
//! 167 µs, 1% of a 60 fps frame); and the same empty shift with 10,000 services (target: at most 12×
//! the 1,000-service shift).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use pagerdrill::scenario::{Validated, generate};
use pagerdrill::sim::{Action, AlertRef, World};

fn big() -> Validated {
    Validated::check(generate::generate(&generate::GenerateOptions::default()))
        .expect("a generated world is valid")
}

/// A player who looks at and acknowledges everything every five minutes.
fn busy_shift(s: &Validated) {
    let mut w = World::new(s.clone(), 1, &[]).expect("world");
    let player = s.player.clone();
    let mut t = 0;
    while t < w.end() {
        t += 300;
        w.advance_to(t);
        let view = w.view(&player);
        for a in view
            .alerts
            .iter()
            .filter(|a| a.pages_me && a.page_open)
            .take(20)
        {
            let _ = w.apply(
                &player,
                Action::Acknowledge {
                    alert: AlertRef::Id(a.id),
                },
            );
            let _ = w.apply(
                &player,
                Action::Inspect {
                    service: a.service.clone(),
                },
            );
        }
    }
    w.finish();
}

fn engine(c: &mut Criterion) {
    let s = big();
    let mut g = c.benchmark_group("sim");
    g.sample_size(10);
    g.bench_function("24h shift, 1000 services, no player", |b| {
        b.iter_batched(
            || World::new(s.clone(), 1, &[]).expect("world"),
            |mut w| w.finish(),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("24h shift, 1000 services, busy player", |b| {
        b.iter(|| busy_shift(&s))
    });
    // Ten times the world: the engine should cost about ten times as much, not a hundred.
    let huge = Validated::check(generate::generate(&generate::GenerateOptions {
        services: 10_000,
        ..generate::GenerateOptions::default()
    }))
    .expect("a generated world is valid");
    g.bench_function("24h shift, 10000 services, no player", |b| {
        b.iter_batched(
            || World::new(huge.clone(), 1, &[]).expect("world"),
            |mut w| w.finish(),
            BatchSize::LargeInput,
        )
    });
    g.finish();

    c.bench_function("ten game minutes mid-shift, 1000 services", |b| {
        b.iter_batched(
            || {
                let mut w = World::new(s.clone(), 1, &[]).expect("world");
                w.advance_to(12 * 3600);
                w
            },
            |mut w| {
                // Ten game minutes, so the cost per second includes its share of scrapes.
                w.step(600);
                w
            },
            BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
