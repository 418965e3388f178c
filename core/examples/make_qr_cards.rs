//! Writes the synthetic CCCD QR benchmark set: photos of made-up ID cards (fake data only)
//! under varied conditions, and `manifest.tsv` (file name, tab, expected QR payload).
//!
//! Usage: `cargo run --release -p vssid-core --example make_qr_cards -- <out dir>`

use std::io::Write;
use vssid_testkit::cards::{self, CardModel, Rng, Scene};

/// The photo sizes of the set, each with how many photos and a label.
const SIZES: [((u32, u32), usize, &str); 4] = [
    ((4000, 3000), 14, "12mp"),
    ((2000, 1500), 16, "3mp"),
    ((1280, 960), 12, "1mp"),
    ((640, 480), 8, "vga"),
];

fn scene(rng: &mut Rng, index: usize, photo_size: (u32, u32)) -> Scene {
    let model = if index % 3 == 2 {
        CardModel::CanCuoc2024Back
    } else {
        CardModel::Chip2021Front
    };
    let mut scene = Scene::easy(model, photo_size, 1000 + index as u64);
    let small = photo_size.0 <= 640;
    scene.card_fraction = if small {
        rng.range(0.75, 0.95)
    } else {
        rng.range(0.5, 0.9)
    };
    scene.rotation_degrees = match index % 5 {
        0 => rng.range(-3.0, 3.0),
        1 | 2 => rng.range(-20.0, 20.0),
        3 => 90.0 + rng.range(-8.0, 8.0),
        _ => 180.0 + rng.range(-10.0, 10.0),
    };
    scene.tilt = rng.range(0.0, 0.08);
    scene.blur = (rng.below(3) as u32).min(photo_size.0 / 1000);
    scene.noise = rng.range(0.0, 8.0);
    scene.uneven_light = if index % 2 != 1 {
        rng.range(0.3, 0.9)
    } else {
        0.0
    };
    scene.contrast = rng.range(0.7, 1.0);
    scene.exif_orientation_6 = index % 4 == 1;
    scene.jpeg_quality = if index % 7 == 6 && !scene.exif_orientation_6 {
        None
    } else {
        Some(rng.range(70.0, 92.0) as u8)
    };
    scene
}

/// A few deliberately hard photos, expected to defeat some decoders.
fn hard_scenes() -> Vec<(Scene, &'static str)> {
    let mut list = Vec::new();
    let mut heavy_blur = Scene::easy(CardModel::Chip2021Front, (2000, 1500), 9001);
    heavy_blur.blur = 5;
    list.push((heavy_blur, "hard-blur"));
    let mut far = Scene::easy(CardModel::Chip2021Front, (4000, 3000), 9002);
    far.card_fraction = 0.3;
    far.rotation_degrees = 12.0;
    list.push((far, "hard-far"));
    let mut tilted = Scene::easy(CardModel::CanCuoc2024Back, (2000, 1500), 9003);
    tilted.tilt = 0.18;
    tilted.rotation_degrees = -25.0;
    list.push((tilted, "hard-tilt"));
    let mut dim = Scene::easy(CardModel::Chip2021Front, (1280, 960), 9004);
    dim.contrast = 0.35;
    dim.uneven_light = 1.0;
    dim.noise = 10.0;
    list.push((dim, "hard-dim"));
    list
}

fn main() -> std::io::Result<()> {
    let out_dir = std::env::args()
        .nth(1)
        .ok_or_else(|| std::io::Error::other("usage: make_qr_cards <out dir>"))?;
    std::fs::create_dir_all(&out_dir)?;
    let mut manifest = std::fs::File::create(format!("{out_dir}/manifest.tsv"))?;
    let mut rng = Rng::new(20_241_125);
    let mut index = 0;
    let mut scenes = Vec::new();
    for (size, count, label) in SIZES {
        for _ in 0..count {
            scenes.push((scene(&mut rng, index, size), format!("{label}-{index:02}")));
            index += 1;
        }
    }
    for (scene, label) in hard_scenes() {
        scenes.push((scene, label.to_string()));
    }
    for (scene, name) in &scenes {
        let sample = cards::render(scene);
        let file = format!("{name}.{}", sample.extension);
        std::fs::write(format!("{out_dir}/{file}"), &sample.bytes)?;
        writeln!(manifest, "{file}\t{}", sample.payload)?;
    }
    eprintln!("wrote {} photos to {out_dir}", scenes.len());
    Ok(())
}
