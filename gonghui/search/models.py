from django.db import models

from gonghui.org.models import OrgUnit


class Entry(models.Model):
    """One searchable record as the index holds it: its words (title and body apart, so a
    word in the title ranks higher), and what a hit shows. The full-text index over the words
    is the database's own (see migrations/0001): an FTS5 table kept by triggers on SQLite, a
    generated tsvector column with a GIN index on PostgreSQL, both written in the same
    statement as the entry."""

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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_record")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
