"""Realistic answers for the streaming render tests (issue 12), one per failure class.

Each entry is an answer as an LLM writes it. Together they cover: loose lists (sub-items,
continuation paragraphs and code inside items, 4-space continuations, lazy ``1.``
numbering, the number column widening at item 10, fences nested two levels deep),
reference-style links defined at the end, fences opened on a list item line, closing-
looking lines indented inside a fence, HTML blocks across blank lines, blank lines
between blocks, tables, setext headings, CJK and emoji, open fences at the end, and the
usual prose. ``THINKING`` pairs thinking with an answer.
"""

from __future__ import annotations

CORPUS: dict[str, str] = {}

CORPUS["loose-sub-bullets"] = """\
Here are the main options:

- **SQLite** is embedded and needs no server.

  - zero configuration
  - a single file on disk

- **PostgreSQL** is the safe default for web apps.

  - strong consistency
  - rich extensions (PostGIS, pgvector)

- **DuckDB** shines for analytics.

Pick SQLite first and move when you need to.
"""

CORPUS["loose-continuation-paragraphs"] = """\
To deploy the service:

1. Build the image.

   Use the multi-stage Dockerfile so the final image stays small; the build stage
   has the compiler, the runtime stage only the binary.

2. Push it to the registry.

   You need to be logged in first (`docker login`), otherwise the push is refused.

3. Roll out the new version.

   Kubernetes replaces the pods one at a time.
"""

CORPUS["loose-code-in-items"] = """\
Set up the project like this:

1. Create a virtual environment:

   ```bash
   python3 -m venv .venv
   source .venv/bin/activate
   ```

2. Install the dependencies:

   ```bash
   pip install -r requirements.txt
   ```

3. Run the tests:

   ```bash
   pytest -q
   ```

That's it.
"""

CORPUS["loose-four-space-continuation"] = """\
Notes on the config file:

- The `timeout` key

    is measured in seconds, not milliseconds.

- The `retries` key

    defaults to three.

      this line is indented further and becomes code inside the item

Done.
"""

CORPUS["lazy-numbering"] = """\
Follow these steps:

1. Open the settings.
1. Go to **Privacy**.
1. Turn off telemetry.
1. Restart the app.

The numbers above are all `1.` in the source.
"""

CORPUS["number-column-widens"] = "Twelve steps:\n\n" + "\n\n".join(
    f"{i}. Step number {i}: do the thing that step {i} asks for." for i in range(1, 13)
) + "\n\nAll twelve done.\n"

CORPUS["fence-nested-two-deep"] = """\
Project layout:

- `src/`
  - `main.py`:

    ```python
    def main() -> int:
        return 0
    ```

  - `util.py`
- `tests/`

Run `python -m src.main`.
"""

CORPUS["reference-links-at-end"] = """\
The two best references are [the Python tutorial][tut] and
[Fluent Python][fp]. For async code see [asyncio docs][].

Shortcut references work too: see [PEP 8].

[tut]: https://docs.python.org/3/tutorial/
[fp]: https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/
[asyncio docs]: https://docs.python.org/3/library/asyncio.html
[PEP 8]: https://peps.python.org/pep-0008/
"""

CORPUS["reference-links-in-list"] = """\
Sources I used:

- The [Rust book][book], chapter 15
- [Rustonomicon][nomicon] for the unsafe parts
- [This blog post][blog]

[book]: https://doc.rust-lang.org/book/
[nomicon]: https://doc.rust-lang.org/nomicon/
[blog]: https://example.com/smart-pointers
"""

CORPUS["reference-undefined-label"] = """\
Some text mentions [a label that is never defined] and an array index a[0].

- [x] a finished task
- [ ] an open task

Nothing here is a link.
"""

CORPUS["reference-case-insensitive"] = """\
Labels are case-insensitive: [Foo Bar] and [foo bar] point to the same place.

## Section

More text.

[FOO BAR]: https://example.com/foo
"""

CORPUS["fence-on-list-item-line"] = """\
Run these:

- ```bash
  make build
  ```
- ```bash
  make test
  ```

Both must pass.
"""

CORPUS["fence-indented-closer-inside"] = """\
Here is the README:

```markdown
# My project

Install:

    ```
    pip install myproject
    ```

Usage is simple.
```

And that is the whole file.
"""

