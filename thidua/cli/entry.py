"""The `thidua` command's entry point: imports the command line inside a guard, so Ctrl-C pressed while
Python is still loading thidua stops as cleanly as Ctrl-C during a command (cli/main.py), never with a
traceback. Nothing is imported here before the guard."""

from __future__ import annotations

from thidua.cli import STOPPED

INTERRUPTED = 130  # as shells count a stop by Ctrl-C (128 + SIGINT); cli/common.py's Exit.INTERRUPTED


def main(argv: list[str] | None = None) -> int:
    from thidua.cli.interrupt import noticed, pressed

    with noticed():
        try:
            from thidua.cli.main import main as run

            return run(argv)
        except KeyboardInterrupt:
            print(f"\n{STOPPED}", flush=True)
            return INTERRUPTED
        except Exception:
            if pressed():  # a library that Ctrl-C stopped while importing failed another way: still a stop
                print(f"\n{STOPPED}", flush=True)
                return INTERRUPTED
            raise


def console() -> int:
    """The installed command (and pipeline.py, python -m thidua): main, then the process ends without Python's
    last collection walking every object it made (a re-run's thousand remembered returns: ~40 ms, to free
    memory the system takes back at once anyway). In-process callers (tests) use main."""
    code = main()
    import gc

    gc.freeze()
    return code
