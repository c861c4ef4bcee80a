"""`kdnas reproduce` on smoke: a batch killed mid-notebook finishes on rerun without redoing finished notebooks or work.
About 4-6 minutes on 2 idle-ish cores; the time limits are wide for a machine shared with other jobs."""
import json, os, signal, subprocess, time
import nbformat
import pandas as pd
from conftest import ROOT, KDNAS, kdnas, full
from test_ablations import check_layer_mapping
from test_repro import check_random_vs_nas

@full
def test_reproduce_killed_and_resumed(tmp_path):
    out, log = tmp_path / "batch", tmp_path / "first.log"
    args = ["reproduce", "--preset", "smoke", "--only", "random_vs_nas,layer_mapping", "--out", str(out), "--quiet"]
    with open(log, "w") as f:   # its own process group: the kill below takes the batch and its runner at once
        p = subprocess.Popen([KDNAS, *args], cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
    students = lambda: sorted((out / "layer_mapping").glob("*/*/students.csv"))
    t0 = time.time()
    while not students():   # the second notebook has fully distilled its first student: kill the batch mid-notebook
        assert p.poll() is None, f"the batch ended before it was killed:\n{log.read_text()}"
        if time.time() - t0 > 2400: os.killpg(p.pid, signal.SIGKILL); raise AssertionError(f"no student in 40 min:\n{log.read_text()}")
        time.sleep(0.5)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    assert (out / "random_vs_nas.done.json").exists() and not (out / "layer_mapping.done.json").exists(), log.read_text()
    done = (out / "random_vs_nas.done.json").read_text()
    search = out / "search-smoke"
    candidates = pd.read_csv(search / "candidates.csv")
    before = {f: pd.read_csv(f) for f in students()}
    time.sleep(2)   # the killed notebook's kernel exits within a second of its runner (ipykernel's parent poller)

    r = kdnas(*args, timeout=2400)
    assert "random_vs_nas (v2 Table 3" in r.stdout and "finished earlier" in r.stdout, r.stdout
    assert "layer_mapping (v2 Table 6 (App. A): layer mapping g(i)) on smoke: running (resuming its folder)" in r.stdout, r.stdout
    assert (out / "random_vs_nas.done.json").read_text() == done          # the finished notebook was skipped
    rec = json.loads((out / "layer_mapping.done.json").read_text())
    assert rec["status"] == "finished" and rec["wall_seconds"] > 0 and rec["peak_rss_mb"] > 100 and not rec["folder_empty_at_start"]
    after = pd.read_csv(search / "candidates.csv")
    pd.testing.assert_frame_equal(after, candidates)                       # no candidate distilled again
    assert after[~after.reused].state.is_unique and len(after) == 6        # each state distilled once (smoke: 2 x 3)
    for f, b in before.items(): pd.testing.assert_frame_equal(pd.read_csv(f), b)   # students finished before the kill kept
    assert len(students()) == 4                                            # and the other mappings' students made
    assert (out / "layer_mapping.ipynb").exists() and (out / "random_vs_nas.ipynb").exists()

    check_random_vs_nas(out / "results" / "random_vs_nas", "loss", "v2 Table 3")        # v2 Table 3 on smoke
    check_layer_mapping(out / "results" / "layer_mapping", nbformat.read(out / "layer_mapping.ipynb", as_version=4))
    report = (out / "results" / "REPORT.md").read_text()
    for name in ("random_vs_nas", "layer_mapping"):
        verdict = json.loads((out / "results" / name / "summary.json").read_text())["verdict"]
        assert f"| [{name}](#{name}) |" in report and f"**{verdict}**" in report and f"## {name}" in report
    assert "| reused (" in report and "| ran |" in report and "What differs from the paper" in report
    assert "| [minilmv2](#minilmv2) | v2 Table 9" in report and "not run" in report and "main_comparison" in report
    assert "torch" in report and "kdnas commit" in report
