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

# ONNX Runtime (issue 22, item 3): the same protocol in another runtime is another table
import dataclasses, sys
import pytest
from kdnas.latency import LatencyTable, measure_latencies, export_onnx
from kdnas.models import load_teacher, make_student
from kdnas.space import State

TINY = [State(2, 2, 64, 128, "relu"), State(3, 2, 128, 256, "gelu")]

def _ort_protocol():
    return dataclasses.replace(load_settings("smoke").latency, seq_len=16, runtime="onnxruntime", interleave=2)

def test_onnxruntime_table(tmp_path):
    p, config = _ort_protocol(), load_teacher().config
    ort, torch_ = LatencyTable(p, tmp_path / "ort.json"), LatencyTable(dataclasses.replace(p, runtime="torch"))
    assert ort.protocol.key != torch_.protocol.key and torch_.path.name.endswith(f"-{torch_.protocol.key}.json")
    assert ort.measure(config, TINY) == 2
    ms = [ort.ms(config, s) for s in TINY]
    assert all(m > 0 for m in ms), ms
    assert json.loads((tmp_path / "ort.json").read_text())["protocol"]["runtime"] == "onnxruntime"

def test_export_failure_is_one_line(tmp_path):
    import torch
    class NotAnEncoder(torch.nn.Module):
        config = load_teacher().config
        def forward(self, input_ids, attention_mask): return input_ids.float()
    with pytest.raises(RuntimeError) as e: export_onnx(NotAnEncoder(), tmp_path, seq_len=8)
    assert "\n" not in str(e.value) and "pip install" in str(e.value), str(e.value)
    with pytest.raises(TypeError, match="needs a Hugging Face model"): export_onnx(torch.nn.Linear(2, 2), tmp_path)

def test_onnxruntime_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)   # `import onnxruntime` raises ImportError
    model = make_student(load_teacher().config, TINY[0])
    with pytest.raises(ImportError, match="pip install onnxruntime"): measure_latencies([model], _ort_protocol())

@pytest.mark.parametrize("preset,runtime", [("smoke", "onnxruntime"), ("smoke-v1", "torch")])   # ORT once: exports are slow
def test_latency_command_runtime(tmp_path, preset, runtime):
    r = kdnas("latency", "--preset", preset, "--table", tmp_path / "lat.json", "--runtime", runtime,
              "--set", "latency.seq_len=16")
    assert "teacher 6L-12A-384H-1536I-gelu:" in r.stdout and f"{runtime})" in r.stdout, r.stdout
    assert json.loads((tmp_path / "lat.json").read_text())["protocol"].get("runtime", "torch") == runtime
    bad = kdnas("latency", "--preset", "smoke", "--set", "latency.runtime=tensorrt", check=False)
    assert bad.returncode and "runtime" in bad.stdout + bad.stderr
