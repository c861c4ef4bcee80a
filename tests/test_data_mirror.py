"`kdnas data`: the mirror's layout is the one the presets, `load_glue` and `kdnas eval` read; offline it fails in seconds."
import os, time
from pathlib import Path
import pytest
from conftest import kdnas
from kdnas.data import shared_data_dir
from kdnas.evaluation import EVAL_TASKS, check_eval_data
from kdnas.glue import glue_task, offline_glue
from kdnas.mirror import PARTS, build_mirror, mirror_plan
from kdnas.settings import load_settings, preset_names

PLAN = {r[1] for r in mirror_plan("/nonexistent")}
OFFLINE = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE")

def _shared_paths(s)->set:
    "The files of the offline data folder that settings `s` read (`shared:` paths and 'offline' GLUE data)."
    out = {v[len("shared:"):] for v in (s.data.source, s.pretrain.source) if v.startswith("shared:")}
    glue = [(t, s.glue.data) for t in s.glue.tasks] + ([(s.task.name, s.task.data)] if s.pipeline == "task" else [])
    for task, data in glue:
        if data != "offline": continue
        t, src = glue_task(task), offline_glue(task)
        for split in t.splits:
            where = src.get(split, src["*"]) if isinstance(src, dict) else src
            rel = where[len("shared:"):]
            out.add(rel if rel.endswith(".parquet") else f"{rel}/{t.name}/{split}-00000-of-00001.parquet")
    return out

@pytest.mark.parametrize("preset", preset_names())
def test_plan_has_every_file_a_preset_reads(preset):
    need = _shared_paths(load_settings(preset))
    assert need and need <= PLAN, sorted(need - PLAN)

def test_plan_has_every_file_of_the_shared_folder():
    try: root = shared_data_dir()
    except FileNotFoundError: pytest.skip("no ../shared/data here")
    have = {str(f.relative_to(root)) for f in root.rglob("*") if f.is_file()} - {"README.md", "SHA256SUMS"}
    assert have and have <= PLAN, sorted(have - PLAN)

def _materialise(root:Path, only=None):
    for _, rel, _, _ in mirror_plan(root, only): (root/rel).parent.mkdir(parents=True, exist_ok=True); (root/rel).touch()

def test_v2_tasks_land_where_kdnas_eval_finds_them(tmp_path):
    _materialise(tmp_path, list(EVAL_TASKS))
    found = check_eval_data(list(EVAL_TASKS), tmp_path)
    assert len(found) == sum(len(t.splits) for t in EVAL_TASKS.values())
    assert {str(f.relative_to(tmp_path)) for files in found.values() for f in files} <= {   # the mirror may hold more
        f for n in EVAL_TASKS for f in PARTS[n].files}                                   # (XNLI validation, offline)

def _env(offline:bool)->dict:
    env = {k: v for k, v in os.environ.items() if k not in OFFLINE}
    return {**env, **dict.fromkeys(OFFLINE, "1")} if offline else {**env, "HF_ENDPOINT": "http://127.0.0.1:9"}

def test_plan_needs_no_network(tmp_path):
    r = kdnas("data", "--out", tmp_path, "--plan", env=_env(True))
    assert f"{len(PLAN)} of {len(PLAN)} files to fetch" in r.stdout, r.stdout
    assert "fetch    text/enwiki-2015-AA.txt.gz  <- wikimedia/wikipedia" in r.stdout
    assert not any(tmp_path.iterdir())

@pytest.mark.parametrize("offline", [True, False], ids=["HF_offline_set", "hub_unreachable"])
@pytest.mark.parametrize("only", [None, "xnli"])
def test_offline_fails_in_seconds_saying_what_to_do(tmp_path, monkeypatch, offline, only):
    for k, v in _env(offline).items(): monkeypatch.setenv(k, v)
    for k in set(OFFLINE) - set(_env(offline)): monkeypatch.delenv(k, raising=False)
    t0 = time.time()   # in this process, so that start-up on a loaded machine does not count
    with pytest.raises(ConnectionError) as e: build_mirror(tmp_path, only, progress=False)
    assert time.time() - t0 < 6, time.time() - t0   # the hub here hangs 20-46 s per call: the probe answers first (5 s at most)
    t0 = time.time(); kdnas("data", "--help", env=_env(offline)); start = time.time() - t0
    t0 = time.time()
    r = kdnas("data", "--out", tmp_path, *(["--only", only] if only else []), env=_env(offline), check=False, timeout=120)
    took = time.time() - t0
    assert r.returncode == 2 and "Traceback" not in r.stderr and f"error: {e.value}" in r.stderr, r.stderr
    msg = r.stderr
    assert ("HF_HUB_OFFLINE" in msg) if offline else ("http://127.0.0.1:9 cannot be reached" in msg), msg
    assert "KDNAS_SHARED_DATA" in msg and "network" in msg, msg
    assert took < 2 * start + 10, (took, start)   # the command: its start-up (slow on a loaded machine) and the probe
    assert not any(tmp_path.iterdir())

def test_present_files_are_skipped_offline(tmp_path):
    _materialise(tmp_path, "snli,squad")
    r = kdnas("data", "--out", tmp_path, "--only", "snli,squad", env=_env(True))
    assert "every file is already in" in r.stdout and f"KDNAS_SHARED_DATA={tmp_path}" in r.stdout, r.stdout
    r = kdnas("data", "--out", tmp_path, "--only", "snli,glue", env=_env(True), check=False)
    assert r.returncode == 2 and "['glue']" in r.stderr, r.stderr   # only the missing part needs the hub

def test_unknown_part(tmp_path):
    r = kdnas("data", "--out", tmp_path, "--only", "glue,mnli", check=False)
    assert r.returncode == 2 and "unknown part(s) ['mnli']" in r.stderr and "Traceback" not in r.stderr, r.stderr
