"""Quorum and the outcome of a vote, as fractions (a charter says "two thirds", "more than half"). Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    quorum_num: int = 2
    quorum_den: int = 3
    pass_num: int = 1
    pass_den: int = 2


def quorum_needed(members: int, rule: Rule) -> int:
    """Smallest number present that reaches the quorum (at least quorum_num/quorum_den of the members)."""
    return -(-members * rule.quorum_num // rule.quorum_den)


def has_quorum(present: int, members: int, rule: Rule) -> bool:
    return members > 0 and present * rule.quorum_den >= members * rule.quorum_num


def vote_passes(votes_for: int, present: int, rule: Rule) -> bool:
    """Passed when more than pass_num/pass_den of those present voted for (abstentions and absent
    votes count against, as the charters read)."""
    return present > 0 and votes_for * rule.pass_den > present * rule.pass_num


def vote_problem(votes_for: int, against: int, abstain: int, present: int) -> str | None:
    """Why a tally cannot be right, or None: more votes than voting members present."""
    if min(votes_for, against, abstain) < 0:
        return "negative"
    if votes_for + against + abstain > present:
        return "too_many"
    return None
