#!/usr/bin/env python3
"""The hostile-input corpus of issue 22, run against a built rfm the way a hostile user would.

Every file is made here (nothing large is committed). Each case runs `rfm` in a fresh folder holding an earlier
report, under an 8 GiB address-space limit and a 120 s time-out, and checks: the exit status, one line on stderr
for an error, the earlier report byte for byte when the run failed, nothing temporary left beside it, and the peak
resident memory (under 2 GiB). Prints one row per case and closes with "N passed, N failed".

Usage: Fuzz/hostile_corpus.py RFM_BINARY [WORK_DIR] [CASE ...]
"""
import hashlib
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

RFM = os.path.abspath(sys.argv[1])
WORK = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="rfm-hostile-")
ONLY = set(sys.argv[3:])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "data", "online_retail_sample.csv")
HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
GOOD = "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"
MEMORY_LIMIT = 2 << 30
ADDRESS_LIMIT = 8 << 30
TIMEOUT = 120


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return path


# --- zip writing, by hand, so that entries can lie ------------------------------------------------------------

def deflate_repeated(prefix, block, times, suffix):
    """A raw deflate stream of prefix + block*times + suffix, compressed piece by piece (no big buffer)."""
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    out = [c.compress(prefix)]
    for _ in range(times):
        out.append(c.compress(block))
    out.append(c.compress(suffix))
    out.append(c.flush())
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    return b"".join(out), crc & 0xFFFFFFFF, len(prefix) + len(block) * times + len(suffix)


def zip_file(entries, overlap_copies=None):
    """entries: (name, raw_bytes_or_None, deflated, crc, size); raw bytes are deflated here unless given deflated.
    overlap_copies: (name_prefix, count, size): extra directory records all pointing at the first entry's bytes."""
    body, directory = b"", b""
    records = []
    for name, data, is_deflated, crc, size in entries:
        if not is_deflated:
            crc = zlib.crc32(data) & 0xFFFFFFFF if crc is None else crc
            size = len(data)
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            data = c.compress(data) + c.flush()
        nb = name.encode()
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(nb), 0) + nb + data
        records.append((nb, crc, len(data), size, offset))
    if overlap_copies:
        prefix, count, size = overlap_copies
        nb0, crc0, csize0, _, off0 = records[-1]
        for i in range(count):
            records.append(((prefix % i).encode(), crc0, csize0, size, off0))
    for nb, crc, csize, size, offset in records:
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, csize, size, len(nb),
                                 0, 0, 0, 0, 0, offset) + nb
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(records), len(records), len(directory), len(body), 0)
    return body + directory + end


def workbook_parts(sheet_entry):
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    return [("[Content_Types].xml", ct, False, None, 0), ("_rels/.rels", rels, False, None, 0), ("xl/workbook.xml", wb, False, None, 0),
            ("xl/_rels/workbook.xml.rels", wbrels, False, None, 0), sheet_entry]


SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
HEADER_ROW = (b'<row r="1">' + b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % h for h in
              [b"InvoiceNo", b"Quantity", b"InvoiceDate", b"UnitPrice", b"CustomerID"]) + b"</row>")
DATA_ROW = b'<row r="2"><c><v>536365</v></c><c><v>6</v></c><c><v>40513.35</v></c><c><v>2.55</v></c><c><v>17850</v></c></row>'
SHEET_TAIL = b"</sheetData></worksheet>"
MB = 1 << 20


def xlsx_unclosed_comment():
    part = deflate_repeated(SHEET_HEAD + HEADER_ROW + b"<!-- ", b"x" * MB, 256, b"")
    return zip_file(workbook_parts(("xl/worksheets/sheet1.xml", part[0], True, part[1], part[2])))


def xlsx_huge_attribute():
    part = deflate_repeated(SHEET_HEAD + HEADER_ROW + b'<row r="2" x="', b"a" * MB, 256, b'">' + DATA_ROW[11:] + SHEET_TAIL)
    return zip_file(workbook_parts(("xl/worksheets/sheet1.xml", part[0], True, part[1], part[2])))


def xlsx_overlapping():
    part = deflate_repeated(SHEET_HEAD + HEADER_ROW, DATA_ROW, 1, SHEET_TAIL)
    entries = workbook_parts(("xl/worksheets/sheet1.xml", part[0], True, part[1], part[2]))
    return zip_file(entries, overlap_copies=("xl/worksheets/copy%d.xml", 64, 1 << 30))


def xlsx_bad_crc():
    data = SHEET_HEAD + HEADER_ROW + DATA_ROW + SHEET_TAIL
    return zip_file(workbook_parts(("xl/worksheets/sheet1.xml", data, False, (zlib.crc32(data) ^ 1) & 0xFFFFFFFF, 0)))


# --- the cases --------------------------------------------------------------------------------------------------

