"""`linkwatch serve`: the API and the analyst UI over one store."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from linkwatch.cli.common import db_option, settings_for


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to bind; only this machine can connect unless you change it")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="LINKWATCH_TOKEN", default=None,
              help="secret for writes (judgements, watchlist, ingest); env LINKWATCH_TOKEN; "
                   "one is generated and printed when not given")
@click.option("--read-only", is_flag=True, help="refuse every write instead of generating a token")
@click.option("--protect-reads", is_flag=True, help="require the token for reads too")
@click.option("--max-upload", default=10, show_default=True, type=click.IntRange(1, 1024), help="MB per request")
@click.option("--rate", default=20.0, show_default=True, type=click.FloatRange(0.1),
              help="requests per second per client (token bucket)")
@click.option("--burst", default=120, show_default=True, type=click.IntRange(1), help="bucket size")
def serve(db: Path, host: str, port: int, token: str | None, read_only: bool, protect_reads: bool,
          max_upload: int, rate: float, burst: int) -> None:
    """Serve the API (OpenAPI at /openapi.json) and the analyst UI.

    A map tile server may be set with LINKWATCH_TILE_URL (e.g.
    https://tile.example.org/{z}/{x}/{y}.png); by default the map needs no internet.
    """
    import uvicorn

    from linkwatch.web import create_app

    if read_only:
        token = None
    elif not token:
        token = secrets.token_urlsafe(32)
        click.echo(f"write token (give it as `Authorization: Bearer ...` or on /login): {token}", err=True)
    if protect_reads and not token:
        raise click.UsageError("--protect-reads needs a token (drop --read-only or give --token)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can reach this server", err=True)
    app = create_app(settings_for(db), token, protect_reads=protect_reads, max_upload=max_upload * 1024 * 1024,
                     rate=rate, burst=burst, tile_url=os.environ.get("LINKWATCH_TILE_URL") or None)
    click.echo(f"linkwatch on http://{host}:{port}/ (store {db})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
