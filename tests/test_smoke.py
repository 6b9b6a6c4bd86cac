"""The package imports, --help works, and no traceback escapes."""

from tests.helpers import Result


def test_help_lists_commands(cli) -> None:  # type: ignore[no-untyped-def]
    result: Result = cli("--help")
    assert result.code == 0
    assert "models" in result.stdout


def test_unknown_option_is_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--no-such-flag")
    assert result.code == 2
    assert "No such option" in result.stderr
