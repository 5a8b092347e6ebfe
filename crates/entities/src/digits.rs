//! Characters and words that stand for digits.

/// How a character stands for a digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DigitForm {
    /// An ASCII digit `0`–`9`.
    Ascii,
    /// Another Unicode digit: fullwidth, mathematical, circled, superscript, Arabic-Indic, …
    Unicode,
}

/// The digit a single character stands for, with how it was written.
///
/// Covers ASCII, fullwidth, the five mathematical digit sets, Arabic-Indic (both), Devanagari,
/// superscripts and subscripts, circled, negative circled, dingbat circled, parenthesized and
/// "digit full stop" digits. Letters standing for digits are handled by [`letter_digit`].
pub(crate) fn digit_value(c: char) -> Option<(u8, DigitForm)> {
    let u = c as u32;
    if u < 0x80 {
        return c
            .is_ascii_digit()
            .then(|| ((u - 0x30) as u8, DigitForm::Ascii));
    }
    let uni = |d: u32| Some((d as u8, DigitForm::Unicode));
    match u {
        0x30..=0x39 => Some(((u - 0x30) as u8, DigitForm::Ascii)),
        0xFF10..=0xFF19 => uni(u - 0xFF10),
        0x1D7CE..=0x1D7FF => uni((u - 0x1D7CE) % 10),
        0x1FBF0..=0x1FBF9 => uni(u - 0x1FBF0),
        0x0660..=0x0669 => uni(u - 0x0660),
        0x06F0..=0x06F9 => uni(u - 0x06F0),
        0x0966..=0x096F => uni(u - 0x0966),
        0x2070 => uni(0),
        0x00B9 => uni(1),
        0x00B2 => uni(2),
        0x00B3 => uni(3),
        0x2074..=0x2079 => uni(u - 0x2070),
        0x2080..=0x2089 => uni(u - 0x2080),
        0x24EA | 0x24FF | 0x1F10B | 0x1F10C => uni(0),
        0x2460..=0x2468 => uni(u - 0x2460 + 1),
        0x2776..=0x277E => uni(u - 0x2776 + 1),
        0x2780..=0x2788 => uni(u - 0x2780 + 1),
        0x278A..=0x2792 => uni(u - 0x278A + 1),
        0x2474..=0x247C => uni(u - 0x2474 + 1),
        0x2488..=0x2490 => uni(u - 0x2488 + 1),
        0x1F100 => uni(0),
        0x1F101..=0x1F10A => uni(u - 0x1F101),
        _ => None,
    }
}

/// Whether `c` is a mark that may follow a digit inside a keycap sequence (`5️⃣` is `5`, U+FE0F,
/// U+20E3) or a variation selector that styles it.
pub(crate) fn is_keycap_mark(c: char) -> bool {
    matches!(c, '\u{FE0F}' | '\u{FE0E}' | '\u{20E3}')
}

/// The digit a letter stands for inside a run of digits: `O`/`o` (and the Cyrillic look-alikes)
/// for 0, `l`/`I` for 1.
pub(crate) fn letter_digit(c: char) -> Option<u8> {
    match c {
        'O' | 'o' | 'О' | 'о' | 'Ο' | 'ο' => Some(0),
        'l' | 'I' | 'І' | 'ӏ' => Some(1),
        _ => None,
    }
}

/// Number words for 0–9 in the languages redflag serves (English, Russian, Ukrainian, Romanian,
/// Latvian, Lithuanian, Estonian, French, Italian), lower-case, with and without diacritics.
pub(crate) const NUMBER_WORDS: &[(&str, u8)] = &[
    // English
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    // Russian
    ("ноль", 0),
    ("нуль", 0),
    ("один", 1),
    ("одна", 1),
    ("два", 2),
    ("две", 2),
    ("три", 3),
    ("четыре", 4),
    ("пять", 5),
    ("шесть", 6),
    ("семь", 7),
    ("восемь", 8),
    ("девять", 9),
    // Ukrainian (нуль, один, одна, два, три shared above)
    ("дві", 2),
    ("чотири", 4),
    ("п'ять", 5),
    ("пʼять", 5),
    ("п’ять", 5),
    ("шість", 6),
    ("сім", 7),
    ("вісім", 8),
    ("дев'ять", 9),
    ("девʼять", 9),
    ("дев’ять", 9),
    // Romanian
    ("unu", 1),
    ("doi", 2),
    ("două", 2),
    ("doua", 2),
    ("trei", 3),
    ("patru", 4),
    ("cinci", 5),
    ("șase", 6),
    ("şase", 6),
    ("sase", 6),
    ("șapte", 7),
    ("şapte", 7),
    ("sapte", 7),
    ("opt", 8),
    ("nouă", 9),
    ("noua", 9),
    // Latvian
    ("nulle", 0),
    ("viens", 1),
    ("divi", 2),
    ("trīs", 3),
    ("tris", 3),
    ("četri", 4),
    ("cetri", 4),
    ("pieci", 5),
    ("seši", 6),
    ("sesi", 6),
    ("septiņi", 7),
    ("septini", 7),
    ("astoņi", 8),
    ("astoni", 8),
    ("deviņi", 9),
    ("devini", 9),
    // Lithuanian
    ("nulis", 0),
    ("vienas", 1),
    ("du", 2),
    ("trys", 3),
    ("keturi", 4),
    ("penki", 5),
    ("šeši", 6),
    ("septyni", 7),
    ("aštuoni", 8),
    ("astuoni", 8),
    ("devyni", 9),
    // Estonian
    ("null", 0),
    ("üks", 1),
    ("uks", 1),
    ("kaks", 2),
    ("kolm", 3),
    ("neli", 4),
    ("viis", 5),
    ("kuus", 6),
    ("seitse", 7),
    ("kaheksa", 8),
    ("üheksa", 9),
    ("uheksa", 9),
    // French
    ("zéro", 0),
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    // Italian
    ("uno", 1),
    ("due", 2),
    ("tre", 3),
    ("quattro", 4),
    ("cinque", 5),
    ("sei", 6),
    ("sette", 7),
    ("otto", 8),
    ("nove", 9),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_digits_map_to_their_value() {
        assert_eq!(digit_value('７'), Some((7, DigitForm::Unicode)));
        assert_eq!(digit_value('𝟕'), Some((7, DigitForm::Unicode)));
        assert_eq!(digit_value('𝟘'), Some((0, DigitForm::Unicode)));
        assert_eq!(digit_value('①'), Some((1, DigitForm::Unicode)));
        assert_eq!(digit_value('❾'), Some((9, DigitForm::Unicode)));
        assert_eq!(digit_value('⁵'), Some((5, DigitForm::Unicode)));
        assert_eq!(digit_value('5'), Some((5, DigitForm::Ascii)));
        assert_eq!(digit_value('a'), None);
        assert_eq!(letter_digit('O'), Some(0));
        assert_eq!(letter_digit('l'), Some(1));
        assert_eq!(letter_digit('x'), None);
    }

    #[test]
    fn every_language_has_all_ten_digits() {
        // Spot-check one word per digit per language family.
        for word in ["zero", "ноль", "нуль", "nulle", "nulis", "null", "zéro"] {
            assert!(
                NUMBER_WORDS.iter().any(|&(w, d)| w == word && d == 0),
                "{word}"
            );
        }
        for d in 0..10u8 {
            assert!(NUMBER_WORDS.iter().filter(|&&(_, v)| v == d).count() >= 5);
        }
    }
}
