//! The pager tone and the escalation tone, played from `assets/sounds`. Playing them needs the
//! `audio` cargo feature, which on native Linux needs `libasound2-dev`, so the default build stays
//! free of system libraries and relies on the flashing banner alone.

/// The tone for a new High page, under `assets/`.
pub const PAGER: &str = "sounds/pager.wav";
/// The tone for an escalated page, under `assets/`.
pub const ESCALATION: &str = "sounds/escalation.wav";

#[cfg(feature = "audio")]
mod play {
    use bevy::audio::{AudioPlayer, AudioSource, PlaybackSettings};
    use bevy::prelude::*;

    use crate::game::assets::AssetRoot;
    use crate::game::bridge::{BridgeSet, News};
    use crate::game::profile::Profile;
    use crate::game::screen::Screen;
    use crate::scenario::Priority;

    #[derive(Resource)]
    struct Tones {
        pager: Handle<AudioSource>,
        escalation: Handle<AudioSource>,
    }

    pub(in crate::game) fn plugin(app: &mut App) {
        app.add_systems(Startup, load).add_systems(
            Update,
            ring.after(BridgeSet::Apply).run_if(in_state(Screen::Shift)),
        );
    }

    fn load(mut commands: Commands, server: Res<AssetServer>, root: Res<AssetRoot>) {
        commands.insert_resource(Tones {
            pager: server.load(root.path(super::PAGER)),
            escalation: server.load(root.path(super::ESCALATION)),
        });
    }

    /// Plays a tone when a High page reaches the player or a page escalates, once per frame.
    fn ring(
        mut commands: Commands,
        tones: Option<Res<Tones>>,
        profile: Res<Profile>,
        mut news: MessageReader<News>,
    ) {
        let mut pager = false;
        let mut escalated = false;
        for n in news.read() {
            match n {
                News::Paged {
                    priority: Priority::High,
                } => pager = true,
                News::Escalated => escalated = true,
                _ => {}
            }
        }
        let Some(tones) = tones else { return };
        if !profile.saved.settings.sound {
            return;
        }
        let tone = if pager {
            &tones.pager
        } else if escalated {
            &tones.escalation
        } else {
            return;
        };
        commands.spawn((AudioPlayer::new(tone.clone()), PlaybackSettings::DESPAWN));
    }
}

#[cfg(feature = "audio")]
pub(super) use play::plugin;

/// The sound files are made by this synthesiser, so they can be remade and changed as code: the
/// test fails when a file differs from what the synthesiser makes, and `PAGERDRILL_BLESS=1`
/// rewrites the files.
#[cfg(test)]
mod tests {
    /// Sample rate of the synthesised tones.
    const RATE: u32 = 22_050;

    /// A 16-bit mono PCM WAV file of a sequence of `(frequency in Hz, seconds)` notes; frequency 0 is a
    /// rest. Each note fades in and out so it does not click.
    fn tone_wav(notes: &[(f32, f32)]) -> Vec<u8> {
        let mut samples: Vec<i16> = Vec::new();
        for &(freq, secs) in notes {
            let n = (secs * RATE as f32) as usize;
            let fade = (RATE as usize / 100).min(n / 2).max(1);
            for i in 0..n {
                let t = i as f32 / RATE as f32;
                let envelope = (i.min(n - 1 - i) as f32 / fade as f32).min(1.0);
                let v = if freq > 0.0 {
                    (t * freq * std::f32::consts::TAU).sin() * envelope * 0.4
                } else {
                    0.0
                };
                samples.push((v * f32::from(i16::MAX)) as i16);
            }
        }
        let data_len = (samples.len() * 2) as u32;
        let mut wav = Vec::with_capacity(44 + data_len as usize);
        wav.extend_from_slice(b"RIFF");
        wav.extend_from_slice(&(36 + data_len).to_le_bytes());
        wav.extend_from_slice(b"WAVEfmt ");
        wav.extend_from_slice(&16u32.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
        wav.extend_from_slice(&1u16.to_le_bytes()); // mono
        wav.extend_from_slice(&RATE.to_le_bytes());
        wav.extend_from_slice(&(RATE * 2).to_le_bytes());
        wav.extend_from_slice(&2u16.to_le_bytes());
        wav.extend_from_slice(&16u16.to_le_bytes());
        wav.extend_from_slice(b"data");
        wav.extend_from_slice(&data_len.to_le_bytes());
        for s in samples {
            wav.extend_from_slice(&s.to_le_bytes());
        }
        wav
    }

    /// Two short high beeps: a new High page.
    fn pager_tone() -> Vec<u8> {
        tone_wav(&[
            (1318.5, 0.12),
            (0.0, 0.06),
            (1318.5, 0.12),
            (0.0, 0.06),
            (1046.5, 0.2),
        ])
    }

    /// A rising three-note phrase: a page escalated to the next person.
    fn escalation_tone() -> Vec<u8> {
        tone_wav(&[(523.3, 0.15), (659.3, 0.15), (784.0, 0.3)])
    }

    fn check(file: &str, wav: Vec<u8>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join(file);
        if std::env::var_os("PAGERDRILL_BLESS").is_some() {
            std::fs::write(&path, &wav).expect("write the sound");
        }
        let on_disk = std::fs::read(&path).expect("the sound file exists");
        assert!(
            on_disk == wav,
            "{file} is not what the synthesiser makes; PAGERDRILL_BLESS=1 rewrites it"
        );
    }

    #[test]
    fn the_sound_files_are_the_synthesised_tones() {
        check(super::PAGER, pager_tone());
        check(super::ESCALATION, escalation_tone());
    }

    #[test]
    fn tones_are_valid_wav_files_of_the_right_length() {
        let wav = pager_tone();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        let data_len = u32::from_le_bytes([wav[40], wav[41], wav[42], wav[43]]) as usize;
        assert_eq!(wav.len(), 44 + data_len);
        // 0.56 s of notes and rests at 22,050 samples per second, two bytes each.
        assert_eq!(
            data_len,
            2 * (0.12f32 * 22_050.0) as usize * 2
                + 2 * (0.06f32 * 22_050.0) as usize * 2
                + 2 * (0.2f32 * 22_050.0) as usize
        );
        let loud = wav[44..]
            .chunks(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]).unsigned_abs())
            .max();
        assert!(loud.is_some_and(|l| l > 10_000), "the tone is audible");
        assert_ne!(escalation_tone(), pager_tone());
    }
}
