"""The plugin as a municipality installs it: a wheel, dropped into a fresh Wagtail project."""

import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

PAGE_SCRIPT = textwrap.dedent(
    """
    import datetime

    import wagtail_medborgardialog
    from django.apps import apps
    from django.test import Client
    from wagtail.models import Site

    assert "{venv}" in wagtail_medborgardialog.__file__, wagtail_medborgardialog.__file__
    models = [m for m in apps.get_app_config("wagtail_medborgardialog").get_models()
              if hasattr(m, "allowed_parent_page_models")]
    # What a page type needs besides a title to be saved.
    required = {{
        "accessibilitystatementpage": dict(
            organisation="Drop-in kommun",
            website="www.dropin.example",
            feedback_email="tillganglighet@dropin.example",
            response_time="Vi svarar inom två arbetsdagar.",
            assessed_on=datetime.date(2026, 1, 15),
            reviewed_on=datetime.date(2026, 1, 20),
        ),
        "budgetpage": dict(total_budget=1000000),
    }}
    created = [Site.objects.get(is_default_site=True).root_page.specific]
    pending = list(models)
    while pending:
        for model in list(pending):
            parent = next((p for p in created
                           if model in type(p).allowed_subpage_models()
                           and type(p) in model.allowed_parent_page_models()), None)
            if parent is None:
                continue
            name = model.__name__.lower()
            page = model(title="Drop-in " + name, slug="dropin-" + name, **required.get(name, {{}}))
            parent.add_child(instance=page)
            page.save_revision().publish()
            created.append(page)
            pending.remove(model)
            break
        else:
            raise SystemExit("no parent for " + ", ".join(m.__name__ for m in pending))
    client = Client()
    for page in created[1:]:
        response = client.get(page.url)
        print(type(page).__name__, page.url, response.status_code)
        assert response.status_code == 200, (page.url, response.status_code)
    print("PAGES-OK", len(created) - 1)
    """
)


def run(cmd, cwd):
    # The new project must not inherit the test suite's settings module.
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_wheel_drops_into_a_fresh_wagtail_project(tmp_path):
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)], REPO)
    (wheel,) = dist.glob("wagtail_medborgardialog-*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    prefix = "wagtail_medborgardialog/"
    assert any(n.startswith(prefix + "templates/wagtail_medborgardialog/") for n in names)
    assert prefix + "static/wagtail_medborgardialog/css/medborgardialog.css" in names
    assert prefix + "locale/sv/LC_MESSAGES/django.mo" in names
    assert prefix + "locale/en/LC_MESSAGES/django.mo" in names
    assert prefix + "migrations/0001_initial.py" in names
    assert not any(n.startswith(("tests/", "example_site/")) for n in names)

    # A virtualenv that sees this one's dependencies (Wagtail, Django, ...) but takes the
    # plugin only from the wheel.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    python = venv / "bin" / "python"
    site_packages = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
    ).strip()
    Path(site_packages, "parent-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], tmp_path)

    project = tmp_path / "project"
    project.mkdir()
    run(
        [
            str(python),
            "-c",
            "from wagtail.bin.wagtail import main; main()",
            "start",
            "kommunen",
            str(project),
        ],
        tmp_path,
    )
    base = project / "kommunen" / "settings" / "base.py"
    base.write_text(
        base.read_text().replace(
            "INSTALLED_APPS = [\n",
            'INSTALLED_APPS = [\n    "wagtail_medborgardialog",\n'
            '    "wagtail.contrib.routable_page",\n'
            '    "wagtail.contrib.settings",\n',
            1,
        )
    )
    manage = [str(python), "manage.py"]
    run(manage + ["migrate", "--noinput"], project)
    run(manage + ["check", "--fail-level", "WARNING"], project)
    out = run(manage + ["shell", "-c", PAGE_SCRIPT.format(venv=venv)], project)
    assert "PAGES-OK" in out
    assert "DialogueProcessPage" in out


def test_missing_app_is_explained_by_the_system_check(tmp_path):
    """Without routable_page the site's `check` fails and names the fix."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
            import django
            from django.conf import settings
            from example_site import settings as site
            apps = [a for a in site.INSTALLED_APPS if a != "wagtail.contrib.routable_page"]
            settings.configure(**{k: getattr(site, k) for k in dir(site) if k.isupper()}
                               | {"INSTALLED_APPS": apps})
            django.setup()
            from django.core.management import call_command
            call_command("check")
            """
            ),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "wagtail_medborgardialog.E001" in result.stderr
    assert "wagtail.contrib.routable_page" in result.stderr