def earlier_report(folder):
    out = os.path.join(folder, "report")
    r = subprocess.run([RFM, "report", SAMPLE, "--out", out, "--quiet", "--no-cache"], cwd=ROOT, capture_output=True)
    assert r.returncode == 0, r.stderr
    return out


def tree_digest(folder):
    h = hashlib.sha256()
    for base, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(base, name)
            h.update(p[len(folder):].encode())
            st = os.lstat(p)
            h.update(str((st.st_mode, st.st_ino)).encode())
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as f:
                    h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def model_variant(base_model, change):
    m = json.load(open(base_model))
    change(m)
    return json.dumps(m)


def cases(d, model):
    """(name, arguments, allowed exit statuses, setup) with inputs made in d."""
    big_header = HEADER
    out = []
    runaway = HEADER + GOOD + '536366,X,"never closed,1,12/1/2010 9:00,1,17850,UK\n' + GOOD * 1960
    out.append(("csv: a quote that never closes", [write(f"{d}/runaway.csv", runaway)], {1}))
    out.append(("csv: a monetary total that overflows",
                [write(f"{d}/overflow.csv", HEADER + "".join(f"5{i},A,X,1,12/1/2010 8:26,1e300,{17000 + i % 3},UK\n" for i in range(60)))], {1}))
    out.append(("csv: ESC sequences in the header", [write(f"{d}/esc.csv", "Invoice\x1b[2J\x1b[H,When\x07\n1,2\n")], {1}))
    out.append(("xlsx: unclosed comment in a 256 MB part", [write(f"{d}/comment.xlsx", xlsx_unclosed_comment())], {1}))
    out.append(("xlsx: a 256 MB attribute in a row tag", [write(f"{d}/attribute.xlsx", xlsx_huge_attribute())], {1}))
    out.append(("xlsx: 64 entries of 1 GiB on the same bytes", [write(f"{d}/overlap.xlsx", xlsx_overlapping())], {1}))
    out.append(("xlsx: a part whose CRC-32 does not match", [write(f"{d}/crc.xlsx", xlsx_bad_crc())], {1}))
    deep_block = "segments:\n" + "".join(" " * i + "a:\n" for i in range(1, 10001))
    out.append(("rules: block YAML 10,000 levels deep (indented)", [SAMPLE, "--rules", write(f"{d}/deep_block.yaml", deep_block)], {1}))
    out.append(("rules: block YAML 10,000 levels deep (one line)",
                [SAMPLE, "--rules", write(f"{d}/deep_dashes.yaml", "segments:\n" + "- " * 10000 + "x\n")], {1}))
    out.append(("rules: flow YAML 10,000 levels deep", [SAMPLE, "--rules", write(f"{d}/deep_flow.yaml", "segments: " + "[" * 10000 + "]" * 10000 + "\n")], {1}))
    out.append(("rules: JSON 10,000 levels deep", [SAMPLE, "--rules", write(f"{d}/deep.json", '{"segments": ' + "[" * 10000 + "]" * 10000 + "}")], {1}))
    laughs = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        laughs += f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]\n"
    laughs += "segments: *a9\n"
    out.append(("rules: a billion laughs", [SAMPLE, "--rules", write(f"{d}/laughs.yaml", laughs)], {1}))
    out.append(("rules: a 5,000-character segment name",
                [SAMPLE, "--rules", write(f"{d}/long.yaml", f"segments:\n  - name: {'N' * 5000}\n    r: any\n    f: any\n    m: any\n")], {1}))
    out.append(("rules: a FIFO", [SAMPLE, "--rules", "FIFO:rules.yaml"], {1}))
    out.append(("model: a cluster number out of range",
                [SAMPLE, "--model", write(f"{d}/m1.json", model_variant(model, lambda m: m["clustering"].__setitem__("cluster_numbers", [99, -5])))], {1}))
    out.append(("model: a zero scale", [SAMPLE, "--model", write(f"{d}/m2.json", model_variant(model, lambda m: m["scaler"].__setitem__("scale", [0, 1, 1])))], {1}))
    out.append(("model: a denormal scale", [SAMPLE, "--model", write(f"{d}/m3.json", model_variant(model, lambda m: m["scaler"].__setitem__("scale", [5e-324, 1, 1])))], {1}))
    out.append(("model: a colour that is not a colour",
                [SAMPLE, "--model", write(f"{d}/m4.json", model_variant(model, lambda m: m["rules"][0].__setitem__("colour", "not-a-colour")))], {1}))
    out.append(("model: 1e999", [SAMPLE, "--model", write(f"{d}/m5.json", open(model).read().replace('"center" : [', '"center" : [1e999,', 1).replace('"center":[', '"center":[1e999,', 1))], {1}))
    out.append(("input: a FIFO with a whole CSV", ["FIFO:log.csv"], {0}))
    out.append(("input: <(zcat log.csv.gz)", ["SUBST"], {0}))
    out.append(("out: a folder of hidden entries only", [SAMPLE, "--out", "HOME"], {3}))
    for args, name in [(["--seed", "-1"], "--seed -1"), (["--seed", str(2 ** 64)], "--seed 2^64"), (["--threads", "-1"], "--threads -1"),
                       (["--history", "-1"], "--history -1")]:
        out.append((f"usage: {name}", [SAMPLE] + args, {2}))
    return out


