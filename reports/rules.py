"""The settlement's budget arithmetic, in one place (whole won, or any one unit such as 천원
as long as every figure is in it). Pages, workbooks and services compute these figures only
through these functions."""


def revised_budget(*, budgeted: int, change: int) -> int:
    """예산액 after 예산변경 (what the revenue and summary rows compare execution with)."""
    return budgeted + change


def current_budget(*, budgeted: int, change: int, carried_in: int) -> int:
    """예산현액 = 예산액 + 예산변경 + 전년이월."""
    return revised_budget(budgeted=budgeted, change=change) + carried_in


def remaining(*, current: int, executed: int, carried_out: int) -> int:
    """집행잔액 = 예산현액 − 집행액 − 차년이월 (what is left to spend on a line)."""
    return current - executed - carried_out


def revenue_difference(*, budgeted: int, change: int, executed: int) -> int:
    """세입 차액 = 집행액 − 변경 후 예산액 (more received than planned is positive)."""
    return executed - revised_budget(budgeted=budgeted, change=change)
