from gonghui.core.demo import DemoPart, register_demo


def _index(union) -> str:
    from .index import rebuild
    from .registry import all_kinds

    counts = rebuild(all_kinds())
    return f"搜索索引：{sum(counts.values())} 条。"


# Last: the demo's records are written in bulk, past the save() that indexes one record.
register_demo(DemoPart(app="search", order=1000, build_small=_index))
