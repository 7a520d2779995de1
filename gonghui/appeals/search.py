from gonghui.cases.search import searchable_cases

searchable_cases("appeal", "诉求", code=2)
