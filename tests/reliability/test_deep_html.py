"""Issue 16, row 10: HTML nested past libxml2's 256 levels keeps its text, and a page that really has no text
is refused with a reason that says so."""
from __future__ import annotations

import pytest

from linkwatch.model import InputError, RawDocument
from linkwatch.normalise import normalise
from linkwatch.normalise.html import streamed_text, visible_text

ONE = "Naji Zaheer met Rashid Ali Sandhu in Gujranwala on Friday, police said."
TWO = "The meeting was held at a seminary on the outskirts of the city, according to residents."
THREE = "Officials in Lahore declined to comment on the reports when contacted by reporters."


def _page(depth: int) -> str:
    body = ("<div>" * depth + f"<p>{ONE} {TWO}</p><script>var hidden = 'not text';</script>"
            f"<p>{THREE}</p>" + "</div>" * depth)
    return f"<html><head><title>Deep page</title><style>p {{}}</style></head><body>{body}</body></html>"


@pytest.mark.parametrize("depth", [255, 256, 300, 2100, 20_000])
def test_deeply_nested_html_keeps_its_text(depth: int) -> None:
    doc = normalise(RawDocument(_page(depth).encode(), "deep.html", media_type="text/html"))
    assert all(sentence in doc.text for sentence in (ONE, TWO, THREE))
    assert "hidden" not in doc.text and "p {}" not in doc.text
    assert doc.title == "Deep page"
    assert all(sentence in visible_text(_page(depth)) for sentence in (ONE, TWO, THREE))


def test_the_stream_keeps_blocks_apart_and_drops_what_is_invisible() -> None:
    html = "<div><p>One.</p><nav>Home | About</nav><p>Two &amp; three.</p><br/>Four</div><script>x</script>"
    assert streamed_text(html) == "One.\nTwo & three.\nFour"


def test_a_page_without_visible_text_says_so() -> None:
    html = "<html><head><script>var a = 1;</script><style>p {}</style></head><body><div></div></body></html>"
    with pytest.raises(InputError) as err:
        normalise(RawDocument(html.encode(), "empty.html", media_type="text/html"))
    assert "no article text" in err.value.message and "shows no text at all" in err.value.message