def run_case(name, arguments, allowed, d, earlier):
    folder = os.path.join(d, "case")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    report = os.path.join(folder, "report")
    shutil.copytree(earlier, report, symlinks=True)
    before = tree_digest(report)
    args = list(arguments)
    writer = None
    shell = None
    out_given = "--out" in args
    if "HOME" in args:
        home = os.path.join(folder, "home")
        os.makedirs(os.path.join(home, ".ssh"))
        write(os.path.join(home, ".ssh", "id"), "key")
        os.chmod(os.path.join(home, ".ssh", "id"), 0o600)
        os.mkfifo(os.path.join(home, ".fifo"))
        s = socket.socket(socket.AF_UNIX)
        s.bind(os.path.join(home, ".sock"))
        s.close()
        os.symlink("/etc/hostname", os.path.join(home, ".link"))
        args[args.index("HOME")] = home
        report = home
        before = tree_digest(home)
    for i, a in enumerate(args):
        if a.startswith("FIFO:"):
            fifo = os.path.join(folder, a[5:])
            os.mkfifo(fifo)
            args[i] = fifo
            payload = open(SAMPLE, "rb").read() if a.endswith(".csv") else b"segments: []\n"

            def feed(path=fifo, data=payload):
                with open(path, "wb") as f:
                    f.write(data)
            writer = threading.Thread(target=feed, daemon=True)
            writer.start()
    command = [RFM, "report"] + args + ([] if out_given else ["--out", report]) + ["--quiet"]
    if "SUBST" in args:
        gz = os.path.join(folder, "log.csv.gz")
        subprocess.run(f"gzip -c '{SAMPLE}' > '{gz}'", shell=True, check=True)
        shell = f"exec '{RFM}' report <(zcat '{gz}') --out '{report}' --quiet"
    prefix = ["/usr/bin/time", "-f", "%M", "-o", os.path.join(d, "rss"), "prlimit", f"--as={ADDRESS_LIMIT}"]
    started = time.time()
    try:
        if shell:
            r = subprocess.run(prefix + ["bash", "-c", shell], cwd=ROOT, capture_output=True, timeout=TIMEOUT)
        else:
            r = subprocess.run(prefix + command, cwd=ROOT, capture_output=True, timeout=TIMEOUT)
        status = r.returncode
        stderr = r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        subprocess.run(["pkill", "-KILL", "-f", folder])
        status, stderr = "hang", ""
    seconds = time.time() - started
    try:
        rss_kib = int(open(os.path.join(d, "rss")).read().split()[-1])
    except (OSError, ValueError, IndexError):
        rss_kib = 0
    problems = []
    if status not in allowed:
        problems.append(f"exit {status}, expected {sorted(allowed)}")
    if status != 0 and status != "hang":
        lines = [l for l in stderr.split("\n") if l]
        if not (1 <= len(lines) <= 2) or not lines[0].startswith("rfm: error: "):
            problems.append(f"stderr is not one error line: {stderr[:300]!r}")
        if "\x1b" in stderr or "\x07" in stderr:
            problems.append("raw control characters on stderr")
        if tree_digest(report) != before:
            problems.append("the earlier report changed")
    if rss_kib * 1024 > MEMORY_LIMIT:
        problems.append(f"peak memory {rss_kib // 1024} MiB")
    left = sorted(e for e in os.listdir(folder) if e.startswith("."))
    if left:
        problems.append(f"left behind: {left}")
    return status, seconds, rss_kib, problems, stderr.strip().split("\n")[0][:110]


def main():
    os.makedirs(WORK, exist_ok=True)
    d = os.path.join(WORK, "inputs")
    os.makedirs(d, exist_ok=True)
    earlier = earlier_report(os.path.join(WORK, "earlier"))
    passed = failed = 0
    print(f"| case | exit | seconds | peak MiB | result |\n|---|---|---|---|---|")
    for name, arguments, allowed in cases(d, os.path.join(earlier, "model.json")):
        if ONLY and not any(o in name for o in ONLY):
            continue
        status, seconds, rss, problems, first = run_case(name, arguments, allowed, d, earlier)
        ok = not problems
        passed += ok
        failed += not ok
        print(f"| {name} | {status} | {seconds:.2f} | {rss // 1024} | {'ok' if ok else 'FAIL: ' + '; '.join(problems)} |  {first}")
        sys.stdout.flush()
    print(f"hostile corpus: {passed} passed, {failed} failed")
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
