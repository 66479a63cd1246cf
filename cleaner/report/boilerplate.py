"""B: page furniture left in scraped text — one rule per kind, removal as the fix.

The judging happens in `boilerplate_layout.py` (phrases, line shape, position and
context together); this module turns its verdicts into findings, adds the
batch signal (a line seen on several pages of the same site is furniture), and
holds the rule definitions with their real-world examples.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from ..document import Document, Paragraph, TextView, remove_line
from ..findings import Finding, Severity
from ..pipeline import Annotation, Context, Corpus
from ..rules import Rule, define_rule
from ..textcache import line_cache
from . import boilerplate_phrases as ph
from .boilerplate_layout import OUTSIDE, Layout, Verdict, analyse
from .toc import toc_line_numbers

_FIX = "safe"

_RULES: dict[str, Rule] = {
    ph.NEWSLETTER: define_rule(
        "B101", "newsletter-prompt",
        "Newsletter or subscription prompt",
        """
        A call to subscribe ("Subscribe to our Newsletter", "Sign up for our daily
        email", "Get the latest ... in your inbox") and the blurb under it. It is the
        site talking to the reader, not the story. Fix: the line is removed.

        False positives: a sentence of the story that reports on a newsletter is kept
        unless it opens with the prompt itself.
        """,
        examples=["Putin's outreach was the talk of the week in Moscow and Washington, analysts said.\n"
                  "Subscribe to our Newsletter\n"
                  "Get the latest in enterprise business and tech with exclusive peeks at our new offerings\n"],
        counter_examples=["The company said more than a million readers subscribe to its newsletter, "
                          "which it launched in 2019 to reach younger audiences.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.BYLINE: define_rule(
        "B102", "byline-or-dateline",
        "Byline, dateline or reading-time line",
        """
        Author and date lines of the page template: "By", the author's name, "4 min
        read", "Updated 1:39 am EST, Wednesday, November 20, 2019", "About the author".
        Bylines are metadata (keep them in fields, not in the text). Fix: removed.

        False positives: a time stamp between two paragraphs of a live blog ("4:14
        p.m.") is kept.
        """,
        examples=["Putin's Calculated Outreach to Trump\n\nBy\nThomas Schmidt\n4 min read\n\n"
                  "In a moment that could reshape the future of global politics, Russian President Vladimir "
                  "Putin announced his willingness to engage with the newly inaugurated U.S. administration.\n"],
        counter_examples=["By the end of the week, negotiators had agreed on a ceasefire line that both sides "
                          "said they could defend at home.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.SHARE: define_rule(
        "B103", "share-or-follow-line",
        "Share buttons or follow-us line",
        """
        Social buttons and follow prompts ("Share this:", "Facebook", "Twitter",
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube."). Fix: removed.

        False positives: a story about a social network keeps its sentences; only
        bare button labels and prompts are flagged.
        """,
        examples=["The minister resigned on Tuesday after weeks of protests in the capital, his office said.\n"
                  "Share this:\nFacebook\nTwitter\n"],
        counter_examples=["Facebook said on Tuesday that it had removed thousands of accounts linked to the "
                          "campaign, and Twitter followed a day later.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.RELATED: define_rule(
        "B104", "related-links",
        "Related-links block",
        """
        "You May Also Like", "Related Stories", "Read more: ..." and the headlines
        listed under them: links to other stories, not this one. Fix: removed.

        False positives: a list that is part of the story directly after a paragraph
        is kept; a heading of the story that happens to read "Related" is not.
        """,
        examples=["The world stands at a critical crossroads, and the coming months will show which way it "
                  "turns.\n\nYou May Also Like\n"],
        counter_examples=["Officials said the two cases were related, but declined to give details about the "
                          "investigation.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.LEGAL: define_rule(
        "B105", "legal-or-disclaimer-line",
        "Copyright, cookie, privacy or submission disclaimer",
        """
        Legal furniture: "© 2019 CBS Interactive Inc. All Rights Reserved.", cookie
        notices, privacy and terms links, submission disclaimers ("This article is
        submitted by our user under the News Submission Rules..."), and the standard
        wording of health-product and advice disclaimers ("These statements have not been
        evaluated by the Food and Drug Administration", "... is for informational purposes
        only"). Fix: removed.

        False positives: a story about copyright law keeps its sentences; only short
        lines and the known disclaimer formulas are flagged.
        """,
        examples=["Analysts expect the talks to resume next month in Geneva.\n"
                  "This article is submitted by our user under the News Submission Rules and Guidelines. "
                  "The cover photo is computer generated art for illustrative purposes only; not indicative "
                  "of factual content.\n",
                  "Protein shakes are popular with runners, who drink them after long sessions.\n"
                  "*These statements have not been evaluated by the Food and Drug Administration. These products "
                  "are not intended to diagnose, treat, cure, or prevent any disease.\n",
                  "Shares of the company rose 4 percent on Tuesday after the results were published.\n"
                  "This article is for informational purposes only and does not constitute investment advice.\n"],
        counter_examples=["The court ruled that the photographs were protected by copyright and ordered the "
                          "magazine to pay damages to the agency.\n",
                          "The agency said it had not evaluated the new drug, which the company plans to sell "
                          "next year, and would not comment on its purposes.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.PROMO: define_rule(
        "B106", "promo-attribution",
        "Promotional attribution or call to action",
        """
        Lines that promote the outlet rather than report: "This article is written by
        the team of The Defense News.", "Originally published on Live Science.",
        "CLICK HERE TO GET THE FOX NEWS APP". Fix: removed.

        False positives: an attribution the user wants to keep (a wire credit) can be
        kept with `--ignore B106`.
        """,
        examples=["With global attention fixed on Anchorage, the stakes could hardly be higher.\n"
                  "✍️ This article is written by the team of The Defense News.\n"],
        counter_examples=["The article was written by a team of researchers at the university, who spent two "
                          "years collecting the data.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.CALLOUT: define_rule(
        "B107", "editorial-callout",
        "Editorial call-out box (\"Did you know?\", \"Pro tip:\")",
        """
        Boxes that content farms and SEO templates insert between paragraphs: "Did
        you Know? ...", "pro Tip: ...", "Fun fact: ...". They interrupt the story
        with generic filler. Fix: removed.

        False positives: a quote that starts with "Did you know" is flagged; the
        finding says which words matched.
        """,
        examples=["The conflict has seen periods of intense fighting and fragile ceasefires.\n"
                  "Did you Know? Russia's economic reliance on energy exports gives it significant leverage "
                  "in international relations.\n"],
        counter_examples=["Few voters knew about the plan. Did the minister know? Nobody in his office would "
                          "say.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.NAVIGATION: define_rule(
        "B108", "navigation-menu",
        "Navigation menu or site widget line",
        """
        Menu items, breadcrumbs and widget text of the page ("Home", "Sections",
        "Skip to content", runs of one-to-three-word links before or after the
        article). Fix: removed.

        False positives: short lines of an article that has no clear main text (a
        page of one-line items) are only flagged when they name themselves.
        """,
        examples=["Home\nWorld\nPolitics\nBusiness\nSports\n\n"
                  "Officials in the capital said on Monday that the new budget would be presented to "
                  "parliament next week, after months of negotiations between the coalition partners.\n"
                  "The opposition has promised to vote against it and called for early elections.\n"],
        counter_examples=["Back to the drawing board, the engineers said, after the prototype failed its first "
                          "test in the desert.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.ADVERT: define_rule(
        "B109", "advertisement-marker",
        "Advertisement marker",
        """
        "Advertisement", "Continue reading the main story", "Story continues below":
        slots where an ad was. Fix: removed.

        False positives: none known; a heading "Advertising" of a story about the ad
        industry would be flagged when it stands alone.
        """,
        examples=["The company reported a loss for the third quarter in a row, shares fell 4 percent.\n"
                  "Advertisement\n"
                  "Its chief executive said the turnaround would take another year.\n"],
        counter_examples=["Advertisement spending fell sharply during the pandemic, the industry group said "
                          "in its annual report.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.CAPTION: define_rule(
        "B110", "photo-caption-or-credit",
        "Photo caption or credit",
        """
        Credits ("Sonu Mehta/Hindustan Times/Getty Images", "Photo: AP", "(Image:
        GETTY)") and the caption just above a credit. Captions describe a picture the
        text no longer has. Fix: removed.

        False positives: a short paragraph directly above a photographer credit is
        taken for its caption.
        """,
        examples=["Burning crop stubble outside of Delhi is sending smoke into the city.\n"
                  "Sonu Mehta/Hindustan Times/Getty Images\n"],
        counter_examples=["The photographer, who works for Getty Images, said he had never seen smoke this "
                          "thick over the city.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    ph.COMMENTS: define_rule(
        "B111", "comment-section",
        "Comment section",
        """
        Comment counts, "Leave a Reply", login prompts and the comments under them:
        readers' text, not the article's. Fix: removed.

        False positives: a story quoting "no comment" keeps its sentences.
        """,
        examples=["The council approved the plan by seven votes to two on Thursday evening.\n"
                  "Leave a Reply\n"],
        counter_examples=["The spokesman said he would not comment on the investigation while it was "
                          "ongoing.\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
    OUTSIDE: define_rule(
        "B112", "text-outside-article",
        "Text outside the article on a whole page",
        """
        On a whole page (one with menus, share strips or legal lines), the lines before
        and after the main text: teasers of other stories, sidebars, widgets. The main
        text is the run of lines with the most prose. Fix: removed.

        False positives: a second part of the article separated from the first by a
        large block of furniture is taken for a sidebar.
        """,
        examples=["Home\nNews\nSport\nWeather\n\n"
                  "Officials in the capital said on Monday that the new budget would be presented to parliament "
                  "next week, after months of negotiations between the coalition partners and the unions.\n"
                  "The opposition has promised to vote against it and called for early elections in spring.\n\n"
                  "Share this:\nFacebook\nTwitter\n"
                  "Weston captures 7th straight Class S swim title\n"
                  "Privacy Policy\nTerms of Use\n"],
        counter_examples=["Officials said on Monday that the budget would be presented next week.\n"
                          "Weston captures 7th straight Class S swim title\n"],
        fix=_FIX, severity=Severity.INFO,
    ),
}

REPEATED = define_rule(
    "B113", "line-repeated-across-site",
    "Line seen on several other pages of the same site",
    """
    A short line that recurs on other pages of the same site (same `url` host or
    `source`; documents without either form one group) is template furniture even
    when no other rule knows its wording. Counted over the batch in input order, so
    it applies from the page after the threshold is reached
    (`[tool.cleaner.boilerplate] repeated-line-min-docs`, default 2). A page that
    copies one seen before (a third of its prose seen already: the same article
    scraped twice) is not counted: its own short lines are not the site's.

    False positives: a heading repeated on every page of a series ("Ingredients") is
    exempt when it is followed by the article's prose; the cells of a table in the
    article printed one cell per line (a lone "0") are neither counted nor flagged.
    """,
    examples=[
        "Officials approved the new road plan on Monday after a long public hearing in the town hall.\n"
        "Hearst Connecticut Media Group\n",
        "The school board voted to delay the start of classes by one week because of the repairs.\n"
        "Hearst Connecticut Media Group\n",
        "Police arrested two men on Tuesday after a chase that ended on the highway near the exit.\n"
        "Hearst Connecticut Media Group\n",
    ],
    counter_examples=["Police arrested two men on Tuesday after a chase that ended on the highway.\n"
                      "Hearst Connecticut Media Group\n"],
    fix=_FIX, severity=Severity.INFO,
)

_CODES = tuple(r.code for r in _RULES.values()) + (REPEATED.code,)

_MESSAGES = {
    ph.NEWSLETTER: "newsletter prompt",
    ph.BYLINE: "byline or dateline",
    ph.SHARE: "share/follow line",
    ph.RELATED: "related links",
    ph.LEGAL: "legal or disclaimer line",
    ph.PROMO: "promotional line",
    ph.CALLOUT: "editorial call-out",
    ph.NAVIGATION: "navigation",
    ph.ADVERT: "advertisement marker",
    ph.CAPTION: "photo caption or credit",
    ph.COMMENTS: "comment section",
    OUTSIDE: "outside the article",
}


def _message(verdict: Verdict, layout: Layout) -> str:
    what = _MESSAGES[verdict.category]
    evidence = verdict.evidence
    if verdict.category == OUTSIDE and layout.block is not None:
        first = layout.lines[layout.block[0]].lineno
        last = layout.lines[layout.block[1]].lineno
        return f"{what}: the main text is lines {first}-{last}"
    if evidence.startswith(("under ", "above ", "between ", "menu ", "caption ", "name ", "link ", "share ", "date ")):
        return f"{what}: {evidence}"
    return f"{what}: '{evidence}'"


# A line that may count towards the batch signal: (digest, line number in the view,
# start, end of its span in the view, exempt), exempt for prose or a heading before
# prose, which the batch signal leaves alone. A plain tuple: the main process
# unpickles one per short line of every page, ten times faster than a dataclass.
_LineKey = tuple[int, int, int, int, bool]


@dataclass(frozen=True, slots=True)
class BoilerplateFeatures:
    group: str  # the site: URL host, else source, else "" (documents of unknown origin)
    keys: tuple[_LineKey, ...]  # candidate lines, not already judged by the layout


_WORDS_RE = re.compile(r"[^\W\d_]+|\d+")


@line_cache(maxsize=8192)  # news repeats lines: most were seen a few pages earlier
def _digest(text: str) -> int:
    """The line's words, in lower case, numbers as 0: the same line scraped with other
    markup ("**Pro tip:** [Get more ideas here][10]!"), quotes or spacing is the same line."""
    words = ["0" if w[0].isdigit() else w for w in _WORDS_RE.findall(text.lower())]
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest(), "big")


def site_of(doc: Document) -> str:
    """The group a document's template belongs to: URL host, else `source`, else ""."""
    if doc.url:
        host = urlsplit(doc.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return doc.source or ""


class BoilerplateStage:
    """Flags page furniture; fixes remove the lines."""

    name = "boilerplate"
    codes = _CODES
    transforms = False

    _cached: tuple[TextView, Layout, set[int]] | None = None

    def _layout(self, view: TextView, ctx: Context) -> Layout:
        return self._layout_and_toc(view, ctx)[0]

    def _layout_and_toc(self, view: TextView, ctx: Context) -> tuple[Layout, set[int]]:
        # `check` and `features` see the same view one after the other: analyse it once.
        cached = self._cached
        if cached is not None and cached[0] is view:
            return cached[1], cached[2]
        skip = toc_line_numbers(view.text)
        layout = analyse(view.text, ctx.config.boilerplate.sensitivity, skip)
        self._cached = (view, layout, skip)
        return layout, skip

    def check(self, view: TextView, doc: Document, ctx: Context) -> Iterable[Finding | Annotation]:
        layout = self._layout(view, ctx)
        text = view.text
        content_end = len(text.rstrip("\r\n"))
        closing = _closing_lines_of_removed_blocks(layout)
        for verdict in layout.verdicts:
            rule = _RULES[verdict.category]
            para = verdict.line.para
            yield Finding(rule.code, _message(verdict, layout), para.start, para.end, rule.severity,
                          remove_line(text, para, content_end, verdict.line.index in closing),
                          {"category": verdict.category})

    def features(self, view: TextView, doc: Document, ctx: Context) -> BoilerplateFeatures | None:
        if ctx.config.boilerplate.repeated_line_min_docs is None:
            return None
        layout, skip = self._layout_and_toc(view, ctx)
        judged = {v.line.index for v in layout.verdicts} | _table_cells(layout)
        exempt = _exempt_lines(layout)
        keys = []
        for line in layout.lines:
            if line.index in judged or line.lineno in skip or line.words > 30 or line.words == 0:
                continue
            keys.append((_digest(line.text), line.lineno, line.para.start, line.para.end, line.lineno in exempt))
        return BoilerplateFeatures(site_of(doc), tuple(keys))

    def reconcile(self, features: BoilerplateFeatures | None, view: TextView, doc: Document, corpus: Corpus,
                  ctx: Context) -> Iterable[Finding | Annotation]:
        if features is None:
            return
        counts: dict[int, int] = corpus.state("boilerplate.site_lines", dict).setdefault(features.group, {})
        repeated = repeated_lines(features, counts, ctx.config.boilerplate.repeated_line_min_docs)
        yield from repeated_line_findings(features, repeated, view)


# A candidate line of a page that B113 flags: its index in the page's
# `BoilerplateFeatures.keys`, and on how many other pages of the site it was seen.
Repeated = tuple[int, int]


def repeated_lines(features: BoilerplateFeatures, counts: dict[int, int], min_docs: int | None) -> list[Repeated]:
    """Count the page's lines into its site's ``counts`` (the site's pages so far, in
    input order) and say which of them are furniture. Only the features are read,
    so the counting can run where the page's text is not (the Ray engine's group by site)."""
    # A copy of a page seen before (the same article scraped twice) says nothing
    # about the site's template: its lines are not counted again, or the article's
    # own short lines would pass for furniture on the third copy.
    copy = _is_copy(features.keys, counts)
    # A page counts once per line, but every copy of a furniture line on it is
    # reported: flagging only the first would leave the next copy for the next
    # --fix run, and fixing would never settle.
    others_by_digest: dict[int, int] = {}
    out: list[Repeated] = []
    for i, (digest, _, _, _, exempt) in enumerate(features.keys):
        others = others_by_digest.get(digest)
        if others is None:
            others = others_by_digest[digest] = counts.get(digest, 0)
            if not copy:
                counts[digest] = others + 1
        if min_docs is None or others < min_docs or exempt:
            continue
        out.append((i, others))
    if len(counts) > _MAX_LINES_PER_SITE:
        _prune(counts)
    return out


def repeated_line_findings(features: BoilerplateFeatures, repeated: Iterable[Repeated],
                           view: TextView) -> Iterator[Finding]:
    """The B113 findings (offsets of ``view``, the page's analysed view) of `repeated_lines`."""
    content_end = None
    for i, others in repeated:
        _, lineno, start, end, _ = features.keys[i]
        if content_end is None:
            content_end = len(view.text.rstrip("\r\n"))
        para = Paragraph(lineno, start, end, view.text[start:end])
        yield Finding(REPEATED.code, f"line repeated on {others} other pages of {features.group or 'this batch'}",
                      para.start, para.end, REPEATED.severity, remove_line(view.text, para, content_end))


_MAX_LINES_PER_SITE = 200_000


def _is_copy(keys: tuple[_LineKey, ...], counts: dict[int, int]) -> bool:
    """Is this page a copy of one seen before: at least a third of its own text (prose,
    and headings over prose) seen already, or, with none, every line of it? (Versions
    of one story from other extractors, or lightly edited, share a third or more of
    their paragraphs word for word; different stories of a site, none or one.)"""
    own = {digest for digest, _, _, _, exempt in keys if exempt}
    if own:
        return 3 * sum(1 for digest in own if digest in counts) >= len(own)
    return bool(keys) and all(digest in counts for digest, *_ in keys)


def _prune(counts: dict[int, int]) -> None:
    """Forget lines seen once when a site's table grows large (a long crawl)."""
    for digest in [d for d, n in counts.items() if n <= 1]:
        del counts[digest]


def _closing_lines_of_removed_blocks(layout: Layout) -> set[int]:
    """Indices of the last lines of blocks (lines between blank lines) whose every
    line is furniture: their removal takes the blank lines under them too."""
    judged = {v.line.index for v in layout.verdicts}
    lines = layout.lines
    out: set[int] = set()
    whole = True
    for i, line in enumerate(lines):
        if line.blank_before:
            whole = True
        whole = whole and i in judged
        if whole and (i + 1 == len(lines) or lines[i + 1].blank_before):
            out.add(i)
    return out


def _table_cells(layout: Layout) -> set[int]:
    """Indices of the lines of the tables in the article printed one cell per line: a
    lone "0" or "12" recurs on every page of a site that prints tables; it is data
    there, not the template's, and says nothing of the site either."""
    if layout.block is None or not layout.cell_tables:
        return set()
    a, b = layout.block
    return {i for t in layout.cell_tables if a <= t.first and t.last <= b for i in range(t.first, t.last + 1)}


def _exempt_lines(layout: Layout) -> set[int]:
    """Line numbers the batch signal leaves alone: prose, and headings followed by prose."""
    out = set()
    lines = layout.lines
    kinds = layout.kinds
    for i, line in enumerate(lines):
        if kinds[i] == "P" or line.is_prose:
            out.add(line.lineno)
        elif i + 1 < len(lines) and kinds[i + 1] == "P" and line.words <= 12:
            out.add(line.lineno)
    return out
