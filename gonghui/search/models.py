from django.db import models

from gonghui.org.models import OrgUnit

# An entry's id is its kind's code in the high bits and its record's id below: the full-text
# index hands over ids, and which kind and record each is follows from the id alone, without
# reading the entry; and each kind's entries are one range of ids, so a search walks one
# kind's matches newest first (the wide kinds' few hundred, not every match of every kind
# before the first article).
OBJECT_BITS = 40
MAX_CODE = 63
OBJECT_MASK = (1 << OBJECT_BITS) - 1


def entry_id(code: int, object_id: int) -> int:
    return (code << OBJECT_BITS) | object_id


def code_of(entry_id: int) -> int:
    return entry_id >> OBJECT_BITS


def kind_range(code: int) -> tuple[int, int]:
    return code << OBJECT_BITS, ((code + 1) << OBJECT_BITS) - 1


class Entry(models.Model):
    """One searchable record as the index holds it: its words (title and body apart, so a
    word in the title ranks higher), and what a hit shows. The full-text index over the words
    is the database's own (see migrations/0001): an FTS5 table kept by triggers on SQLite, a
    generated tsvector column with a GIN index on PostgreSQL, both written in the same
    statement as the entry."""

    id = models.BigIntegerField(primary_key=True)  # entry_id(kind's code, object_id)
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(OrgUnit, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    # Copy of unit.path: the unit filter is a range on this table, no join.
    unit_path = models.CharField(max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    happened_at = models.DateTimeField(null=True)
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class Match(models.Model):
    """SQLite's FTS5 table, read as a model: its rowid is the entry's id."""

    id = models.BigIntegerField(primary_key=True, db_column="rowid")

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return str(self.id)
