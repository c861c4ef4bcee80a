"kdnas.verdicts: the one verdict rule and summary schema every reproduction notebook uses (fast, CPU only)."
import json, math
from kdnas.verdicts import VERDICTS, Verdict, better, matches, read_summary, write_summary

KW = dict(claim="KD-NAS students beat the hand-designed baseline", source="v1 Sec. 4.1", paper_effect=1.5)

def test_better_gives_each_verdict():
    assert better([80, 81, 80.5], [70, 71, 70.2], **KW).verdict == "holds"
    assert better([70, 71, 70.2], [80, 81, 80.5], **KW).verdict == "does not hold"
    v = better([80, 82, 79], [79.5, 81, 80], **KW)
    assert v.verdict == "inconclusive" and v.min_resolvable > 0
    assert f"{v.min_resolvable:.3g} points vs the paper's 1.5 points" in v.line()
    floor = better([52.6, 52.7, 52.65], [52.1, 52.2, 52.15], floor=52.0, floor_margin=1.0, **KW)
    assert floor.verdict == "inconclusive" and floor.p_value < 0.05 and "floor" in floor.evidence
    one = better([80], [70], **KW)
    assert one.verdict == "inconclusive" and one.min_resolvable is None and "spread unknown" in one.evidence

def test_matches_gives_each_verdict():
    mk = dict(tolerance=1.0, tolerance_source="the paper's std", claim="a matches b", source="v1 Sec. 4.2")
    assert matches([80.0, 80.2, 80.1, 79.9], [80.1, 80.0, 80.2, 80.0], **mk).verdict == "holds"
    assert matches([85, 85.2, 84.9], [80, 80.3, 80.1], **mk).verdict == "does not hold"
    assert matches([80, 83, 77], [80.5, 78, 82], **mk).verdict == "inconclusive"

def test_summary_schema(tmp_path):
    vs = [better([80, 81, 80.5], [70, 71, 70.2], id="A", **KW), better([80], [70], id="B", **KW)]
    f = write_summary(tmp_path, vs, preset="quick", std={"Teacher": math.nan})
    raw = json.loads(f.read_text())     # strict JSON: no NaN
    assert set(raw) == {"claims", "preset", "std"} and raw["std"] == {"Teacher": None}
    for c in raw["claims"]:
        assert {"id", "claim", "source", "verdict", "evidence", "test", "min_resolvable", "paper_effect"} <= set(c)
        assert c["verdict"] in VERDICTS
    assert [v.to_dict() for v in read_summary(f)["claims"]] == [v.to_dict() for v in vs]
    assert isinstance(read_summary(tmp_path)["claims"][0], Verdict)
