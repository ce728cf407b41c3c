"""The import rule of docs/architecture.md, read from the source: no circles, layers point down.

Every ``import`` of ``src/votebank`` counts, at the top of a module or inside a function, so a
circle cannot hide behind a late import; and no module needs a ``TYPE_CHECKING`` guard.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "votebank"

# Each layer may import only the layers below it (and itself). Leaves are at the bottom.
LAYERS = (
    {
        "rng",
        "errors",
        "jsonable",
        "strict",
        "display",
        "version",
        "dates",
        "counts",
        "csvfiles",
        "outputs",
        "cache_folder",
        "arrays_file",
        "checkpoint",
    },
    {"core"},
    {"mechanisms"},
    {"scenario"},
    {"run"},
)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str, text: str | None = None) -> set[str]:
    """Modules of votebank that a file imports (a package's import also runs its __init__).

    A relative import (``from ..mechanisms import fear``) counts as the absolute one it is.
    """
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text)
    # The package a relative import starts from: a package's own, or a module's parent's.
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("votebank")}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def import_graph() -> dict[str, set[str]]:
    """Each module of votebank and the modules it imports."""
    files = {module_name(p): p for p in SRC.rglob("*.py")}
    edges = {}
    for name, path in files.items():
        targets = set()
        for imported in imports_of(path, name):
            # `from votebank.a import b` is module a.b if that is a module, else a name in a.
            module = imported if imported in files else imported.rsplit(".", 1)[0]
            while module not in files and "." in module:
                module = module.rsplit(".", 1)[0]
            # Importing a.b.c runs the __init__ of a and a.b first (but the importer's own
            # packages are already running: their __init__ is no new edge).
            parts = module.split(".")
            targets |= {".".join(parts[:i]) for i in range(2, len(parts) + 1)}
            targets -= {".".join(name.split(".")[:i]) for i in range(2, name.count(".") + 1)}
        edges[name] = {t for t in targets if t in files and t != name}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle(graph):
    assert circles(graph) == []


def test_a_relative_import_counts_as_the_module_it_names():
    core = SRC / "core" / "vote.py"
    planted = "from ..mechanisms import fear\nfrom . import count\nfrom .state import RunState\n"
    found = imports_of(core, "votebank.core.vote", planted)
    assert {"votebank.mechanisms.fear", "votebank.core.count", "votebank.core.state"} <= found
    package = SRC / "mechanisms" / "__init__.py"
    assert "votebank.mechanisms.fear" in imports_of(
        package, "votebank.mechanisms", "from . import fear"
    )


def test_the_check_finds_a_planted_circle(graph):
    planted = {k: set(v) for k, v in graph.items()}
    planted["votebank.core.state"].add("votebank.run.model")
    assert circles(planted)


def layer_of(module: str) -> int | None:
    rest = module.removeprefix("votebank.")
    if rest == "organisations":  # a package __init__ of one docstring, below its schema
        return 3
    for i, layer in enumerate(LAYERS):
        if any(rest == p or rest.startswith(p + ".") for p in layer):
            return i
    return None


def test_layers_import_only_downwards(graph):
    wrong = []
    for module, targets in graph.items():
        mine = layer_of(module)
        if mine is None:
            continue  # studies, results, reports and the CLI stand above the run layer
        for t in targets:
            theirs = layer_of(t)
            if theirs is None or theirs > mine:
                wrong.append(f"{module} -> {t}")
    assert wrong == []


def test_no_type_checking_guard_around_an_import_of_votebank():
    guarded = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                names = [m for stmt in node.body for m in imports_of_node(stmt)]
                if any(n.startswith("votebank") for n in names):
                    guarded.append(str(path.relative_to(SRC)))
    assert guarded == []


def imports_of_node(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    return []


def test_no_module_over_400_lines():
    # One job a module: the long leaves of issue 15 have all been split since.
    long = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > 400
    ]
    assert long == []


def run_state_reads(text: str) -> list[str]:
    """Where a module reaches into a run's internal state: ``.state(...)`` or ``RunState``."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "state":
                found.append(f"line {node.lineno}: {ast.unparse(node.func)}()")
        elif isinstance(node, ast.ImportFrom) and node.module == "votebank.core.state":
            found.append(f"line {node.lineno}: from votebank.core.state import ...")
    return found


def test_studies_read_a_run_outcome_never_its_state():
    # Above the run layer (studies, reports, the CLI) a run is read through Model.outcome.
    reads = []
    for path in SRC.rglob("*.py"):
        if layer_of(module_name(path)) is None:
            text = path.read_text(encoding="utf-8")
            reads += [f"{path.relative_to(SRC)} {r}" for r in run_state_reads(text)]
    assert reads == []


def test_the_state_check_finds_a_planted_read():
    planted = "from votebank.core.state import RunState\nv = model.state(0).seat_votes\n"
    assert len(run_state_reads(planted)) == 2
    assert run_state_reads("v = model.outcome(0).votes\n") == []


def dynamic_imports(text: str) -> list[str]:
    """Calls that import by a computed name, out of sight of the import graph."""
    return [
        f"line {node.lineno}: {ast.unparse(node.func)}()"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) in {"importlib.import_module", "import_module", "__import__"}
    ]


def test_the_engine_imports_nothing_by_a_computed_name():
    # The layer rule reads import statements; the engine must not step round it.
    found = []
    for path in SRC.rglob("*.py"):
        if layer_of(module_name(path)) is not None:
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(SRC)} {d}" for d in dynamic_imports(text)]
    assert found == []
    assert dynamic_imports("m = importlib.import_module('votebank.mechanisms.fear')\n")
