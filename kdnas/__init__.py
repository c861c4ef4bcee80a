"""KD-NAS: neural architecture search guided by knowledge distillation, reproduced in literate notebooks

Modules:

- `kdnas.controller`: An LSTM that predicts a state's reward from (GlobalBestState, PreviousBestState, state), trained after every episode on that episode's rewards.
- `kdnas.core`: The teacher's outputs computed once per transfer set, and the one training loop that the mini-KD proxy, XtremeDistil's stages and full distillation all run, with different losses and lengths.
- `kdnas.data`: Transfer text from a local file or the hub, tokenised once and padded per batch, with seeded subsets: the mini-KD proxy subset and a held-out set.
- `kdnas.deploy`: What a user ships at the end of a search: a student folder that `sentence-transformers` and `transformers` both load, with a model card saying how it was found, and a way to publish it on the Hugging Face hub.
- `kdnas.distill`: Distillation recipes as data: which student layer learns which teacher layer with which loss (the layer mapping g(i) makes them, or MiniLMv2's relation recipe), and the one loss module, with learnable projections, that trains on them.
- `kdnas.evaluation`: Fine-tune and score any model on XNLI, TyDi QA GoldP, CoNLL-2003 and SQuAD v1.1 with the official metrics and v2 Table 5's hyperparameters, from the hub or from local files in the hub's layout.
- `kdnas.glue`: Fine-tune and evaluate any model on the GLUE tasks with the official metrics, v2 App. B hyperparameters and several seeds, reading the data from the hub, a local parquet mirror or the classic GLUE TSV folders.
- `kdnas.glue_metric`: The official GLUE metrics (Matthews correlation, accuracy, F1, Pearson and Spearman correlation) as a plain function and as a local `evaluate` module that `evaluate.load(path, task)` accepts offline.
- `kdnas.latency`: Latency lookup table: milliseconds per inference for every student, measured once per device and protocol, cached on disk; optionally predicted from a few measured states.
- `kdnas.mirror`: Build, on a machine with network, the offline data folder that the presets and tests read (`../shared/data`): GLUE, the GLUE TSVs, an MNLI train subset, a Wikipedia sample, SNLI, XNLI, TyDi QA GoldP, CoNLL-2003 and SQuAD v1.1.
- `kdnas.models`: Load the teacher (local directory, hub id, or the offline all-MiniLM-L6-v2), and build a randomly initialised student of the teacher's config family for any state.
- `kdnas.paper`: Every table of the papers that a reproduction is compared against, as data with its source: KD-NAS v1 (BERT-base teacher, MNLI), v2 (XLM-R teacher, task-agnostic) and the student re-implementation report.
- `kdnas.prefilter`: Cheap signals measured against the mini-KD reward: size, zero-cost scores at initialisation, the first steps of the learning curve, and the controller's own prediction; and a search setting (ours) that distils only the candidates the best of them ranks high.
- `kdnas.pretrain`: Masked-language-model pretraining of a student of any state on unlabeled text, resumable, saved as a folder that full distillation starts from (`kdnas distil --init`): v1's pretraining ablation.
- `kdnas.probes`: A cheap, sensitive measure of a task-agnostic student: fit a linear classifier on its frozen sentence features, with the teacher as the ceiling and the same architecture untrained as the floor.
- `kdnas.proxy`: Distil a candidate student for a few epochs on a fraction of the transfer text, with the teacher's outputs computed once per search, and check that this proxy ranks students like a longer run.
- `kdnas.report`: Tables and plots of a search: one row per candidate, the top-M, rewards per episode, latency against loss, and the random-sampling vs KD-NAS table (v1/v2 Table 3).
- `kdnas.reproduce`: `kdnas reproduce`: every reproduction notebook of `paper_repro/` run by papermill in dependency order, on one cache and one shared search per preset, resumable after a kill, each notebook's wall time and peak memory measured, and one `REPORT.md` with every table (paper vs ours) and every claim's verdict.
- `kdnas.run`: From settings to results: the teacher, search space, latency table, evaluator and reward of either pipeline, and the run folder of a search, the random baseline, the fidelity check and full distillation.
- `kdnas.search`: KD-NAS (v1 Algorithm 1): episodes of controller-picked and random candidates, each distilled on the mini-KD proxy once, stored as soon as it finishes (or, if it fails, with its reason), resumable after a crash; and the random-sampling baseline with the same evaluator.
- `kdnas.task`: The paper's first pipeline (v1): a teacher fine-tuned on a GLUE task, candidates distilled in XtremeDistil's three stages on a fraction of the task's transfer set and rewarded by their dev accuracy (v1 Eq. 5-6).
- `kdnas.verdicts`: One verdict rule for every paper claim: a difference holds only beyond the runs' spread and never at the floor, with the smallest resolvable difference beside the paper's effect; one `Verdict` record and `summary.json` for all.
- `kdnas.workers`: Many processes, on one machine or many, share one search through its storage: each claims a candidate, distils it with a heartbeat and stores it; one of them closes each episode; KD-NAS's controller or Optuna's TPE and random samplers propose the candidates. One process is simply one worker: `kdnas search` and `kdnas worker` run the same loop.
- `kdnas.xtremedistil`: Task-specific distillation of a sequence-classification student in XtremeDistil's three stages (v1 Sec. 2.1): representation loss, logit loss, hard-label loss, one after the other."""

__version__ = "0.1.0"
