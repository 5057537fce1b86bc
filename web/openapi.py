"""The OpenAPI 3 description of the JSON API, kept true by tests/test_web_openapi.py."""

from __future__ import annotations

from index.base import SORTS, UNDATED_MODES
from search.export import COLUMNS as EXPORT_COLUMNS
from search.export import FORMATS as EXPORT_FORMATS
from search.parse import MAX_QUERY_CHARS
from search.request import MAX_PER_PAGE

_PERIOD = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2014-11"}
_NULLABLE_STRING = {"type": "string", "nullable": True}
_BRIEF_LIST = {  # other articles in a response (a hit's copies, an article's similar ones)
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "title", "outlet", "date"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "outlet": _NULLABLE_STRING,
            "date": {**_NULLABLE_STRING, "format": "date"},
        },
    },
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _param(name: str, schema: dict, description: str, *, repeat: bool = False) -> dict:
    if repeat:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **({"style": "form", "explode": True} if repeat else {}),
    }


def openapi_document() -> dict:
    """Return the OpenAPI document of every endpoint."""
    facet_value = {
        "type": "object",
        "required": ["value", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
            "stories": {"type": "integer", "minimum": 0, "nullable": True},
        },
    }
    search_params = [
        _param(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_CHARS},
            'Query: words (all must match), "phrases", OR, AND, NOT/-word, parentheses, '
            "title:/text:/group:/outlet: fields, date:[2014-01 TO 2014-12], word*.",
        ),
        _param(
            "group", {"type": "string"}, "Group facet selection (repeat for several).", repeat=True
        ),
        _param(
            "outlet",
            {"type": "string"},
            "Outlet facet selection (repeat for several).",
            repeat=True,
        ),
        _param("date_from", _PERIOD, "First day, month or year to include."),
        _param("date_to", _PERIOD, "Last day, month or year to include."),
        _param(
            "undated",
            {"type": "string", "enum": list(UNDATED_MODES)},
            "Articles without a publication date: include (default), exclude, or only.",
        ),
        _param("sort", {"type": "string", "enum": list(SORTS)}, "Order of the hits."),
        _param("page", {"type": "integer", "minimum": 1}, "Page of results, from 1."),
        _param(
            "aliases",
            {"type": "string", "enum": ["on", "off"]},
            "on (default): a group named by any alias also finds its other names and its tag; "
            "off: exact wording.",
        ),
        _param(
            "rollup",
            {"type": "string", "enum": ["false", "true"]},
            "true: group filters also match the groups' branches (e.g. ISKP under IS).",
        ),
        _param(
            "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "Hits per page."
        ),
        _param(
            "collapse",
            {"type": "string", "enum": ["none", "story"]},
            "story: one hit per story (syndicated copies folded), the others listed in copies; "
            "paging then counts stories.",
        ),
        _param(
            "cursor",
            {"type": "string", "maxLength": 200},
            "Deep paging: the next_cursor of the previous response (instead of page). It stays "
            "valid while the index does not change.",
        ),
    ]
    export_params = [p for p in search_params if p["name"] not in ("page", "per_page", "cursor")]
    export_params.append(
        _param(
            "format", {"type": "string", "enum": list(EXPORT_FORMATS)}, "csv (default) or jsonl."
        )
    )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Dossier API",
            "version": "1",
            "description": "Full-text search over a news archive about armed groups. "
            "title_html and snippets are HTML-escaped article text whose only markup is "
            "<mark>…</mark>.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Ranked search with facets and highlighted snippets",
                    "parameters": search_params,
                    "responses": {
                        "200": {
                            "description": "The matches",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResult"}
                                }
                            },
                        },
                        "400": _error("A malformed query or parameter; `param` names it"),
                        "503": _error("No index is ready"),
                    },
                }
            },
            "/api/export": {
                "get": {
                    "summary": "Every match of a search (up to the export cap), streamed",
                    "description": "Columns: " + ", ".join(EXPORT_COLUMNS) + ". Headers "
                    "X-Dossier-Total (all matches), X-Dossier-Exported (rows sent) and "
                    "X-Dossier-Export-Cap report the cap.",
                    "parameters": export_params,
                    "responses": {
                        "200": {
                            "description": "CSV or JSON Lines",
                            "content": {
                                "text/csv": {"schema": {"type": "string"}},
                                "application/x-ndjson": {"schema": {"type": "string"}},
                            },
                        },
                        "400": _error("A malformed query or parameter; `param` names it"),
                        "503": _error("No index is ready"),
                    },
                }
            },
            "/api/articles/{article_id}": {
                "get": {
                    "summary": "One whole article",
                    "parameters": [
                        {
                            "name": "article_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The article",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Article"}
                                }
                            },
                        },
                        "404": _error("No article with that id"),
                        "503": _error("No index is ready"),
                    },
                }
            },
            "/api/groups": {
                "get": {
                    "summary": "Every group tagged in the archive, with count, parent and aliases",
                    "responses": {
                        "200": {
                            "description": "The groups, most articles first",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["groups"],
                                        "properties": {
                                            "groups": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "required": [
                                                        "name",
                                                        "count",
                                                        "parent",
                                                        "aliases",
                                                    ],
                                                    "properties": {
                                                        "name": {"type": "string"},
                                                        "count": {"type": "integer", "minimum": 1},
                                                        "parent": _NULLABLE_STRING,
                                                        "aliases": {
                                                            "type": "array",
                                                            "items": {"type": "string"},
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    }
                                }
                            },
                        },
                        "503": _error("No index is ready"),
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3 document",
                            "content": {"application/json": {}},
                        }
                    },
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Whether an index is ready",
                    "responses": {
                        "200": {
                            "description": "Ready",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["status", "articles", "engine"],
                                        "properties": {
                                            "status": {"type": "string", "enum": ["ok"]},
                                            "articles": {"type": "integer", "minimum": 0},
                                            "engine": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        },
                        "503": _error("No index is ready"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "param": {"type": "string"},
                            },
                        }
                    },
                },
                "Hit": {
                    "type": "object",
                    "required": [
                        "id",
                        "url",
                        "title",
                        "title_html",
                        "outlet",
                        "date",
                        "groups",
                        "score",
                        "snippets",
                        "matched_aliases",
                        "story",
                        "copies",
                    ],
                    "properties": {
                        "id": {"type": "string"},
                        "url": _NULLABLE_STRING,
                        "title": {"type": "string"},
                        "title_html": {"type": "string"},
                        "outlet": _NULLABLE_STRING,
                        "date": {**_NULLABLE_STRING, "format": "date"},
                        "groups": {"type": "array", "items": {"type": "string"}},
                        "score": {"type": "number"},
                        "snippets": {"type": "array", "items": {"type": "string"}},
                        "matched_aliases": {"type": "array", "items": {"type": "string"}},
                        "story": _NULLABLE_STRING,
                        "copies": _BRIEF_LIST,
                    },
                },
                "SearchResult": {
                    "type": "object",
                    "required": [
                        "query",
                        "total",
                        "stories",
                        "took_ms",
                        "hits",
                        "facets",
                        "suggestion",
                        "next_cursor",
                    ],
                    "properties": {
                        "query": {"type": "object"},
                        "total": {"type": "integer", "minimum": 0},
                        "stories": {"type": "integer", "minimum": 0},
                        "took_ms": {"type": "number"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "required": ["group", "outlet", "month", "undated"],
                            "properties": {
                                "group": {"type": "array", "items": facet_value},
                                "outlet": {"type": "array", "items": facet_value},
                                "month": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["value", "count"],
                                        "properties": {
                                            "value": {"type": "string"},
                                            "count": {"type": "integer"},
                                        },
                                    },
                                },
                                "undated": {"type": "integer", "minimum": 0},
                            },
                        },
                        "suggestion": _NULLABLE_STRING,
                        "next_cursor": _NULLABLE_STRING,
                    },
                },
                "Article": {
                    "type": "object",
                    "required": [
                        "id",
                        "url",
                        "title",
                        "text",
                        "date",
                        "date_source",
                        "outlet",
                        "outlet_source",
                        "groups",
                        "author",
                        "source",
                    ],
                    "properties": {
                        "id": {"type": "string"},
                        "url": _NULLABLE_STRING,
                        "title": {"type": "string"},
                        "text": {"type": "string"},
                        "date": {**_NULLABLE_STRING, "format": "date"},
                        "date_source": _NULLABLE_STRING,
                        "outlet": _NULLABLE_STRING,
                        "outlet_source": _NULLABLE_STRING,
                        "site": _NULLABLE_STRING,
                        "groups": {"type": "array", "items": {"type": "string"}},
                        "author": _NULLABLE_STRING,
                        "source": _NULLABLE_STRING,
                        "similar": _BRIEF_LIST,
                    },
                },
            }
        },
    }
