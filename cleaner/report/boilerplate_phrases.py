"""Word lists and patterns of page furniture, one category per boilerplate rule.

Patterns run on one line at a time (lower-cased, leading bullets and emoji
stripped), use bounded repetition only, and are anchored or short, so that a
hostile line costs linear time. Short lines are also compared with a list of
canonical labels ("you may also like", "share this article"...) with rapidfuzz,
because sites vary the wording ("You might also like", "Related Stories").

The lists cover English and the phrases news sites most often leave in other
languages (es, pt, fr, de, it, ru, id, ko...). A phrase match is evidence, not a
verdict: `boilerplate_layout.py` weighs it with the line's shape and position,
so an article sentence that mentions a newsletter is not removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

try:  # Python 3.11+
    import re._constants as sre_constants
    import re._parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from rapidfuzz import fuzz, process

# Categories; each maps to one B rule (see boilerplate.py).
NEWSLETTER = "newsletter"
BYLINE = "byline"
SHARE = "share"
RELATED = "related"
LEGAL = "legal"
PROMO = "promo"
CALLOUT = "callout"
NAVIGATION = "navigation"
ADVERT = "advert"
CAPTION = "caption"
COMMENTS = "comments"


@dataclass(frozen=True, slots=True)
class PhraseHit:
    category: str
    label: str  # what matched, for the message
    whole_line: bool  # the line is nothing but the phrase (a label, not a sentence)
    opens_sentence: bool = True  # the match starts the line or one of its sentences


# -- canonical short labels (whole line) -----------------------------------------------
# A line that is (nearly) exactly one of these is furniture of that category.
_LABELS: dict[str, tuple[str, ...]] = {
    NEWSLETTER: (
        "newsletter", "newsletters", "subscribe", "subscribe now", "subscribe today", "subscribe here",
        "sign up", "sign up now", "sign up for our newsletter", "subscribe to our newsletter",
        "newsletter sign up", "newsletter signup", "get our newsletter", "join our newsletter",
        "join our mailing list", "subscribe to our mailing list", "follow by email", "email newsletters",
        "breaking news emails", "more newsletters", "get the newsletter", "free newsletter",
        "subscribe sign in", "to read the full story", "subscribe to continue reading",
        "already a subscriber", "become a member", "get unlimited access", "enter your email",
        "enter your email address", "your email address", "email address", "sign up for free",
        "register for free", "subscribe to our digital edition", "digital subscriptions",
        # other languages
        "abonnieren", "newsletter abonnieren", "jetzt abonnieren", "suscríbete", "suscribirse",
        "boletín", "inscreva-se", "assine", "assine já", "iscriviti", "iscriviti alla newsletter",
        "abonnez-vous", "s'abonner", "inscrivez-vous", "подписаться", "подпишитесь", "рассылка",
        "berlangganan", "구독", "뉴스레터",
    ),
    BYLINE: (
        "about the author", "about the authors", "about the writer", "author bio", "author profile",
        "more from this author", "more by this author", "sobre o autor", "sobre a autora", "sobre el autor",
        "à propos de l'auteur", "über den autor", "über die autorin", "l'autore", "об авторе", "tentang penulis",
    ),
    SHARE: (
        "share", "share this", "share this:", "share this article", "share this story", "share this post",
        "share on facebook", "share on twitter", "share via email", "share article", "share story",
        "tweet", "tweet this", "pin it", "email", "e-mail", "print", "print this", "print this article",
        "print article", "copy link", "copy", "link", "embed", "facebook", "twitter", "instagram",
        "youtube", "linkedin", "pinterest", "whatsapp", "reddit", "tumblr", "telegram", "snapchat",
        "flipboard", "messenger", "pocket", "google+", "google plus", "vk", "sms", "more sharing options",
        "follow us", "follow", "connect", "connect with us", "social", "social plugin", "like this:",
        "like us on facebook", "follow us on twitter", "follow us on instagram", "share this page",
        # other languages
        "teilen", "compartir", "compartilhar", "partager", "condividi", "поделиться", "bagikan",
        "cetak", "surat elektronik", "imprimir", "drucken", "stampa", "imprimer", "공유", "인쇄하기",
        "sukai ini:", "suka memuat...", "seguir", "síguenos", "folgen", "suivez-nous", "seguici",
    ),
    RELATED: (
        "related", "related articles", "related stories", "related posts", "related news",
        "related content", "related coverage", "related links", "related reading", "related topics",
        "related tags", "related tags:", "related video", "related videos", "related searches",
        "you may also like", "you might also like", "you may like", "you may like these posts",
        "you might be interested in", "we recommend", "recommended", "recommended for you",
        "recommended stories", "recommended articles", "recommended reading", "more from", "more stories",
        "more news", "more articles", "more videos", "more to explore", "also read", "read more",
        "read next", "read also", "see also", "see more", "up next", "watch next", "what to read next",
        "further reading", "more on this story", "more on this topic", "editor's picks", "editors' picks",
        "editor's choice", "most popular", "most read", "most viewed", "most shared", "most popular articles",
        "most popular videos", "popular", "popular posts", "popular stories", "popular now",
        "trending", "trending now", "trending news", "trending stories", "top stories", "latest",
        "latest news", "latest stories", "latest posts", "recent posts", "recent articles", "recent news",
        "random posts", "don't miss", "do not miss", "in case you missed it", "around the web",
        "from around the web", "sponsored stories", "promoted stories", "more like this", "tags", "tags:",
        "topics", "topics:", "filed under", "filed under:", "categories", "categories:", "category",
        "photo gallery", "videos", "more videos", "breaking news", "more:", "you are at:", "you are here",
        "top posts", "top posts & pages", "trending topics", "hot topics", "more in",
        # other languages
        "leia também", "leia mais", "veja também", "veja mais", "lee también", "lea también",
        "te puede interesar", "más noticias", "lire aussi", "à lire aussi", "à lire également",
        "sur le même sujet", "weitere artikel", "mehr zum thema", "das könnte sie auch interessieren",
        "leggi anche", "potrebbe interessarti", "articoli correlati", "читайте также", "похожие статьи",
        "другие новости", "новости по теме", "baca juga", "artikel terkait", "terkait", "berita terkait",
        "tulisan terkini", "kategori", "관련기사", "많이 본 뉴스", "많이 본 칼럼", "주요뉴스",
    ),
    LEGAL: (
        "privacy", "privacy policy", "privacy notice", "privacy & policy", "privacy and cookies",
        "cookie policy", "cookies", "cookie settings", "terms", "terms of use", "terms of service",
        "terms of sale", "terms and conditions", "terms & conditions", "disclaimer", "legal",
        "your ad choices", "ad choices", "interest based ads", "do not sell my personal information",
        "do not sell my info", "your california privacy rights", "accessibility", "copyright policy",
        "data policy", "subscriber agreement & terms of use", "imprint", "impressum", "datenschutz",
        "aviso legal", "política de privacidad", "política de privacidade", "mentions légales",
        "пользовательское соглашение", "개인정보취급방침",
    ),
    ADVERT: (
        "advertisement", "advert", "ad", "ads", "sponsored", "sponsored content", "paid content",
        "continue reading the main story", "continue reading below", "story continues below",
        "story continues below advertisement", "article continues below", "article continues below advertisement",
        "scroll to continue with content", "advertise", "advertisement - scroll to continue",
        "anzeige", "werbung", "publicidad", "publicidade", "publicité", "pubblicità", "реклама", "iklan", "광고",
    ),
    NAVIGATION: (
        "home", "homepage", "home page", "menu", "main menu", "search", "sections", "sign in", "log in",
        "login", "log out", "logout", "register", "my account", "account", "skip to content",
        "skip to main content", "skip to navigation", "skip to site index", "skip to content skip to site index",
        "back to top", "return to top", "scroll back to top", "go to top", "top", "site index", "site map",
        "sitemap", "contact", "contact us", "about", "about us", "careers", "jobs", "help", "faq",
        "rss", "rss feed", "rss feeds", "archives", "archive", "more", "all", "close", "open", "next",
        "previous", "prev", "next article", "previous article", "next post", "previous post", "back",
        "go back", "menu sections", "site information navigation", "toggle navigation", "navigation",
        "open menu", "close menu", "search →", "language", "english", "edition", "print edition",
        "today's paper", "live tv", "video", "watch", "listen", "podcasts", "loading", "loading...",
        "x", "«", "»", "« »", "replay", "expand", "collapse", "view all", "see all", "show more", "load more",
        "inicio", "início", "startseite", "accueil", "главная", "beranda", "홈",
    ),
    COMMENTS: (
        "comments", "comment", "0 comments", "no comments", "leave a comment", "leave a reply",
        "post a comment", "add a comment", "add comment", "view comments", "show comments",
        "join the conversation", "join the discussion", "top rated comments", "read all comments",
        "view all comments", "see all comments", "show all comments", "most recent comments", "recent comments", "be the first to comment", "reply", "comment policy",
        "comentários", "comentarios", "comente!", "kommentare", "commentaires", "commenti", "комментарии",
        "balas", "tinggalkan balasan", "댓글",
    ),
}


@lru_cache(maxsize=1024)  # a short line is normalised for a label, then for a share strip
def _norm(text: str) -> str:
    """Lower-case, strip bullets, emoji, counts and trailing punctuation: 'Share (12) »' -> 'share'."""
    text = unicodedata.normalize("NFKC", text).lower().strip()
    text = _EDGE_RE.sub("", text)
    text = _COUNT_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


_EDGE_RE = re.compile(r"^[\W_]{1,6}|[\s|•·:,.;!›>→]{1,6}$")
_LEAD_RE = re.compile(r"^[^\w©ⓒ(\[@#]{1,6}")  # bullets and emoji before a line, not "©" or "("
_COUNT_RE = re.compile(r"\s?[(\[]\d{1,7}[)\]]$|^\d{1,7}\s")
_SPACE_RE = re.compile(r"\s{2,}")

_LABEL_TO_CATEGORY: dict[str, str] = {}
for _cat, _labels in _LABELS.items():
    for _label in _labels:
        _LABEL_TO_CATEGORY.setdefault(_norm(_label) or _label, _cat)
_FUZZY_CHOICES = [k for k in _LABEL_TO_CATEGORY if len(k) >= 9]


@lru_cache(maxsize=None)
def _fuzzy_choices(length: int) -> list[str]:
    """The labels that `fuzz.ratio` may score 88 or more against a key of ``length``
    characters: it is 100 * (1 - distance / total length), and the distance is at
    least the difference in length. (Order kept: ties go to the first label.)"""
    return [c for c in _FUZZY_CHOICES if 100 * abs(len(c) - length) <= 12 * (len(c) + length) + 1]


@lru_cache(maxsize=4096)
def match_label(text: str) -> PhraseHit | None:
    """The category of a short line that is a known furniture label, exactly or nearly."""
    if len(text) > 60:
        return None
    key = _norm(text)
    if not key:
        return None
    cat = _LABEL_TO_CATEGORY.get(key)
    if cat is not None:
        return PhraseHit(cat, key, True)
    if len(key) < 9 or key.count(" ") > 6:
        return None
    # "You Might Also Like", "Related Article" — near a canonical label.
    best = process.extractOne(key, _fuzzy_choices(len(key)), scorer=fuzz.ratio, score_cutoff=88)
    if best is None:
        return None
    return PhraseHit(_LABEL_TO_CATEGORY[best[0]], best[0], True)


# -- patterns inside longer lines --------------------------------------------------------
# (category, compiled pattern, max words of a line it applies to)
_MONTHS = (
    r"(?:jan(?:uary|uari|vier|eiro)?|feb(?:ruary|ruari)?|fév(?:rier)?|fevereiro|mar(?:ch|et|s|zo|ço)?|"
    r"apr(?:il)?|abr(?:il)?|avr(?:il)?|may|mei|mai(?:o)?|jun(?:e|i|io|ho)?|juin|jul(?:y|i|io|ho)?|juil(?:let)?|"
    r"aug(?:ust|ustus)?|agosto?|août|sep(?:t|tember|tembre|tiembre|tembro)?|set(?:embro)?|"
    r"oct(?:ober|obre|ubre)?|okt(?:ober)?|outubro|nov(?:ember|embre|embro)?|dec(?:ember)?|dez(?:ember|embro)?|"
    r"dic(?:iembre)?|déc(?:embre)?|des(?:ember)?|"
    r"январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
)
_DATE = (
    r"(?:\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}[./-]\d{1,2}[./-]\d{1,2}\b|"
    r"\b" + _MONTHS + r"\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?,?\s{0,3}(?:\d{4})?|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s{1,3}(?:de\s)?" + _MONTHS + r"\.?,?\s{0,3}(?:de\s)?(?:\d{4})?|"
    r"\b\d{4}년\s?\d{1,2}월|\b\d{1,2}:\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)?)"
)
DATE_RE = re.compile(_DATE, re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")
_AGO_RE = re.compile(r"^(?:updated\s)?\d{1,3}\s?(?:s|m|h|d|w|mo|y|sec|secs|min|mins|minutes?|hours?|hrs?|days?|weeks?|months?|years?)\s(?:ago)$", re.IGNORECASE)

@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern of one category, tried on lines of at most ``max_words`` words.

    An unanchored pattern names ``needles``: substrings one of which must be in
    the line before the regex runs (a cheap pre-check; most lines have none).
    """

    category: str
    pattern: str
    max_words: int
    needles: tuple[str, ...] = ()

    @property
    def regex(self) -> re.Pattern[str]:
        return _COMPILED[self.pattern]


