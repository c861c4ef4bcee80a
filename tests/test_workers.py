"""Workers on a real PostgreSQL server started by the test run (`initdb` + `pg_ctl`, tests/pgserver.py): several workers
on one study, a worker killed mid-candidate, faults stored as failed, two studies in one database."""
import itertools, os, signal, subprocess, time
import optuna, pandas as pd, pytest
from conftest import KDNAS, ROOT, kdnas
from pgserver import postgres, server_bin, create_database

TS = optuna.trial.TrialState
FAST = ["--preset", "smoke", "--quiet", "--heartbeat", "1", "--grace", "4"]   # a lost claim is redone after 4 s

@pytest.fixture(scope="module")
def pg():
    if not (server_bin("initdb") and server_bin("pg_ctl")):
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): `apt-get install postgresql` (scripts/install.sh does it)")
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[postgres]' (scripts/install.sh does it)")
    with postgres() as url: yield url

_n = itertools.count()
@pytest.fixture
def db(pg):
    "A fresh database on the test server."
    return create_database(pg, f"kdnas_{os.getpid()}_{next(_n)}")

def start(*args)->subprocess.Popen:
    return subprocess.Popen([KDNAS, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})

def finish(*procs, timeout=600):
    for p in procs:
        out, _ = p.communicate(timeout=timeout)
        assert p.returncode == 0, f"{' '.join(p.args[1:3])} exited {p.returncode}:\n{out}"

def wait_for(f, timeout:float, what:str):
    t0 = time.time()
    while time.time() - t0 < timeout:
        v = f()
        if v: return v
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")

def study(url, name): return optuna.load_study(study_name=name, storage=url)

def trials(url, name)->list:
    "The study's trials, or none while it does not exist yet."
    try: return study(url, name).get_trials(deepcopy=False)
    except KeyError: return []

def stored_once(url, name)->list:
    "Every state planned in the study has exactly one stored result there (completed, pruned, or failed with a reason)."
    st = study(url, name)
    ts = st.get_trials(deepcopy=False)
    stored = sorted("{num_hidden_layers}L-{num_attention_heads}A-{hidden_size}H-{intermediate_size}I-{hidden_act}".format(**t.params)
                    for t in ts if t.state in (TS.COMPLETE, TS.PRUNED) or "failed" in t.user_attrs)
    planned = sorted({p["state"] for k, v in st.user_attrs.items() if k.startswith("episode_") for p in v})
    assert planned and stored == planned, (stored, planned)
    return ts

def workers_of(ts)->set: return {t.user_attrs["worker"].rsplit(":", 1)[1] for t in ts if "worker" in t.user_attrs}

def test_three_workers_one_study(db, tmp_path):
    "A search and two workers share one study: every planned candidate is stored exactly once; reports from the storage."
    run = tmp_path / "run"
    sets = ["--set", "search.candidates=4", "--set", "proxy.max_steps=8"]
    procs = [start("search", *FAST, *sets, "--storage", db, "--study", "three", "--out", run, "--threads", "1"),
             *[start("worker", "--storage", db, "--study", "three", "--threads", "1", "--wait", "120", "--quiet") for _ in range(2)]]
    finish(*procs)
    ts = stored_once(db, "three")
    assert len(workers_of(ts)) >= 2, workers_of(ts)                # the work was shared
    c = pd.read_csv(run / "candidates.csv")
    assert len(c) == 2 * 4 and c.reward.notna().all() and len(pd.read_csv(run / "failed.csv")) == 0
    r = kdnas("report", "--storage", db, "--study", "three", "--out", tmp_path / "report")
    assert pd.read_csv(tmp_path / "report" / "candidates.csv").state.tolist() == c.state.tolist() and "KDNASArch1" in r.stdout
    r = kdnas("worker", "--storage", db, "--study", "nope", check=False)
    assert r.returncode == 2 and "no study 'nope'" in r.stderr and "Traceback" not in r.stderr, r.stderr

