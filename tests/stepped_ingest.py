"""An ingest through the library, one input a batch, that prints how many documents it
has stored after each batch it commits and goes on when a line comes on stdin, so that a
test acts between two batches however fast the machine: `python -m tests.stepped_ingest
STORE INPUT...` (from the repository's root); "done" at the end."""
import sys

from veille import Pipeline, Store


def committed(report) -> None:
    print(report.stored, flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    with Store(sys.argv[1]) as store:
        Pipeline(store, batch_size=1).ingest(sys.argv[2:], on_progress=committed)
    print("done", flush=True)
