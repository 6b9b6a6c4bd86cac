"""One module per command family. Each imports only typer and the stdlib at module top;
everything heavy (httpx, rich, json5) is imported inside the function that needs it."""
