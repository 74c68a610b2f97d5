"""Errors the repository raises; each message can be shown to the worker as it is."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every case-store error."""


class NotAWorker(StoreError):
    """The caller is not a registered social worker."""


class CaseNotFound(StoreError):
    """No case has this reference."""


class NotAssignee(StoreError):
    """Only the worker holding the case may reply to or close it."""


class AlreadyClaimed(StoreError):
    """Another worker claimed the case first."""


class CaseClosed(StoreError):
    """The case is closed; nothing more can be done on it."""


class CaseErased(CaseClosed):
    """The person had the case erased; only its reference, times and worker remain."""


class NotAllowed(StoreError):
    """The access policy (knowledge/handoff.yml → access) does not let this worker do that."""
