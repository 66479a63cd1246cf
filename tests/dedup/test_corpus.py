"""Across documents: near-duplicate documents (D301) and shared paragraphs (D201)."""

from __future__ import annotations

import itertools
import json

from cleaner import Cleaner, Config
from cleaner.cli import main


def run(records, config=None, batch=True):
    with Cleaner(config or Config(select=("D2", "D3"))) as cleaner:
        return list(cleaner.stream([dict(r) for r in records]))


def test_seeds_are_not_near_duplicates_of_each_other(seeds):
    # Five articles on the same summit: related, but none is a copy of another.
    records = [{"id": name, "text": text} for name, text in seeds.items()]
    for order in itertools.permutations(records, 2):
        assert all(r.duplicate_of is None for r in run(order))


def pairs_together(results, truth):
    group = {}
    for r in results:
        group[r.doc.id] = group.get(r.duplicate_of, r.duplicate_of) or r.doc.id
    scored = [k for k in truth if k in group]
    good = bad = missed = 0
    for a, b in itertools.combinations(scored, 2):
        same_page, same_group = truth[a] == truth[b], group[a] == group[b]
        good += same_page and same_group
        bad += same_group and not same_page
        missed += same_page and not same_group
    return good, bad, missed


def test_same_site_pages_are_not_joined_and_versions_are(site_records, site_truth):
    """fixtures/dedup/sites.jsonl: four pairs of articles from one site each, in every
    extractor's version and as full pages. No two articles may be joined (their pages
    share menus, cookie notices and footers); versions of one article must be."""
    good, bad, missed = pairs_together(run(site_records), site_truth)
    assert bad == 0
    assert missed <= 0.01 * (good + missed)


def test_reversed_order_too(site_records, site_truth):
    good, bad, missed = pairs_together(run(list(reversed(site_records))), site_truth)
    assert bad == 0
    assert missed <= 0.02 * (good + missed)


def test_full_page_contains_the_article(site_records):
    # The html_text version is the article inside menus and footers: a copy of it.
    page = next(r for r in site_records if r["id"].endswith("34a7328535ad4e60b059f81d37eec5d25c2bc8de759ce9a7b5e47ac7dc6fd1b0:html_text"))
    article = next(r for r in site_records if r["id"] == page["id"].replace("html_text", "ground_truth"))
    first, second = run([article, page])
    assert second.duplicate_of == article["id"]
    first, second = run([page, article])
    assert second.duplicate_of == page["id"]
    finding = next(f for f in second.findings if f.code == "D301")
    assert finding.data["jaccard"] >= 0.5 or finding.data["containment"] >= 0.9


def test_duplicate_of_names_the_earliest_document():
    story = ("Lawmakers approved the new budget on Tuesday after a long debate in the chamber. "
             "The plan raises spending on schools and roads, and trims the defence budget slightly. "
             "Opposition members said the measures would not be enough to close the deficit this year.")
    records = [{"id": "a", "text": story}, {"id": "b", "text": "Home | News\n" + story},
               {"id": "c", "text": story + "\nShare this story"}]
    results = run(records)
    assert [r.duplicate_of for r in results] == [None, "a", "a"]


def test_shared_paragraph_names_the_other_document():
    footer = "Sign up for our daily newsletter to get the top stories in your inbox."
    records = [{"id": "rain", "text": "Rain is expected across the north this weekend, forecasters said.\n" + footer},
               {"id": "rates", "text": "The central bank kept interest rates unchanged on Thursday.\n" + footer}]
    results = run(records)
    shared = [f for f in results[1].findings if f.code == "D201"]
    assert len(shared) == 1 and shared[0].data["other_document"] == "rain"
    assert shared[0].fix is not None and not shared[0].fix.safe
    assert results[0].findings == []