CORPUS["fence-longer-outer"] = """\
To show a fence inside a fence, use four backticks:

````md
```python
print("inner")
```
````

Tildes work too:

~~~
```
not closed by this
```
~~~
"""

CORPUS["html-comment-blank-line"] = """\
Paragraph before.

<!-- a comment that
spans a blank line

and ends here -->

Paragraph after.
"""

CORPUS["html-details-block"] = """\
<details>
<summary>Click to expand</summary>

Hidden content with **markdown**.

</details>

Visible text.
"""

CORPUS["blank-lines-before-blocks"] = """\
A paragraph followed directly by a list:
- one
- two

A paragraph followed by a quote:
> quoted text

A paragraph followed by a table:

| a | b |
|---|---|
| 1 | 2 |

The end.
"""

CORPUS["horizontal-rules"] = """\
First section.

---

Second section.

***

- a list after a rule

___

Last.
"""

CORPUS["table-alignment"] = """\
| Language | Typing  | Speed | Notes                    |
|:---------|:-------:|------:|--------------------------|
| Python   | dynamic | 1x    | batteries included       |
| Rust     | static  | 50x   | no GC, borrow checker    |
| Go       | static  | 30x   | simple, fast compile     |
| `C`      | static  | 55x   | *manual* memory          |

Speeds are rough.
"""

CORPUS["table-wide-cells"] = """\
| Option | Description |
|---|---|
| `--verbose` | Print every request and response header, including the rate-limit \
headers that the server returns with each answer. |
| `--quiet` | Print only errors. |

Wide cells wrap.
"""

CORPUS["table-after-paragraph"] = """\
Comparison:
| x | y |
|---|---|
| 1 | 2 |
"""

CORPUS["setext-headings"] = """\
Main title
==========

Some text under it.

Subtitle
--------

A paragraph
over two lines
---

Text after.
"""

CORPUS["atx-headings"] = """\
# Title

## Section

### Subsection

#### Level four

##### Level five

###### Level six

Body.
"""

CORPUS["cjk-emoji"] = """\
## 日本語のテキスト 🎌

これは日本語の段落です。長い文章は折り返されるべきですが、単語の間にスペースがありません。東京、大阪、京都、名古屋、福岡、札幌。

- 中文列表项 ✅
- 한국어 항목 🎉
- Emoji mix: 👍 🚀 🌍 🐍 🔥

| 名前 | 値 |
|---|---|
| 東京 | 🌸 |
"""

CORPUS["open-fence-at-end"] = """\
Here is the start of the script:

```python
import sys

def main():
    print("unfinished"
"""

CORPUS["open-fence-empty"] = """\
Code follows:

```bash
"""

CORPUS["blockquote-with-list"] = """\
> **Note**
> This is a note with a list:
>
> - first
> - second
>
> And a closing line.

After the quote.
"""

CORPUS["nested-quotes"] = """\
> Outer quote
>
> > Inner quote with `code`
>
> Back to outer.
"""

CORPUS["emphasis-and-inline"] = """\
This has *emphasis*, **strong**, ***both***, ~~strike~~, `inline code`, and a
[link](https://example.com "title"). An autolink: <https://example.org>. An image:
![diagram](https://example.com/d.png). A hard break follows:\x20\x20
next line. Escaped \\*stars\\* and &amp; entities &copy;.
"""

CORPUS["long-urls-and-words"] = (
    "See https://example.com/a/very/long/path/that/goes/on/and/on/and/does/not/fit/in/"
    "one/terminal/line/at/all?query=string&and=more\nand the word "
    "Pneumonoultramicroscopicsilicovolcanoconiosis-supercalifragilisticexpialidocious-"
    "antidisestablishmentarianism.\n"
)

CORPUS["ordered-start-and-paren"] = """\
Continuing from before:

3. third
4. fourth
5. fifth

A different list:

1) alpha
2) beta
"""

CORPUS["mixed-bullet-chars"] = """\
- dash one
- dash two
* star one
* star two
+ plus one
"""

CORPUS["indented-code-top-level"] = """\
An indented code block:

    $ make install
    $ make test

Back to text.
"""

CORPUS["lazy-continuation"] = """\
> a quote
continued lazily

- an item
continued lazily too

Done.
"""

CORPUS["paragraph-then-hr-vs-setext"] = """\
Paragraph text

---

Paragraph text
---
"""

