//! Cryptocurrency addresses, each validated by its chain's checksum.
//!
//! - Bitcoin: base58check P2PKH (version 0x00) and P2SH (0x05); segwit bech32 (v0) and bech32m
//!   (v1+) with the `bc` prefix (BIP-173, BIP-350).
//! - Litecoin: base58check 0x30 (`L…`) and 0x32 (`M…`); segwit with the `ltc` prefix.
//! - TRON: base58check 0x41 (`T…`), 21-byte payload.
//! - Ethereum: 20 bytes hex; mixed case must satisfy EIP-55, all-lower/all-upper is accepted.
//! - Monero: Monero's base58 (8-byte blocks → 11 characters), network byte 18 (standard) or 42
//!   (subaddress) or 19 (integrated), keccak-256 checksum of 4 bytes.
//! - Bitcoin Cash: cashaddr (`bitcoincash:q…`), the 40-bit BCH-code polymod checksum.

use crate::{Error, ErrorKind};
use redflag_model::Chain;
use std::fmt;
use tiny_keccak::{Hasher, Keccak};

/// A cryptocurrency address whose checksum is valid for its chain.
///
/// ```
/// use redflag_entities::CryptoAddress;
/// use redflag_model::Chain;
/// // The address of the Bitcoin genesis block's coinbase output.
/// let a = CryptoAddress::parse(None, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")?;
/// assert_eq!(a.chain(), Chain::Btc);
/// assert!(CryptoAddress::parse(None, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CryptoAddress {
    chain: Chain,
    value: String,
}

impl CryptoAddress {
    /// Validates `s` as an address of `chain`, or of whichever chain its shape names when `chain`
    /// is `None`. The value is normalized: EIP-55 checksummed case for Ethereum, lower case for
    /// bech32 and cashaddr (cashaddr always with its `bitcoincash:` prefix).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidCryptoAddress`] when the shape or checksum is wrong for the chain.
    pub fn parse(chain: Option<Chain>, s: &str) -> Result<CryptoAddress, Error> {
        let err = || {
            Error::new(ErrorKind::InvalidCryptoAddress {
                chain: chain.map_or("any", |c| c.as_str()),
            })
        };
        let (c, value) = validate(s).ok_or_else(err)?;
        if chain.is_some_and(|want| want != c) {
            return Err(err());
        }
        Ok(CryptoAddress { chain: c, value })
    }

    /// The chain.
    pub fn chain(&self) -> Chain {
        self.chain
    }

    /// The normalized address. This may identify a person: do not log it.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for CryptoAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CryptoAddress")
            .field("chain", &self.chain)
            .field("len", &self.value.len())
            .finish()
    }
}

/// Validates an address of any supported chain; returns the chain and the normalized value.
pub(crate) fn validate(s: &str) -> Option<(Chain, String)> {
    if s.len() > 120 || !s.is_ascii() {
        return None;
    }
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return eth(hex).map(|v| (Chain::Eth, v));
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("bc1") || lower.starts_with("ltc1") {
        return segwit(s);
    }
    if lower.starts_with("bitcoincash:")
        || ((s.starts_with('q') || s.starts_with('p')) && s.len() == 42)
    {
        return cashaddr(&lower).map(|v| (Chain::Bch, v));
    }
    if (s.len() == 95 || s.len() == 106) && (s.starts_with('4') || s.starts_with('8')) {
        return monero(s).then(|| (Chain::Xmr, s.to_string()));
    }
    if (25..=35).contains(&s.len()) {
        let payload = bs58::decode(s).with_check(None).into_vec().ok()?;
        if payload.len() != 21 {
            return None;
        }
        let chain = match (payload[0], s.as_bytes()[0]) {
            (0x00, b'1') | (0x05, b'3') => Chain::Btc,
            (0x30, b'L') | (0x32, b'M') => Chain::Ltc,
            (0x41, b'T') => Chain::Trx,
            _ => return None,
        };
        return Some((chain, s.to_string()));
    }
    None
}

