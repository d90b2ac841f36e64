"""The profile table the benchmarks print: veille's own functions (and spaCy's pipe) by
cumulative CPU time, then the top own times of every module."""
from __future__ import annotations

import pstats


def print_profile(profiler, top: int = 30) -> None:
    stats = pstats.Stats(profiler)
    total = max(ct for (_, _, _, ct, _) in stats.stats.values())
    rows = []
    for (path, line, name), (_, calls, tt, ct, _) in stats.stats.items():
        if "/veille/" in path or "spacy/language.py" in path and name == "pipe":
            where = path.split("/veille/")[-1] if "/veille/" in path else "spacy/language.py"
            rows.append((ct, tt, calls, f"{where}:{line}({name})"))
    rows.sort(reverse=True)
    print(f"{total:.2f} CPU s under the profiler (its overhead included)\n"
          f"\n{'cumulative s':>12} {'share':>6} {'own s':>7} {'calls':>9}  function")
    for ct, tt, calls, label in rows[:top]:
        print(f"{ct:>12.2f} {ct / total:>6.0%} {tt:>7.2f} {calls:>9}  {label}")
    print(f"\nown time, all modules (top {top // 2}):")
    own = sorted(((tt, calls, f"{path.split('site-packages/')[-1].split('/veille/')[-1]}:{line}({name})")
                  for (path, line, name), (_, calls, tt, _, _) in stats.stats.items()), reverse=True)
    for tt, calls, label in own[:top // 2]:
        print(f"{tt:>12.2f} {tt / total:>6.0%} {calls:>9}  {label}")
