"""Absolute links for e-mails and feeds, which are read away from the site."""


def absolute_url(page, request=None, suffix=""):
    """The absolute URL of ``page`` (plus ``suffix``, a sub-route or fragment).

    With a request the scheme and host are the ones the visitor used, so links work wherever
    the site runs (a demo on 127.0.0.1:8000, a test server, behind a proxy). Without one (a
    background task) they come from the page's Site record, which must then be right.
    Returns "" for a page no site serves.
    """
    if request is not None:
        url = page.get_url(request)
        # get_url is relative for the request's own site and absolute for another site;
        # build_absolute_uri leaves an absolute URL as it is.
        return request.build_absolute_uri(url + suffix) if url is not None else ""
    url = page.get_full_url()
    return url + suffix if url is not None else ""
