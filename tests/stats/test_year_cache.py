"""The year's figures kept beside the store: the same figures as computed, and never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.reference.registry import Registry
from helpers.stats import engine, year_cache
from helpers.store.slices import Store

YEAR = 2022
ROOTS = (None, "bnn-ri", "bnnp-sumsel", "bnnk-lubuklinggau", "bnnp-papua")


@pytest.fixture()
def store(tmp_path: Path, sample_data_dir: Path) -> Store:
    """A copy of the sample store this test may change."""
    shutil.copytree(sample_data_dir / "store", tmp_path / "store",
                    ignore=shutil.ignore_patterns(year_cache.FOLDER[0]))
    return Store(tmp_path / "store")


@pytest.fixture()
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices written a moment ago count as settled (the copy above is seconds old)."""
    monkeypatch.setattr(year_cache, "RACY_SECONDS", -60.0)


def computed(store: Store, registry: Registry, year: int, root: str | None) -> dict:
    return engine._computed_figures(store, registry, year, root, engine.store_vocab(store))


def kept(store: Store, year: int) -> list[Path]:
    return sorted(year_cache.cache_dir(store).glob(f"{year}-*.json"))


@pytest.mark.usefixtures("settled")
def test_kept_figures_equal_computed_ones_for_every_root_in_order(
        store: Store, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    for year in store.years():
        assert engine.unit_figures(store, registry, year) == computed(store, registry, year, None)
        assert len(kept(store, year)) == 1
    monkeypatch.setattr(engine, "read_year", _no_reading)  # from here on: the kept files only
    got = {(year, root): engine.unit_figures(store, registry, year, root=root)
           for year in store.years() for root in ROOTS if root != "bnnk-lubuklinggau"}
    monkeypatch.undo()
    # A unit with none below it reads its own slices (cheaper than the year's key).
    got.update({(year, "bnnk-lubuklinggau"): engine.unit_figures(
        store, registry, year, root="bnnk-lubuklinggau") for year in store.years()})
    for (year, root), figures in got.items():
        assert list(figures) == engine._subtree(registry, root, year)
        assert figures == computed(store, registry, year, root)


def _no_reading(*args: object, **kwargs: object) -> None:
    raise AssertionError("read a slice although the year's figures were kept")


@pytest.mark.usefixtures("settled")
def test_a_replaced_slice_is_counted_again(store: Store, registry: Registry) -> None:
    before = engine.unit_figures(store, registry, YEAR)["bnn-ri"]["rolled"]["cases"]
    old = kept(store, YEAR)
    cases = store.read("cases", YEAR, ["bnnk-lubuklinggau"])
    assert len(cases) > 0
    store.write_slice("cases", YEAR, "bnnk-lubuklinggau", cases.iloc[1:])
    after = engine.unit_figures(store, registry, YEAR)
    assert after["bnn-ri"]["rolled"]["cases"] == before - 1
    assert after == computed(store, registry, YEAR, None)
    assert kept(store, YEAR) != old and len(kept(store, YEAR)) == 1  # the old one is removed


@pytest.mark.usefixtures("settled")
def test_a_slice_copied_over_with_the_same_size_is_counted_again(
        store: Store, registry: Registry) -> None:
    """Same size, same modification time (``cp -p``): the inode and change time differ."""
    engine.unit_figures(store, registry, YEAR)
    path = store.slice_path("cases", YEAR, "bnnk-lubuklinggau")
    other = store.slice_path("cases", YEAR, "bnnk-palembang")
    shutil.copy2(other, path)
    assert engine.unit_figures(store, registry, YEAR) == computed(store, registry, YEAR, None)


def test_a_year_written_a_moment_ago_is_not_kept(store: Store, registry: Registry) -> None:
    """Within one tick of the file clock a rewrite could show the same stat: not trusted."""
    cases = store.read("cases", YEAR, ["bnnk-lubuklinggau"])
    store.write_slice("cases", YEAR, "bnnk-lubuklinggau", cases)
    engine.unit_figures(store, registry, YEAR)
    assert kept(store, YEAR) == []


@pytest.mark.usefixtures("settled")
def test_a_subtree_computed_alone_is_not_kept(store: Store, registry: Registry) -> None:
    engine.unit_figures(store, registry, YEAR, root="bnnp-sumsel")
    assert kept(store, YEAR) == []


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_a_broken_file_is_ignored_and_replaced(store: Store, registry: Registry,
                                               content: bytes) -> None:
    engine.unit_figures(store, registry, YEAR)
    [path] = kept(store, YEAR)
    path.write_bytes(content)
    assert engine.unit_figures(store, registry, YEAR) == computed(store, registry, YEAR, None)
    assert path.read_bytes() not in (content,)


@pytest.mark.usefixtures("settled")
def test_the_key_follows_the_hierarchy_and_the_code(store: Store, registry: Registry,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    codes = {"recommendation": ["a"]}
    with store.reading():
        key, _ = year_cache.year_key(store, registry, YEAR, codes)
        assert year_cache.year_key(store, registry, YEAR, codes)[0] == key
        assert year_cache.year_key(store, registry, YEAR, {"recommendation": ["b"]})[0] != key
        moved = _moved(registry, "bnnk-lubuklinggau", "bnnp-jambi", YEAR)
        assert year_cache.year_key(store, moved, YEAR, codes)[0] != key
        monkeypatch.setattr(year_cache, "code_digest", lambda: "other code")
        assert year_cache.year_key(store, registry, YEAR, codes)[0] != key


def _moved(registry: Registry, unit_id: str, parent: str, year: int) -> Registry:
    """The registry with ``unit_id`` under another parent in ``year`` (a re-organisation)."""

    class Moved:
        def units(self, y: int):  # noqa: ANN202
            return registry.units(y)

        def parent(self, u: str, y: int) -> str | None:
            return parent if (u, y) == (unit_id, year) else registry.parent(u, y)

    return Moved()  # type: ignore[return-value]


def test_a_store_that_cannot_be_written_still_gives_figures(
        store: Store, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(year_cache, "RACY_SECONDS", -60.0)
    blocker = year_cache.cache_dir(store).parent
    blocker.write_text("a file where the cache folder would go")  # mkdir fails: OSError
    assert engine.unit_figures(store, registry, YEAR) == computed(store, registry, YEAR, None)


def kept_subtrees(store: Store, year: int) -> list[str]:
    folder = year_cache.cache_dir(store) / year_cache.SUBTREES
    return sorted(p.stem.split("-", 1)[1] for p in folder.glob(f"{year}-*.json"))


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("root", ["bnnk-lubuklinggau", "bnnp-sumsel"])
def test_a_subtree_s_figures_are_kept_and_read_back_without_a_slice(
        store: Store, registry: Registry, monkeypatch: pytest.MonkeyPatch, root: str) -> None:
    first = engine.unit_figures(store, registry, YEAR, root=root)
    assert first == computed(store, registry, YEAR, root)
    assert kept_subtrees(store, YEAR) == [root] and kept(store, YEAR) == []
    monkeypatch.setattr(engine, "read_year", _no_reading)
    again = engine.unit_figures(store, registry, YEAR, root=root)
    assert again == first and list(again) == list(first)


@pytest.mark.usefixtures("settled")
def test_a_subtree_s_replaced_slice_is_counted_again_and_another_unit_s_is_not_read(
        store: Store, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    root = "bnnk-lubuklinggau"
    before = engine.unit_figures(store, registry, YEAR, root=root)[root]["own"]["cases"]
    # A slice outside the subtree changes nothing of it: still read back.
    other = store.read("cases", YEAR, ["bnnk-palembang"])
    store.write_slice("cases", YEAR, "bnnk-palembang", other.iloc[1:])
    with monkeypatch.context() as patched:
        patched.setattr(engine, "read_year", _no_reading)
        engine.unit_figures(store, registry, YEAR, root=root)
    cases = store.read("cases", YEAR, [root])
    store.write_slice("cases", YEAR, root, cases.iloc[1:])
    after = engine.unit_figures(store, registry, YEAR, root=root)
    assert after[root]["own"]["cases"] == before - 1
    assert after == computed(store, registry, YEAR, root)
    shutil.copy2(store.slice_path("cases", YEAR, "bnnk-palembang"),
                 store.slice_path("cases", YEAR, root))  # copied over, times kept
    assert engine.unit_figures(store, registry, YEAR, root=root) == computed(
        store, registry, YEAR, root)


def test_a_subtree_written_a_moment_ago_is_not_kept(store: Store, registry: Registry) -> None:
    cases = store.read("cases", YEAR, ["bnnk-lubuklinggau"])
    store.write_slice("cases", YEAR, "bnnk-lubuklinggau", cases)
    engine.unit_figures(store, registry, YEAR, root="bnnk-lubuklinggau")
    assert kept_subtrees(store, YEAR) == []


@pytest.mark.usefixtures("settled")
def test_a_subtree_s_key_follows_its_units_parents_and_the_code(
        store: Store, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = {"recommendation": ["a"]}
    units = engine._subtree(registry, "bnnp-sumsel", YEAR)
    with store.reading():
        key, _ = year_cache.subtree_key(store, registry, YEAR, units, codes)
        assert year_cache.subtree_key(store, registry, YEAR, units, codes)[0] == key
        assert year_cache.subtree_key(store, registry, YEAR, units[:-1], codes)[0] != key
        assert year_cache.subtree_key(
            store, registry, YEAR, units, {"recommendation": ["b"]})[0] != key
        moved = _moved(registry, units[-1], "bnnp-jambi", YEAR)
        assert year_cache.subtree_key(store, moved, YEAR, units, codes)[0] != key
        monkeypatch.setattr(year_cache, "code_digest", lambda: "other code")
        assert year_cache.subtree_key(store, registry, YEAR, units, codes)[0] != key


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"key": 1}'])
def test_a_broken_subtree_file_is_ignored_and_replaced(store: Store, registry: Registry,
                                                       content: bytes) -> None:
    root = "bnnk-lubuklinggau"
    engine.unit_figures(store, registry, YEAR, root=root)
    path = year_cache.cache_dir(store) / year_cache.SUBTREES / f"{YEAR}-{root}.json"
    path.write_bytes(content)
    assert engine.unit_figures(store, registry, YEAR, root=root) == computed(
        store, registry, YEAR, root)
    assert path.read_bytes() != content
