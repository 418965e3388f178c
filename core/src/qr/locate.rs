//! Locating QR codes whose modules are only 2–3 pixels wide on a reduced, binarised view,
//! where the decoder's own finder search (flood fills of each dark region) misses them: a
//! run-length scan of every row for the finder pattern's 1:1:3:1:1 dark–light–dark–light–dark
//! runs, confirmed along the column through its centre, then three finder patterns of about
//! the same size forming a right angle. Only where the code is is then read at full detail.

/// The four corners of a QR grid (top-left, top-right, bottom-right, bottom-left), in pixels:
/// of a code this locator found, or of a grid the decoder found but could not read.
pub type Corners = [(f32, f32); 4];

/// The centre of a finder pattern, its module size in pixels, and how many rows saw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finder {
    pub x: f32,
    pub y: f32,
    pub module: f32,
    pub hits: u32,
}

/// The module size of five runs (dark, light, dark, light, dark) in the ratio 1:1:3:1:1,
/// with the slack a 2-pixel module blurred and thresholded needs (a 1-module run may be 1
/// to 2 modules' worth, the centre 2 to 4.5).
fn finder_module(runs: [usize; 5]) -> Option<f32> {
    let total: usize = runs.iter().sum();
    if total < 7 {
        return None;
    }
    let module = total as f32 / 7.0;
    let unit_ok = |n: usize| {
        let n = n as f32;
        n >= (module * 0.4).max(1.0) && n <= module * 1.8
    };
    let centre = runs[2] as f32;
    (unit_ok(runs[0])
        && unit_ok(runs[1])
        && unit_ok(runs[3])
        && unit_ok(runs[4])
        && centre >= module * 2.0
        && centre <= module * 4.5)
        .then_some(module)
}

/// The five runs through `(x, y)` along one direction: `at(i)` is the pixel `i` steps from
/// `(x, y)` (negative before it), `None` outside the image. `(x, y)` must be dark (the
/// centre). Returns the runs and the offset of the centre run's middle, or `None` if a run
/// is missing or longer than `limit`.
fn runs_through(at: impl Fn(isize) -> Option<bool>, limit: usize) -> Option<([usize; 5], f32)> {
    // Walks from the centre outwards, counting the centre, light and outer dark runs.
    let walk = |step: isize| -> Option<(usize, usize, usize)> {
        let mut i = step;
        let mut counts = [0usize; 3];
        for (phase, count) in counts.iter_mut().enumerate() {
            let dark = phase != 1;
            while at(i) == Some(dark) {
                *count += 1;
                if *count > limit {
                    return None;
                }
                i += step;
            }
            if *count == 0 && phase > 0 {
                return None;
            }
            if at(i).is_none() && phase < 2 {
                return None;
            }
        }
        Some((counts[0], counts[1], counts[2]))
    };
    let (back_centre, back_light, back_dark) = walk(-1)?;
    let (on_centre, on_light, on_dark) = walk(1)?;
    let centre = back_centre + on_centre + 1;
    let middle = (on_centre as f32 - back_centre as f32) / 2.0;
    Some(([back_dark, back_light, centre, on_light, on_dark], middle))
}