_PATTERNS: list[_Rule] = [
    # newsletter and subscription prompts
    _Rule(NEWSLETTER, r"\b(?:subscribe|sign\s?up|signup|register|join|opt in)\b.{0,60}\b(?:newsletters?|mailing list|inbox|e-?mail(?:s| updates| alerts)?|alerts)\b", 40, ('subscri', 'sign', 'regist', 'join', 'opt in')),
    _Rule(NEWSLETTER, r"\b(?:delivered|straight|sent|direct|right)\b.{0,20}\b(?:to|in|into) your inbox\b|\bmeet your inbox\b|\bin your inbox\b", 40, ('inbox',)),
    # A print subscription: "delivered through your letterbox every month. 12 issues for £11.99"
    _Rule(NEWSLETTER, r"\bdelivered (?:through|to) your (?:letterbox|letter box|door|doorstep)\b|\b\d{1,3} issues for [£$€]\s?\d", 40,
          ('delivered', 'issues')),
    _Rule(NEWSLETTER, r"^(?:subscribe|sign up|register|become a (?:member|subscriber)) (?:to|for|now|today|and)\b(?! (?:a|an|the) )", 25),
    _Rule(NEWSLETTER, r"^subscribe to \S", 12),
    # what a sign-up box says once it is used: "You have successfully subscribed. Thank you!"
    _Rule(NEWSLETTER, r"\b(?:you(?:'ve| have) (?:successfully |succesfully )?subscribed|thanks? (?:you )?for subscribing|(?:activate|confirm) your subscription)\b", 40, ('subscri',)),
    _Rule(NEWSLETTER, r"^(?:stay|keep) (?:up to date|up-to-date|informed|in the loop)(?: (?:with|on) [^.!?]{1,40})?[.!]?$", 8),
    _Rule(NEWSLETTER, r"\bsubscribe (?:to|for) (?:our|the|my) (?:\S+ ){0,3}(?:newsletter|magazine|title|channel|podcast|digital edition|print edition)\b", 40, ("subscribe",)),
    _Rule(NEWSLETTER, r"^(?:subscribe|sign up|newsletter)\b", 4),
    _Rule(NEWSLETTER, r"\b(?:already a subscriber|subscribers? only|unlimited (?:digital )?access|free trial)\b", 30, ('subscri', 'unlimited', 'free trial')),
    _Rule(NEWSLETTER, r"\benter your e-?mail\b|\byour e-?mail address\b", 25, ('mail',)),
    # bylines, dates and reading time
    _Rule(BYLINE, r"^by$|^by:", 12),
    _Rule(BYLINE, r"\b\d{1,3}\s?(?:-\s?)?(?:min|mins|minute|minutes)\.?\s(?:read|reading)\b", 12, ('min',)),
    _Rule(BYLINE, r"^(?:reading time|read time|time to read|lesezeit|tempo de leitura|tiempo de lectura|temps de lecture|tempo di lettura|время чтения|waktu baca)\b", 12),
    _Rule(BYLINE, r"^(?:written|posted|published|updated|reviewed|edited|reported|compiled|first published|last updated|publish date|published date|posted on|date)\b.{0,12}(?:\bby\b|\bon\b|:|\d)", 20),
    _Rule(BYLINE, r"^(?:author|autor|auteur|автор|текст|penulis|oleh|text|texto|redação|redacción|reporter|correspondent)\s?[:：]", 12),
    _Rule(BYLINE, r"^by\s\S", 10),
    _Rule(BYLINE, r"^by\s\S.{0,80}(?:\d{1,2}:\d{2}|\d{1,2}/\d{1,2}/\d{2,4})", 18),  # "By X On 11/13/19 at 4:00 PM"
    _Rule(BYLINE, r"^[\w.'’ -]{3,40}\s@\w{2,30}\b", 8, ("@",)),  # "Catherine Shu @catherineshu / 2 days"
    # share and follow
    _Rule(SHARE, r"^(?:share|tweet|pin|email|print)\b.{0,40}\b(?:facebook|twitter|whatsapp|linkedin|pinterest|email|friends?|this)\b", 12),
    _Rule(SHARE, r"\bfollow (?:us|me|\S{1,30}) (?:on|at|via)\b.{0,60}\b(?:facebook|twitter|instagram|youtube|linkedin|tiktok|telegram|social media)\b", 30, ('follow',)),
    _Rule(SHARE, r"^(?:follow|like) (?:us|@\w{1,30})\b", 10),
    _Rule(SHARE, r"\bsharing options\b", 20, ("sharing",)),  # "Share All sharing options for: ..."
    _Rule(SHARE, r"\b(?:subscribe to|follow)\b.{0,40}\bon (?:youtube|twitter|facebook|instagram)\b", 15, ('subscribe', 'follow')),
    # related links
    _Rule(RELATED, r"^(?:read more|related|see more|see also|also read|read also|also see|more|don'?t miss|recommended|must read|watch|listen|more from|leia também|leia mais|veja também|lee también|lire aussi|baca juga|читайте также|mehr zum thema)\s?[:|–—-]\s?\S", 40),
    _Rule(RELATED, r"^\[\s?(?:related|read more|see also|also read)\s?:", 40),
    _Rule(RELATED, r"^also on [\w.-]{2,40}\.[a-z]{2,6}\b", 60),
    _Rule(RELATED, r"^(?:more|next up|up next) (?:in|from|on|about) \S.{0,80}$", 8),  # the whole line: a label
    _Rule(RELATED, r"^(?:more|other|related|latest|top|popular|recommended|trending|featured|similar)\b.{0,30}\b(?:stories|articles|posts|news|reads|videos|coverage|headlines)$", 6),
    # photo captions and credits
    _Rule(CAPTION, r"\bcredit\s?(?:\.{2,3}|…|:)\s?\S", 40, ("credit",)),  # "... Credit... Doug Mills/The New York Times"
    _Rule(CAPTION, r"^(?:above|below|top|left|right|pictured|main picture|inset|header image|featured image)\s?:\s?\S", 30),
    _Rule(CAPTION, r"^(?:photo|photos|image|images|picture|foto|fotos|фото|credit|credits|photograph|illustration|graphic|video|source|pic|main image credit|image credit|photo credit|image copyright|image caption|file photo)\s?(?:credit|copyright|caption|source)?\s?[:：]", 30),
    _Rule(CAPTION, r"^(?:image|photo) (?:copyright|caption|credit)\b", 40),
    _Rule(CAPTION, r"\((?:image|photo|picture|credit|pic|foto)s?\s?(?:credit)?\s?[:：][^()]{1,80}\)$", 60, ('(',)),
    _Rule(CAPTION, r"^(?:image|photo|slide|picture)?\s?\d{1,3}\s?(?:of|/)\s?\d{1,3}$|^back to gallery$|^(?:open|view|launch|see) (?:the )?(?:photo )?gallery\b", 8),
    _Rule(CAPTION, r"(?:/|\||,|\bvia\b|^)\s?(?:getty images|shutterstock|istock(?:photo)?|alamy|afp|associated press|reuters|epa|bloomberg|ap|ap photo|ap images|afp via getty images)\s?(?:file|photo)?\)?$", 14, ('getty', 'shutterstock', 'istock', 'alamy', 'afp', 'associated press', 'reuters', 'epa', 'bloomberg', 'ap')),
    _Rule(CAPTION, r"\((?:ap|afp|reuters|getty|epa|photo|image|file photo)\b[^()]{0,60}\)$", 80, (")",)),
    _Rule(CAPTION, r"\((?:\w[\w .&'-]{0,38}[\w.]/){1,4}\w[\w .&'-]{0,38}[\w.]\)$", 60, ("/",)),  # "... (NASA/JPL-Caltech/ASU)"
    _Rule(CAPTION, r"\s/\s?(?:ap|afp|reuters|getty images|epa|bloomberg|nbc news|file)(?:\sfile|\sphoto)?$", 60, ("/",)),
    # legal, copyright, cookie and submission disclaimers
    _Rule(LEGAL, r"\b(?:earn|receive|get)s? (?:a )?(?:small |an )?(?:affiliate )?commission\b|\baffiliate links?\b", 60, ("commission", "affiliate")),
    _Rule(LEGAL, r"^(?:©|copyright ©|\(c\) \d{4})", 150),    _Rule(LEGAL, r"\bcopyright\b", 12, ("copyright",)),
    _Rule(LEGAL, r"©|\(c\)\s?\d{4}|\ball rights reserved\b|\btodos los derechos reservados\b|\btous droits réservés\b|\balle rechte vorbehalten\b|\btutti i diritti riservati\b|\btodos os direitos reservados\b|\bвсе права защищены\b|무단\s?전재|版权所有", 40, ('©', '(c)', 'copyright', 'rights', 'derechos', 'droits', 'rechte', 'diritti', 'direitos', 'права', '무단', '版权')),
    _Rule(LEGAL, r"\b(?:this|our|the) (?:web ?)?(?:site|page|portal)s? (?:uses?|is using|may use) cookies\b|\b(?:necessary|non-necessary|essential|functional|analytics|performance|advertising|third-party) cookies\b", 150, ('cookie',)),
    _Rule(LEGAL, r"\bcookies?\b.{0,80}\b(?:consent|agree|accept|policy|settings|browsing experience|to (?:give|improve|provide|enhance))\b|\b(?:by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website))\b", 60, ('cookie', 'by continuing', 'by using')),
    _Rule(LEGAL, r"\b(?:privacy policy|terms of (?:use|service)|terms and conditions|protected by recaptcha)\b", 20, ('privacy', 'terms', 'recaptcha')),
    _Rule(LEGAL, r"\b(?:this|the) (?:article|post|story|content|piece) (?:is|was|has been) (?:submitted|contributed|provided|posted) by (?:our |a |an )?(?:users?|readers?|contributors?|third part(?:y|ies)|community)\b", 120, ('submitted', 'contributed', 'provided', 'posted')),
    # health-product and advice disclaimers, in their standard wording
    _Rule(LEGAL, r"\b(?:these|this|the) (?:statements?|products?|claims?|information) (?:ha(?:ve|s) not|(?:is|are) not|not) been evaluated by the (?:food and drug administration|fda)\b|\bnot intended to diagnose, treat, cure\b", 80, ('evaluated', 'diagnose')),
    _Rule(LEGAL, r"\b(?:is|are) (?:provided |published |intended )?(?:solely )?for (?:general )?(?:informational|information|educational) purposes only\b", 80, ('purposes only',)),
    _Rule(LEGAL, r"\b(?:views|opinions) expressed (?:in|here|by)\b.{0,120}\b(?:do not|don'?t|not necessarily|are (?:solely )?(?:those|the author))|\bnot indicative of factual content\b|\bfor illustrative purposes only\b|\bif you believe (?:this|the) (?:post|article|content)\b", 120, ('expressed', 'indicative', 'illustrative', 'if you believe')),
    # promotional attributions
    _Rule(PROMO, r"\b(?:this|the) (?:article|story|post|piece|report|content) (?:is|was|has been) (?:written|produced|brought to you|created|prepared|authored|published) by (?:the |our )?(?:team|staff|editors?|editorial|desk|newsroom)\b", 40, (' by ',)),
    _Rule(PROMO, r"^(?:originally (?:published|appeared|posted) (?:on|in|at)|this (?:story|article) (?:originally )?(?:appeared|was first published) (?:on|in))\b", 25),
    # A call to comment, as a line of its own ("Tell us what YOU think..."): a prompt, not the
    # comment section (whose head is a barrier to the article; a prompt may sit inside it).
    _Rule(PROMO, r"^(?:tell us|let us know) what (?:you|u) think\b[.!?… ]{0,4}$", 8),
    _Rule(PROMO, r"\b(?:click|tap) here\b.{0,40}\bapp\b|\bget (?:the )?.{0,30}\bapp\b.{0,20}\b(?:click|tap)|\bdownload (?:the|our) .{0,30}\bapp\b", 20, ('app',)),
    _Rule(PROMO, r"\b(?:click|clicking|tap|tapping) here\b", 15, ("here",)),
    _Rule(PROMO, r"^(?:click|tap|clique|cliquez|klik|haga clic|haz clic|klicken sie)\b", 30),
    _Rule(PROMO, r"^(?:sponsored by|presented by|powered by|in partnership with|paid (?:post|partnership|content)|crafted with|designed by|theme by|blog (?:at|di) wordpress)\b", 15),
    # editorial call-outs
    _Rule(CALLOUT, r"^(?:did you know|pro[- ]tip|quick tip|top tip|expert tip|insider tip|bonus tip|fun fact|quick fact|key takeaway|editor'?s tip)\s?[?:!.–—-]", 80),
    # advertisement markers
    _Rule(ADVERT, r"^(?:advertisement|advertising|sponsored|ad)\b.{0,3}(?:[-–—:|]|$)|^(?:story|article) continues below\b|^continue reading\b.{0,30}$", 8),
    # comment sections
    _Rule(COMMENTS, r"^join (?:our|the) \S.{0,40}\b(?:forums?|community|conversation|discussion)\b", 60),
    _Rule(COMMENTS, r"^\d{1,6}\s(?:comments?|replies|responses|komentar|comentários?|comentarios?|commentaires?|kommentare?)\b", 6),
    _Rule(COMMENTS, r"\b(?:leave a (?:reply|comment)|post a comment|you must be logged in to|log in to (?:comment|reply)|commenting using your|notify me of (?:new |follow-up )?(?:comments|posts)|comments? (?:are|is) closed|be the first to comment)\b", 30, ('leave a', 'post a', 'logged in', 'log in', 'commenting', 'notify me', 'closed', 'first to comment')),
    _Rule(COMMENTS, r"\b(?:please be respectful|comment(?:ing)? (?:policy|guidelines|rules)|our goal with (?:article )?comments|as you comment)\b", 80, ("respectful", "comment")),
    _Rule(COMMENTS, r"\b(?:on|at) .{0,40}\b(?:said|says|wrote):?$", 20, ('said', 'says', 'wrote')),
    # navigation and page widgets
    _Rule(NAVIGATION, r"^you are (?:here|at)\b", 15),
    _Rule(NAVIGATION, r"\bexternal links?\b.{0,30}\bnew (?:window|tab)\b|\bopens? in a new (?:window|tab)\b", 20, ("new window", "new tab")),
    _Rule(NAVIGATION, r"\b(?:requires|enable|enabled|disabled) javascript\b|\bjavascript (?:is )?(?:required|disabled)\b|\byour browser does not support\b", 25, ("javascript", "browser")),
    _Rule(NAVIGATION, r"^(?:skip to|jump to|go to) (?:main )?(?:content|navigation|site index|home page|search)\b", 10),
    _Rule(NAVIGATION, r"^(?:home|início|inicio|accueil|startseite|главная|beranda)\s?[›»>/|]", 25),
]