fn keccak256(data: &[u8]) -> [u8; 32] {
    let mut k = Keccak::v256();
    k.update(data);
    let mut out = [0u8; 32];
    k.finalize(&mut out);
    out
}

/// EIP-55: the case of each hex letter is the corresponding nibble of keccak256(lower-case hex)
/// being >= 8.
fn eth(hex: &str) -> Option<String> {
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let lower = hex.to_ascii_lowercase();
    let hash = keccak256(lower.as_bytes());
    let mut checksummed = String::with_capacity(42);
    checksummed.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
        checksummed.push(if c.is_ascii_alphabetic() && nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    let all_lower = hex.bytes().all(|b| !b.is_ascii_uppercase());
    let all_upper = hex.bytes().all(|b| !b.is_ascii_lowercase());
    (all_lower || all_upper || checksummed[2..] == *hex).then_some(checksummed)
}

fn segwit(s: &str) -> Option<(Chain, String)> {
    let (hrp, _version, _program) = bech32::segwit::decode(s).ok()?;
    let chain = match hrp.as_str().to_ascii_lowercase().as_str() {
        "bc" => Chain::Btc,
        "ltc" => Chain::Ltc,
        _ => return None,
    };
    Some((chain, s.to_ascii_lowercase()))
}

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn cashaddr_polymod(values: impl Iterator<Item = u8>) -> u64 {
    const GEN: [u64; 5] = [
        0x98f2bc8e61,
        0x79b76d99e2,
        0xf33e5fb3c4,
        0xae2eabe2a8,
        0x1e4f43e470,
    ];
    let mut c: u64 = 1;
    for d in values {
        let c0 = (c >> 35) as u8;
        c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
        for (i, g) in GEN.iter().enumerate() {
            if c0 & (1 << i) != 0 {
                c ^= g;
            }
        }
    }
    c ^ 1
}

/// Bitcoin Cash cashaddr with the `bitcoincash` prefix; `s` is lower-case.
fn cashaddr(s: &str) -> Option<String> {
    let payload = s.strip_prefix("bitcoincash:").unwrap_or(s);
    if payload.len() != 42 || !(payload.starts_with('q') || payload.starts_with('p')) {
        return None;
    }
    let mut data = Vec::with_capacity(payload.len());
    for b in payload.bytes() {
        data.push(CHARSET.iter().position(|&c| c == b)? as u8);
    }
    let prefix = b"bitcoincash".iter().map(|b| b & 0x1f);
    let values = prefix.chain(std::iter::once(0)).chain(data.iter().copied());
    (cashaddr_polymod(values) == 0).then(|| format!("bitcoincash:{payload}"))
}

const B58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Monero's base58: 8-byte blocks encode to 11 characters; a shorter last block to fewer.
fn monero_decode(s: &str) -> Option<Vec<u8>> {
    const ENCODED_BLOCK: [usize; 9] = [0, 2, 3, 5, 6, 7, 9, 10, 11];
    let bytes = s.as_bytes();
    let full = bytes.len() / 11;
    let rem = bytes.len() % 11;
    let last_size = ENCODED_BLOCK.iter().position(|&n| n == rem)?;
    let mut out = Vec::with_capacity(full * 8 + last_size);
    for (i, chunk) in bytes.chunks(11).enumerate() {
        let size = if i < full { 8 } else { last_size };
        let mut num: u128 = 0;
        for &c in chunk {
            let d = B58.iter().position(|&x| x == c)? as u128;
            num = num * 58 + d;
        }
        if size < 8 && num >= 1u128 << (8 * size) {
            return None;
        }
        if num > u128::from(u64::MAX) {
            return None;
        }
        let be = (num as u64).to_be_bytes();
        out.extend_from_slice(&be[8 - size..]);
    }
    Some(out)
}

fn monero(s: &str) -> bool {
    let Some(raw) = monero_decode(s) else {
        return false;
    };
    let expected_len = match raw.first() {
        Some(18) | Some(42) => 69,
        Some(19) => 77,
        _ => return false,
    };
    if raw.len() != expected_len {
        return false;
    }
    let (body, check) = raw.split_at(raw.len() - 4);
    keccak256(body)[..4] == *check
}

/// Finds checksummed addresses: every maximal run of ASCII letters and digits of an address's
/// length (with a `bitcoincash:` prefix kept) is validated. A byte scan, not a regex: counted
/// repetitions up to 106 characters would make a lazy DFA build many states for every long word.
#[derive(Clone, Debug, Default)]
pub(crate) struct CryptoTables;

/// A crypto address found in text.
#[derive(Clone, Debug)]
pub(crate) struct FoundCrypto {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) chain: Chain,
    pub(crate) value: String,
}

