"""`openclaw infer web search | fetch`: Venice's web search and page scraping
(``media/web.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import JsonFlag, family, get_env

app = family(
    "Web search and page fetching through Venice.\n\n"
    "Examples:\n\n"
    "\b\n"
    '  openclaw infer web search --query "OpenClaw docs" --limit 3\n'
    "  openclaw infer web fetch --url https://example.com"
)

Json = JsonFlag


@app.command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Option("--query", metavar="<text>",
                                       help="What to search for (at most 400 characters).")],
    limit: Annotated[int | None, typer.Option(
        "--limit", metavar="<n>",
        help="Results, 1-20 (default: tools.web.search.maxResults, else 10).")] = None,
    provider: Annotated[str | None, typer.Option(
        "--provider", metavar="<id>",
        help="venice, or the engine behind it: brave or google.")] = None,
    json_: Json = False,
) -> None:
    """Search the web: numbered results with title, URL and snippet.

    Examples:

    \b
      openclaw infer web search --query "Venice AI privacy"
      openclaw infer web search --query "rust 2024 edition" --limit 3 --provider brave --json
    """
    from openclaw_venice_cli.media.web import search

    search(get_env(ctx), query=query, limit=limit, provider=provider, json_=json_)


@app.command("fetch")
def fetch_command(
    ctx: typer.Context,
    url: Annotated[str, typer.Option("--url", metavar="<url>", help="The page's address.")],
    page_format: Annotated[str | None, typer.Option(
        "--format", metavar="<format>", help="markdown (the only format Venice returns).")
    ] = None,
    provider: Annotated[str | None, typer.Option(
        "--provider", metavar="<id>", help="venice (the only one here).")] = None,
    json_: Json = False,
) -> None:
    """Fetch one web page as Markdown (Venice scrapes it).

    Examples:

    \b
      openclaw infer web fetch --url https://example.com
      openclaw infer web fetch --url https://example.com --json
    """
    from openclaw_venice_cli.errors import UsageError
    from openclaw_venice_cli.media.web import fetch

    if provider is not None and provider.strip().lower() != "venice":
        raise UsageError(f'Web fetch runs on Venice here; --provider "{provider}" is not '
                         "available.")
    fetch(get_env(ctx), url=url, page_format=page_format, json_=json_)


def register(root: typer.Typer) -> None:
    """Add the `web` family to the infer group."""
    root.add_typer(app, name="web")
