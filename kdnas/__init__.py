"""KD-NAS: neural architecture search guided by knowledge distillation, reproduced in literate notebooks

Modules:

- `kdnas.models`: Load the teacher (local directory, hub id, or the offline all-MiniLM-L6-v2), and build a randomly initialised student of the teacher's config family for any state."""

__version__ = "0.1.0"
