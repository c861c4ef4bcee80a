#!/bin/bash
# usage: mknb.sh NAME [notest]  (NAME without .py, source in /tmp/nbsrc)
set -e
cd /work/main
src=/tmp/nbsrc/$1.py; dst=nbs/$1.ipynb
[ -n "$NBDIR" ] && dst=$NBDIR/$1.ipynb
.venv/bin/jupytext --to ipynb -o $dst $src >/dev/null
.venv/bin/python - "$dst" <<'PY'
import nbformat, sys
p=sys.argv[1]; nb=nbformat.read(p,4)
nb.metadata={'kernelspec':{'name':'python3','display_name':'Python 3','language':'python'}}
for c in nb.cells:
    c.metadata={k:v for k,v in c.metadata.items() if k=='tags'}
nbformat.write(nb,p)
PY
.venv/bin/nbdev-export
[ "$2" = "notest" ] || HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 .venv/bin/nbdev-test $dst
