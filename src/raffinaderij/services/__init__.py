"""Use cases: the only callers of the store. Importing this package registers every service."""

from raffinaderij.services import (  # noqa: F401
    accounts,
    audit,
    charts,
    compare,
    consent,
    entity,
    ingest,
    products,
    resolution,
    search,
    signals,
    sources,
)