/// Finder pattern centres in a `width × height` bitmap (`true` = dark), merged over the rows
/// that saw each, most seen first.
pub fn finder_candidates(black: &[bool], width: usize, height: usize) -> Vec<Finder> {
    let mut found: Vec<Finder> = Vec::new();
    if width < 7 || height < 7 || black.len() < width * height {
        return found;
    }
    let pixel = |x: isize, y: isize| -> Option<bool> {
        (x >= 0 && y >= 0 && (x as usize) < width && (y as usize) < height)
            .then(|| black[y as usize * width + x as usize])
    };
    for y in 0..height {
        let row = &black[y * width..(y + 1) * width];
        // The last five runs: lengths, and where the fifth-last began.
        let mut runs = [0usize; 5];
        let mut colour = row[0];
        let mut length = 0usize;
        let mut end_of = |x: usize, runs: &mut [usize; 5], dark: bool| {
            if !dark {
                return;
            }
            let Some(module) = finder_module(*runs) else {
                return;
            };
            // The horizontal centre: the middle of the third run.
            let centre_end = x - runs[4] - runs[3];
            let cx = centre_end as f32 - runs[2] as f32 / 2.0;
            let total: usize = runs.iter().sum();
            let limit = total;
            let column = cx as isize;
            let vertical = runs_through(|i| pixel(column, y as isize + i), limit);
            let Some((vruns, vmiddle)) = vertical else {
                return;
            };
            let Some(vmodule) = finder_module(vruns) else {
                return;
            };
            if vmodule > module * 2.0 || module > vmodule * 2.0 {
                return;
            }
            let cy = y as f32 + vmiddle + 0.5;
            // Horizontally again through the vertical centre.
            let (hx, hy) = (column, cy as isize);
            if pixel(hx, hy) != Some(true) {
                return;
            }
            let Some((hruns, hmiddle)) = runs_through(|i| pixel(hx + i, hy), limit) else {
                return;
            };
            let Some(hmodule) = finder_module(hruns) else {
                return;
            };
            let candidate = Finder {
                x: hx as f32 + hmiddle + 0.5,
                y: cy,
                module: (hmodule + vmodule) / 2.0,
                hits: 1,
            };
            merge(&mut found, candidate);
        };
        for x in 0..=width {
            let here = row.get(x).copied();
            if here == Some(colour) {
                length += 1;
                continue;
            }
            runs.rotate_left(1);
            runs[4] = length;
            if runs[0] > 0 {
                end_of(x, &mut runs, colour);
            }
            if let Some(next) = here {
                colour = next;
                length = 1;
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.hits));
    found
}

/// Adds `candidate` to the finder it falls on (within two modules), averaging, or as new.
fn merge(found: &mut Vec<Finder>, candidate: Finder) {
    for finder in found.iter_mut() {
        let reach = 2.0 * finder.module.max(candidate.module);
        if (finder.x - candidate.x).abs() <= reach && (finder.y - candidate.y).abs() <= reach {
            let n = finder.hits as f32;
            finder.x = (finder.x * n + candidate.x) / (n + 1.0);
            finder.y = (finder.y * n + candidate.y) / (n + 1.0);
            finder.module = (finder.module * n + candidate.module) / (n + 1.0);
            finder.hits += 1;
            return;
        }
    }
    found.push(candidate);
}

/// At most this many finder candidates (the most seen) are combined into codes.
const MAX_CANDIDATES: usize = 24;

/// At most this many codes are returned (the best-shaped first).
const MAX_CODES: usize = 4;

/// Codes made of three finder patterns: about the same module size, two equally long sides
/// at about a right angle, 10 to 180 modules apart (versions 1 to 40 span 14 to 170). Each
/// is given by the four corners of the code (grown from the finder centres by four modules),
/// best-shaped first, none sharing a finder with a better one.
pub fn locate_codes(black: &[bool], width: usize, height: usize) -> Vec<Corners> {
    let finders: Vec<Finder> = finder_candidates(black, width, height)
        .into_iter()
        .filter(|f| f.hits >= 2)
        .take(MAX_CANDIDATES)
        .collect();
    let mut codes: Vec<(f32, [usize; 3])> = Vec::new();
    let n = finders.len();
    for a in 0..n {
        for b in 0..n {
            for c in b + 1..n {
                if a == b || a == c {
                    continue;
                }
                if let Some(badness) = right_angle(&finders[a], &finders[b], &finders[c]) {
                    codes.push((badness, [a, b, c]));
                }
            }
        }
    }
    codes.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut used: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (_, triple) in codes {
        if triple.iter().any(|i| used.contains(i)) {
            continue;
        }
        used.extend(triple);
        out.push(code_corners(
            &finders[triple[0]],
            &finders[triple[1]],
            &finders[triple[2]],
        ));
        if out.len() == MAX_CODES {
            break;
        }
    }
    out
}

/// How much longer than the other one side of a code may look (perspective, a tilted card)
/// for the shape still to be taken as a code's.
pub(crate) const MAX_SIDE_RATIO: f32 = 1.5;

/// How far `a`, `b`, `c` are from a code's three finders with the corner at `a` (0 = a
/// perfect square corner), or `None` if they cannot be one.
fn right_angle(a: &Finder, b: &Finder, c: &Finder) -> Option<f32> {
    let modules = [a.module, b.module, c.module];
    let (small, large) = (
        modules.iter().copied().fold(f32::MAX, f32::min),
        modules.iter().copied().fold(f32::MIN, f32::max),
    );
    if large > small * 1.8 {
        return None;
    }
    let module = (a.module + b.module + c.module) / 3.0;
    let (ab, ac) = ((b.x - a.x, b.y - a.y), (c.x - a.x, c.y - a.y));
    let (lb, lc) = (ab.0.hypot(ab.1), ac.0.hypot(ac.1));
    let (short, long) = (lb.min(lc), lb.max(lc));
    if short < 10.0 * module || long > 180.0 * module || long > short * MAX_SIDE_RATIO {
        return None;
    }
    let cosine = (ab.0 * ac.0 + ab.1 * ac.1) / (lb * lc);
    if cosine.abs() > 0.35 {
        return None;
    }
    Some(cosine.abs() + (long / short - 1.0))
}

/// The corners of the code whose finder centres are `a` (the corner), `b` and `c`: the
/// fourth centre completes the parallelogram, and each is pushed four modules outwards
/// (three and a half to the code's edge, and a little slack).
fn code_corners(a: &Finder, b: &Finder, c: &Finder) -> Corners {
    let module = (a.module + b.module + c.module) / 3.0;
    let d = (b.x + c.x - a.x, b.y + c.y - a.y);
    let centre = ((b.x + c.x) / 2.0, (b.y + c.y) / 2.0);
    [(a.x, a.y), (b.x, b.y), d, (c.x, c.y)].map(|(x, y)| {
        let (dx, dy) = (x - centre.0, y - centre.1);
        let length = dx.hypot(dy).max(1.0);
        let push = 4.0 * module * std::f32::consts::SQRT_2;
        (x + dx / length * push, y + dy / length * push)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR-like bitmap: the three finder patterns of a `size`-module code (with its
    /// separators), each module `scale` pixels, at `(left, top)`, on a light page with a
    /// quiet zone, and pseudo-random modules elsewhere in the code.
    fn synthetic_code(
        size: usize,
        scale: usize,
        left: usize,
        top: usize,
    ) -> (Vec<bool>, usize, usize) {
        let (width, height) = (left + (size + 8) * scale, top + (size + 8) * scale);
        let mut black = vec![false; width * height];
        let mut state = 0x1234_5678_u32;
        for my in 0..size {
            for mx in 0..size {
                let finder = |fx: usize, fy: usize| -> Option<bool> {
                    let (dx, dy) = (mx as isize - fx as isize, my as isize - fy as isize);
                    if !(-1..=7).contains(&dx) || !(-1..=7).contains(&dy) {
                        return None;
                    }
                    if !(0..=6).contains(&dx) || !(0..=6).contains(&dy) {
                        return Some(false);
                    }
                    let ring = dx.min(dy).min(6 - dx).min(6 - dy);
                    Some(ring != 1)
                };
                let dark = finder(0, 0)
                    .or_else(|| finder(size - 7, 0))
                    .or_else(|| finder(0, size - 7))
                    .unwrap_or_else(|| {
                        state ^= state << 13;
                        state ^= state >> 17;
                        state ^= state << 5;
                        state & 1 == 1
                    });
                for py in 0..scale {
                    for px in 0..scale {
                        let (x, y) = (left + mx * scale + px, top + my * scale + py);
                        black[y * width + x] = dark;
                    }
                }
            }
        }
        (black, width, height)
    }

    #[test]
    fn the_finder_ratio_allows_small_modules_and_refuses_other_patterns() {
        assert_eq!(finder_module([2, 2, 6, 2, 2]), Some(2.0));
        assert!(finder_module([1, 3, 5, 2, 3]).is_some());
        assert!(finder_module([3, 3, 9, 3, 3]).is_some());
        // Alignment patterns and stripes: 1:1:1:1:1.
        assert_eq!(finder_module([2, 2, 2, 2, 2]), None);
        assert_eq!(finder_module([3, 3, 3, 3, 3]), None);
        assert_eq!(finder_module([1, 1, 1, 1, 1]), None);
        assert_eq!(finder_module([2, 2, 16, 2, 2]), None);
    }

    #[test]
    fn the_three_finder_patterns_of_codes_with_small_modules_are_found() {
        for (size, scale) in [(25, 2), (29, 2), (33, 3), (41, 2), (45, 3)] {
            let (left, top) = (13, 21);
            let (black, width, height) = synthetic_code(size, scale, left, top);
            let finders = finder_candidates(&black, width, height);
            let expected = [
                (3.5, 3.5),
                (size as f32 - 3.5, 3.5),
                (3.5, size as f32 - 3.5),
            ]
            .map(|(mx, my)| {
                (
                    left as f32 + mx * scale as f32,
                    top as f32 + my * scale as f32,
                )
            });
            for (ex, ey) in expected {
                let hit = finders
                    .iter()
                    .find(|f| (f.x - ex).abs() <= scale as f32 && (f.y - ey).abs() <= scale as f32);
                let hit = hit.unwrap_or_else(|| {
                    panic!("{size}×{scale}: no finder at ({ex}, {ey}) in {finders:?}")
                });
                assert!(
                    (hit.module - scale as f32).abs() <= 0.6 && hit.hits >= 2,
                    "{size}×{scale}: {hit:?}"
                );
            }
            let codes = locate_codes(&black, width, height);
            assert!(!codes.is_empty(), "{size}×{scale}: no code");
            // The first code covers the whole synthetic code.
            let corners = codes[0];
            let (x0, x1) = (left as f32, (left + size * scale) as f32);
            let (y0, y1) = (top as f32, (top + size * scale) as f32);
            let xs = corners.map(|p| p.0);
            let ys = corners.map(|p| p.1);
            let slack = 2.0 * scale as f32;
            assert!(
                xs.iter().copied().fold(f32::MAX, f32::min) <= x0 + slack
                    && xs.iter().copied().fold(f32::MIN, f32::max) >= x1 - slack
                    && ys.iter().copied().fold(f32::MAX, f32::min) <= y0 + slack
                    && ys.iter().copied().fold(f32::MIN, f32::max) >= y1 - slack,
                "{size}×{scale}: {corners:?}"
            );
        }
    }

    #[test]
    fn a_page_without_finder_patterns_gives_no_code() {
        // Stripes and checks (1:1:1:1:1 everywhere) and an empty page.
        let (width, height) = (200, 120);
        let stripes: Vec<bool> = (0..width * height)
            .map(|i| (i % width / 3) % 2 == 0)
            .collect();
        assert!(locate_codes(&stripes, width, height).is_empty());
        let checks: Vec<bool> = (0..width * height)
            .map(|i| ((i % width) / 2 + (i / width) / 2) % 2 == 0)
            .collect();
        assert!(locate_codes(&checks, width, height).is_empty());
        assert!(locate_codes(&vec![false; width * height], width, height).is_empty());
        assert!(locate_codes(&[], 0, 0).is_empty());
    }
}
