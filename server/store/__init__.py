"""Stores behind one small interface (see base.Store)."""

from server.store.base import Description, QueryBusy, QueryError, QueryResult, QueryTimeout, Store
from server.store.embedded import EmbeddedStore

__all__ = ["Description", "EmbeddedStore", "QueryBusy", "QueryError", "QueryResult", "QueryTimeout", "Store"]
