"""Phrase evidence per category: real furniture lines, and article sentences that must not match.

Lines come from the benchmark pages in fixtures/report (see its README) and the seeds.
"""

from __future__ import annotations

import pytest

from cleaner.report import boilerplate_phrases as ph
from cleaner.report.boilerplate_kinds import phrase_of
from cleaner.report.lines import describe_line
from cleaner.document import Paragraph


def category(text: str) -> str | None:
    hit = phrase_of(describe_line(0, Paragraph(1, 0, len(text), text), False))
    return hit.category if hit else None


@pytest.mark.parametrize("text,expected", [
    ("Subscribe to our Newsletter", ph.NEWSLETTER),  # seed 003
    ("Receive the latest local updates in your inbox", ph.NEWSLETTER),  # nbcdfw.com
    ("Let our news meet your inbox. The news and stories that matters, delivered weekday mornings.", ph.NEWSLETTER),
    ("Subscribe To Our Mailing List", ph.NEWSLETTER),  # indiapost.com
    ("Enter your email address:", ph.NEWSLETTER),
    ("Stay up to date with Ascom.", ph.NEWSLETTER),  # ascom.com, above its sign-up box
    ("You have succesfully subscribed. Thank you!", ph.NEWSLETTER),  # ascom.com (sic)
    ("Thank you for subscribing!", ph.NEWSLETTER),
    ("4 min read", ph.BYLINE),  # seed 003
    ("By Jamelle Bouie", ph.BYLINE),  # nytimes.com
    ("Tempo de leitura: 1 minuto", ph.BYLINE),  # comoeducarseusfilhos.com.br
    ("Updated 1:39 am EST, Wednesday, November 20, 2019", ph.BYLINE),  # ctpost.com
    ("Published: Nov 20, 2019 | Updated: Nov 21, 2019", ph.BYLINE),  # two dates, but the story's
    ("November 18, 2019 | 4:10pm", ph.BYLINE),
    ("Posted on Maret 30, 2015 by Admin", ph.BYLINE),  # kabarislamia.com
    ("Текст: Венера Ерофеева · 24 сентября 2018", ph.BYLINE),  # wday.ru
    ("Share this:", ph.SHARE),
    ("Facebook Twitter Pinterest Email", ph.SHARE),
    ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", ph.SHARE),  # bbc.com
    ("Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram.", ph.SHARE),
    ("You May Also Like", ph.RELATED),  # seed 003
    ("You might also like", ph.RELATED),  # fuzzy
    ("Read more: Alibaba poised to launch record-breaking $13.4bn Hong Kong listing", ph.RELATED),  # cityam
    ("Also on rt.com Journalists & politicians from Morales’ party threatened with sedition arrests", ph.RELATED),
    ("More Great WIRED Stories", ph.RELATED),
    ("Leia também", ph.RELATED),
    ("© 2019 CBS Interactive Inc. All Rights Reserved.", ph.LEGAL),
    ("This website uses cookie or similar technologies to enhance and improve your browsing experience.", ph.LEGAL),
    ("Copyright ⓒ Entermedia.co.kr. 무단전재 및 재배포 금지", ph.LEGAL),
    ("This article is submitted by our user under the News Submission Rules and Guidelines.", ph.LEGAL),
    ("✍️ This article is written by the team of The Defense News.", ph.PROMO),  # seed 000
    ("CLICK HERE TO GET THE FOX NEWS APP", ph.PROMO),
    ("Did you Know? Russia’s economic reliance on energy exports gives it significant leverage.", ph.CALLOUT),
    ("pro Tip: Understanding the historical context of the conflict is crucial.", ph.CALLOUT),  # seed 002
    ("Skip to content Skip to site index", ph.NAVIGATION),
    ("Advertisement", ph.ADVERT),
    ("Continue reading the main story", ph.ADVERT),
    ("Sonu Mehta/Hindustan Times/Getty Images", ph.CAPTION),  # vox.com
    ("Photo: Damian Dovarganes, AP", ph.CAPTION),  # ctpost.com
    ("Protesters have worn masks to protect their identities (Image: GETTY )", ph.CAPTION),  # express.co.uk
    ("Image copyright Getty Images", ph.CAPTION),  # bbc.com
    ("0 Comments", ph.COMMENTS),
    ("Leave a Reply", ph.COMMENTS),
    ("You are commenting using your Twitter account. ( Logout / Ubah)", ph.COMMENTS),
    ("As you comment, please be respectful of other commenters and other viewpoints.", ph.COMMENTS),  # twincities
    ("Share All sharing options for: The law that’s helping fuel Delhi’s deadly air pollution", ph.SHARE),  # vox
    ("Trump asked voters in Louisiana for a big win. He didn’t get it. Credit... Doug Mills/The New York Times",
     ph.CAPTION),  # nytimes.com
    ("The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)", ph.CAPTION),  # sciencealert.com
    ("Rep. Ilhan Omar, D-Minn., speaks at the Capitol on July 25, 2019. J. Scott Applewhite / AP file",
     ph.CAPTION),  # nbcnews.com
    ("Sometimes we include links to online retail stores. If you click on one and make a purchase we may "
     "receive a small commission.", ph.LEGAL),  # zdnet.com
    ("you are here: Home News Business Markets", ph.NAVIGATION),  # moneycontrol.com
    ("This slideshow requires JavaScript.", ph.NAVIGATION),  # morebikes.co.uk
    ("CO-FOUNDER 'PROUD' OF HOME DEPOT EMPLOYEES LIVING OUT THEIR AMERICAN DREAM", ph.RELATED),  # foxbusiness
    ("By Kashmira Gander On 11/13/19 at 4:00 PM EST", ph.BYLINE),  # newsweek.com
    ("Catherine Shu @catherineshu / 2 days", ph.BYLINE),  # techcrunch.com
    ("Copy Link URL Copied!", ph.SHARE),  # latimes.com
    ("Next Up In Science & Health", ph.RELATED),  # vox.com
    ("Get Motor Cycle Monthly delivered through your letterbox every month. 12 issues for £11.99. Click here for "
     "more information", ph.NEWSLETTER),  # morebikes.co.uk
    ("Tell us what YOU think...", ph.PROMO),
    ("Tom Davies Associated Press", ph.BYLINE),  # detroitnews.com
    ("Detroit News wire services", ph.BYLINE),
    ("Monday November 18, 2019 7:45 am PST by Joe Rossignol", ph.BYLINE),  # macrumors.com
    ("Jason Cipriani/ZDNet", ph.CAPTION),  # zdnet.com
    ("(Walt Disney Co.)", ph.CAPTION),  # latimes.com, under a photo
    ("An email with an activation link has just been sent to your email address. Please activate your "
     "subscription by clicking on the activation link inside the email.", ph.NEWSLETTER),  # ascom.com
    ("Meg James is a corporate media reporter for the Los Angeles Times, covering the business of television "
     "and digital disruption in the entertainment industry. She has written about the industry since 2001, "
     "first at a trade paper and then at the Times, where she covers the networks, the studios, the pay-TV "
     "companies and the streaming services that now compete with them for viewers and advertisers.",
     ph.BYLINE),  # a long bio box (over 60 words)
])
def test_furniture_lines(text, expected):
    assert category(text) == expected


