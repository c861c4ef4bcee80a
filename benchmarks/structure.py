"""Structure figures for issue 20: exported-cell, class and function sizes, kdnas imports per module, import cycles,
private cross-module imports, long lines and numbered notebooks whose expression cells show no output.

    python benchmarks/structure.py            # prints every figure and the items over each limit
"""
import ast, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMITS = {"cell": 60, "class": 80, "function": 50, "imports": 8, "line": 120}

def exported_cells(nb):
    for i, c in enumerate(json.loads(nb.read_text())["cells"]):
        src = "".join(c["source"])
        if c["cell_type"] == "code" and re.match(r"\s*#\|\s*export", src): yield i, src

def kdnas_imports(tree):
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.module and (n.module.startswith("kdnas") or n.level):
            mod = (n.module or "").removeprefix("kdnas.").removeprefix("kdnas")
            if mod: out.add(mod.split(".")[0])
            else: out |= {a.name for a in n.names}
        elif isinstance(n, ast.Import):
            out |= {a.name.split(".")[1] for a in n.names if a.name.startswith("kdnas.")}
    return out

def private_imports(tree):
    return sorted({(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
                   and (n.module.startswith("kdnas") or n.level) for a in n.names if a.name.startswith("_")})

def cycles(graph):
    found, seen = [], set()
    def dfs(node, path):
        for nxt in graph.get(node, ()):
            if nxt in path:
                cyc = path[path.index(nxt):]
                key = frozenset(cyc)
                if key not in seen: seen.add(key); found.append(cyc + [nxt])
            elif len(path) < 12: dfs(nxt, path + [nxt])
    for n in graph: dfs(n, [n])
    return found

def missing_outputs(nb):
    "Code cells (not `#| hide`/`#| export`-only defs) that end in a bare expression yet show no output."
    bad = []
    for i, c in enumerate(json.loads(nb.read_text())["cells"]):
        if c["cell_type"] != "code": continue
        src = "".join(c["source"])
        if re.search(r"#\|\s*(eval:\s*false|export)", src): continue
        try: body = ast.parse("\n".join(l for l in src.splitlines() if not l.lstrip().startswith(("%", "!")))).body
        except SyntaxError: continue
        if body and isinstance(body[-1], ast.Expr) and not c.get("outputs"):
            last = body[-1].value
            if isinstance(last, ast.Call) and getattr(last.func, "id", getattr(last.func, "attr", "")) in ("print", "display", "test_eq", "test_fail", "test_close", "assert_", "test"): 
                if c.get("outputs") or getattr(last.func, "id", "") != "print": continue
            if isinstance(last, ast.Constant): continue
            bad.append(i)
    return bad

def main():
    over = {k: [] for k in LIMITS}
    for nb in sorted((ROOT / "nbs").glob("*.ipynb")):
        for i, src in exported_cells(nb):
            n = len(src.splitlines())
            if n > LIMITS["cell"]: over["cell"].append(f"{nb.name} cell {i}: {n} lines")
    graph, priv, long_lines = {}, {}, 0
    for py in sorted((ROOT / "kdnas").glob("*.py")):
        if py.name == "_modidx.py": continue
        text = py.read_text(); tree = ast.parse(text)
        graph[py.stem] = kdnas_imports(tree) - {py.stem}
        if p := private_imports(tree): priv[py.stem] = p
        long_lines += sum(len(l) > LIMITS["line"] for l in text.splitlines())
        for n in ast.walk(tree):
            if isinstance(n, ast.ClassDef) and n.end_lineno - n.lineno + 1 > LIMITS["class"]:
                over["class"].append(f"{py.stem}.{n.name}: {n.end_lineno - n.lineno + 1} lines")
        for n in tree.body:
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > LIMITS["function"]:
                over["function"].append(f"{py.stem}.{n.name}: {n.end_lineno - n.lineno + 1} lines")
    over["imports"] = [f"{m}: {len(d)} ({', '.join(sorted(d))})" for m, d in graph.items() if len(d) > LIMITS["imports"]]
    over["line"] = [f"{long_lines} library lines over {LIMITS['line']} characters"] if long_lines else []
    cyc = cycles(graph)
    miss = {nb.name: m for nb in sorted((ROOT / "nbs").glob("[0-9]*.ipynb")) if (m := missing_outputs(nb))}
    for k, items in over.items():
        print(f"{k} (limit {LIMITS[k]}): {len(items)} over"); [print("   ", x) for x in items]
    print(f"import cycles: {len(cyc)}"); [print("   ", " -> ".join(c)) for c in cyc]
    print(f"private cross-module imports: {sum(map(len, priv.values()))}"); [print("   ", m, p) for m, p in priv.items()]
    print(f"numbered notebooks with expression cells lacking output: {len(miss)}"); [print("   ", n, m) for n, m in miss.items()]
    return 0

if __name__ == "__main__": sys.exit(main())