CORPUS["python-answer"] = """\
Here's a function that reads a CSV file and returns the rows as dictionaries:

```python
import csv
from pathlib import Path


def read_rows(path: Path) -> list[dict[str, str]]:
    \"\"\"Read ``path`` and return one dict per row.\"\"\"
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
```

**How it works:**

1. `csv.DictReader` uses the first row as the keys.
2. `newline=""` is required by the `csv` module.

You can call it like this:

```python
rows = read_rows(Path("data.csv"))
print(rows[0]["name"])
```
"""

CORPUS["shell-troubleshooting"] = """\
The error `EACCES: permission denied` means npm tries to write to a directory you
don't own. Fix it in one of three ways:

### Option 1: use a version manager (recommended)

```bash
curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.0/install.sh | bash
nvm install --lts
```

### Option 2: change npm's default directory

```bash
mkdir ~/.npm-global
npm config set prefix '~/.npm-global'
echo 'export PATH=~/.npm-global/bin:$PATH' >> ~/.profile
```

### Option 3: `sudo` (not recommended)

> Running npm with `sudo` can leave root-owned files in your home directory.
"""

CORPUS["comparison-answer"] = """\
## REST vs GraphQL

| Aspect | REST | GraphQL |
|---|---|---|
| Endpoints | many | one |
| Over-fetching | common | avoided |
| Caching | HTTP caching | needs tooling |

**When to choose REST:**

- simple CRUD APIs
- public APIs that benefit from HTTP caching

**When to choose GraphQL:**

- mobile clients on slow networks
- many clients with different data needs

In short: *start with REST*, move to GraphQL when the clients diverge.
"""

CORPUS["math-and-symbols"] = """\
The quadratic formula is x = (-b ± √(b² - 4ac)) / 2a.

- ∑ sums, ∏ products, ∫ integrals
- Greek: α β γ δ ε → λ μ π σ ω
- Arrows: ← → ↑ ↓ ⇒ ⇔

Temperature: 23 °C ≈ 73 °F.
"""

CORPUS["many-paragraphs"] = "\n\n".join(
    f"Paragraph {i} talks about topic {i}. " + " ".join(f"word{i}_{k}" for k in range(40))
    for i in range(1, 9)
) + "\n"

CORPUS["deep-nesting"] = """\
1. Level one
   - level two
     1. level three
        - level four with `code`
          > a quote at level five

          ```
          code at level five
          ```
2. Back to one
"""

CORPUS["list-then-indented-code"] = """\
- item

      code after a blank line, indented under the item

- next item

    Not code: a continuation paragraph.

Outside.
"""

CORPUS["no-trailing-newline"] = "Just one line with **bold** and no newline at the end"

CORPUS["trailing-blank-lines"] = "Some text.\n\n- a\n- b\n\n\n\n"

CORPUS["tabs-in-code-and-text"] = (
    "Tabs:\n\n```make\nall:\n\tgcc -o app main.c\n\techo done\n```\n\n"
    "- item\twith a tab\n- \tleading tab item\n"
)

CORPUS["crlf-line-endings"] = "Windows line endings.\r\n\r\n- one\r\n- two\r\n\r\nEnd.\r\n"

CORPUS["html-inline-and-kbd"] = """\
Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop. A <span>span</span> and a line<br>break.

<div align="center">
  <img src="logo.png">
</div>

After the div.
"""

CORPUS["footnote-style"] = """\
Python was created by Guido van Rossum[^1] and first released in 1991[^2].

[^1]: He was the BDFL until 2018.
[^2]: Version 0.9.0.
"""

CORPUS["citations-venice"] = """\
The Eiffel Tower is 330 m tall [1] and was completed in 1889 [2].

Sources:
[1]: https://en.wikipedia.org/wiki/Eiffel_Tower
[2]: https://www.toureiffel.paris/en
"""

THINKING: dict[str, tuple[str, str]] = {
    "thinking-then-list": (
        "The user wants a short list.\n\nI should give three items.\n",
        "Here you go:\n\n- first\n- second\n- third\n",
    ),
    "thinking-then-code": (
        "\n\nThey asked for Python. A one-liner is enough.\n\n\n",
        "```python\nprint(sum(range(10)))\n```\n\nThat prints 45.",
    ),
    "thinking-then-paragraph": (
        "Compute 15% of 240: 0.15 * 240 = 36.",
        "15% of 240 is **36**.",
    ),
}
