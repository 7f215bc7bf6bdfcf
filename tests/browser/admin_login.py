"""Logging in to Wagtail's admin as one of the demo users (all share the demo password)."""

PASSWORD = "exempelkommun"


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
