"""Small sums every report does the same way."""


def percent(part, whole) -> int | None:
    """`part` as a whole-number percentage of `whole`; None when there is no whole to speak of."""
    return round(part * 100 / whole) if whole else None
