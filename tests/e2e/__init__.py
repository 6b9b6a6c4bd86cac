"""End-to-end tests against a real OpenAI-compatible server (llama-cpp-python + SmolLM2)."""
