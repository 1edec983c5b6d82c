//! Room codes: short enough to read aloud, too many to guess in a game day's time.

/// The letters a code uses: no I, L, O or U, which are read as 1, 1, 0 or V.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a code: 8 of 32 letters, about 10^12 codes.
pub const CODE_LEN: usize = 8;

/// A code from 40 random bits.
pub fn code_from(bits: u64) -> String {
    (0..CODE_LEN)
        .map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char)
        .collect()
}

/// A fresh code from the operating system's randomness (the facilitator's native game).
#[cfg(not(target_arch = "wasm32"))]
pub fn new_code() -> Result<String, String> {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).map_err(|e| format!("no randomness for a room code: {e}"))?;
    Ok(code_from(u64::from_le_bytes(b)))
}

/// A code as typed: spaces and dashes dropped, letters made capital, the look-alikes read as
/// what they look like. `None` if it cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            'U' => 'V',
            c => c,
        })
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = code_from(0x00ab_cdef_1234);
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(normalise(&code), Some(code.clone()));
        let typed = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
        assert_eq!(normalise(&typed), Some(code));
        assert_eq!(normalise("short"), None);
        assert_eq!(normalise("ABCDEFG!"), None);
    }

    #[test]
    fn fresh_codes_differ() {
        assert_ne!(new_code().expect("code"), new_code().expect("code"));
    }
}