_COMPILED: dict[str, re.Pattern[str]] = {rule.pattern: re.compile(rule.pattern) for rule in _PATTERNS}


def _is_anchored(pattern: str) -> bool:
    """Whether every alternative of ``pattern`` starts with ``^`` (it can match only at 0)."""
    parsed = sre_parse.parse(pattern)
    first = parsed[0]
    if first[0] is sre_constants.AT:
        return first[1] is sre_constants.AT_BEGINNING
    if first[0] is sre_constants.BRANCH and len(parsed) == 1:
        return all(alt and alt[0] == (sre_constants.AT, sre_constants.AT_BEGINNING) for alt in first[1][1])
    return False


for _rule in _PATTERNS:
    if not _rule.needles and not _is_anchored(_rule.pattern):
        raise AssertionError(f"unanchored pattern without needles: {_rule.pattern}")
    if _COMPILED[_rule.pattern].groups:
        raise AssertionError(f"use (?:...) in patterns, they are numbered together: {_rule.pattern}")


@dataclass(frozen=True, slots=True)
class _Bucket:
    """The rules a line of a given word count can match, with two cheap gates.

    ``needles``: one regex that finds whether a line contains any needle of its
    unanchored rules (if none, none of them runs), or, when they are few, the
    needles themselves (a few substring tests beat the regex). ``rules_with`` maps
    each needle to the rules (by position) that name it, so a line runs only the
    rules whose own needles it contains. ``anchored``: all its anchored patterns as one
    alternation, a group each; as all of them can only match at the start, the
    group that matches is the first of them that matches alone (most lines: none).
    """

    rules: tuple[tuple[_Rule, re.Pattern[str]], ...]
    needles: re.Pattern[str] | tuple[str, ...] | None
    rules_with: dict[str, tuple[int, ...]]
    anchored: re.Pattern[str] | None
    anchored_rule: tuple[int, ...]  # position of the rule of each group (group 1 at [1])


