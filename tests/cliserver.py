"""A fork server for the tests' `kdnas` commands: imports kdnas, torch and transformers once, then forks a child per
command, so each command starts in milliseconds instead of the ~10 s those imports take (most of the tests' CPU time).

Protocol, one JSON line each way: the client sends {"args", "cwd", "env", "out", "err"}; the server answers {"pid"} at
once and {"code"} when the child has ended (negative: killed by that signal). The child is a separate process, as a
`kdnas` started from the shell is: its own exit code, stdout and stderr (files), tracebacks and global state.
The server never runs a torch operation, so no thread pool exists to be broken by the fork.
"""
import json, os, sys

def main():
    import kdnas.cli, kdnas.run   # noqa: F401  the expensive imports, once (transformers 5 + torch: ~10 s)
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    for line in sys.stdin:
        req = json.loads(line)
        sys.stdout.flush(); sys.stderr.flush()
        pid = os.fork()
        if pid == 0: return req   # the child runs the command, outside this loop
        reply.write(json.dumps({"pid": pid}) + "\n")
        _, status = os.waitpid(pid, 0)
        reply.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}) + "\n")
    sys.exit(0)

if __name__ == "__main__":
    req = main()
    os.chdir(req["cwd"]); os.environ.clear(); os.environ.update(req["env"])
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY), (1, req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (2, req["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        f = os.open(path, flags, 0o644); os.dup2(f, fd); os.close(f)
    sys.stdin = open(os.devnull)
    sys.argv = [req["prog"], *req["args"]]
    from kdnas.cli import app
    app()   # exits with the command's code; an uncaught exception prints its traceback and exits 1, as a real process does
