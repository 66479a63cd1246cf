"""Tables printed one cell per line (html-to-text output of an HTML table)."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.report.boilerplate_kinds import gather_evidence
from cleaner.report.cell_tables import find_cell_tables
from cleaner.report.lines import describe_text

HEADER = ["Pos.", "Driver", "Points", "Wins", "Poles", "Top 5", "Top 10"]


def cell_rows(n_rows: int, blank_between: bool = True) -> str:
    """A standings table, one cell per line, rows apart by a blank line (or not)."""
    rows = ["\n".join(HEADER)]
    for n in range(1, n_rows + 1):
        cells = [str(n), f"Driver Name{n}", str(5000 - 37 * n), str(n % 4), str(n % 3), str(20 - n), str(30 - n)]
        rows.append("\n".join(cells))
    return ("\n\n" if blank_between else "\n").join(rows) + "\n"


def tables_of(text: str):
    ev = gather_evidence(describe_text(text))
    return ev, find_cell_tables(ev.lines, ev.kinds)


def test_a_standings_table_one_cell_per_line_is_found_with_its_header():
    for blank in (True, False):
        ev, tables = tables_of(cell_rows(12, blank))
        assert len(tables) == 1
        table = tables[0]
        assert (table.columns, table.rows) == (7, 12)
        assert ev.lines[table.first].text == "Pos." and ev.lines[table.last].text == str(30 - 12)
        assert set(ev.kinds[table.first:table.last + 1]) == {"L"}


def test_pagination_menus_and_label_count_lists_are_no_tables():
    pagination = "\n".join(str(n) for n in range(1, 30)) + "\nNext\n"
    counts = "".join(f"Section {n}\n{n * 3}\n" for n in range(1, 20))  # "Politics" / "12": two columns
    archive = "".join(f"{2020 - n}\n" for n in range(20))
    menu = "Home\nNews\nSports\nWeather\nVideo\nContact us\nAbout\nJobs\nMore\nLogin\nSearch\nTopics\n"
    for text in (pagination, counts, archive, menu):
        assert tables_of(text)[1] == [], text[:40]


def test_too_short_a_run_is_no_table():
    assert tables_of("\n".join(HEADER) + "\n1\nAlice\n12\n3\n4\n5\n6\n")[1] == []


MENU = "Home\nNews\nSports\nStandings\nVideo\nContact us\nPrivacy Policy\nFollow us on Twitter\n"
INTRO = ("On this page you will always find the up-to-date standings of the championship after the last race!\n"
         "Add it to your favourites and come back to check the standings of the championship!\n")


def test_a_page_keeps_a_table_printed_one_cell_per_line_under_its_text():
    table = cell_rows(20)
    text = (MENU + INTRO + "Final standings of the 2019 season after 36 races:\n\n" + table
            + "Copyright © 2019 Example. All rights reserved.\n")
    result = Cleaner().clean(text)
    kept = result.text
    assert INTRO in kept and "Final standings" in kept
    for cell in ("Pos.", "Driver Name1\n", "Driver Name20\n", str(5000 - 37 * 20)):
        assert cell in kept, cell
    assert "Home\n" not in kept and "Copyright" not in kept  # the page's furniture still goes


def test_a_sidebar_table_far_from_the_text_is_not_the_article():
    article = ("The city council approved the new budget on Monday after a debate that lasted "
               "well into the night, officials said.\n"
               "Opponents said the plan would raise taxes for families and cut money for the libraries "
               "and the parks of the city.\n") * 6
    text = (article + "Share this on Facebook\nFollow us on Twitter\nNewsletter\nSign up for our newsletter\n"
            + cell_rows(4) + "Copyright © 2019 Example. All rights reserved.\n")
    assert "Driver Name1" not in Cleaner().clean(text).text


def test_the_cells_of_a_table_are_not_the_sites_furniture():
    # Every page of a results site prints tables: a lone "0" or "12" recurs on all of
    # them. Inside the article's table it is data (B113 counts numbers as one word).
    cleaner = Cleaner()
    results = []
    tracks = ["Daytona in Florida", "Talladega in Alabama", "Bristol in Tennessee", "Martinsville in Virginia"]
    for n, track in enumerate(tracks):
        intro = (f"The championship went to {track} this weekend, where the field raced under clear skies.\n"
                 f"Here are the standings after {track}, with the points of every driver.\n")  # its own text
        text = MENU + intro + f"Standings after {track}:\n\n" + cell_rows(10 + n)
        results.append(cleaner.clean(text, url=f"https://www.example.com/standings/{n}"))
    last = results[-1]
    assert not [f for f in last.findings if f.code == "B113"]
    assert "Driver Name13\n" in last.text and "\n0\n" in last.text


def stats_table(players: list[str], offset: int) -> str:
    """A snap-count table: position, player, plays, share, and a stats sentence per row."""
    rows = ["Pos\nPlayer\nPlays\n%\nStats"]
    for n, player in enumerate(players):
        plays = 70 - 9 * n - offset
        rows.append(f"DL\n{player}\n{plays}\n{plays + 10}%\n"
                    f"{n + 1} tackles, {n} assists ({2 * n + 1} combined). 1 sack, 1 TFL, {n} QH, 1 pass defended "
                    "and a forced fumble in the fourth quarter.")
    return "\n\n".join(rows) + "\n"


def test_tables_over_each_part_of_the_text_are_the_articles():
    # A long stats sentence in one column, and each section a table over its
    # paragraphs: every table goes with the article, the first one too.
    parts = []
    for section, players in (("Defensive Line", ["Larry One", "Myles Two", "Chad Three"]),
                             ("Linebackers", ["Joe Four", "Mack Five", "Sione Six"])):
        parts.append(f"{section}\n\n" + stats_table(players, len(parts)) + "\n"
                     f"There is a lot to sort through here for the {section.lower()}: as a unit they had eleven hits "
                     "on the quarterback, and eight of those hits came from players who now face a suspension.\n\n"
                     "The coaches have been playing them a ton of snaps all season, and the problem is that the team "
                     "really does not have a long-term option to replace those snaps in the lineup.\n\n")
    text = MENU + "".join(parts) + "Copyright © 2019 Example. All rights reserved.\n"
    kept = Cleaner().clean(text).text
    for player in ("Larry One", "Chad Three", "Joe Four", "Sione Six"):
        assert f"\n{player}\n" in kept, player
    assert "forced fumble" in kept and "Home\n" not in kept