@pytest.mark.parametrize("text", [
    # article sentences that mention the same words
    "The company said more than a million readers subscribe to its newsletter, which it launched in 2019.",
    "By the end of the week, negotiators had agreed on a ceasefire line that both sides could defend.",
    "Facebook said on Tuesday that it had removed thousands of accounts linked to the campaign.",
    "Officials said the two cases were related, but declined to give details about the investigation.",
    "The court ruled that the photographs were protected by copyright and ordered the magazine to pay.",
    "Voters were asked to register by email before the deadline, the election office said on Monday.",
    "Trump has hinted that the meeting is a “feel-out session”, but his comments suggest the door is open.",
    "A clash of Wills: Trump and Putin",  # seed 002 heading
    "Short-Term Possibilities",  # seed 003 heading
    "Case Study: The kerch strait Incident (2018)",
    "NISSAN SENTRA",  # ctpost.com section heading of the article
    "HOW TO USE A WATER BATH CANNER",  # a recipe's heading in capitals
    "He said the credit card data of 2 million customers was stolen, though the bank disputes that figure.",
    "The ratio was 3/4 (three quarters) in the first survey and 1/2 in the second one, the authors said.",
    "Clicks on ads fell 20 percent in the third quarter, the company said on Tuesday.",
    "1 Kevin Harvick 5033 4 6 15 26",  # a standings row
    "Residents should stay up to date with the forecasts as the storm approaches, officials said.",
    "Stay up to date with the latest on the storm, which has killed 12 people so far this week.",
    "Analysts said the magazine lost readers after it asked them to confirm your subscription twice.",
    "the protesters were dispersed, police told the Associated Press",  # a hard-wrapped line
    "(Reporting continues below the map.)",  # a sentence in brackets
    "The vote was postponed on Monday by Congress",
    "Revenue rose 4/5 of a point",
    "(Vinile)",  # a product's format, split from its name by an extractor
    "The parcels were delivered to your door within two days, the company promised its customers in 2019.",
    "Tell us what you think about the plan, the mayor urged residents at the meeting on Tuesday evening.",
    "Have Your Say",  # a BBC menu item, not a comment section
    "29 November 2018 | 20 January 2019",  # an exhibition's dates, not the story's
    "2018.04.05 ~ OPEN RUN",  # a show's run
    "Jan 1, 2019 - Dec 31, 2019",
])
def test_article_lines(text):
    assert category(text) is None


