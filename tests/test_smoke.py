"""The package imports, --help works, and no traceback escapes."""

from tests.helpers import Result


def test_help_lists_commands(cli) -> None:  # type: ignore[no-untyped-def]
    result: Result = cli("--help")
    assert result.code == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: openclaw [OPTIONS] COMMAND [ARGS]...\n")
    commands = result.stdout.split("\nCommands:\n", 1)[1].splitlines()
    assert {line.split()[0] for line in commands} >= {"onboard", "configure", "chat", "models"}


def test_unknown_option_is_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--no-such-flag")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == "Error: No such option: --no-such-flag. See 'openclaw --help'.\n"


def test_debug_flag_shows_a_masked_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import TEST_KEY

    env = {"VENICE_API_KEY": TEST_KEY, "VENICE_BASE_URL": "https://nonexistent.invalid/api/v1"}
    result = cli("--debug", "chat", "hi", env=env, check_no_traceback=False)
    assert result.code == 9
    assert "Traceback" in result.stderr and "Error: Could not resolve" in result.stderr
    assert TEST_KEY not in result.output


def test_timeout_must_be_a_number(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("chat", "hi", env={"VENICE_API_KEY": "VENICE_INFERENCE_KEY_x123456",
                                    "OPENCLAW_TIMEOUT": "soon"})
    assert result.code == 2
    assert result.stderr == 'Error: OPENCLAW_TIMEOUT must be a number of seconds, not "soon".\n'
