"""Persian-script names of people the gazetteer does not know, in English (issue 15): the transliterator, linking
to English entities, one entity across languages, and roles in English. Sentences and names written for these
tests; none of the names below is in a lexicon (`nlp/persian/data/name_parts.csv` aside from common parts)."""

from __future__ import annotations

import pytest

from nlp.persian.roles import english_role
from nlp.persian.transliterate import Transliterator, letters, name_units, part_key, read_parts, transliterate


@pytest.mark.parametrize("persian, english", [
    ("عبدالرحمن", "Abdul Rahman"),  # عبد + X, joined
    ("عبد الرحیم", "Abdul Rahim"),  # and spaced
    ("عبدالله", "Abdullah"),
    ("عصمت الله", "Esmatullah"),  # X + الله
    ("نعمت‌الله", "Namatullah"),  # joined by a ZWNJ, stem spelt by letter
    ("جلال الدین", "Jalaluddin"),  # X + الدین
    ("انوار الحق", "Anwar ul-Haq"),  # X + الحق
    ("حبیب الرحمن", "Habib-ur-Rahman"),
    ("محمد", "Mohammad"), ("احمد", "Ahmad"),  # press forms over the UN list's Muhammad/Ahmed
    ("یحیی", "Yahya"),  # alef maksura
])
def test_compound_rules(persian, english):
    assert transliterate(persian) == english


def test_parts_nobody_typed_are_spelt_by_letter():
    lexicon = read_parts()
    for word, spelling in (("شیرزاد", "shirzad"), ("فرهاد", "farhad"), ("نصیر", "nasir"), ("ثاقب", "saqib"),
                           ("زاهد", "zahid"), ("رحمت", "rahmat"), ("داوود", "dawud"), ("دلاور", "dalawar"),
                           ("خواجه", "khwaja"), ("اچکزی", "achakzai"), ("نیازی", "nayazi")):
        assert letters(part_key(word)) == spelling, word
    for word, spelling in (("شهزاد", "Shahzad"), ("بهرام", "Bahram"), ("جمشید", "Jamshid"), ("نوید", "Nawid")):
        assert part_key(word) not in lexicon and transliterate(word) == spelling


def test_lexicon_is_learned_from_aligned_pairs():
    # the UN list pairs "عصمت الله" with "Esmatullah": the stem is learned, then used in another compound
    counts = read_parts()
    assert counts[part_key("عصمت")].most_common(1)[0][0] == "Esmat"
    assert [u.kind for u in name_units("سید عصمت الله عبدالقدوس")] == ["word", "ullah", "abd"]
    tiny = Transliterator({part_key("فاروقی"): "Farooqi"})
    assert tiny("عبدالرحمن فاروقی") == "Abdul Rahman Farooqi"


def commander(mentions):
    return next(m for m in mentions if m.kind == "commander")


def test_unknown_person_gets_the_english_name_and_keeps_the_original_text(rules_tagger):
    m = commander(rules_tagger.tag("مولوی نصیر احمد شیرزاد والی جدید ولایت تخار از سوی امارت اسلامی معرفی شد."))
    assert (m.name, m.text, m.title, m.method) == ("Nasir Ahmad Shirzad", "نصیر احمد شیرزاد", "Mawlawi", "rule")
    assert m.role == "governor of Takhar" and m.group == "Taliban"


def test_same_unknown_person_in_persian_and_english_is_one_name(rules_tagger):
    fa = commander(rules_tagger.tag("قاری فرهاد نصیری فرمانده امنیه ولایت بدخشان گفت که امنیت در فیض‌آباد تامین "
                                    "است."))
    en = commander(rules_tagger.tag("Qari Farhad Nasiri, the police chief of Badakhshan, said Faizabad was calm."))
    assert fa.name == en.name == "Farhad Nasiri"
    assert fa.role == en.role == "police chief of Badakhshan"


def test_transliteration_links_to_a_known_english_entity(rules_tagger):
    # "Nizamuddin Qaisari" is in the English gazetteer only: the transliteration ("Nazamuddin Qisari") has
    # his name skeleton
    m = commander(rules_tagger.tag("مولوی نظام الدین قیصری فرمانده طالبان در ولایت فاریاب دیده شد."))
    assert m.name == "Nizamuddin Qaisari" and m.text == "نظام الدین قیصری" and m.method == "rule"
    assert m.group == "Taliban" and m.role == "Taliban commander of Faryab"


@pytest.mark.parametrize("phrase, role", [
    ("والی ولایت کنر", "governor of Kunar"),
    ("معاون والی هرات", "deputy governor of Herat"),
    ("قوماندان امنیه ولایت کندز", "police chief of Kunduz"),
    ("د کونړ د امنیې قوماندان", "police chief of Kunar"),  # Pashto order
    ("رئیس استخبارات ولایت بلخ", "intelligence chief of Balkh"),
    ("سخنگوی وزارت داخله", "interior ministry spokesman"),
    ("د طالبانو ویاند", "Taliban spokesman"),
    ("سرپرست وزارت دفاع", "acting defence minister"),
    ("معین وزارت معارف", "deputy education minister"),
    ("وزیر امور خارجه", "foreign minister"),
    ("د بهرنیو چارو وزیر", "foreign minister"),
    ("والی پیشین ننگرهار", "former governor of Nangarhar"),
    ("رئیس", "head"),
])
def test_roles_in_english(rules_tagger, phrase, role):
    resolver = rules_tagger.persian.resolver
    assert english_role(phrase, resolver._place_of) == role


def test_role_without_a_known_head_stays_as_written(rules_tagger):
    assert rules_tagger.persian.resolver.english_role("شاعر معروف") == "شاعر معروف"
