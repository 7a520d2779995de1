"""`make bench-search`: search over 200,000 appeals, 50,000 people and 20,000 other records.

Times building the whole index (`rebuild_search`) and what indexing adds to one record's
write, then serves the database like `make bench` does and measures search pages (a word in a
tenth of the appeals, two words, a handler's and an employee's view, a name by pinyin, the
API) against the trivial view, with their SQL query counts. Results go to bench/results/search.md.
"""

import argparse
import subprocess
import sys
import time

from run import ENGINE, PY, ROOT, WORK, bench_db, env_for, manage, measure_pages, reset_db, results_file, timed

TARGET_RATIO = 0.15
STAFF, HANDLER, EMPLOYEE = "HD900002", "HD900004", "HD900006"

WRITE_COST = """
import time
from django.db import transaction
from django.db.models.signals import post_save
from gonghui.accounts.models import User
from gonghui.news.models import Article
from gonghui.org.demo import demo_root
from gonghui.search.index import _saved
root, staff = demo_root(), User.objects.get(username="HD900002")
body = "夜班下班后，职工食堂已经没有热饭，我们班组反映多次，希望工会协调有关部门尽快解决。" * 3

def write(n):
    started = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            Article.objects.create(union=root, title=f"关于职工食堂夜班供餐的通报{i}", body=body, author=staff)
    return (time.perf_counter() - started) / n * 1000

write(20)  # jieba loaded, caches warm
indexed = write(300)
post_save.disconnect(_saved, sender=Article, dispatch_uid="search:news.Article")
plain = write(300)
print(f"{indexed:.2f} {plain:.2f}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--others", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    db = bench_db(f"search-{args.cases}")
    reset_db(db)
    lines = [
        f"# Search benchmark · {time.strftime('%Y-%m-%d %H:%M')} · {args.cases:,} appeals, {args.people:,} people, "
        f"{args.others:,} other records · {ENGINE}",
        "",
    ]
    manage(db, "migrate", "-v0")
    manage(db, "seed_demo", "--employees", "5000")
    manage(db, "collectstatic", "--noinput", "-v0")
    generate = timed(
        "generating the records",
        lambda: subprocess.run(
            [PY, str(ROOT / "bench" / "search_data.py"), str(args.cases), str(args.people), str(args.others)],
            cwd=ROOT / "bench",
            env=env_for(db),
            check=True,
        ),
    )
    build = timed("rebuild_search", lambda: manage(db, "rebuild_search"))
    entries = manage(
        db,
        "shell",
        "-v",
        "0",
        "-c",
        "from gonghui.search.models import Entry; print(Entry.objects.count())",
        capture=True,
    ).split()[-1]
    indexed, plain = (
        float(x)
        for x in subprocess.run(
            [PY, "-c", "import django; django.setup(); exec(open(0).read())"],
            input=WRITE_COST,
            cwd=ROOT,
            env=env_for(db),
            check=True,
            text=True,
            capture_output=True,
        ).stdout.split()[-2:]
    )
    added = indexed - plain
    lines += [
        f"- generating the records (bulk, unindexed): {generate:.1f} s",
        f"- building the whole index, {int(entries):,} entries: {build:.1f} s (target < 60 s: {'pass' if build < 60 else 'FAIL'})",
        f"- writing one article in its own transaction: {indexed:.2f} ms indexed, {plain:.2f} ms without the index: "
        f"indexing adds {added:.2f} ms (target < 5 ms: {'pass' if added < 5 else 'FAIL'})",
        "",
    ]
    q = "/search/?q="
    pages = [
        ("食堂 (in a tenth of the appeals), union office", STAFF, q + "%E9%A3%9F%E5%A0%82", True),
        ("食堂 夜班 (two words), union office", STAFF, q + "%E9%A3%9F%E5%A0%82+%E5%A4%9C%E7%8F%AD", True),
        ("食堂, page 10", STAFF, q + "%E9%A3%9F%E5%A0%82&page=10", True),
        ("食堂, 设备部 handler", HANDLER, q + "%E9%A3%9F%E5%A0%82", True),
        ("食堂, an employee", EMPLOYEE, q + "%E9%A3%9F%E5%A0%82", True),
        (
            "a rare word (锅炉检修 公积金)",
            STAFF,
            q + "%E9%94%85%E7%82%89%E6%A3%80%E4%BF%AE+%E5%85%AC%E7%A7%AF%E9%87%91",
            True,
        ),
        ("a person by pinyin (zhang), union office", STAFF, q + "zhang&kind=person", True),
        ("API: 食堂", STAFF, "/api/v1/search?q=%E9%A3%9F%E5%A0%82", True),
        (
            "similar while typing (食堂夜班没有热饭)",
            STAFF,
            "/search/similar/?kind=appeal&title=%E9%A3%9F%E5%A0%82%E5%A4%9C%E7%8F%AD%E6%B2%A1%E6%9C%89%E7%83%AD%E9%A5%AD",
            True,
        ),
    ]
    table, slow = measure_pages(db, pages, args.seconds, TARGET_RATIO)
    lines += table
    lines += [
        "",
        f"wrk: 2 threads, 8 connections, {args.seconds} s per URL; gunicorn: 2 sync workers, production settings, {ENGINE}.",
    ]
    results_file("search").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if slow or build >= 60 or added >= 5 else 0


if __name__ == "__main__":
    sys.exit(main())
