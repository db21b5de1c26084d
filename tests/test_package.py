"""The package as a whole: its import graph has no cycle and the library never imports the
orchestration layer (Prefect, Typer).

The graph is grimp's, which reads every import statement, including those inside functions and
under ``TYPE_CHECKING``: a cycle hidden by a function-local import is still a cycle.
"""

from __future__ import annotations

import subprocess
import sys

import grimp
import networkx as nx


def _graph(include_external: bool = False) -> grimp.ImportGraph:
    # no cache: a cache keyed by file times can miss an edit made within the same second
    return grimp.build_graph(
        "claimdiff", include_external_packages=include_external, cache_dir=None
    )


def import_cycles() -> list[list[str]]:
    """Every elementary cycle among claimdiff's modules, shortest first."""
    graph = _graph()
    digraph = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    )
    return sorted(nx.simple_cycles(digraph), key=len)


def test_the_library_has_no_import_cycle():
    assert import_cycles() == []


def test_the_library_never_imports_prefect_or_typer():
    graph = _graph(include_external=True)
    importers = {
        package: graph.find_modules_that_directly_import(package)
        for package in ("prefect", "typer")
        if package in graph.modules
    }
    assert importers == {}


def test_a_checks_only_run_imports_no_torch():
    # torch takes seconds to import: the steps, the shard planner and the summary load it only
    # when a model stage runs (a fresh interpreter: this one has imported torch for other tests)
    code = (
        "import sys, claimdiff.runner, claimdiff.shards, claimdiff.summary; "
        "print(sorted({'torch', 'transformers'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


if __name__ == "__main__":
    for cycle in import_cycles():
        print(" -> ".join([*cycle, cycle[0]]))
