"A throwaway PostgreSQL server for tests and benchmarks: `initdb` + `pg_ctl` on a temporary folder and a free local port."
import contextlib, glob, os, shutil, socket, subprocess, tempfile, time

def server_bin(name:str="initdb")->str|None:
    "Path of a PostgreSQL server program (Debian's /usr/lib/postgresql/<v>/bin, or PATH); None if not installed."
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return found[-1] if found else shutil.which(name)

def free_port()->int:
    with socket.socket() as s: s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def _as_owner(cmd:list, user:str|None, **kw):
    "Run `cmd` as `user` (PostgreSQL refuses to run as root), raising with its output on failure."
    if user: cmd = ["su", "-s", "/bin/sh", user, "-c", " ".join(map(_quote, cmd))]
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode: raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r

def _quote(s): import shlex; return shlex.quote(str(s))

@contextlib.contextmanager
def postgres(user:str="kdnas"):
    "Start a PostgreSQL server on 127.0.0.1 and a free port; yields its URL (database `postgres`); stops and deletes it after."
    initdb, pg_ctl = server_bin("initdb"), server_bin("pg_ctl")
    if not initdb or not pg_ctl: raise FileNotFoundError("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    owner = "nobody" if os.geteuid() == 0 else None
    d = tempfile.mkdtemp(prefix="kdnas-pg-")
    os.chmod(d, 0o755)
    if owner: shutil.chown(d, owner)
    data, port = os.path.join(d, "data"), free_port()
    try:
        _as_owner([initdb, "-D", data, "-U", user, "-A", "trust", "--no-sync", "-E", "UTF8"], owner, timeout=120)
        opts = f"-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200"
        _as_owner([pg_ctl, "-D", data, "-l", os.path.join(d, "log"), "-o", opts, "-w", "-t", "60", "start"], owner, timeout=90)
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            with contextlib.suppress(Exception): _as_owner([pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"], owner, timeout=60)
        shutil.rmtree(d, ignore_errors=True)

def create_database(url:str, name:str)->str:
    "Create database `name` on the server of `url`; the URL of the new database."
    import psycopg
    base = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as c: c.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name