impl CryptoTables {
    pub(crate) fn new() -> CryptoTables {
        CryptoTables
    }

    pub(crate) fn find(&self, text: &str) -> Vec<FoundCrypto> {
        const MIN: usize = 25;
        let bytes = text.as_bytes();
        let alnum = |k: usize| bytes[k].is_ascii_alphanumeric();
        let mut out = Vec::new();
        // Invariant: no run of ASCII letters and digits crosses `i` from the left (`i == 0` or
        // `bytes[i - 1]` is not one). An address is a run of at least MIN, so when the byte MIN - 1
        // ahead is not part of a run, no address starts in `i..i + MIN`: skip them all (most words
        // are far shorter, so most of the text is skipped, not scanned byte by byte).
        let mut i = 0;
        while i + MIN <= bytes.len() {
            let probe = i + MIN - 1;
            if !alnum(probe) {
                i = probe + 1;
                continue;
            }
            let mut start = probe;
            while start > i && alnum(start - 1) {
                start -= 1;
            }
            let mut end = probe + 1;
            while end < bytes.len() && alnum(end) {
                end += 1;
            }
            // `bytes[end]` (if any) is not alphanumeric: the invariant holds at `end + 1`.
            i = end + 1;
            let len = end - start;
            if !(MIN..=106).contains(&len) {
                continue;
            }
            let i = end;
            if len == 42
                && start >= 12
                && bytes[start - 12..start].eq_ignore_ascii_case(b"bitcoincash:")
            {
                start -= "bitcoincash:".len();
            }
            if let Some((chain, value)) = validate(&text[start..i]) {
                out.push(FoundCrypto {
                    start,
                    end: i,
                    chain,
                    value,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changes the character at `i` to another one of the same alphabet.
    fn mutate(s: &str, i: usize) -> String {
        let mut b = s.as_bytes().to_vec();
        b[i] = match b[i] {
            b'a' => b'c',
            b'2' => b'3',
            b'z' => b'y',
            b'q' => b'p',
            b'x' => b'w',
            c if c.is_ascii_digit() => {
                if c == b'9' {
                    b'8'
                } else {
                    c + 1
                }
            }
            c if c.is_ascii_uppercase() => {
                if c == b'Z' {
                    b'Y'
                } else if c == b'H' {
                    b'J'
                } else {
                    c + 1
                }
            }
            c => {
                if c == b'y' {
                    b'x'
                } else if c == b'k' {
                    b'm'
                } else {
                    c + 1
                }
            }
        };
        String::from_utf8(b).unwrap_or_default()
    }

    fn check(chain: Chain, valid: &[&str]) {
        for a in valid {
            let got = validate(a);
            assert_eq!(
                got.as_ref().map(|g| g.0),
                Some(chain),
                "valid {chain} address rejected: {a}"
            );
            for i in [a.len() / 2, a.len() - 1] {
                let bad = mutate(a, i);
                assert_ne!(&bad, a);
                assert!(
                    validate(&bad).is_none_or(|(c, _)| c != chain),
                    "mutated {chain} address accepted: {bad}"
                );
            }
        }
    }

    #[test]
    fn bitcoin_published_addresses() {
        check(
            Chain::Btc,
            &[
                // Genesis block coinbase output (block 0, mined 2009-01-03).
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                // P2SH example from the Bitcoin wiki page "Pay to script hash" / BIP-16 era docs.
                "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                // BIP-173 test vectors (bech32, witness v0).
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
                // BIP-350 test vector (bech32m, witness v1 / taproot).
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
            ],
        );
    }

    #[test]
    fn the_skipping_scan_finds_addresses_at_every_offset() {
        let t = CryptoTables::new();
        let addr = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa";
        for pad in 0..60 {
            for sep in [" ", ", ", "\n", " 💕 "] {
                let lead: String = "ab cdefgh ij klmnopqrstu vw"
                    .chars()
                    .cycle()
                    .take(pad)
                    .collect();
                let text = format!("{lead}{sep}{addr}{sep}tail words here");
                let found = t.find(&text);
                assert_eq!(found.len(), 1, "{text:?}");
                assert_eq!(&text[found[0].start..found[0].end], addr, "{text:?}");
            }
        }
        // Glued to a longer run of letters, it is not an address; at the very start and end it is.
        assert!(t.find(&format!("xx{addr}")).is_empty());
        assert_eq!(t.find(addr).len(), 1);
        // A run longer than the probe distance before it does not hide it.
        let long = "a".repeat(200);
        assert_eq!(t.find(&format!("{long} {addr}")).len(), 1);
    }

    #[test]
    fn bech32_mixed_case_is_rejected() {
        // BIP-173: an address must be all lower or all upper case.
        assert!(validate("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").is_some());
        assert!(validate("bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4").is_none());
    }

    #[test]
    fn ethereum_eip55_vectors() {
        // EIP-55 specification test vectors (eips.ethereum.org/EIPS/eip-55).
        let valid = [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ];
        for a in valid {
            assert_eq!(validate(a), Some((Chain::Eth, a.to_string())));
            // All-lower and all-upper are accepted and normalized to the checksummed form.
            let lower = format!("0x{}", a[2..].to_ascii_lowercase());
            assert_eq!(validate(&lower), Some((Chain::Eth, a.to_string())));
            // Flipping the case of one letter breaks the checksum.
            let pos = a[2..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map(|p| p + 2)
                .unwrap_or(2);
            let mut flipped = a.to_string();
            let c = a.as_bytes()[pos] as char;
            let swapped = if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            flipped.replace_range(pos..pos + 1, &swapped.to_string());
            assert!(validate(&flipped).is_none(), "{flipped}");
        }
    }

    #[test]
    fn tron_usdt_contract() {
        // Tether USD (TRC-20) contract address, published by Tether and shown on tronscan.org.
        check(Chain::Trx, &["TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"]);
    }

    #[test]
    fn litecoin_addresses() {
        check(
            Chain::Ltc,
            &[
                // Litecoin P2PKH and P2SH examples from the litecoin-project test data.
                "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9",
                "MTf4tP1TCNBn8dNkyxeBVoPrFCcVzxJvvh",
            ],
        );
    }

    #[test]
    fn monero_general_fund() {
        // Monero General Fund donation address, published on getmonero.org/get-started/contributing.
        check(
            Chain::Xmr,
            &[
                "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
            ],
        );
    }

    #[test]
    fn bitcoin_cash_cashaddr() {
        // cashaddr specification test vectors (github.com/bitcoincashorg, spec/cashaddr.md).
        check(
            Chain::Bch,
            &[
                "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
                "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy",
                "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq",
            ],
        );
        assert_eq!(
            validate("qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a").map(|v| v.1),
            Some("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a".into())
        );
    }

    #[test]
    fn found_in_text() {
        let t = CryptoTables::new();
        let text =
            "tips: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, fake 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb";
        let got = t.find(text);
        assert_eq!(got.len(), 1);
        assert_eq!(
            &text[got[0].start..got[0].end],
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
        );
    }
}
