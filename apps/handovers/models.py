"""A shift's handover, as it was handed over: never edited, never deleted (save() refuses an
update, delete() refuses; the migration's triggers refuse them in the database too)."""
from django.db import models


class Immutable(Exception):
    pass


class Handover(models.Model):
    handover_id = models.BigAutoField(primary_key=True, help_text="Number of the handover, in the order they were stored")
    shift = models.CharField(max_length=20, help_text="The shift handed over, as URLs write it: 2018-10-09/evening")
    shifter = models.CharField(max_length=200, help_text="Who handed the shift over")
    notes = models.TextField(blank=True, help_text="The shifter's notes, as typed (plain text)")
    created_time = models.DateTimeField(help_text="When the shift was handed over")
    version = models.IntegerField(help_text="1 for a shift's first handover, 2 for its second, …")
    selection = models.CharField(max_length=500, help_text="The Shift report's query the PDF was made for")
    pixelws_version = models.CharField(max_length=50, help_text="The pixelws version that made the PDF")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the PDF's bytes, in hex")
    pdf_size = models.IntegerField(help_text="Size of the PDF")
    pdf = models.BinaryField(help_text="The PDF exactly as it was generated")

    class Meta:
        db_table = "pixelws_handover"
        constraints = [models.UniqueConstraint(fields=["shift", "version"], name="pixelws_handover_shift_version")]
        indexes = [models.Index(fields=["created_time"], name="pixelws_handover_created")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable("A handover is never edited: hand the shift over again (a new version).")
        super().save(*args, force_insert=True, **{k: v for k, v in kwargs.items() if k != "force_insert"})

    def delete(self, *args, **kwargs):
        raise Immutable("A handover is never deleted.")


class Reservation(models.Model):
    """A version of a shift's handover being made: taken before its PDF (seconds of work), so that
    a second shifter handing the same shift over at once hears so at once (a 409), not after
    making a PDF for nothing. Removed when the handover is stored or fails; one left by a killed
    process is taken over once it is older than the PDF's time limit."""

    shift = models.CharField(max_length=20)
    version = models.IntegerField()
    reserved_time = models.DateTimeField()

    class Meta:
        db_table = "pixelws_handover_reservation"
        constraints = [models.UniqueConstraint(fields=["shift", "version"], name="pixelws_handover_reservation_shift_version")]
