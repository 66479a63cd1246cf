"""General English news vocabulary for claim extraction.

Nothing here is about one story: these are the words news uses around figures
(what happened to people, who was counted, which little words sit in between).
Matching against reference facts never uses these lists; it uses the fact's own
``subject`` and ``measure`` words. All entries are lemmas (see `text.lemma`).
"""

from __future__ import annotations

# What happened to the people counted: "300 people have been EVACUATED". When one
# of these governs a generic noun ("people", "civilians"), it is the claim's measure.
EVENTS = frozenset(
    """kill die dead death casualty fatality wound injure injury hurt displace evacuate arrest detain
    missing miss infect hospitalize hospitalise rescue flee deport execute kidnap abduct strand drown
    murder slay trap sicken vaccinate jail imprison evict
    """.split()
)

# Counted nouns that say little by themselves: the event decides the measure
# ("2,500 civilians have been killed" counts the killed, not the civilians).
PERSON_NOUNS = frozenset(
    """people person civilian resident child adult man woman soldier troop fighter migrant refugee
    worker employee student teacher patient passenger citizen inhabitant individual victim member
    protester protestor demonstrator prisoner detainee hostage baby boy girl family household
    """.split()
)

# Words that end a search for the counted noun: verbs, conjunctions, prepositions.
NOUN_STOPS = frozenset(
    """have has had were was are is be been being will would could can may might must should shall
    said says say and or but nor in on at to from with for by who whom whose that which than as per
    each a an the this these those it its their there here when while where if after before since
    until during over under into onto upon about against between among through without within
    across toward towards so then also only just more less most least not no
    """.split()
)

# Between a figure and an event that follows it: "300 have ALREADY BEEN evacuated".
AUX_BRIDGE = frozenset(
    """have has had were was are is be been being reportedly now already also so far officially
    reported confirmed believed feared thought estimated said known presumed since then being got
    """.split()
)

# Between an event and a figure that follows it: "killed A TOTAL OF 346 people",
# "the death toll ROSE TO 1,200".
PRE_BRIDGE = frozenset(
    """a an the total of estimated at least more than some about nearly over around roughly almost to
    rose risen reached reach climbed climb stood stands stand is was has had now another additional
    further up jumped jump hit hits increased increase grew
    """.split()
)

# Sentence starters that are capitalised but name nothing (never a subject).
COMMON_CAPITALISED = frozenset(
    """the a an and but or so yet for nor if when while as at by in on of to from with without after
    before since until during over under about among between this that these those there here it its
    he she they we i you his her their our my your what which who whom whose why how where all some
    many most more much few several each every no not only also however meanwhile still even just
    according despite although though because unlike like once then now today yesterday tomorrow
    mr mrs ms dr did does do is are was were has have had will would could should can may might must
    one two three four five six seven eight nine ten roughly nearly almost around approximately
    another other both either neither key early late recent new former current previous
    """.split()
)

# Nouns that name the event a count belongs to, by kind: "killed in the attack" and
# "killed in the war" count different things; "attack" and "assault" the same one.
# Used only to keep F301 from comparing counts of different events.
EVENT_NOUN_KINDS = {
    word: kind
    for kind, words in {
        "war": "war conflict fighting invasion offensive hostility occupation insurgency",
        "attack": "attack assault massacre rampage raid ambush shooting bombing blast explosion",
        "quake": "earthquake quake tremor aftershock",
        "flood": "flood flooding",
        "storm": "storm hurricane typhoon cyclone tornado",
        "fire": "fire wildfire blaze",
        "crash": "crash collision derailment",
        "disease": "pandemic epidemic outbreak disease virus covid",
        "landslide": "landslide mudslide avalanche",
        "famine": "famine starvation drought",
        "collapse": "collapse",
        "stampede": "stampede crush",
        "protest": "protest demonstration riot unrest crackdown",
        "heat": "heatwave",
    }.items()
    for word in words.split()
}
