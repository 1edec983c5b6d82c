//! The fonts the screens use, from `assets/fonts`: a proportional face for text, a monospaced one
//! for the pager, and two symbol faces behind them for the pager, health and status symbols.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_egui::egui::{FontData, FontDefinitions, FontFamily, FontTweak};

/// Every font file, by the name egui knows it under, with its path under `assets/`.
pub const FILES: [(&str, &str); 4] = [
    ("Ubuntu-Light", "fonts/Ubuntu-Light.ttf"),
    ("Hack", "fonts/Hack-Regular.ttf"),
    ("NotoEmoji-Regular", "fonts/NotoEmoji-Regular.ttf"),
    ("emoji-icon-font", "fonts/emoji-icon-font.ttf"),
];

/// Faces tried in order for proportional text: the text face, the symbol faces, then the
/// monospaced face, which alone has the arrows and triangles the pager and map use.
pub const PROPORTIONAL: [&str; 4] = [
    "Ubuntu-Light",
    "NotoEmoji-Regular",
    "emoji-icon-font",
    "Hack",
];

/// Faces tried in order for monospaced text.
pub const MONOSPACE: [&str; 4] = [
    "Hack",
    "Ubuntu-Light",
    "NotoEmoji-Regular",
    "emoji-icon-font",
];

/// Whether `bytes` is a font file the screens can use: it parses, every table it lists lies
/// inside the file (a file cut short still parses), and it maps at least one character to a glyph
/// (a wiped character map parses too, and would draw nothing). egui stops the program on a font
/// it cannot read, so every file is checked before it is handed over.
pub fn is_font(bytes: &[u8]) -> bool {
    use skrifa::MetadataProvider;
    skrifa::FontRef::new(bytes).is_ok_and(|f| {
        let inside = f.table_directory.table_records().iter().all(|t| {
            (t.offset() as usize)
                .checked_add(t.length() as usize)
                .is_some_and(|end| end <= bytes.len())
        });
        inside && f.charmap().mappings().next().is_some()
    })
}

/// Whether a font file has a glyph for `c`.
pub fn has_glyph(bytes: &[u8], c: char) -> bool {
    use skrifa::MetadataProvider;
    skrifa::FontRef::new(bytes).is_ok_and(|f| f.charmap().map(c).is_some())
}

/// egui's font set from the files' bytes (name → bytes, names as in [`FILES`]). The symbol faces
/// are drawn a little smaller so they sit on the text's line.
pub fn definitions(bytes: BTreeMap<String, Vec<u8>>) -> FontDefinitions {
    let mut font_data = BTreeMap::new();
    for (name, data) in bytes {
        let scale = match name.as_str() {
            "NotoEmoji-Regular" => 0.81,
            "emoji-icon-font" => 0.9,
            _ => 1.0,
        };
        let data = FontData::from_owned(data).tweak(FontTweak {
            scale,
            ..FontTweak::default()
        });
        font_data.insert(name, Arc::new(data));
    }
    let family = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .filter(|n| font_data.contains_key(**n))
            .map(|n| (*n).to_owned())
            .collect()
    };
    let mut families = BTreeMap::new();
    families.insert(FontFamily::Proportional, family(&PROPORTIONAL));
    families.insert(FontFamily::Monospace, family(&MONOSPACE));
    FontDefinitions {
        font_data,
        families,
    }
}

/// The font set read from an `assets/` directory (tests, tools); files that are missing or are not
/// fonts are left out.
pub fn from_dir(assets: &std::path::Path) -> FontDefinitions {
    definitions(
        FILES
            .iter()
            .filter_map(|(name, path)| {
                let bytes = std::fs::read(assets.join(path)).ok()?;
                is_font(&bytes).then(|| ((*name).to_owned(), bytes))
            })
            .collect(),
    )
}
