//! Speed of the directory: loading the embedded data, and one search keystroke over every
//! 2025 unit (34 provinces, 3,321 communes) and every office. Goals: load ≤ 20 ms,
//! keystroke median ≤ 1 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use vssid_core::directory::Directory;

fn load(c: &mut Criterion) {
    c.bench_function("directory/load", |b| {
        b.iter(|| Directory::load().expect("embedded data loads"))
    });
}

fn keystroke(c: &mut Criterion) {
    let directory = Directory::global();
    // What a person types, one keystroke at a time; each step searches both lists.
    let typed = ["t", "th", "thu", "thu ", "thu d", "thu du", "thu duc"];
    let mut group = c.benchmark_group("directory/keystroke");
    for query in ["t", "thu d", "thu duc", "ho chi minh", "26737"] {
        group.bench_function(query, |b| {
            b.iter(|| {
                let units = directory.search_units(black_box(query), 20);
                let offices = directory.search_offices(black_box(query), 20);
                (units.len(), offices.len())
            })
        });
    }
    group.bench_function("typing 'thu duc' (7 keystrokes)", |b| {
        b.iter(|| {
            typed
                .iter()
                .map(|q| {
                    directory.search_units(black_box(q), 20).len()
                        + directory.search_offices(black_box(q), 20).len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, load, keystroke);
criterion_main!(benches);
