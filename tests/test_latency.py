"The latency protocol of the presets, and a predicting lookup table through `kdnas latency`."
import json
from kdnas.settings import load_settings
from conftest import kdnas

def test_presets_share_their_tables():
    q, qv1, smoke = (load_settings(p).latency for p in ("quick", "quick-v1", "smoke"))
    assert q == qv1 and q.predict > 0 and q.interleave >= q.predict   # one table, calibrated in one interleaved batch
    assert smoke.predict == 0 and smoke == load_settings("smoke-v1").latency  # a few candidates: measured one by one

def test_latency_command_predicts(tmp_path):
    table = tmp_path / "lat.json"
    r = kdnas("latency", "--preset", "smoke", "--table", table, "--state", "3L-4A-192H-384I-relu",
              "--set", "latency.seq_len=16", "--set", "latency.predict=12", "--set", "latency.interleave=12")
    assert "teacher 6L-12A-384H-1536I-gelu:" in r.stdout and "3L-4A-192H-384I-relu:" in r.stdout
    data = json.loads(table.read_text())
    assert len(data["entries"]) == 12 and data["protocol"]["predict"] == 12   # the calibration sample, measured
