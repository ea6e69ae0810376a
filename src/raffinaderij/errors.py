"""The exception tree. Every error a user can meet says what was wrong and what to do.

RaffError
├── ConfigError          configuration, policy or ontology file is invalid
├── MappingError         a mapping file is invalid (names file, line and key)
├── IngestError          a source cannot be read at all
├── StoreError           the store cannot be opened or migrated
│   └── StoreBusyError   another process (the server) owns the store file
├── NotFound             the thing asked for does not exist or is not visible
├── AuthError            login failed or no session
│   └── Throttled        too many failed logins for a username: wait (429)
└── Denied               the guard refused: no case, wrong role, no consent, ...
    └── ConsentRequired  hit details need a designated officer's consent (Wpg 11, LAW-07)
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "ConfigError",
    "ConsentRequired",
    "Denied",
    "IngestError",
    "MappingError",
    "NotFound",
    "RaffError",
    "StoreBusyError",
    "StoreError",
    "Throttled",
]


class RaffError(Exception):
    """Root of every error Raffinaderij raises on purpose."""

    #: HTTP status the API answers with; the CLI exits non-zero whatever it is.
    status = 400
    #: Catalogue key (web/messages.py) of a text saying the same in the reader's language.
    message_key: str | None = None


class ConfigError(RaffError):
    status = 500


class MappingError(RaffError):
    pass


class IngestError(RaffError):
    pass


class StoreError(RaffError):
    status = 500


class StoreBusyError(StoreError):
    status = 409


class NotFound(RaffError):
    status = 404


class AuthError(RaffError):
    status = 401


class Throttled(AuthError):
    status = 429


class Denied(RaffError):
    status = 403


class ConsentRequired(Denied):
    pass
