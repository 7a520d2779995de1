from tests.matrix_profiles import expect

MATRIX = {
    # Aggregates of the whole union: its office and its company leaders.
    "figures:board": ("get", lambda u, f: {}, expect(403, chair=200, staff=200, leader=200)),
}


def fixtures(union) -> dict:
    return {}
