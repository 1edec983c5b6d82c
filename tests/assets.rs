//! The files in `assets/`: every font the screens use is there and is a font, and every symbol the
//! game can show — in its own words and in the shipped scenarios — has a glyph in the fonts.

use std::path::{Path, PathBuf};

use pagerdrill::game::ui::fonts;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The text faces, loaded from `assets/fonts` as the game loads them.
fn faces() -> Vec<(&'static str, Vec<u8>)> {
    fonts::FILES
        .iter()
        .map(|(name, file)| {
            let bytes = std::fs::read(root().join("assets").join(file))
                .unwrap_or_else(|e| panic!("assets/{file}: {e}"));
            assert!(fonts::is_font(&bytes), "assets/{file} is not a font");
            (*name, bytes)
        })
        .collect()
}

#[test]
fn every_symbol_the_game_shows_has_a_glyph() {
    let faces = faces();
    let proportional: Vec<&Vec<u8>> = fonts::PROPORTIONAL
        .iter()
        .map(|n| &faces.iter().find(|(m, _)| m == n).expect("a face").1)
        .collect();
    let mut sources = Vec::new();
    for dir in ["src/game", "src/sim", "src/score"] {
        files_under(&root().join(dir), "rs", &mut sources);
    }
    files_under(&root().join("scenarios"), "ron", &mut sources);
    let mut missing = Vec::new();
    let mut checked = 0;
    for path in sources {
        let text = std::fs::read_to_string(&path).expect("readable");
        // Comments are for developers; what the player can see is the code and the scenarios.
        let shown: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
            .collect();
        for c in shown.chars().filter(|c| !c.is_ascii()) {
            // Variation selectors and joiners only change how the symbol before them is drawn.
            if matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{200d}') {
                continue;
            }
            checked += 1;
            if !proportional.iter().any(|f| fonts::has_glyph(f, c)) {
                missing.push(format!("{c} (U+{:04X}) in {}", c as u32, path.display()));
            }
        }
    }
    missing.dedup();
    assert!(checked > 50, "the game shows symbols: {checked} checked");
    assert!(missing.is_empty(), "no glyph for: {missing:#?}");
}

#[test]
fn a_file_that_is_not_a_font_is_refused() {
    assert!(!fonts::is_font(b"not a font at all"));
    assert!(!fonts::is_font(&[]));
    // A real font cut short is refused too, rather than handed to egui (which would stop the game).
    let (_, hack) = &faces()[1];
    assert!(!fonts::is_font(&hack[..hack.len() / 50]));
    // A font without the pager symbol: the symbol faces are what make it render.
    assert!(!fonts::has_glyph(hack, '📟'));
}

#[test]
fn the_font_set_falls_back_from_text_to_symbol_faces() {
    let defs = fonts::from_dir(&root().join("assets"));
    assert_eq!(defs.font_data.len(), fonts::FILES.len());
    let proportional = &defs.families[&bevy_egui::egui::FontFamily::Proportional];
    assert_eq!(
        proportional,
        &fonts::PROPORTIONAL.map(String::from).to_vec()
    );
    // A folder without fonts gives an empty set rather than a panic.
    let empty = fonts::from_dir(Path::new("/nonexistent"));
    assert!(empty.font_data.is_empty());
}

#[test]
fn a_themed_screen_draws_text_and_symbols_with_the_asset_fonts() {
    use bevy_egui::egui::{self, FontFamily, RawInput};
    let ctx = egui::Context::default();
    ctx.set_fonts(fonts::from_dir(&root().join("assets")));
    // The game applies its look after installing the fonts; the look must keep them.
    pagerdrill::game::ui::theme::apply(&ctx, 1.0);
    ctx.run_ui(RawInput::default(), |ui| {
        ui.label("📟 PAGE #1 ↑ → ▲ ✔ ⚠");
    })
    .textures_delta
    .clear();
    // Every face the game installed is still in use, in the game's order.
    let defs = ctx.fonts(|f| f.definitions().clone());
    assert_eq!(defs.font_data.len(), fonts::FILES.len());
    assert_eq!(
        defs.families[&FontFamily::Proportional],
        fonts::PROPORTIONAL.map(String::from).to_vec()
    );
}

#[test]
fn a_font_whose_character_map_is_wiped_is_refused() {
    // The cheapest fake that gets past a header check: a real font file, whole, with its table of
    // characters zeroed. It parses, but maps no character to a glyph.
    let (_, hack) = &faces()[1];
    let font = skrifa::FontRef::new(hack).expect("Hack parses");
    let cmap = font
        .table_directory
        .table_records()
        .iter()
        .find(|t| t.tag() == skrifa::raw::types::Tag::new(b"cmap"))
        .expect("a cmap table");
    let (start, len) = (cmap.offset() as usize, cmap.length() as usize);
    let mut wiped = hack.clone();
    wiped[start..start + len].fill(0);
    assert!(!fonts::is_font(&wiped));
}
