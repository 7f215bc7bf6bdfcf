"""Menu items shown only to users who hold the permission behind them."""

from wagtail.admin.menu import MenuItem


class PolicyMenuItem(MenuItem):
    """Shown when ``is_allowed(user)`` says yes."""

    def __init__(self, *args, is_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_allowed = is_allowed

    def is_shown(self, request):
        return self.is_allowed(request.user)
