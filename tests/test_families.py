"Every supported encoder family works as a teacher of a smoke search; an unsupported family, or a teacher too small for the space, fails fast."
import math
import pandas as pd
import pytest
from conftest import kdnas
from kdnas.models import TINY_TEACHERS, make_tiny_teacher, load_teacher

# 2 layers, 256 wide: small, yet larger than the smallest students of the paper's space (3L-192H), so the smoke
# preset's "at most the teacher's parameters" keeps 100 to 700 states, depending on the family
TINY = dict(num_hidden_layers=2, hidden_size=256, num_attention_heads=4, intermediate_size=1024)
SEARCH = ["search", "--preset", "smoke", "--quiet", "--episodes", "1", "--candidates", "2"]

@pytest.mark.parametrize("family", list(TINY_TEACHERS))
def test_family_search(tmp_path, family):
    teacher = make_tiny_teacher(tmp_path / family, family, **TINY)
    out = tmp_path / "run"
    kdnas(*SEARCH, "--teacher", teacher, "--out", out)
    c = pd.read_csv(out / "candidates.csv")
    assert len(c) == 2, c
    assert c.reward.map(math.isfinite).all() and c.distil_loss.map(math.isfinite).all(), c
    assert (c.latency_ms > 0).all() and (c.params > 0).all(), c

def test_unsupported_family_fails_fast(tmp_path):
    from transformers import GPT2Config, GPT2Model
    GPT2Model(GPT2Config(n_layer=1, n_embd=32, n_head=2)).save_pretrained(tmp_path / "gpt2")
    r = kdnas(*SEARCH, "--teacher", tmp_path / "gpt2", "--out", tmp_path / "run", check=False, timeout=120)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "'gpt2' family" in r.stderr and "distilbert" in r.stderr and "Traceback" not in r.stderr, r.stderr

def test_teacher_smaller_than_every_student(tmp_path):
    "A 32-wide teacher is smaller than every student of the paper's space: a clear error naming its size."
    teacher = make_tiny_teacher(tmp_path / "bert", "bert")
    r = kdnas(*SEARCH, "--teacher", teacher, "--out", tmp_path / "run", check=False, timeout=120)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert f"{load_teacher(teacher).params:,}" in r.stderr and "Traceback" not in r.stderr, r.stderr