def test_a_record_given_twice_is_marked_as_the_same_record_again():
    # The same URL scraped twice into one input: the second record is a copy (--drop D3
    # keeps one), said as such; the first is nobody's copy.
    text = "The council approved the new bridge over the river after a vote on Monday evening. " * 3
    results = run([{"id": "x", "text": text}, {"id": "y", "text": "Something else entirely, said the mayor."},
                   {"id": "x", "text": text}])
    assert [r.duplicate_of for r in results] == [None, None, "x"]
    (d301,) = [f for f in results[2].findings if f.code == "D301"]
    assert "the same record as x given earlier" in d301.message
    # An updated version under the same id is not a copy of the old one.
    results = run([{"id": "x", "text": text}, {"id": "x", "text": text + " Updated."}])
    assert all(r.duplicate_of is None for r in results)


def test_identical_texts_without_running_text_are_duplicates():
    table = "1\nKyle Busch\n5040\n2\nMartin Truex Jr.\n5035"
    results = run([{"id": "p1", "text": table}, {"id": "p2", "text": table}])
    assert results[1].duplicate_of == "p1"


def test_batches_and_single_documents_agree(site_records):
    with Cleaner(Config(select=("D",))) as one_by_one:
        single = [one_by_one.process(doc) for doc in _docs(site_records[:70])]
    batched = run(site_records[:70], Config(select=("D",)))
    assert [(r.duplicate_of, [(f.code, f.start, f.message) for f in r.findings]) for r in single] == \
           [(r.duplicate_of, [(f.code, f.start, f.message) for f in r.findings]) for r in batched]


def _docs(records):
    from cleaner.sources import document_from_record

    return [document_from_record(r, i) for i, r in enumerate(records, 1)]


def test_clean_drop_d3_drops_later_copies(tmp_path, site_records):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in site_records[:40]), encoding="utf-8")
    kept, dropped = tmp_path / "kept.jsonl", tmp_path / "all.jsonl"
    assert main(["clean", str(src), "-o", str(dropped)]) == 0
    assert main(["clean", str(src), "-o", str(kept), "--drop", "D3"]) == 0
    marked = [json.loads(line) for line in dropped.read_text().splitlines()]
    survivors = [json.loads(line) for line in kept.read_text().splitlines()]
    copies = [r for r in marked if r["duplicate_of"]]
    assert copies and len(survivors) == len(marked) - len(copies)
    assert all(r["duplicate_of"] is None for r in survivors)


def test_check_on_several_files_is_one_batch(tmp_path, capsys):
    story = ("Lawmakers approved the new budget on Tuesday after a long debate in the chamber.\n"
             "The plan raises spending on schools and roads, and trims the defence budget slightly.\n"
             "Opposition members said the measures would not be enough to close the deficit this year.\n")
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    (tmp_path / "b.txt").write_text("World | Politics\n" + story, encoding="utf-8")
    assert main(["check", "--select", "D3", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]) == 1
    out = capsys.readouterr().out
    assert f"b.txt:1:1: D301 near-duplicate of document {tmp_path / 'a.txt'}" in out


def test_files_of_one_name_in_two_folders_are_two_documents(tmp_path, capsys):
    # A file's document id is its path: index.txt in two folders is not one document seen twice.
    story = ("Lawmakers approved the new budget on Tuesday after a long debate in the chamber.\n"
             "The plan raises spending on schools and roads, and trims the defence budget slightly.\n"
             "Opposition members said the measures would not be enough to close the deficit this year.\n")
    for folder in ("2024", "2025"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(story, encoding="utf-8")
    assert main(["check", "--select", "D3", str(tmp_path / "2024"), str(tmp_path / "2025")]) == 1
    out = capsys.readouterr().out
    assert f"D301 near-duplicate of document {tmp_path / '2024' / 'index.txt'}" in out


def test_a_new_version_of_an_article_is_not_a_copy_of_its_own_group():
    # X is edited later in the run; Y, a copy of X's first version, sits in the group
    # named after X. The edited X matches Y, but the group is X's own.
    from cleaner import Cleaner

    body = " ".join(f"w{i}" for i in range(80))
    first = f"The council approved the plan on Monday. {body}. Officials said more would follow."
    records = [{"id": "X", "text": first}, {"id": "Y", "text": first + " Reporting by a wire service."},
               {"id": "X", "text": first.replace("Monday", "Tuesday") + " The mayor welcomed it."}]
    assert [r.duplicate_of for r in Cleaner().stream(records)] == [None, "X", None]
