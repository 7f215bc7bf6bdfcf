"""The demo's English pages: a translation of the dialogue index and of one ongoing process.

Built with Wagtail's own internationalisation (``copy_for_translation``), as an editor would
with "Translate" in the admin, after the Swedish story exists. What to translate is found by
query, so this works whatever the story is: the site's dialogue index in the default locale
and the first ongoing process under it. A process with an English text below gets it; any
other gets a short, honest English summary pointing to the Swedish page.
"""

from wagtail.models import Locale

from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage, ProcessStatus
from wagtail_medborgardialog.processes.status import annotate_status

ENGLISH_HOME = {
    "title": "Exempelkommun",
    "intro": (
        "<p>Welcome to Exempelkommun. Some of our citizen dialogues are also published in "
        "English.</p>"
    ),
}
ENGLISH_INDEX = {
    "title": "Citizen dialogues",
    "slug": "citizen-dialogues",
    "intro": (
        "<p>The municipality's citizen dialogues published in English. All dialogues are "
        "listed on the Swedish page.</p>"
    ),
}

# English texts for processes of the demo story, by slug; step summaries in step order.
ENGLISH_PROCESSES = {
    "trygghet-i-centrum": {
        "title": "Feeling safe in the town centre",
        "slug": "feeling-safe-in-the-town-centre",
        "question": "What would make you feel safer in the town centre in the evening?",
        "purpose": (
            "<p>The municipality wants to hear from everyone who spends time in the town "
            "centre.</p>"
        ),
        "can_influence": (
            "<p>Lighting, street furniture and which activities take place in the evenings.</p>"
        ),
        "cannot_influence": "<p>The work of the police and the shops' opening hours.</p>",
        "decision_timing": "Spring 2027",
        "target_groups": "Residents, businesses, young people and associations in the centre",
        "step_summaries": [
            "<p>The municipal executive board gave the assignment and appointed a steering "
            "group.</p>",
            "<p>Residents, businesses and associations answered the perspective collection "
            "and took part in safety walks around the square and the station.</p>",
            "<p>Workshops with young people and businesses are taking place now.</p>",
        ],
    },
    "nya-parken-i-norrby": {
        "title": "The new park in Norrby",
        "slug": "the-new-park-in-norrby",
        "question": "How should the new park in Norrby be used?",
        "purpose": "<p>The park is planned together with residents, schools and associations.</p>",
        "can_influence": "<p>Which activities and places the park will have.</p>",
        "cannot_influence": (
            "<p>The park's location and size, already decided in the local development plan.</p>"
        ),
        "decision_timing": "Autumn 2027",
        "target_groups": "Residents, schools and associations in Norrby",
        "step_summaries": [
            "<p>The assignment is given and those affected have been mapped.</p>",
            "<p>We are collecting ideas on site in Norrby and on the web.</p>",
        ],
    },
}

GENERIC_PURPOSE = (
    "<p>This is a short English version of a citizen dialogue. The full material is on the "
    "Swedish page. You are welcome to write your contribution here in English; contributions "
    "written on the Swedish page are shown there.</p>"
)


def build_translations():
    """Translate the dialogue index and its first ongoing process into English, once."""
    swedish = Locale.get_default()
    index = DialogueIndexPage.objects.live().filter(locale=swedish).order_by("path").first()
    if index is None:
        return None
    process = (
        annotate_status(DialogueProcessPage.objects.child_of(index).live())
        .filter(derived_status=ProcessStatus.ONGOING.value)
        .order_by("path")
        .first()
    )
    if process is None:
        return None
    english = Locale.objects.get_or_create(language_code="en")[0]
    if process.has_translation(english):
        return process.get_translation(english)

    # Top down, as an editor translates: the home page, the index, then the process.
    home = index.get_parent().specific
    english_home, new = translation_of(home, english)
    if new:
        publish(english_home, **{k: v for k, v in ENGLISH_HOME.items() if hasattr(english_home, k)})
    english_index, new = translation_of(index, english)
    if new:
        publish(english_index, **ENGLISH_INDEX)
    translated, _ = translation_of(process, english)
    publish(translated, **english_process_fields(process, translated))
    # The English index is a new root of the plugin's pages: the roles' permissions and
    # the review workflow apply to it as to the Swedish one.
    workflows.setup_defaults()
    return translated


def translation_of(page, locale):
    """``(translation, created)``: the page's existing translation, or a new draft copy."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    return page.copy_for_translation(locale).specific, True


def english_process_fields(process, translated):
    texts = ENGLISH_PROCESSES.get(process.slug)
    if texts is None:
        texts = {
            "question": "",
            "purpose": GENERIC_PURPOSE,
            "can_influence": "",
            "cannot_influence": "",
            "decision_timing": "",
            "target_groups": "",
            "step_summaries": [],
        }
    summaries = texts.get("step_summaries", [])
    steps = list(translated.steps.all())
    for position, step in enumerate(steps):
        # A summary not translated is left out rather than shown in Swedish on an English page.
        step.summary = summaries[position] if position < len(summaries) else ""
        step.outcome = ""
    translated.steps = steps
    return {k: v for k, v in texts.items() if k != "step_summaries"}


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
