"XtremeDistil stages: each loss against a hand computation, teacher outputs computed once, save/load round trip."
import math, os
for _k in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "HF_EVALUATE_OFFLINE"): os.environ.setdefault(_k, "1")
import pytest, torch
from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer
from kdnas.models import make_tiny_teacher
from kdnas.space import State
from kdnas.distill import MatchLoss, hidden_kl
from kdnas.settings import DistilConfig
from kdnas.xtremedistil import STAGES, hard_label_loss, logit_loss, representation_matches, save_student, xtremedistil

torch.set_num_threads(1)
TEXTS = ["a fine film", "dull and far too long", "the best thing this year", "not worth the ticket",
         "warm , funny and smart", "a mess", "quietly moving", "i fell asleep twice"]
LABELS = [1, 0, 1, 0, 1, 0, 1, 0]

def _logsoftmax(x): return x - torch.log(torch.exp(x).sum(-1, keepdim=True))

def _kl_by_hand(s, t, mask):
    "sum_d p_T (log p_T - log p_S) per token, averaged over mask==1 tokens, with explicit loops."
    tot, n = 0.0, 0
    for b in range(s.shape[0]):
        for k in range(s.shape[1]):
            if not mask[b, k]: continue
            lt, ls = _logsoftmax(t[b, k].double()), _logsoftmax(s[b, k].double())
            tot += float(sum(math.exp(lt[d]) * (lt[d] - ls[d]) for d in range(s.shape[2]))); n += 1
    return tot / n

def test_hidden_kl_by_hand():
    torch.manual_seed(1)
    s, t = torch.randn(3, 4, 6), torch.randn(3, 4, 6) * 2
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 0, 0]])
    assert hidden_kl(s, t, mask).item() == pytest.approx(_kl_by_hand(s, t, mask), rel=1e-5)
    assert hidden_kl(t, t, mask).item() == pytest.approx(0.0, abs=1e-6)
    s2 = s.clone(); s2[1, 3] += 100                                  # padding does not count
    assert hidden_kl(s2, t, mask).item() == pytest.approx(hidden_kl(s, t, mask).item(), rel=1e-6)

def test_representation_loss_by_hand():
    torch.manual_seed(2)
    S, T = [torch.randn(2, 3, 4) for _ in range(4)], [torch.randn(2, 3, 8) for _ in range(7)]  # 3 vs 6 layers
    mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    rl = MatchLoss(representation_matches(6, 3, "last"), 4, 8, normalise="none")   # student i -> teacher 3 + i
    pairs = [(m.student_layer, m.teacher_layer) for m in rl.matches]
    assert pairs == [(1, 4), (2, 5), (3, 6)] and rl.teacher_layers == [4, 5, 6]
    with torch.no_grad():
        hand = [_kl_by_hand(S[i] @ p.weight.T + p.bias, T[j], mask) for (i, j), p in zip(pairs, rl.proj)]
        assert rl(S, T, mask).item() == pytest.approx(sum(hand) / 3, rel=1e-5)

def test_logit_and_hard_label_losses_by_hand():
    zs = torch.tensor([[2.0, -1.0, 0.5], [0.0, 0.0, 1.0]])
    zt = torch.tensor([[1.0, 1.0, 0.5], [0.5, -1.0, 1.0]])
    hand_ll = (0.5 * (1 + 4 + 0) + 0.5 * (0.25 + 1 + 0)) / 2       # 1/2 ||s - t||^2, mean over examples
    assert logit_loss(zs, zt).item() == pytest.approx(hand_ll)
    y = torch.tensor([0, 2])
    hand_ce = -(_logsoftmax(zs[0])[0] + _logsoftmax(zs[1])[2]).item() / 2
    assert hard_label_loss(zs, y).item() == pytest.approx(hand_ce, rel=1e-6)
    assert hard_label_loss(torch.tensor([[1.0], [3.0]]), torch.tensor([0.0, 1.0])).item() == pytest.approx(2.5)

