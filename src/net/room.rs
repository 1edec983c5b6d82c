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

/// A room's address as typed or pasted (`ws://HOST:PORT/CODE`, or without the `ws://`), made
/// exact: the code read leniently, the scheme added. Says what is wrong otherwise.
pub fn address(typed: &str) -> Result<String, String> {
    let typed = typed.trim();
    let (scheme, rest) = match typed.split_once("://") {
        Some((s, rest)) if s.eq_ignore_ascii_case("ws") || s.eq_ignore_ascii_case("wss") => {
            (s.to_ascii_lowercase(), rest)
        }
        Some(_) => return Err("a room's address starts with ws://".into()),
        None => ("ws".to_owned(), typed),
    };
    let Some((host, code)) = rest.rsplit_once('/') else {
        return Err("a room's address looks like ws://HOST:PORT/CODE".into());
    };
    if host.is_empty() || host.contains('/') || host.chars().any(char::is_whitespace) {
        return Err("a room's address looks like ws://HOST:PORT/CODE".into());
    }
    let code = normalise(code).ok_or_else(|| format!("\"{code}\" is not a room code"))?;
    Ok(format!("{scheme}://{host}/{code}"))
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
    fn addresses_read_back_however_they_are_pasted() {
        assert_eq!(
            address(" ws://10.0.0.5:3536/abcd-efgh ").as_deref(),
            Ok("ws://10.0.0.5:3536/ABCDEFGH")
        );
        assert_eq!(
            address("10.0.0.5:3536/ABCDEFGH").as_deref(),
            Ok("ws://10.0.0.5:3536/ABCDEFGH")
        );
        assert!(address("http://10.0.0.5:3536/ABCDEFGH").is_err());
        assert!(address("ws://10.0.0.5:3536").is_err());
        assert!(address("ws:///ABCDEFGH").is_err());
        assert!(address("ws://10.0.0.5:3536/NOPE").is_err());
    }

    #[test]
    fn fresh_codes_differ() {
        assert_ne!(new_code().expect("code"), new_code().expect("code"));
    }
}
