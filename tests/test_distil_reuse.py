"`kdnas distil` reuses a finished student only if it was distilled with the same settings (distil.json's distil_settings)."
import json
from conftest import kdnas

KEY = "2L-2A-64H-128I-relu"

def test_distil_folder_with_other_settings_is_refused_old_folders_kept(tmp_path):
    out = tmp_path / "students"
    kdnas("distil", "--preset", "smoke", "--state", KEY, "--out", out, "--quiet", timeout=1800)   # latency table and teacher outputs
    f = out / KEY / "distil.json"
    rec = json.loads(f.read_text())
    assert rec["distil_settings"]["distil.loss"] == "hidden" and rec["distil_settings"]["data.source"].startswith("shared:")
    mtime = f.stat().st_mtime
    r = kdnas("distil", "--preset", "smoke", "--state", KEY, "--out", out, "--set", 'distil.loss="minilmv2"', "--quiet", check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "distilled with other settings (distil.loss 'hidden' there, 'minilmv2' now)" in r.stderr and "another --out" in r.stderr, r.stderr
    r = kdnas("distil", "--preset", "smoke", "--state", KEY, "--out", out, "--epochs", "2", "--quiet", check=False)
    assert r.returncode == 2 and "distil.epochs 1.0 there, 2.0 now" in r.stderr, r.stderr
    kdnas("distil", "--preset", "smoke", "--state", KEY, "--out", out, "--set", "distil.eval_batch_size=3", "--quiet")  # speed only
    assert f.stat().st_mtime == mtime
    del rec["distil_settings"]; f.write_text(json.dumps(rec))   # a folder from before the record: taken as it is
    kdnas("distil", "--preset", "smoke", "--state", KEY, "--out", out, "--set", 'distil.loss="minilmv2"', "--quiet")
    assert json.loads(f.read_text()) == rec