@pytest.fixture(scope="module")
def teacher(tmp_path_factory):
    d = make_tiny_teacher(tmp_path_factory.mktemp("t")/"teacher", "bert")
    return AutoModelForSequenceClassification.from_pretrained(d, num_labels=2), AutoTokenizer.from_pretrained(d)

def test_xtremedistil_runs_teacher_once_and_round_trips(teacher, tmp_path):
    model, tok = teacher
    calls = []
    h = model.register_forward_hook(lambda *a: calls.append(1))
    cfg = DistilConfig(epochs=3, batch_size=4, lr=1e-3, fraction=1.0, max_length=32, mapping="last")
    try: student, losses = xtremedistil(model, tok, State(2, 2, 16, 32, "relu"), TEXTS, LABELS, cfg, seed=3)
    finally: h.remove()
    assert len(calls) == 1                                           # 8 rows, one teacher pass for 3 stages x 3 epochs
    assert {k: len(v) for k, v in losses.items()} == {s: 6 for s in STAGES}
    assert all(math.isfinite(x) for v in losses.values() for x in v)
    assert (student.config.num_labels, student.config.hidden_size, student.config.hidden_act) == (2, 16, "relu")
    out = save_student(student, tok, tmp_path/"student")
    batch = tok(TEXTS[:3], padding=True, return_tensors="pt")
    with torch.no_grad():
        clf = AutoModelForSequenceClassification.from_pretrained(out).eval()
        torch.testing.assert_close(clf(**batch).logits, student(**batch).logits)
        enc = AutoModel.from_pretrained(out).eval()
        torch.testing.assert_close(enc(**batch).last_hidden_state, student.base_model(**batch).last_hidden_state)
    assert AutoTokenizer.from_pretrained(out)(TEXTS[0])["input_ids"] == tok(TEXTS[0])["input_ids"]

def test_pairs_on_roberta_and_bad_rows(tmp_path):
    d = make_tiny_teacher(tmp_path/"rt", "roberta")                 # one segment: token_type_ids are dropped
    model, tok = AutoModelForSequenceClassification.from_pretrained(d, num_labels=3), AutoTokenizer.from_pretrained(d)
    pairs = [(a, b) for a, b in zip(TEXTS, TEXTS[1:] + TEXTS[:1])]
    cfg = DistilConfig(max_steps=2, batch_size=4, fraction=0.5, mapping="uniform+last")
    student, losses = xtremedistil(model, tok, State(3, 2, 16, 32, "gelu"), pairs, [0, 1, 2, 0, 1, 2, 0, 1], cfg)
    assert student.config.model_type == "roberta" and all(len(v) == 2 for v in losses.values())
    with pytest.raises(ValueError, match="labels"): xtremedistil(model, tok, State(3, 2, 16, 32, "gelu"), pairs, [0], cfg)

def test_unlabelled_rows_join_stages_1_and_2_only(teacher):
    model, tok = teacher
    cfg = DistilConfig(epochs=2, batch_size=4, lr=1e-3, fraction=1.0, max_length=32, mapping="last")
    half = [l if i < 4 else -1 for i, l in enumerate(LABELS)]       # 4 labelled rows, 4 unlabelled (e.g. SNLI text)
    _, losses = xtremedistil(model, tok, State(2, 2, 16, 32, "relu"), TEXTS, half, cfg)
    assert {k: len(v) for k, v in losses.items()} == {"representation": 4, "logits": 4, "hard_label": 2}
    _, losses = xtremedistil(model, tok, State(2, 2, 16, 32, "relu"), TEXTS, [-1] * 8, cfg)
    assert losses["hard_label"] == [] and len(losses["logits"]) == 4  # nothing labelled: stage 3 is skipped

def test_diverging_loss_names_the_step(teacher):
    model, tok = teacher
    cfg = DistilConfig(max_steps=3, batch_size=4, lr=1e30, fraction=1.0, max_length=32, max_grad_norm=0.0)
    with pytest.raises(FloatingPointError, match="at step"):
        xtremedistil(model, tok, State(2, 2, 16, 32, "relu"), TEXTS, LABELS, cfg)
