from tests.matrix_profiles import API_EVERYONE, EVERYONE

# Searched for the word the markers share (燃料部的标记诉求, 另一工会的标记事项): whoever the
# matrix says must not see a marker must not find it either, in the results, counts or API.
QUERIES = {
    "search:results": {"q": "标记"},
    "search:similar": {"title": "标记诉求", "kind": "appeal,news"},
    "api:list_search": {"q": "标记"},
}

MATRIX = {
    "search:results": ("get", lambda u, f: {}, EVERYONE),
    "search:similar": ("get", lambda u, f: {}, EVERYONE),
    "api:list_search": ("get", lambda u, f: {}, API_EVERYONE),
}


def fixtures(union) -> dict:
    return {}
