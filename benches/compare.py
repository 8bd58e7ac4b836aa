#!/usr/bin/env python3
"""Benchmark agendoc against the pipeline a user would assemble instead (pandoc + typst).

    python3 benches/compare.py [--docs 100] [--runs 3]

Measures, in one run and on the same files:
  (a) agendoc building the real document: 6 languages x Markdown, HTML, PDF, cold process;
  (b) agendoc building a synthetic session of --docs documents generated from the real one;
  (c) pandoc (Markdown -> HTML) and the Typst compiler (Typst -> PDF, PyPI `typst`), one process
      per file as a pipeline would, on exactly the Markdown and Typst agendoc generated for (b).
Reports wall time (best of --runs) and peak memory (max RSS of the process tree) and the ratio.
Needs: a release build (cargo build --release), pandoc (apt-get install pandoc), pip install typst.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "agendoc")
LANGS = ["ar", "zh", "en", "fr", "ru", "es"]


def run_measured(argv, **kw):
    """Runs argv as a child; returns (wall seconds, peak RSS in MiB of the largest child so far)."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def peak_mib():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def make_session(dest, docs):
    """A project with `docs` copies of the real document, each with its own name and dates."""
    os.makedirs(os.path.join(dest, "agenda"))
    shutil.copytree(os.path.join(ROOT, "agenda", "locales"), os.path.join(dest, "agenda", "locales"))
    for folder in ["templates", "fonts"]:
        shutil.copytree(os.path.join(ROOT, folder), os.path.join(dest, folder))
    source = os.path.join(ROOT, "agenda", "wtdc-preparations")
    for n in range(docs):
        target = os.path.join(dest, "agenda", f"doc-{n:03}")
        shutil.copytree(source, target)
        path = os.path.join(target, "document.yaml")
        text = open(path, encoding="utf-8").read()
        text = text.replace("name: wtdc-preparations", f"name: doc-{n:03}")
        text = text.replace("number: C22/10", f"number: C22/{100 + n}")
        open(path, "w", encoding="utf-8").write(text)


def isolated(label, fn):
    """Runs fn in a forked child so RUSAGE_CHILDREN peak memory belongs to this measurement only."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        wall = fn()
        os.write(write, f"{wall} {peak_mib()}".encode())
        os._exit(0)
    os.close(write)
    data = os.read(read, 100).decode()
    os.waitpid(pid, 0)
    wall, mib = map(float, data.split())
    return wall, mib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    for tool in ["pandoc"]:
        if not shutil.which(tool):
            sys.exit("pandoc missing: apt-get install pandoc")
    try:
        import typst  # noqa: F401
    except ImportError:
        sys.exit("typst missing: pip install typst")

    work = tempfile.mkdtemp(prefix="agendoc-bench-")
    results = []

    def best(label, fn):
        runs = [isolated(label, fn) for _ in range(args.runs)]
        wall = min(r[0] for r in runs)
        mib = max(r[1] for r in runs)
        results.append((label, wall, mib))
        print(f"{label:<58} {wall:8.2f} s {mib:8.0f} MiB", flush=True)
        return wall, mib

    def fresh(name):
        path = os.path.join(work, name)
        shutil.rmtree(path, ignore_errors=True)
        return path

    best("(a) agendoc: real document, 6 languages x md+html+pdf",
         lambda: run_measured([BIN, "-C", ROOT, "build", "-q", "--out", fresh("a")]))

    session = os.path.join(work, "session")
    make_session(session, args.docs)
    b = best(f"(b) agendoc: {args.docs} documents x 6 languages x md+html+pdf",
             lambda: run_measured([BIN, "-C", session, "build", "-q", "--out", fresh("b")]))

    # The same Markdown and Typst files agendoc generated, for the other tools.
    files = os.path.join(work, "files")
    subprocess.run([BIN, "-C", session, "build", "-q", "--format", "md", "--format", "typ", "--out", files], check=True)
    langs = [lang for lang in LANGS if os.path.isdir(os.path.join(files, lang))]
    for lang in langs:
        shutil.copy(os.path.join(ROOT, "templates", "council.typ"), os.path.join(files, lang))
    sources = sorted(os.path.join(files, lang, f) for lang in langs for f in os.listdir(os.path.join(files, lang)))
    markdown = [f for f in sources if f.endswith(".md")]
    typst_files = [f for f in sources if f.endswith(".typ") and not f.endswith("council.typ")]
    fonts = os.path.join(ROOT, "fonts")

    def pipeline():
        start = time.perf_counter()
        for md in markdown:
            subprocess.run(["pandoc", "-f", "gfm", "-t", "html5", "-s", "--metadata", "title=doc", "-o", md[:-3] + ".html", md],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for typ in typst_files:
            code = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])"
            subprocess.run([sys.executable, "-c", code, typ, typ[:-4] + ".pdf", fonts],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    runs = args.runs
    args.runs = 1  # the baseline is slow; one run
    c = best(f"(c) pandoc + typst, one process per file: same {len(markdown)} md + {len(typst_files)} typ", pipeline)
    args.runs = runs
    print()
    print("| measurement | wall | peak memory |")
    print("| --- | ---: | ---: |")
    for label, wall, mib in results:
        print(f"| {label} | {wall:.2f} s | {mib:.0f} MiB |")
    print(f"| ratio (c) / (b) | {c[0] / b[0]:.1f}x | |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
