"""Counts stated in the narrative: persons, vehicles, receptions, delegations, projects.

Chinese often names the counted thing after the measure word ("对3个项目开展了绩效自评"), so a count is
read with the phrase before it and the words after it, against the lexicon's count rules. A count of
projects opens the money those projects involve ("涉及预算金额598.42万元"); a bare "累计N人次" completes
the count before it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from converter.model import ALL, Measure
from converter.parse import lexicon
from converter.parse.subjects import SentenceState, Subject, Subjects, first_item

# A count that a bare "累计N人次" goes on to complete, in the same sentence.
COUNT_FOLLOWERS = {
    "overseas-delegations": "overseas-travellers",
    "official-reception-batches": "official-reception-visitors",
    "domestic-reception-batches": "domestic-reception-visitors",
    "foreign-reception-batches": "foreign-reception-visitors",
}

# Equipment counted above a unit-price threshold (yuan), by the threshold the sentence states.
EQUIPMENT_BY_THRESHOLD = {
    Decimal(1_000_000): "equipment-over-1m",
    Decimal(500_000): "general-equipment-over-500k",
}

# The uses a count of vehicles is broken down by ("其中：执法执勤用车2辆…"): after "购置车辆N辆" the
# vehicles bought (item vehicles-purchased-<use>), else the vehicles held.
VEHICLE_USES = {
    "vehicles-ministerial", "vehicles-principal-leaders", "vehicles-confidential-communication",
    "vehicles-emergency", "vehicles-law-enforcement", "vehicles-special-technical", "vehicles-retired-cadres",
    "vehicles-other-use", "vehicles-general-official",
}  # fmt: skip

# Counts of projects whose money the same sentence goes on to state ("涉及预算金额").
PROJECT_COUNTS = {
    "projects-ex-ante-assessed",
    "projects-with-targets",
    "projects-monitored",
    "projects-self-evaluated",
}


class Counts:
    def __init__(self, subjects: Subjects) -> None:
        self.subjects = subjects
        # sentence start -> the last count item read in it, and its fund
        self.last_count: dict[int, tuple[str, str]] = {}

    def read(
        self,
        value: Decimal,
        unit: str,
        label: str,
        after: str,
        unmapped_label: str,
        state: SentenceState,
        emit: Callable[..., None],
        unmapped: Callable[..., None],
    ) -> Subject | None:
        """A count ("团组3个", "接待20批次、共计150人次", "对5个项目开展了绩效自评"): what the phrase
        before it and the words after it count."""
        section, subject, sentence_start = state.section, state.subject, state.start
        key = f"{label}|{unit}{after}"
        leader, leader_fund = self.last_count.get(sentence_start, ("", ALL))
        follower = COUNT_FOLLOWERS.get(leader)
        if follower and label in {"累计", "共计", "合计", "共", ""} and unit in {"人次", "人"}:
            # "团组3个、累计12人次": the second count belongs to the first, and has its fund
            emit(follower, "level", Measure.COUNT, value, leader_fund, ALL)
            return subject
        for rule in lexicon.COUNT_RULES:
            if not rule.pattern.search(key):
                continue
            fund = rule.meaning.fund if rule.meaning.fund is not None else self.subjects.context_fund(section)
            item = rule.meaning.items[0]
            if item.startswith("reception-"):
                # batches and visitors belong to the reception they follow: 国内 or 外事
                if "外事" in label or "外宾" in label or first_item(subject) == "foreign-reception":
                    item = "foreign-" + item
                elif "国内" in label or first_item(subject) == "domestic-reception":
                    item = "domestic-" + item
                else:
                    item = "official-" + item
            if item == "equipment-over-1m" and state.threshold is not None:
                # the threshold stated before decides: "单价50万元以上通用设备0台（套）"
                item = EQUIPMENT_BY_THRESHOLD.get(state.threshold, "")
                if not item:
                    break
            if item in VEHICLE_USES and leader.startswith("vehicles-purchased"):
                item = item.replace("vehicles-", "vehicles-purchased-", 1)  # a part of the vehicles bought
            emit(item, "level", Measure.COUNT, value, fund, ALL)
            if not item.startswith("vehicles-purchased-"):  # the next use is a part of the same purchase
                self.last_count[sentence_start] = (item, fund)
            if item in PROJECT_COUNTS:  # "…项目4个，涉及预算金额598.42万元": the money of those projects
                return Subject((f"{item}-funds",), ALL, ALL)
            money_meaning = self.subjects.meaning(label) if label else None
            if money_meaning is not None:
                money_fund = money_meaning.fund if money_meaning.fund is not None else fund
                return Subject(money_meaning.items, money_fund, money_meaning.nature)
            return subject
        unmapped(
            f"“{unmapped_label}” counts nothing known",
            Measure.COUNT,
            value,
            f"{unmapped_label}|{unit}{after}",
        )
        return subject
