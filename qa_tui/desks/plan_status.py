"""Where an action plan item stands: its trajectory from baseline to target, the status
that suggests itself, and what stops it being SMART. Pure: no SQL, no permissions (the
plan's desk asks those before it reads an item); `plan` re-exports them.
"""

from __future__ import annotations

from datetime import date

ON_TRACK_SLACK = 0.02  # up to 2 points behind the trajectory is on track
AT_RISK_SLACK = 0.07  # up to 7 points behind is at risk; further is off track


def suggest_status(
    progress_current: float | None,
    current_audits: int,
    baseline: float | None,
    target: float | None,
    expected: float | None,
    higher_is_better: bool,
) -> str:
    """Where an item stands: complete once the target is met, else against the
    trajectory; not started until audits after the measure was set have been counted."""
    if target is None or progress_current is None or current_audits == 0:
        return "not_started"
    sign = 1 if higher_is_better else -1
    if (progress_current - target) * sign >= 0:
        return "complete"
    aim = expected if expected is not None else (baseline if baseline is not None else target)
    gap = (progress_current - aim) * sign
    if gap >= -ON_TRACK_SLACK:
        return "on_track"
    if gap >= -AT_RISK_SLACK:
        return "at_risk"
    return "off_track"


def trajectory(
    baseline: float | None,
    target: float | None,
    set_on: str | None,
    target_on: str | None,
    today: date,
) -> float | None:
    """Where the measure should be today on a straight line from baseline to target."""
    if baseline is None or target is None or not set_on or not target_on:
        return None
    start, end = date.fromisoformat(set_on), date.fromisoformat(target_on)
    if end <= start:
        return target
    done = min(max((today - start).days / (end - start).days, 0.0), 1.0)
    return baseline + (target - baseline) * done


def smart_problems(item: dict) -> list[str]:
    """What stops an item being SMART: who, by when, measured how, to what target."""
    problems = []
    if not (item.get("owner") or "").strip():
        problems.append("no owner")
    if not item.get("due_on"):
        problems.append("no due date")
    if not item.get("measure"):
        problems.append("no measure")
    if item.get("target_value") is None:
        problems.append("no target")
    if not item.get("target_on"):
        problems.append("no target date")
    baseline, target = item.get("baseline_value"), item.get("target_value")
    measure = item.get("measure")
    if baseline is not None and target is not None and measure:
        better = target > baseline if measure.get("bucket") != "inadequate" else target < baseline
        if not better:
            problems.append("the target is no better than the baseline")
    return problems
