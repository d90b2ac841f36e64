"""Hostile inputs: per case, the time, the peak memory and the outcome of `veille ingest`
of a folder holding the hostile input next to a few good articles.

    .venv/bin/python benchmarks/bench_hostile.py [--only NAME ...] [--no-events]

Targets: no case above 60 s or 1 GB on this machine; no batch lost (the good articles are
stored in every case, the hostile input is stored or failed with a one-line reason).
Peak memory is the largest resident set of the ingest and its worker processes. The
seven pages of ../shared/eval/web/pages that crashed the coder are a case when present.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "eval" / "web" / "pages"
CRASHED = ["date-deutsche-wirtschafts-nachrichten.de-Industriestrompreis.html",
           "date-islamische-zeitung.de-Bundespräsident.html", "date-mywakenews.wordpress.com.psyop.html",
           "date-www1.wdr.de-Correctiv-Recherche.html", "traf-fivethirtyeight.com.endorsement.html",
           "traf-politico.com.retirement.html", "traf-ritinardo.wordpress.com.btw17.html"]
GOOD = ["La Russie a condamné mercredi les frappes menées par l'Ukraine près de Koursk.",
        "Le ministre français des Affaires étrangères a rencontré son homologue allemand à Berlin.",
        "Le Japon a condamné jeudi le tir d'un missile par la Corée du Nord.",
        "L'OTAN a annoncé l'envoi de renforts en Pologne et dans les pays baltes.",
        "Pékin a accusé Washington d'ingérence dans ses affaires intérieures."]
WORDS = ("la russie a condamné mercredi les frappes menées par ukraine près de koursk selon le ministère "
         "des affaires étrangères qui dénonce une escalade").split()


def prose(chars: int, line: bool = False) -> str:
    """Chars of French-looking text: paragraphs, or one line."""
    words, out, n, k = WORDS, [], 0, 0
    while n < chars:
        sentence = " ".join(words[(k * 7 + i) % len(words)] for i in range(25)).capitalize() + "."
        out.append(sentence)
        n, k = n + len(sentence) + 2, k + 1
    return " ".join(out) if line else "Titre\n\n" + "\n\n".join(out)


def gzip_of_zeros(size: int, header: bytes = b"") -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(header)]
    block = b"\0" * (1 << 20)
    for _ in range(size >> 20):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


def warc_bomb(size: int) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % size
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ex.org/zeros\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\nWARC-Date: 2024-05-14T08:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % (len(http) + size))
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(head + http)]
    block = b"\0" * (1 << 20)
    for _ in range(size >> 20):
        parts.append(compressor.compress(block))
    parts.append(compressor.compress(b"\r\n\r\n"))
    parts.append(compressor.flush())
    return b"".join(parts)


def truncated_warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    html = "<html><body>" + "".join(f"<p>{GOOD[i % 5]}</p>" for i in range(40)) + "</body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://ex.org/a", "response", payload=io.BytesIO(html.encode()),
                                                  http_headers=headers))
    raw = buffer.getvalue()
    return gzip.compress(raw[: len(raw) // 2])


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "lollollollollollollollollollol">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
          + ']><rss version="2.0"><channel><title>&i;</title><item><title>&i;</title><description>&i;</description>'
            '</item></channel></rss>')


class Server(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        try:
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/trickle":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                while True:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(5)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def cases(base: str) -> dict:
    """name -> (files to write: name -> bytes, extra inputs)."""
    nul = [json.dumps({"id": f"n{i}", "text": f"Dépêche\n\n{GOOD[i]}"}, ensure_ascii=False).encode() for i in range(3)]
    nul[1] = nul[1][:15] + b"\0" + nul[1][15:]
    damaged = f"Titre\n\nLe ministre a ordonné l’évacuation.\n\n{GOOD[0]}\n\nUn octet @ abîmé.".encode().replace(b"@", b"\xff")
    many = "<html><body><article>" + "".join(f"<p>Ligne {i} du fil.</p>" for i in range(10**6)) + "</article></body></html>"
    some = "<html><body><article>" + "".join(f"<p>Ligne {i} du fil.</p>" for i in range(2 * 10**5)) + "</article></body></html>"
    deep = "<html><body>" + "<div>" * 100_000 + f"<p>{GOOD[0]}</p>" + "</div>" * 100_000 + "</body></html>"
    article = gzip.compress(prose(50_000).encode())
    truncated_gzip = article[: len(article) // 2]
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Le Fil</title><item><title>Sommet&nbsp;OTAN'
            f'</title><description>x</description><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/'
            f'content/"><![CDATA[{"".join(f"<p>{g}</p>" for g in GOOD)}]]></content:encoded></item></channel></rss>')
    table = {
        "5 MB text on one line": ({"ligne.txt": prose(5_000_000, line=True).encode()}, []),
        "12 MB text": ({"gros.txt": prose(12_000_000).encode()}, []),
        "1.9 MB text": ({"long.txt": prose(1_900_000).encode()}, []),
        "0.95 MB text": ({"longue.txt": prose(950_000).encode()}, []),
        "HTML, 10^6 paragraphs": ({"many.html": many.encode()}, []),
        "HTML, 2x10^5 paragraphs": ({"some.html": some.encode()}, []),
        "HTML, 10^5 nested divs": ({"deep.html": deep.encode()}, []),
        ".txt.gz bomb (1 GB of zeros)": ({"bombe.txt.gz": gzip_of_zeros(1 << 30)}, []),
        ".warc.gz bomb (1 GB record)": ({"bombe.warc.gz": warc_bomb(1 << 30)}, []),
        "truncated .gz": ({"coupe.txt.gz": truncated_gzip}, []),
        "truncated WARC record": ({"coupe.warc.gz": truncated_warc()}, []),
        "invalid UTF-8 bytes": ({"abime.txt": damaged}, []),
        "NUL byte in JSONL": ({"dump.jsonl": b"\n".join(nul)}, []),
        "feed with &nbsp;": ({"fil.xml": feed.encode()}, []),
        "billion laughs feed": ({"lol.xml": LAUGHS.encode()}, []),
        "redirect loop URL": ({}, [base + "/loop"]),
        "URL trickling a byte every 5 s": ({}, [base + "/trickle"]),
    }
    if PAGES.is_dir():
        table["7 pages that crashed the coder"] = ({name: (PAGES / name).read_bytes() for name in CRASHED}, [])
    return table


RUNNER = """
import resource, subprocess, sys, time
started = time.perf_counter()
run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(run.returncode, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.write(run.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names containing these words")
    parser.add_argument("--no-events", action="store_true")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"{'case':34} {'seconds':>8} {'peak MB':>8}  stored  outcome")
    worst_time = worst_memory = 0.0
    lost = 0
    for name, (files, urls) in cases(base).items():
        if args.only and not any(word.lower() in name.lower() for word in args.only):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for n, sentence in enumerate(GOOD):
                (folder / f"bon{n}.txt").write_text(f"Dépêche {n}\n\n{sentence}", encoding="utf-8")
            for file, data in files.items():
                (folder / file).write_bytes(data)
            command = [sys.executable, "-m", "veille", "ingest", str(folder), *urls, "--db", str(Path(tmp) / "s.duckdb")]
            if args.no_events:
                command.append("--no-events")
            run = subprocess.run([sys.executable, "-c", RUNNER, *command], capture_output=True, text=True)
            code, seconds, peak = run.stdout.split()
            failures = [line.split("failed:", 1)[1].strip() for line in run.stderr.splitlines()
                        if line.startswith("failed:")]
            summary = next((line for line in run.stderr.splitlines() if line.startswith("stored ")), "")
            stored = int(summary.split()[1].rstrip(",")) if summary else 0
            good_kept = stored >= len(GOOD)
            lost += not good_kept
            outcome = "; ".join(f.replace(str(folder) + "/", "") for f in failures) or "all stored"
            if not summary:
                outcome = f"exit {code}: " + (run.stderr.strip().splitlines() or ["no output"])[-1]
            worst_time, worst_memory = max(worst_time, float(seconds)), max(worst_memory, int(peak) / 1024)
            print(f"{name:34} {float(seconds):8.1f} {int(peak) / 1024:8.0f}  {stored:6}  {outcome[:150]}")
        shutil.rmtree(tmp, ignore_errors=True)
    server.shutdown()
    print(f"slowest case {worst_time:.1f} s, largest {worst_memory:.0f} MB, cases with a good article lost: {lost}")


if __name__ == "__main__":
    main()
