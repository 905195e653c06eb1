"""Near-duplicates: a syndicated copy scores high, another article on the same topic low."""
from __future__ import annotations

from pathlib import Path

import pytest

from linkwatch.normalise.fingerprint import NUM_PERM, band_keys, shingles, signature, similarity

FIXTURES = Path(__file__).parent / "fixtures"
ORIGINAL = (FIXTURES / "syndicated_original.txt").read_text(encoding="utf-8")
OTHER = (FIXTURES / "unrelated_same_topic.txt").read_text(encoding="utf-8")


def syndicated_copy(text: str) -> str:
    """What a second outlet makes of it: own header and footer, two words changed, quotes curled."""
    body = text.replace("several hundred people", "several thousand people").replace(
        "within two weeks", "within a fortnight").replace("scholar's", "scholar’s")
    return ("NEW DELHI (Agencies): Published 07 Feb 2025, 10:12 IST\n\n" + body
            + "\n\n(With inputs from news agencies. This story has not been edited by our staff.)")


def test_syndicated_copy_scores_above_0_8():
    assert similarity(signature(ORIGINAL), signature(syndicated_copy(ORIGINAL))) > 0.8


def test_unrelated_article_on_the_same_topic_scores_well_below():
    assert similarity(signature(ORIGINAL), signature(OTHER)) < 0.2


def test_identical_text_scores_one_and_signature_is_stable():
    sig = signature(ORIGINAL)
    assert similarity(sig, signature(ORIGINAL)) == 1.0
    assert len(sig) == NUM_PERM * 8
    assert signature("Hamas and LeT met in Gujranwala.") == signature("HAMAS and LeT met, in Gujranwala!")


def test_copies_share_a_band_and_unrelated_articles_do_not():
    original, copy, other = (band_keys(signature(t)) for t in (ORIGINAL, syndicated_copy(ORIGINAL), OTHER))
    assert len(original) == 32 and len(set(original)) == 32
    assert set(original) & set(copy)
    assert not set(original) & set(other)


def test_signature_given_as_ints_or_bytes_compares_the_same():
    import numpy as np

    sig = signature(ORIGINAL)
    as_ints = [int(v) for v in np.frombuffer(sig, dtype="<u8")]
    assert similarity(sig, as_ints) == 1.0
    assert band_keys(as_ints) == band_keys(sig)


def test_short_texts_still_get_a_shingle():
    assert shingles("Two words") == {"two words"}
    assert similarity(signature("Two words"), signature("Other words")) < 1.0


def test_bands_must_divide_the_signature():
    with pytest.raises(ValueError):
        band_keys(signature("x"), bands=30)


@pytest.mark.parametrize("slice_", [20_000, 7])
def test_signatures_are_datasketchs_minhash(slice_: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """fingerprint computes datasketch's MinHash itself (importing datasketch costs a second of start-up):
    the values must stay datasketch's, or signatures already stored stop matching new ones."""
    import numpy as np
    from datasketch import MinHash

    from linkwatch.normalise import fingerprint
    from linkwatch.normalise.fingerprint import NUM_PERM, SEED, shingles, signature

    monkeypatch.setattr(fingerprint, "_SLICE", slice_)  # a long text is hashed a slice at a time

    texts = ["Hamas commander Naji Zaheer met LeT commander Rashid Ali Sandhu in Gujranwala.",
             "short", "", "The same words, the same words, the same words again and again and again.",
             " ".join(f"word{i}" for i in range(500))]
    for text in texts:
        mh = MinHash(num_perm=NUM_PERM, seed=SEED)
        mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
        assert signature(text) == np.asarray(mh.hashvalues, dtype="<u8").tobytes()
