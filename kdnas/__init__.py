"""KD-NAS: neural architecture search guided by knowledge distillation, reproduced in literate notebooks

Modules:

- `kdnas.data`: Unlabeled transfer text from a local file or the hub, tokenised at a fixed length, with a seeded mini-KD proxy subset and a held-out set.
- `kdnas.distill`: Multi-layer hidden-state transfer (v2 Eq. 1): layer mappings g(i), learnable projections, and the normalised loss L_HS that the reward is built on.
- `kdnas.glue_metric`: The official GLUE metrics (Matthews correlation, accuracy, F1, Pearson and Spearman correlation) as a plain function and as a local `evaluate` module that `evaluate.load(path, task)` accepts offline.
- `kdnas.latency`: Latency lookup table: milliseconds per inference for every student, measured once per device and protocol, cached on disk.
- `kdnas.models`: Load the teacher (local directory, hub id, or the offline all-MiniLM-L6-v2), and build a randomly initialised student of the teacher's config family for any state.
- `kdnas.proxy`: Distil a candidate student for a few epochs on a fraction of the transfer text, with the teacher's hidden states computed once per search, and check that this proxy ranks students like a longer run."""

__version__ = "0.1.0"
