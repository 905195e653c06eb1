"""read_inputs: each argument goes to the right reader, and manifests follow."""
from __future__ import annotations

import json

from linkwatch.ingest import read_inputs
from linkwatch.model import RawDocument
from linkwatch.model.errors import InputError
from linkwatch.settings import Settings

LOCAL = Settings(allow_private=True, http_timeout=5)


def test_routes_urls_paths_and_nonsense(server, tmp_path):
    (tmp_path / "a.txt").write_text("from a file")
    url = server.page("/x", "from a URL", content_type="text/plain")
    items = list(read_inputs([url, str(tmp_path / "a.txt"), "no-such-thing", "ftp://example.org/x"],
                             settings=LOCAL, published="2025-01-01", source="Desk"))
    fetched, read, missing, ftp = items
    assert isinstance(fetched, RawDocument) and fetched.content == b"from a URL"
    assert (fetched.published, fetched.source) == ("2025-01-01", "Desk")
    assert isinstance(read, RawDocument) and read.content == b"from a file" and read.source == "Desk"
    assert isinstance(missing, InputError) and missing.origin == "no-such-thing"
    assert isinstance(ftp, InputError) and "only http and https" in ftp.message


def test_private_url_is_refused_by_default_settings(server):
    url = server.page("/x", "hi")
    [err] = list(read_inputs([url], settings=Settings()))
    assert isinstance(err, InputError) and err.origin == url and "non-public" in err.message


def test_manifests_come_after_arguments_and_cli_metadata_only_fills_gaps(tmp_path):
    (tmp_path / "a.txt").write_text("A")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"path": "a.txt", "source": "Own Source"}) + "\n"
                        + json.dumps({"text": "B"}) + "\n")
    a, b = list(read_inputs([], settings=LOCAL, manifests=[manifest], source="CLI Source", published="2024"))
    assert isinstance(a, RawDocument) and isinstance(b, RawDocument)
    assert (a.source, a.published) == ("Own Source", "2024")
    assert (b.source, b.published) == ("CLI Source", "2024")
