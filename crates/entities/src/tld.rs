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

/// Whether `tld` (lower-case, without the dot) is an accepted top-level domain.
pub(crate) fn is_tld(tld: &str) -> bool {
    match tld.len() {
        2 => CC.split(' ').any(|c| c == tld),
        0 | 1 => false,
        _ => GENERIC.contains(&tld),
    }
}

#[cfg(test)]
mod tests {
    use super::is_tld;

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
