"""Use cases: the only callers of the store. Importing this package registers every service."""

from raffinaderij.services import accounts, audit, compare, consent, entity, search  # noqa: F401
