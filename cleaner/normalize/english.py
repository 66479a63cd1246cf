"""Small, closed sets of English words the spacing and casing rules lean on.

Every set here is a closed grammatical class (articles, prepositions, months,
abbreviations that end in a period), not a vocabulary: open-class knowledge
(place names) comes from the gazetteer, and proper nouns from the document
itself. The casing rules run only on documents that look English
(`looks_english`): capitalisation conventions differ by language (Dutch and
Scandinavian months are lower case, German capitalises every noun).
"""

from __future__ import annotations

import functools
from collections import Counter
from importlib import resources

# Words frequent in English and rare in other languages written in Latin script
# ("in", "is", "was", "die" are left out: Dutch, German or Italian share them).
_ENGLISH_MARKERS = frozenset("the and of to that with for from this which have has were been would".split())
ENGLISH_MIN_MARKER_FRAC = 0.08  # clean English news scores 0.13-0.31 on control.jsonl; Italian 0.07


def looks_english(words: Counter[str]) -> bool:
    """True when a document's word counts read as English running text.

    A stop-word share, not a language detector: enough to keep English
    casing rules off German, Dutch or Portuguese text. A very list-like English
    page (a recipe) can fall below the cut; then the casing rules stay quiet.
    """
    total = sum(words.values())
    if total < 8:
        return False
    markers = sum(words[m] + words[m.capitalize()] for m in _ENGLISH_MARKERS)
    return markers / total >= ENGLISH_MIN_MARKER_FRAC


@functools.cache
def common_words() -> frozenset[str]:
    """The 10,000 most frequent English words (data/common_words.txt, see its builder)."""
    text = resources.files(__package__).joinpath("data", "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


MONTHS = frozenset("january february march april may june july august september october november december".split())
# Month names that are also ordinary words ("you may", "march on", "an august body").
AMBIGUOUS_MONTHS = frozenset({"may", "march", "august"})
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# Words that writers leave lower case inside Title Case headings (articles,
# coordinating conjunctions, prepositions, forms of "to be", pronouns): they
# are neither evidence for Title Case nor flagged.
MINOR_TITLE_WORDS = frozenset("""
    a an the and but or nor for so yet as at by in of off on per to up via vs v from into onto with
    over than upon out down near about after before between through under without within against
    among amid during like until unto across along around behind beyond despite toward towards
    is are was were be am been its it if how what when who why
    i me my we us our you your he him his she her they them their not am pm
""".split())

# A lowercase word after one of these reads as a common noun or a verb
# ("the house", "a swift response", "to trump"), not as a name.
DETERMINERS_AND_MODALS = frozenset("""
    a an the this that these those my your his her its our their whose every each any some no
    another either neither such what which whatever whichever to will would can could should may
    might must shall
""".split())

# Lowercase words that start an English sentence and are not file extensions or
# top-level domains: evidence that "aid.this" lost a space, where "Node.js" did not.
SENTENCE_OPENERS = frozenset("""
    the this these those they their there then she his her its our and but however when while
    which what was were are has had have will would could should also after before since with
    although because meanwhile many most some such each both that thus
""".split())

# Abbreviations that end in a period and are often followed by a lower-case
# word ("e.g. the", "approx. five", "et al. found"): a period after them does
# not end a sentence.
ABBREVIATIONS = frozenset("""
    etc eg ie vs al cf ca approx incl esp viz resp fig figs no nos vol vols pp p ed eds est
    dept govt jr sr st mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm inc corp co
    ltd bros mt ft jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs
    fri sat sun min mins max hr hrs sec secs yr yrs lb lbs oz tsp tbsp km kg mi cm mm ch para
    misc assn univ ave blvd rd hwy ref tel ext div msgr rev hon pres supt atty aka ibid cit seq ff
    op ex pt pts lit orig approx avg nr tbd
""".split())

# Top-level domains and file extensions that appear capitalised ("Booking.Com",
# "Mail.Ru", "Report.Pdf"): after a period they continue a name, not a sentence.
# Two-letter ones that open sentences ("In", "It", "No", "At", "Be", "Me") are left out.
DOMAIN_AND_FILE_ENDINGS = frozenset("""
    com net org edu gov mil int info biz io ai co uk de ru fr jp cn eu tv fm ly gg nz au
    ca es nl se pl ch br mx app dev online site pdf doc docx xls xlsx ppt pptx
    txt csv jpg jpeg png gif svg mp3 mp4 mov avi zip exe html htm php asp aspx js css json xml
""".split())

# Words that, after a place name, make it part of a longer name: "Kerch Strait".
GEOGRAPHIC_FEATURES = frozenset("""
    strait straits sea river lake bay gulf island islands isles peninsula mountains mountain
    canal channel valley desert ocean bridge harbor harbour
""".split())

# Prepositions after which a place name is expected ("in helsinki").
LOCATIVE_PREPOSITIONS = frozenset("""
    in near from at outside around across toward towards into through via within beyond
    throughout of
""".split())
