//! Top-level domains accepted for emails and bare domains.
//!
//! Every ISO 3166-1 country-code TLD in use (plus `uk`, `eu`, `su`) and the generic TLDs common in
//! ads. Long-tail generic TLDs that are also ordinary English words (`world`, `life`, `today`) are
//! left out on purpose: "hello.world" in an ad is a typo far more often than a domain.

const CC: &str = "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz \
ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr \
ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp \
ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu \
mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw \
sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk \
us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

const GENERIC: &[&str] = &[
    "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "app", "dev", "xyz", "online",
    "site", "top", "club", "shop", "store", "live", "pro", "name", "mobi", "tel", "asia", "vip",
    "link", "click", "fun", "space", "website", "social", "chat", "sex", "porn", "xxx", "adult",
    "cam", "dating", "love", "blog", "email", "agency", "jobs", "work", "tech", "icu", "cyou",
    "buzz", "monster", "ink", "page", "travel", "tube", "video", "photos", "models", "escort",
];

/// The two-letter codes of [`CC`] as a table: bit `b` of `CC_TABLE[a]` is set for the code whose
/// letters are `a` and `b` (0 for `a`). Built at compile time; one lookup instead of a scan of
/// some 250 codes per call.
const CC_TABLE: [u32; 26] = {
    let mut t = [0u32; 26];
    let bytes = CC.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let (a, b) = (bytes[i], bytes[i + 1]);
        assert!(a.is_ascii_lowercase() && b.is_ascii_lowercase());
        t[(a - b'a') as usize] |= 1 << (b - b'a');
        i += 3; // two letters and a space
    }
    t
};

/// Whether `tld` (lower-case, without the dot) is an accepted top-level domain.
pub(crate) fn is_tld(tld: &str) -> bool {
    match *tld.as_bytes() {
        [a, b] => {
            a.is_ascii_lowercase()
                && b.is_ascii_lowercase()
                && CC_TABLE[usize::from(a - b'a')] & (1 << (b - b'a')) != 0
        }
        [] | [_] => false,
        _ => GENERIC.contains(&tld),
    }
}

#[cfg(test)]
mod tests {
    use super::is_tld;

    #[test]
    fn the_table_holds_exactly_the_country_codes() {
        let codes: Vec<&str> = super::CC.split(' ').collect();
        assert_eq!(codes.len(), super::CC.len().div_ceil(3));
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let t = String::from_utf8(vec![a, b]).expect("ASCII");
                assert_eq!(is_tld(&t), codes.contains(&t.as_str()), "{t}");
            }
        }
        for t in ["é", "A1", "UA", "u\u{0}"] {
            assert!(!is_tld(t), "{t:?}");
        }
    }

    #[test]
    fn real_and_fake_tlds() {
        for t in ["com", "ua", "md", "uk", "io", "net", "lv"] {
            assert!(is_tld(t), "{t}");
        }
        for t in ["txt", "jpg", "world", "c", "zz", "exe"] {
            assert!(!is_tld(t), "{t}");
        }
    }
}
