//! Makes fake phone photos for `scripts/bench-photo` (12-megapixel smooth and noisy ones, and
//! a 48-megapixel one), and prints the quality
//! measures of exposure, blur and framing variants used to tune the warning thresholds.
//!
//! `cargo run --release -p vssid-core --example make_photo_samples -- bench <dir>`
//! `cargo run --release -p vssid-core --example make_photo_samples -- tune`

#[path = "../tests/integration/photo_support/scenes.rs"]
mod scenes;

use scenes::{
    add_noise, blur, card_scene, expose, jpeg, portrait_scene, stored_for_orientation, Rng,
};
use vssid_core::photo::{process_photo, PhotoKind, PhotoLimits};
use vssid_core::Localized;

const WIDTH: u32 = 4032;
const HEIGHT: u32 = 3024;

fn bench(dir: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let card = card_scene(WIDTH, HEIGHT, 0.6, 1);
    let portrait_upright = portrait_scene(HEIGHT, WIDTH, 2);
    let card_upright_tall = card_scene(HEIGHT, WIDTH, 0.55, 3);
    let samples = [
        ("card-o1.jpg", card.clone(), None),
        (
            "card-o6.jpg",
            stored_for_orientation(&card_upright_tall, 6),
            Some(6),
        ),
        (
            "portrait-o6.jpg",
            stored_for_orientation(&portrait_upright, 6),
            Some(6),
        ),
        ("portrait-o1.jpg", portrait_scene(WIDTH, HEIGHT, 4), Some(1)),
    ];
    // Low-light phone pictures: high-entropy sensor noise over the whole frame, which makes
    // the ≤ 500 KB budget bite.
    let mut noisy_card = card.clone();
    add_noise(&mut noisy_card, &mut Rng::new(5), 14.0);
    let mut noisy_portrait = portrait_upright.clone();
    add_noise(&mut noisy_portrait, &mut Rng::new(6), 14.0);
    // Heavy grain (σ 40, a dim room's shot): even at 1600 px the budget makes the quality
    // drop below 85, so the prediction of the quality runs.
    let mut grainy_card = card.clone();
    add_noise(&mut grainy_card, &mut Rng::new(9), 40.0);
    let samples = samples.into_iter().chain([
        ("noisy-card-o1.jpg", noisy_card, None),
        ("grainy-card-o1.jpg", grainy_card, None),
        (
            "noisy-portrait-o6.jpg",
            stored_for_orientation(&noisy_portrait, 6),
            Some(6),
        ),
    ]);
    for (name, scene, orientation) in samples {
        write_sample(dir, name, &scene, orientation)?;
    }
    drop((card, portrait_upright, card_upright_tall));
    // A 48-megapixel phone photo (8000 × 6000), a little more grain than the smooth ones (at
    // q92 with σ 6 it would pass the 25 MB input limit).
    let mut big = card_scene(8000, 6000, 0.6, 7);
    add_noise(&mut big, &mut Rng::new(8), 2.0);
    write_sample(dir, "48mp-card-o1.jpg", &big, None)
}

fn write_sample(
    dir: &str,
    name: &str,
    scene: &scenes::Scene,
    orientation: Option<u16>,
) -> std::io::Result<()> {
    let bytes = jpeg(scene, 92, orientation);
    let path = format!("{dir}/{name}");
    std::fs::write(&path, &bytes)?;
    println!(
        "{path}: {}×{}, {} bytes",
        scene.width,
        scene.height,
        bytes.len()
    );
    Ok(())
}

fn tune() {
    let limits = PhotoLimits::default();
    println!("kind      variant            mean  dark  bright sharp   fill  warnings");
    let card = card_scene(WIDTH, HEIGHT, 0.6, 11);
    let portrait = portrait_scene(WIDTH, HEIGHT, 12);
    for (kind, label, base) in [
        (PhotoKind::IdFront, "card", &card),
        (PhotoKind::Portrait, "portrait", &portrait),
    ] {
        let mut variants: Vec<(String, scenes::Scene)> = vec![("normal".into(), base.clone())];
        for gain in [0.2f32, 0.3, 0.4, 0.5, 1.3, 1.6, 2.0] {
            variants.push((format!("gain {gain}"), expose(base, gain)));
        }
        for sigma in [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0] {
            variants.push((format!("blur σ{sigma}"), blur(base, sigma)));
        }
        if kind.is_id_card() {
            for fill in [0.1f32, 0.2, 0.3, 0.4, 0.5, 0.8] {
                variants.push((format!("fill {fill}"), card_scene(WIDTH, HEIGHT, fill, 13)));
            }
        }
        for (name, scene) in variants {
            let bytes = jpeg(&scene, 92, None);
            match process_photo(&bytes, kind, &limits, &mut |_| {}) {
                Ok(photo) => {
                    let m = photo.report.measures;
                    let warnings: Vec<&str> =
                        photo.report.warnings.iter().map(|w| w.code()).collect();
                    println!(
                        "{label:<9} {name:<18} {:5.1} {:5.3} {:5.3} {:7.1} {:5} {}",
                        m.mean_luma,
                        m.dark_fraction,
                        m.bright_fraction,
                        m.sharpness,
                        m.card_fill.map_or("-".into(), |f| format!("{f:.2}")),
                        warnings.join(",")
                    );
                }
                Err(e) => println!("{label:<9} {name:<18} error {}", e.code()),
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["bench", dir] => {
            if let Err(e) = bench(dir) {
                eprintln!("{dir}: {e}");
                std::process::exit(1);
            }
        }
        ["tune"] => tune(),
        _ => {
            eprintln!("usage: make_photo_samples bench <dir> | tune");
            std::process::exit(2);
        }
    }
}
