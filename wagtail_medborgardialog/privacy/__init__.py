"""Personal data: network hashes, anonymisation, retention and the archive export.

``network`` turns addresses into keyed hashes; ``retention`` anonymises and deletes;
``archive`` exports a page's contributions with their history. The names below are the
package's public interface.
"""

from .network import client_ip, hash_ip, hash_network
from .retention import (
    PERSONAL_FIELDS,
    REASON_RETENTION,
    REASON_SUBJECT_REQUEST,
    action_name,
    anonymise,
    can_hard_delete,
    clear_ip_hashes,
    delete_contributions,
    due_for_anonymisation,
    expired_ip_hashes,
    expired_unconfirmed,
    log_archive_export,
    pages_closed_before,
    participation_page_models,
    refresh_public_copies,
)

__all__ = [
    "PERSONAL_FIELDS",
    "REASON_RETENTION",
    "REASON_SUBJECT_REQUEST",
    "action_name",
    "anonymise",
    "can_hard_delete",
    "clear_ip_hashes",
    "client_ip",
    "delete_contributions",
    "due_for_anonymisation",
    "expired_ip_hashes",
    "expired_unconfirmed",
    "hash_ip",
    "hash_network",
    "log_archive_export",
    "pages_closed_before",
    "participation_page_models",
    "refresh_public_copies",
]