@pytest.mark.parametrize("text", [
    "subscribe " + "a " * 20000 + "newsletter",
    "follow " * 5000,
    "(" + "a/" * 5000 + ")",
    "by " + "1/1/1 " * 3000,
    "©" * 10000,
    "x" * 100000,
    " / " * 10000 + "ap",
])
def test_hostile_lines_are_fast(text):
    import time

    start = time.perf_counter()
    for words in (5, 30, 10 ** 6):
        ph.match_patterns(text, words)
    ph.match_label(text[:60])
    ph.is_date_line(text, 5)
    assert time.perf_counter() - start < 0.5


def _first_rule_that_matches(text: str, words: int):
    """`match_patterns` without its shortcuts: every rule in order (needles only as the bucket's gate)."""
    import unicodedata

    low = unicodedata.normalize("NFKC", text).lower().strip()
    low = ph._LEAD_RE.sub("", low) if low[:1] and not low[:1].isalnum() else low
    bucket_needles = ph._BY_WORDS[min(words, ph._MAX_WORDS + 1)].rules_with
    for rule in ph._PATTERNS:
        if words > rule.max_words:
            continue
        if rule.needles and not any(n in low[:2000] for n in bucket_needles):
            continue
        m = rule.regex.search(low)
        if m is not None:
            return rule.category, m.group(0).strip()
    return None


def test_pattern_shortcuts_change_no_hit():
    # The trie gate, the substring tests and the anchored alternation only skip work.
    from pathlib import Path

    from cleaner.report.lines import describe_text

    lines = {}
    for path in sorted((Path(__file__).resolve().parents[2] / "fixtures" / "report").glob("*.txt")):
        for line in describe_text(path.read_text(encoding="utf-8")):
            lines.setdefault(line.text, line.words)
    assert len(lines) > 300
    for text, words in lines.items():
        for n in {words, 2, 6, 12, 30, 50, 100}:
            hit = ph.match_patterns(text, n)
            assert ((hit.category, hit.label) if hit else None) == _first_rule_that_matches(text, n), (text, n)
