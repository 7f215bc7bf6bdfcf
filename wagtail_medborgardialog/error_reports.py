"""Error reports without citizens' personal data.

When a request fails, Django e-mails ADMINS (and error trackers may collect) a report with the
request's POST data and headers: a citizen's e-mail address, name and text, and their IP
address. Set ``DEFAULT_EXCEPTION_REPORTER_FILTER`` to this filter and those are starred out.
"""

import re

from django.utils.regex_helper import _lazy_re_compile
from django.views.debug import SafeExceptionReporterFilter


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    # Django's list plus the headers that carry the client's address.
    hidden_settings = _lazy_re_compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE"
        "|REMOTE_ADDR|FORWARDED|REAL_IP|CLIENT_IP|TRUE_CLIENT|CF_CONNECTING",
        flags=re.I,
    )

    def _starred(self, values):
        values = values.copy()
        for name in values:
            values[name] = self.cleansed_substitute
        return values

    def get_post_parameters(self, request):
        """Every posted value starred: what a citizen wrote is theirs, not the error's."""
        post = super().get_post_parameters(request)
        if request is None or not self.is_active(request):
            return post
        return self._starred(post)

    def get_cleansed_multivaluedict(self, request, multivaluedict):
        # request.POST as a local variable in a traceback frame (HTML reports).
        if self.is_active(request):
            return self._starred(multivaluedict)
        return super().get_cleansed_multivaluedict(request, multivaluedict)
