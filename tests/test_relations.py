"""MiniLMv2 self-attention relation distillation (v2 App. E): zero for a student equal to its teacher in every family, then
the mini-KD proxy (a smoke search) and full distillation (`kdnas distil`) with `loss = "minilmv2"`."""
import copy, json, math
import pandas as pd, pytest, torch
from transformers import AutoModel
from conftest import kdnas
from kdnas.distill import MatchLoss, QKVHooks, relation_matches, relation_kl
from kdnas.models import TINY_TEACHERS, make_tiny_teacher

@pytest.mark.parametrize("family", list(TINY_TEACHERS))
def test_student_equal_to_teacher_scores_zero(tmp_path, family):
    teacher = AutoModel.from_pretrained(make_tiny_teacher(tmp_path / family, family, num_hidden_layers=3)).eval()
    student = copy.deepcopy(teacher)
    ids, mask = torch.randint(1000, 3000, (2, 7)), torch.tensor([[1] * 7, [1] * 5 + [0] * 2])
    loss = MatchLoss(relation_matches(3, 3, teacher_layer=-1, heads=4), 32, 32)
    def qkv(model, layers):
        with QKVHooks(model, layers) as h, torch.no_grad():
            out = model(input_ids=ids, attention_mask=mask, output_hidden_states=True); return out, h.take()
    t_out, t_qkv = qkv(teacher, loss.teacher_qkv_layers)
    s_out, s_qkv = qkv(student, loss.student_qkv_layers)
    assert loss(s_out.hidden_states, t_out.hidden_states, mask, s_qkv, t_qkv).item() == pytest.approx(0.0, abs=1e-6)
    with torch.no_grad():
        for p in student.parameters(): p.add_(0.05 * torch.randn_like(p))
    s_out, s_qkv = qkv(student, loss.student_qkv_layers)
    assert loss(s_out.hidden_states, t_out.hidden_states, mask, s_qkv, t_qkv).item() > 1e-4
    # the second-last teacher layer into the student's last layer, as in v2 App. E
    assert [(m.student_layer, m.teacher_layer) for m in relation_matches(3, 2)] == [(2, 2)]

def test_gradient_reaches_the_student(tmp_path):
    teacher = AutoModel.from_pretrained(make_tiny_teacher(tmp_path / "t", "bert", num_hidden_layers=2)).eval()
    student = AutoModel.from_pretrained(make_tiny_teacher(tmp_path / "s", "bert", num_hidden_layers=2, hidden_size=16, seed=1))
    ids, mask = torch.randint(1000, 3000, (2, 6)), torch.ones(2, 6, dtype=torch.long)
    with QKVHooks(teacher, [1]) as h, torch.no_grad(): teacher(input_ids=ids, attention_mask=mask); t = h.take()[1]
    with QKVHooks(student, [2]) as h: student(input_ids=ids, attention_mask=mask); s = h.take()[2]
    relation_kl(s, t, mask, heads=4).backward()
    q = student.encoder.layer[1].attention.self.query.weight.grad
    assert q is not None and q.abs().sum() > 0

def test_smoke_search_and_full_distillation(tmp_path):
    run = tmp_path / "run"
    kdnas("search", "--preset", "smoke", "--quiet", "--episodes", "1", "--candidates", "2", "--set", "proxy.loss=\"minilmv2\"",
          "--out", run)
    c = pd.read_csv(run / "candidates.csv")
    assert len(c) == 2 and c.distil_loss.map(math.isfinite).all() and (c.distil_loss > 0).all(), c
    assert json.loads((run / "config.json").read_text())["objective"] == "minilmv2"
    out, key = tmp_path / "students", "3L-4A-192H-384I-relu"
    kdnas("distil", "--preset", "smoke", "--state", key, "--set", "distil.loss=\"minilmv2\"", "--set", "distil.relation_layer=5",
          "--out", out, "--quiet")
    rec = json.loads((out / key / "distil.json").read_text())
    assert rec["objective"] == "minilmv2" and rec["teacher_qkv_layers"] == [5] and rec["teacher_layers"] == []
    assert 0 < rec["distil_loss"] < 1.5, rec
    student = AutoModel.from_pretrained(out / key)
    assert student.config.num_hidden_layers == 3 and student.config.hidden_size == 192
