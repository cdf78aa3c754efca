"""A class's insights as one HTML page that stands alone: no script, no font and no picture from
the network, its histograms inline SVG, and every text that came from a student (names, and
messages that may quote their code) escaped.

Written with the standard library's `html.escape` rather than a template engine: the page is a
handful of tables and one kind of chart, and escaping in one function (`text`) keeps the one
rule that matters here visible.
"""

from __future__ import annotations

import html
import json

from grader import names

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; padding: 0 1.5em; max-width: 72em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
.katas { display: flex; flex-wrap: wrap; gap: 1.5em; }
.kata { border: 1px solid #ddd; padding: 0.6em; border-radius: 4px; }
.bar { display: inline-block; height: 0.8em; background: #4a7bb7; }
.caution { background: #fff6d8; padding: 0.5em; }
code, .test { font-family: ui-monospace, monospace; font-size: 0.9em; }
"""
BAR_EM = 8  # the width of a full pass-rate bar


def text(value: object) -> str:
    """Any value as escaped text, for HTML and for the SVG inside it alike, with the characters
    that show nothing written out as escapes (grader/names.py)."""
    return html.escape(names.shown(value), quote=True)


def histogram_svg(kata: dict) -> str:
    """The kata's score distribution: a bar per bin, its height the students in it."""
    bins = kata["histogram"]
    width, height, gap = 240, 90, 2
    bar = (width - gap * len(bins)) / len(bins)
    tallest = max((entry["count"] for entry in bins), default=0) or 1
    bars = []
    for index, entry in enumerate(bins):
        tall = (height - 20) * entry["count"] / tallest
        x = index * (bar + gap)
        bars.append(
            f'<rect x="{x:.1f}" y="{height - 15 - tall:.1f}" width="{bar:.1f}" height="{tall:.1f}" fill="#4a7bb7">'
            f"<title>{text(entry['from'])} to {text(entry['to'])} points: {text(entry['count'])} students</title>"
            "</rect>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="score distribution of {text(kata["kata"])}">'
        + "".join(bars)
        + f'<text x="0" y="{height - 2}" font-size="10">0</text>'
        + f'<text x="{width}" y="{height - 2}" font-size="10" text-anchor="end">{text(kata["max_points"])}</text>'
        + "</svg>"
    )


def table(headings: list[str], rows: list[list[str]], empty: str) -> str:
    """A table of cells that are already markup; `empty` when there is no row."""
    if not rows:
        return f"<p>{text(empty)}</p>"
    head = "".join(f"<th>{text(heading)}</th>" for heading in headings)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def percent(share: float) -> str:
    return f"{share:.0%}"


def kata_section(insights: dict) -> str:
    cards = [
        f'<div class="kata"><strong>{text(kata["kata"])}</strong><br>{histogram_svg(kata)}<br>'
        f"mean {text(kata['mean'])}, median {text(kata['median'])} of {text(kata['max_points'])} points</div>"
        for kata in insights["katas"]
    ]
    return '<div class="katas">' + "".join(cards) + "</div>" if cards else "<p>No kata was graded.</p>"


def tests_section(insights: dict) -> str:
    rows = [
        [
            text(test["kata"]),
            f'<span class="test">{text(str(test["test"]).split("::", 1)[-1])}</span>',
            text(test["points"]),
            f'<span class="bar" style="width: {BAR_EM * test["pass_rate"]:.2f}em"></span> '
            f"{percent(test['pass_rate'])} ({text(test['passed'])} of {text(test['graded'])})",
        ]
        for test in insights["tests"]
    ]
    return table(["kata", "test", "points", "passed"], rows, "No test was graded.")


def mistakes_section(insights: dict) -> str:
    rows = [
        [
            text(mistake["count"]),
            percent(mistake["share"]),
            text(mistake["kata"]),
            f'<span class="test">{text(mistake["test"])}</span><br><code>{text(mistake["diagnosis"])}</code>',
            text(mistake["sentence"]),
            text(", ".join(mistake["examples"])),
        ]
        for mistake in insights["mistakes"]
    ]
    return table(
        ["students", "share", "kata", "test and diagnosis", "what they read", "for example"],
        rows,
        "No failed test named a likely mistake.",
    )


def attention_section(insights: dict) -> str:
    rows = [[text(entry["student"]), text(entry["kata"]), text(entry["status"])] for entry in insights["attention"]]
    return table(["student", "kata", "status"], rows, "Every kata of every student ran to its end.")


def identical_section(insights: dict) -> str:
    rows = [
        [text(group["kata"]), text(group["kind"]), text(", ".join(group["students"]))]
        for group in insights["identical"]
    ]
    return f'<p class="caution">{text(insights["identical_caution"])}</p>' + table(
        ["kata", "alike as", "students"], rows, "No two students handed in the same module."
    )


def page(insights: dict) -> str:
    """The whole page, from the facts of insights.json."""
    seeds = ", ".join(text(seed) for seed in insights["seeds"])
    left_out = "".join(f"<li>{text(problem)}</li>" for problem in insights["left_out"])
    sections = [
        ("Scores per kata", kata_section(insights)),
        ("Tests, hardest first", tests_section(insights)),
        ("The commonest mistakes", mistakes_section(insights)),
        ("Students who need attention", attention_section(insights)),
        ("Identical submissions", identical_section(insights)),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Class insights</title>"
        f"<style>{STYLE}</style></head><body>"
        "<h1>Class insights</h1>"
        f"<p>{text(insights['students'])} students; seed {seeds}; grader {text(insights['grader_version'])}.</p>"
        f"<details><summary>Confinement</summary><pre>{text(json.dumps(insights['confinement'], indent=1))}</pre>"
        "</details>"
        + (f"<p>Left out:</p><ul>{left_out}</ul>" if left_out else "")
        + "".join(f"<h2>{text(title)}</h2>{body}" for title, body in sections)
        + "</body></html>\n"
    )
