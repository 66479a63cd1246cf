"""L: document language (annotation), paragraphs in another language, expected languages."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.config import Config
from cleaner.report.language import detect, function_language, script_of

GERMAN = ("Die elektronische Patientenakte soll den Austausch medizinischer Daten zwischen Ärzten, "
          "Kliniken und Patienten vereinfachen. Doch der Weg dorthin ist lang, denn viele Prozesse "
          "im Gesundheitswesen laufen noch analog, und die Beteiligten arbeiten mit unterschiedlichen Systemen.")
ENGLISH = ("The electronic patient record is meant to simplify the exchange of medical data between "
           "doctors, hospitals and patients. But the road there is long, because many processes in health "
           "care are still analog and the parties involved work with different systems.")


def test_document_language_is_annotated(read_fixture):
    result = Cleaner().clean(read_fixture("report/article_comwrap_de.txt"))
    assert result.annotations["language"] == "de"
    result = Cleaner().clean(read_fixture("report/article_entermedia_ko.txt"))
    assert result.annotations["language"] == "ko"
    result = Cleaner().clean(read_fixture("001_95c8228699a40873.txt"))
    assert result.annotations["language"] == "en"


def test_detection_is_deterministic():
    sample = "Ciao a tutti, oggi parliamo di giocattoli degli anni ottanta e novanta."
    assert len({detect(sample) for _ in range(5)}) == 1


def test_unexpected_document_language():
    codes = {f.code for f in Cleaner(Config(languages=("en",))).check(GERMAN + "\n")}
    assert "L101" in codes
    assert "L101" not in {f.code for f in Cleaner(Config(languages=("en", "de"))).check(GERMAN + "\n")}
    assert "L101" not in {f.code for f in Cleaner().check(GERMAN + "\n")}  # nothing expected: any language


def test_paragraph_in_other_language():
    text = f"{ENGLISH}\n{ENGLISH}\n{GERMAN}\n"
    findings = [f for f in Cleaner().check(text) if f.code == "L102"]
    assert len(findings) == 1
    assert text[findings[0].start:findings[0].end] == GERMAN
    assert "'de'" in findings[0].message


def test_short_lines_are_not_judged():
    text = f"{ENGLISH}\n{ENGLISH}\nDatenschutz\nImpressum und Kontakt\n"
    assert "L102" not in {f.code for f in Cleaner().check(text)}


def test_cheap_prefilters():
    assert script_of("Самые популярные кулинарные блоги и фудблогеры") == "cyrillic"
    assert function_language(GERMAN)[0] == "de"
    assert function_language(ENGLISH)[0] == "en"


def test_a_prepared_batch_reports_what_each_document_reports_alone(read_fixture):
    """`prepare` detects a batch at once; `check` must then say what it says without it."""
    from cleaner.document import Document, TextView
    from cleaner.pipeline import Context
    from cleaner.report.language import LanguageStage

    texts = [f"{ENGLISH}\n{ENGLISH}\n{GERMAN}\n", GERMAN + "\n", "short\n", "",
             read_fixture("report/article_comwrap_de.txt"), read_fixture("report/article_entermedia_ko.txt"),
             read_fixture("001_95c8228699a40873.txt"), f"{GERMAN}\n{ENGLISH}\n{ENGLISH}\n{GERMAN}\n"]
    for config in (Config(), Config(languages=("en",))):
        ctx = Context(config)
        views = [TextView.of(t) for t in texts]
        docs = [Document(t) for t in texts]
        alone = [list(LanguageStage().check(v, d, ctx)) for v, d in zip(views, docs)]
        stage = LanguageStage()
        stage.prepare(views, docs, ctx)
        assert [list(stage.check(v, d, ctx)) for v, d in zip(views, docs)] == alone
        assert any(f.code == "L102" for items in alone for f in items if hasattr(f, "code"))


def test_long_paragraphs_are_those_of_iter_paragraphs(read_fixture):
    from cleaner.document import iter_paragraphs
    from cleaner.report.language import _long_paragraphs

    texts = [read_fixture("report/article_comwrap_de.txt"), read_fixture("001_95c8228699a40873.txt"),
             "a" * 90 + "\r\n" + " " * 85 + "\n" + "b" * 80 + "\r\n" + "c" * 81 + "\r", "\r\n" * 3 + "x" * 100,
             "y" * 79 + "\r\n", "", "z" * 80, "\n" * 5 + "q" * 200 + "\n\n" + "w" * 81]
    for text in texts:
        expected = [(p.start, p.end, p.text) for p in iter_paragraphs(text) if len(p.text) >= 80]
        assert [(p.start, p.end, p.text) for p in _long_paragraphs(text)] == expected


EN = [("The government said on Monday that taxes would not rise next year, and the finance minister said public "
       "finances were stable after two difficult years of spending on energy support for households and firms."),
      ("The opposition called the plans inadequate and promised to table amendments when the budget reaches the "
       "floor of parliament next month, according to party officials who spoke on condition of anonymity.")]
OTHER = {
    "es": ("El Gobierno aprobó este martes el proyecto de ley de presupuestos para el próximo año, que incluye una "
           "subida de las pensiones y una rebaja de impuestos para las familias con hijos, según informó el ministro."),
    "nl": ("De regering heeft dinsdag het wetsvoorstel voor de begroting van volgend jaar goedgekeurd, dat een "
           "verhoging van de pensioenen en een belastingverlaging voor gezinnen met kinderen bevat, zei de minister."),
    "pt": ("O governo aprovou nesta terça-feira o projeto de lei do orçamento para o próximo ano, que inclui um "
           "aumento das pensões e uma redução de impostos para as famílias com filhos, disse o ministro ontem à tarde."),
}


def l_findings(text: str, **config) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in Cleaner(Config(select=("L",), **config)).check(text)]


def test_spanish_and_dutch_paragraphs_are_looked_at():
    # Function words they share with others ("que", "la", "de", "en") split their votes.
    for lang in ("es", "nl"):
        assert function_language(OTHER[lang])[0] == lang
        text = "\n".join(EN + [OTHER[lang], EN[0]]) + "\n"
        assert l_findings(text) == [("L102", f"paragraph in '{lang}' in a 'en' document")]


def test_a_paragraph_in_a_language_asked_for_is_not_reported():
    text = "\n".join(EN + [OTHER["pt"], EN[0]]) + "\n"
    assert l_findings(text, languages=("en", "pt")) == []
    assert l_findings(text, languages=("en",)) == [("L102", "paragraph in 'pt' in a 'en' document")]


def test_a_hard_wrapped_text_is_judged_by_paragraph():
    import textwrap

    text = "\n\n".join(textwrap.fill(p, 72) for p in EN + [OTHER["es"], EN[0]]) + "\n"
    assert l_findings(text) == [("L102", "paragraph in 'es' in a 'en' document")]


def test_a_one_line_brief_full_of_foreign_names_is_not_judged():
    for text in ("Sergio Mattarella appointed Mario Draghi as prime minister in Rome.",
                 "President Luiz Inacio Lula da Silva visited Sao Paulo and Rio de Janeiro."):
        assert l_findings(text, languages=("en",)) == []
    assert l_findings("Путин заявил, что переговоры с Украиной продолжатся на следующей неделе в Стамбуле.",
                      languages=("en",))[0][0] == "L101"  # a script of its own says enough in fewer characters
