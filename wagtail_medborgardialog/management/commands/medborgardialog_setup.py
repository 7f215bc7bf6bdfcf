"""Create the default groups and approval workflows. Safe to run any number of times."""

from django.core.management.base import BaseCommand

from wagtail_medborgardialog.workflows import setup_defaults


class Command(BaseCommand):
    help = (
        "Create the groups Processledare, Styrgrupp and Beslutande organ and the workflows "
        "'Medborgardialog: granskning' and 'Samhällskontrakt: antagande' where missing."
    )

    def handle(self, *args, **options):
        report = setup_defaults()
        if not report.created:
            self.stdout.write("Nothing to do: the groups and workflows are in place.")
            return
        for line in report.created:
            self.stdout.write(f"Created {line}")
        self.stdout.write(self.style.SUCCESS(f"{len(report.created)} items created."))
