MATRIX = {}


def fixtures(union) -> dict:
    return {}