def test_killed_worker(db, tmp_path):
    "kill -9 of a worker mid-candidate: another redoes that candidate after the grace period; nothing stored twice or redone."
    sets = ["--set", "proxy.max_steps=60"]   # candidates of seconds, so that the kill lands mid-candidate
    s = start("search", *FAST, *sets, "--storage", db, "--study", "kill", "--out", tmp_path / "run", "--threads", "1")
    w = start("worker", "--storage", db, "--study", "kill", "--threads", "1", "--wait", "120", "--quiet")
    mine = lambda t: t.state == TS.RUNNING and t.user_attrs.get("worker", "").endswith(f":{w.pid}")
    victim = wait_for(lambda: next((t for t in trials(db, "kill") if mine(t)), None)
                      if w.poll() is None else pytest.fail("the worker stopped early:\n" + w.communicate()[0]),
                      300, "the worker to claim a candidate")
    os.kill(w.pid, signal.SIGKILL); w.wait()
    finish(s)
    ts = stored_once(db, "kill")
    lost = next(t for t in ts if t.number == victim.number)
    assert lost.state == TS.FAIL and "failed" not in lost.user_attrs          # lost, not a fault of the candidate
    redo = [t for t in ts if t.system_attrs.get("failed_trial") == victim.number]
    assert len(redo) == 1 and redo[0].state == TS.COMPLETE and redo[0].params == victim.params
    done = [t for t in ts if t.state in (TS.COMPLETE, TS.PRUNED)]
    assert len(done) == len({tuple(sorted(t.params.items())) for t in done})   # no finished candidate redone
    assert len(pd.read_csv(tmp_path / "run" / "candidates.csv")) == 6

def test_faults_recorded(db, tmp_path):
    "An injected NaN and an injected exception are stored as failed with their reason; the search completes without them."
    from kdnas.run import build, run_search
    from kdnas.search import KDNAS, ControllerStrategy, Storage
    env = build("smoke", progress=False)
    real, calls = env.evaluator.evaluate, []
    def faulty(s, **kw):
        calls.append(s.key)
        if len(calls) == 1: return {**real(s, **kw), "distil_loss": float("nan")}
        if len(calls) == 2: raise RuntimeError("injected fault")
        return real(s, **kw)
    env.evaluator.evaluate = faulty
    res = run_search("smoke", tmp_path / "run", progress=False, env=env, storage=db, study="faults", heartbeat=1, grace=4)
    bad = calls[:2]
    failed = pd.read_csv(tmp_path / "run" / "failed.csv")
    assert dict(zip(failed.state, failed.failed)) == {bad[0]: "non-finite distil_loss nan", bad[1]: "RuntimeError: injected fault"}
    c = res["candidates"]
    assert len(c) == 6 and c[c.state.isin(bad)].reward.isna().all() and c[~c.state.isin(bad)].reward.notna().all()
    assert not set(res["top"].state) & set(bad)
    ck = ControllerStrategy(KDNAS(env.space, env.evaluator, env.reward, Storage(db, env.space, "faults"))).checkpoint()
    assert ck.episode == 2 and ck.seen and not {x[2] for x in ck.seen} & set(bad)   # the controller never trained on them
    ts = stored_once(db, "faults")
    assert sorted(t.user_attrs["failed"] for t in ts if t.state == TS.FAIL) == ["RuntimeError: injected fault", "non-finite distil_loss nan"]

def test_two_studies_one_database(db, tmp_path):
    "Two searches with the same settings in one database, at once: each claims and stores its own candidates."
    a = start("search", *FAST, "--storage", db, "--study", "a", "--out", tmp_path / "a", "--threads", "1")
    b = start("search", *FAST, "--storage", db, "--study", "b", "--out", tmp_path / "b", "--threads", "1")
    finish(a, b)
    ta, tb = stored_once(db, "a"), stored_once(db, "b")
    assert workers_of(ta) == {str(a.pid)} and workers_of(tb) == {str(b.pid)}
    pa, pb = (study(db, n).user_attrs["episode_0001"] for n in "ab")
    assert pa == pb   # the same search twice: the same first episode (seeded draws), distilled in each study
    assert len(pd.read_csv(tmp_path / "a" / "candidates.csv")) == len(pd.read_csv(tmp_path / "b" / "candidates.csv")) == 6

def test_bad_storage_fails_fast(tmp_path):
    "A bad storage URL or an unreachable server: one line, exit code 2, in seconds (no server needed)."
    for url, msg in (("postgresql://kdnas:secret@127.0.0.1:1/nas", "cannot open the search storage 'postgresql+psycopg://kdnas:***@127.0.0.1:1/nas'"),
                     ("nosuch://db", "cannot open the search storage 'nosuch://db'")):
        t0 = time.time()
        r = kdnas("worker", "--storage", url, "--study", "s", check=False)
        assert r.returncode == 2 and msg in r.stderr and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert time.time() - t0 < 15
        r = kdnas("search", "--preset", "smoke", "--storage", url, "--out", tmp_path / "x", check=False)
        assert r.returncode == 2 and msg in r.stderr, r.stderr
