"""A draft's text cut into clauses (第一条 ……, 第二条 ……), so members can comment clause by clause. Pure."""

from __future__ import annotations

import re

CLAUSE_HEAD = re.compile(r"^\s*(第[一二三四五六七八九十百零〇\d]+条)\s*(.*)$")


def split_clauses(text: str) -> list[tuple[str, str]]:
    """[(number, text)] in order. Lines before the first 第…条 (title, chapter headings) are dropped; a line
    that does not start a clause continues the one before. Text without any 第…条: one clause per
    non-empty paragraph, numbered 1, 2, …"""
    clauses: list[list[str]] = []
    for line in (text or "").splitlines():
        m = CLAUSE_HEAD.match(line)
        if m:
            clauses.append([m.group(1), m.group(2).strip()])
        elif clauses and line.strip() and not re.match(r"^\s*第[一二三四五六七八九十百零〇\d]+章", line):
            clauses[-1][1] = (clauses[-1][1] + "\n" + line.strip()).strip()
    if clauses:
        return [(n, t) for n, t in clauses]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]
    return [(str(i), p) for i, p in enumerate(paragraphs, start=1)]
