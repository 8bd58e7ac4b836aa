//! A changed fact reads right in every language: the conference moved back to Addis Ababa
//! (Ethiopia), then to Dubai (United Arab Emirates, a plural name in French and Spanish), and
//! every sentence naming the host asks the glossary for the form its grammar needs.

mod common;

use common::{DOC, TestProject};

const REAL: &str = "city: kigali, country: rwanda";

/// Builds the Markdown with `wtdc` moved to `place` and asserts, per language, sentences that
/// read right there and that the former host is gone.
fn assert_moved(place: &str, expected: &[(&str, &[&str])], gone: &[(&str, &str)]) {
    let project = TestProject::real();
    project.edit(&format!("agenda/{DOC}/document.yaml"), REAL, place);
    project.build(&["--format", "md"]);
    let check = project.agendoc(&["check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(stderr.contains(" 0 warning(s)"), "{stderr}");
    for (lang, sentences) in expected {
        let md = project.output(lang, "md");
        for sentence in *sentences {
            assert!(md.contains(sentence), "{lang}, {place}: no `{sentence}`");
        }
    }
    for (lang, former) in gone {
        assert!(
            !project.output(lang, "md").contains(former),
            "{lang}, {place}: `{former}` is still there"
        );
    }
}

#[test]
fn moving_the_conference_to_addis_ababa_reads_right_in_every_language() {
    assert_moved(
        "city: addis-ababa, country: ethiopia",
        &[
            (
                "fr",
                &[
                    "une visite sur place en Ethiopie",
                    "invitation officielle du Gouvernement de l'Ethiopie",
                    "le Membre du Conseil représentant l'Ethiopie",
                    "du souhait de l'Ethiopie d'accueillir la CMDT à Addis-Abeba",
                    "L'Ethiopie ayant été choisie pour accueillir la CMDT, il sera demandé à l'Ethiopie",
                    "dans la ville d'Addis-Abeba",
                ],
            ),
            (
                "es",
                &[
                    "una visita de inspección a Etiopía",
                    "del Gobierno de Etiopía",
                    "del deseo de Etiopía de acoger la CMDT en Addis Abeba",
                    "Dado que Etiopía ha sido elegida como país anfitrión",
                    "se pedirá a Etiopía que proponga",
                ],
            ),
            (
                "ru",
                &[
                    "запланирована на 6–16 июня 2022 года в Аддис-Абебе, Эфиопия",
                    "о желании Эфиопии провести ВКРЭ в Аддис-Абебе",
                    "получил от правительства Эфиопии официальное приглашение",
                    "с изменением места ее проведения на Аддис-Абебу, Эфиопия",
                    "ознакомительную поездку в Эфиопию",
                ],
            ),
            (
                "en",
                &[
                    "scheduled to take place in Addis Ababa, Ethiopia, on 6–16 June 2022",
                    "the Council Member for Ethiopia informed the meeting of the wish of Ethiopia to host WTDC in Addis Ababa",
                    "from the Government of Ethiopia to host the next WTDC in the city of Addis Ababa",
                    "Now that Ethiopia has been selected to host WTDC, Ethiopia will be requested",
                ],
            ),
            (
                "ar",
                &[
                    "المقرر عقده في أديس أبابا، إثيوبيا،",
                    "برغبة إثيوبيا في استضافة المؤتمر WTDC في أديس أبابا",
                    "دعوة رسمية من حكومة إثيوبيا لاستضافة المؤتمر WTDC المقبل في مدينة أديس أبابا",
                ],
            ),
            (
                "zh",
                &[
                    "在埃塞俄比亚亚的斯亚贝巴召开的世界电信发展大会（WTDC）",
                    "埃塞俄比亚理事向会议通报了埃塞俄比亚希望在亚的斯亚贝巴主办WTDC的意愿",
                    "收到了埃塞俄比亚政府的正式邀请",
                ],
            ),
        ],
        &[
            ("fr", "Rwanda"),
            ("es", "Rwanda"),
            ("ru", "Руанд"),
            ("en", "Rwanda"),
            ("ar", "رواندا"),
            ("zh", "卢旺达"),
        ],
    );
}

#[test]
fn moving_the_conference_to_a_plural_country_reads_right_in_every_language() {
    assert_moved(
        "city: dubai, country: uae",
        &[
            (
                "fr",
                &[
                    "une visite sur place aux Emirats arabes unis",
                    "du Gouvernement des Emirats arabes unis",
                    "du souhait des Emirats arabes unis d'accueillir la CMDT à Dubaï",
                    "Les Emirats arabes unis ayant été choisis pour accueillir la CMDT, il sera demandé aux Emirats arabes unis",
                    "doit se tenir à Dubaï (Emirats arabes unis)",
                ],
            ),
            (
                "es",
                &[
                    "una visita de inspección a los Emiratos Árabes Unidos",
                    "del Gobierno de los Emiratos Árabes Unidos",
                    "Dado que los Emiratos Árabes Unidos han sido elegidos como país anfitrión",
                    "se pedirá a los Emiratos Árabes Unidos que propongan",
                    "se celebrará en Dubái (Emiratos Árabes Unidos)",
                ],
            ),
            (
                "ru",
                &[
                    "запланирована на 6–16 июня 2022 года в Дубае, Объединенные Арабские Эмираты",
                    "о желании Объединенных Арабских Эмиратов провести ВКРЭ в Дубае",
                    "ознакомительную поездку в Объединенные Арабские Эмираты",
                    "Поскольку Объединенные Арабские Эмираты выбраны в качестве принимающей страны ВКРЭ, Объединенным Арабским Эмиратам будет предложено",
                ],
            ),
            (
                "en",
                &[
                    "the Council Member for the United Arab Emirates informed the meeting of the wish of the United Arab Emirates to host WTDC in Dubai",
                    "from the Government of the United Arab Emirates to host the next WTDC in the city of Dubai",
                    "a site visit to the United Arab Emirates as soon as possible",
                ],
            ),
            (
                "ar",
                &[
                    "المقرر عقده في دبي، الإمارات العربية المتحدة،",
                    "دعوة رسمية من حكومة الإمارات العربية المتحدة لاستضافة المؤتمر WTDC المقبل في مدينة دبي",
                    "بزيارة ميدانية إلى الإمارات العربية المتحدة في أقرب وقت ممكن",
                ],
            ),
            (
                "zh",
                &[
                    "在阿拉伯联合酋长国迪拜召开的世界电信发展大会（WTDC）",
                    "收到了阿拉伯联合酋长国政府的正式邀请",
                ],
            ),
        ],
        &[("fr", "Rwanda"), ("ru", "Руанд"), ("en", "Rwanda")],
    );
}

/// At the real facts, every language still names Kigali and Rwanda as before.
#[test]
fn the_real_host_reads_as_before() {
    let project = TestProject::real();
    project.build(&["--format", "md"]);
    for (lang, sentence) in [
        (
            "fr",
            "Le Rwanda ayant été choisi pour accueillir la CMDT, il sera demandé au Rwanda",
        ),
        (
            "fr",
            "du Gouvernement du Rwanda à accueillir la prochaine CMDT dans la ville de Kigali",
        ),
        (
            "es",
            "Dado que Rwanda ha sido elegido como país anfitrión de la CMDT, se pedirá a Rwanda que proponga",
        ),
        (
            "ru",
            "запланирована на 6–16 июня 2022 года в Кигали, Руанда",
        ),
        (
            "en",
            "a formal invitation from the Government of Rwanda to host the next WTDC in the city of Kigali",
        ),
        (
            "ar",
            "دعوة رسمية من حكومة رواندا لاستضافة المؤتمر WTDC المقبل في مدينة كيغالي",
        ),
        ("zh", "收到了卢旺达政府的正式邀请"),
    ] {
        assert!(
            project.output(lang, "md").contains(sentence),
            "{lang}: no `{sentence}`"
        );
    }
}
