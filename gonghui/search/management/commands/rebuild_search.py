import time

from django.core.management.base import BaseCommand, CommandError

from gonghui.search.index import rebuild
from gonghui.search.registry import all_kinds, get_kind


class Command(BaseCommand):
    help = "重建全文搜索索引（全部或指定类型）。"

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="只重建这些类型，如 appeal proposal person")

    def handle(self, *args, kinds, **options):
        chosen = [get_kind(key) for key in kinds] if kinds else all_kinds()
        if unknown := [key for key, kind in zip(kinds, chosen, strict=False) if kind is None]:
            names = "、".join(kind.key for kind in all_kinds())
            raise CommandError(f"没有这种搜索类型：{'、'.join(unknown)}。可选：{names}")
        started = time.monotonic()
        counts = rebuild(chosen)
        for kind in chosen:
            self.stdout.write(f"{kind.label}（{kind.key}）：{counts[kind.key]} 条")
        self.stdout.write(
            self.style.SUCCESS(
                f"搜索索引已重建，共 {sum(counts.values())} 条，用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
