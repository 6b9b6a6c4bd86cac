"""The built-in Venice catalog: the seed page's 25 models (15 private, 10 anonymized).

Used when discovery is impossible (no key, no network) and no cache exists. Context
windows: the seed gives "131k"-style numbers; we store the power-of-two-based values the
early OpenClaw catalog used (k x 1024: 32k = 32768, 131k = 131072, 163k = 163840,
202k = 202752, 262k = 262144). Capabilities come from the seed's "Funktioner" column.
``maxTokens`` is the early catalog's fallback, 8192 (as in the seed's config example).
"""

from __future__ import annotations

STATIC_MAX_TOKENS = 8192

K32, K131, K163, K202, K262 = 32768, 131072, 163840, 202752, 262144

# (id, name, context window, privacy, capabilities: space-separated words)
STATIC_ROWS: tuple[tuple[str, str, int, str, str], ...] = (
    ("llama-3.3-70b", "Llama 3.3 70B", K131, "private", "general"),
    ("llama-3.2-3b", "Llama 3.2 3B", K131, "private", "general"),
    ("hermes-3-llama-3.1-405b", "Hermes 3 Llama 3.1 405B", K131, "private", "general"),
    ("qwen3-235b-a22b-thinking-2507", "Qwen3 235B Thinking", K131, "private", "reasoning"),
    ("qwen3-235b-a22b-instruct-2507", "Qwen3 235B Instruct", K131, "private", "general"),
    ("qwen3-coder-480b-a35b-instruct", "Qwen3 Coder 480B", K262, "private", "code"),
    ("qwen3-next-80b", "Qwen3 Next 80B", K262, "private", "general"),
    ("qwen3-vl-235b-a22b", "Qwen3 VL 235B", K262, "private", "vision"),
    ("qwen3-4b", "Venice Small (Qwen3 4B)", K32, "private", "reasoning"),
    ("deepseek-v3.2", "DeepSeek V3.2", K163, "private", "reasoning"),
    ("venice-uncensored", "Venice Uncensored", K32, "private", "uncensored"),
    ("mistral-31-24b", "Venice Medium (Mistral)", K131, "private", "vision"),
    ("google-gemma-3-27b-it", "Gemma 3 27B Instruct", K202, "private", "vision"),
    ("openai-gpt-oss-120b", "OpenAI GPT OSS 120B", K131, "private", "general"),
    ("zai-org-glm-4.7", "GLM 4.7", K202, "private", "reasoning"),
    ("claude-opus-45", "Claude Opus 4.5", K202, "anonymized", "reasoning vision"),
    ("claude-sonnet-45", "Claude Sonnet 4.5", K202, "anonymized", "reasoning vision"),
    ("openai-gpt-52", "GPT-5.2", K262, "anonymized", "reasoning"),
    ("openai-gpt-52-codex", "GPT-5.2 Codex", K262, "anonymized", "reasoning vision"),
    ("gemini-3-pro-preview", "Gemini 3 Pro", K202, "anonymized", "reasoning vision"),
    ("gemini-3-flash-preview", "Gemini 3 Flash", K262, "anonymized", "reasoning vision"),
    ("grok-41-fast", "Grok 4.1 Fast", K262, "anonymized", "reasoning vision"),
    ("grok-code-fast-1", "Grok Code Fast 1", K262, "anonymized", "reasoning code"),
    ("kimi-k2-thinking", "Kimi K2 Thinking", K262, "anonymized", "reasoning"),
    ("minimax-m21", "MiniMax M2.1", K202, "anonymized", "reasoning"),
)