def _trie_pattern(words: list[str]) -> str:
    """An alternation of ``words`` with common prefixes factored out ("a(?:fp|p(?:p)?)").

    It matches where the flat alternation does, but the regex engine tries one
    branch per next character instead of every word at every position (2x faster).
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def alternation(node: dict) -> str:
        alts = [re.escape(ch) + alternation(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "|".join(re.escape(ch) + alternation(trie[ch]) for ch in sorted(trie))


_FEW_NEEDLES = 20


def _bucket(rules: list[_Rule]) -> _Bucket:
    rules_with: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for needle in rule.needles:
            rules_with.setdefault(needle, []).append(i)
    anchored = [i for i, rule in enumerate(rules) if not rule.needles]
    return _Bucket(
        tuple((r, r.regex) for r in rules),
        (None if not rules_with else tuple(sorted(rules_with)) if len(rules_with) <= _FEW_NEEDLES
         else re.compile(_trie_pattern(sorted(rules_with)))),
        {needle: tuple(at) for needle, at in rules_with.items()},
        re.compile("|".join(f"({rules[i].pattern})" for i in anchored)) if anchored else None,
        (-1, *anchored),
    )


# Bucketed by word count because most patterns are for short lines: a line of
# prose meets a handful of rules and a short needle list, not all of them.
_MAX_WORDS = max(r.max_words for r in _PATTERNS)
_BY_WORDS: list[_Bucket] = []
for _words in range(_MAX_WORDS + 2):
    _rules = [r for r in _PATTERNS if _words <= r.max_words]
    if _BY_WORDS and [r for r, _ in _BY_WORDS[-1].rules] == _rules:
        _BY_WORDS.append(_BY_WORDS[-1])
    else:
        _BY_WORDS.append(_bucket(_rules))


def _has_needle(needles: re.Pattern[str] | tuple[str, ...], head: str) -> bool:
    if type(needles) is tuple:
        return any(map(head.__contains__, needles))
    return needles.search(head) is not None


def match_patterns(text: str, words: int) -> PhraseHit | None:
    """The first category whose pattern matches ``text`` (a line of ``words`` words)."""
    bucket = _BY_WORDS[min(words, _MAX_WORDS + 1)]
    if not bucket.rules:
        return None
    low = unicodedata.normalize("NFKC", text).lower().strip()
    low = _LEAD_RE.sub("", low) if low[:1] and not low[:1].isalnum() else low
    # Rules are tried in order; the first anchored one that matches ends the search.
    end = len(bucket.rules)
    if bucket.anchored is not None:
        m = bucket.anchored.match(low)
        if m is not None:
            end = bucket.anchored_rule[m.lastindex]
    tried: list[int] | set[int] = []
    if bucket.needles is not None and _has_needle(bucket.needles, low[:2000]):
        tried = {i for needle in filter(low.__contains__, bucket.rules_with) for i in bucket.rules_with[needle]
                 if i < end}
    for i in sorted(tried) + [end]:
        if i == len(bucket.rules):
            break
        rule, regex = bucket.rules[i]
        m = regex.search(low)
        if m is not None:
            before = low[:m.start()].rstrip(" \"'“‘([")
            if before.endswith("please"):  # "... sent to you. Please activate your subscription"
                before = before[:-6].rstrip(" ,")
            opens = not before or before[-1] in ".!?:|•·–—-"
            whole = m.start() == 0 and m.end() >= len(low.rstrip(" :.")) - 1
            return PhraseHit(rule.category, m.group(0).strip(), whole, opens)
    return None


def is_date_line(text: str, words: int) -> bool:
    """A dateline or timestamp: mostly a date ("Nov. 19, 2019 8:03 am ET", "32M ago")."""
    if words > 14 or _DIGIT_RE.search(text) is None:
        return False  # (both patterns need a digit; most lines have none)
    if _AGO_RE.match(text.strip()):
        return True
    m = DATE_RE.search(text)
    if m is None or _is_period(text):
        return False
    rest = (text[:m.start()] + text[m.end():]).strip()
    return len(rest.split()) <= max(3, words // 2 + 1)


# An event's dates, not the story's: "29 November 2018 | 20 January 2019",
# "2018.04.05 ~ OPEN RUN". Two years, or a tilde, with a range mark between; a
# "Published ... | Updated ..." line names two dates too, and stays a dateline.
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_RANGE_MARK_RE = re.compile(r"\s[|~–—-]\s|~|\s(?:to|until|till|through|bis|au|al|hasta)\s", re.IGNORECASE)
_STAMP_WORDS_RE = re.compile(r"publi|updat|post|modif|actuali|aktuali|mis à jour|oppdat", re.IGNORECASE)


def _is_period(text: str) -> bool:
    if "~" not in text and len(_YEAR_RE.findall(text)) < 2:
        return False
    return _RANGE_MARK_RE.search(text) is not None and _STAMP_WORDS_RE.search(text) is None


# A share-button strip on one line: "Facebook Twitter Pinterest Email".
_SOCIAL = frozenset(
    "facebook twitter instagram youtube linkedin pinterest whatsapp reddit tumblr telegram snapchat "
    "flipboard messenger email e-mail print share tweet sms copy link comments comment google+ vk mail "
    "x pocket more url copied".split()
)


def is_share_strip(text: str) -> bool:
    words = _norm(text).replace(",", " ").replace("|", " ").split()
    return 2 <= len(words) <= 10 and all(w in _SOCIAL for w in words)


def normalize_label(text: str) -> str:
    return _norm(text)
