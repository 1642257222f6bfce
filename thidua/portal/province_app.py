"""A province's portal: one WSGI application in front of every cluster's own portal (mounted at
/c/<code>/, each with its own session cookie and its own scope in the shared database) and the board's
application at the root (the front page, and the board's and council's pages under /tinh/).

Scope is by construction: a cluster's portal holds a store that speaks for that cluster alone, and its
sessions are refused by any other; the board reads every cluster through their portals' own contexts
(the same memory and cache), and writes only dossier judgements and its own ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from thidua.config import Config
from thidua.config.province import Province
from thidua.numbers import fmt_number
from thidua.portal.app import COOKIE, _errors, _filters, create_app, guarded_app
from thidua.portal.board_context import Board
from thidua.portal.context import ProvinceLink
from thidua.province.words import stage_text
from thidua.state.place import MOUNT, in_province
from thidua.state.store import Store

BOARD_COOKIE = f"{COOKIE}_tinh"


def create_province_app(
    folder: Path, province: Province, clusters: list[tuple[str, Config, Path]], today: Callable[[], date], store: Store
) -> tuple[Any, Flask]:
    """(the WSGI application to serve, the board's Flask application)."""
    settings = province.portal
    mounted: dict[str, Any] = {}
    contexts = {}
    for code, cfg, cluster_folder in clusters:
        place = in_province(folder, settings.state, settings.database, code)
        link = ProvinceLink(code, province.province.year, province.board.name)
        source = ["--province", str(folder), "--cluster", code]
        app = create_app(
            cfg,
            cluster_folder / "config.yaml",
            cluster_folder / "inputs",
            cluster_folder / "outputs",
            today,
            store.for_cluster(code),
            place.state,
            (link, source),
        )
        mounted[f"{MOUNT}/{code}"] = app
        contexts[code] = app.extensions["thidua"]
    root = in_province(folder, settings.state, settings.database, "").state
    board_app = _board_app(Board(province, folder, root, contexts, store, today))
    return DispatcherMiddleware(board_app, mounted), board_app


def _board_app(context: Board) -> Flask:
    from thidua.portal import board_views, board_views_dossiers

    assert board_views_dossiers  # its routes are on the board's blueprint
    settings, province = context.province.portal, context.province
    app = guarded_app(context.store, settings, BOARD_COOKIE)
    app.extensions["thidua_board"] = context
    app.register_blueprint(board_views.blueprint)
    _filters(app, _first_config(context), None)
    # The shared pages (errors, the layout) name the province's board where a cluster's portal names the
    # cluster (a context processor registered later wins).
    shown = SimpleNamespace(name=province.board.name, short_name=province.board.short_name, word="Sở")
    app.context_processor(lambda: {"cluster": shown, "board_site": province.province.name})
    app.add_template_filter(stage_text, "stage")
    app.add_template_filter(lambda total: fmt_number(float(total)), "points")
    _errors(app, settings.max_upload_mb)
    return app


def _first_config(context: Board) -> Config:
    """Any cluster's config: the shared filters need only its reporting frequency for period labels."""
    return next(iter(context.clusters.values())).cfg
