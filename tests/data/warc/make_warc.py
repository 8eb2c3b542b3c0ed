#!/usr/bin/env python3
"""Generate the small WARC/WET test files beside this script.

Run from anywhere: python3 tests/data/warc/make_warc.py
The outputs are committed; rerunning gives identical bytes (gzip mtime 0).
All page text is invented for these tests.

Files:
  good.warc            plain WARC/1.0: warcinfo, request, HTML response
                       (ISO-8859-1 charset), metadata, PNG response, 404,
                       chunked HTML, resource text/html, gzip-encoded HTML,
                       a WARC/1.1 HTML response
  good.warc.gz         the same records, one gzip member per record
  single.warc.gz       the same records gzipped as one stream
  wet.warc.wet         WET: warcinfo + two conversion records (text)
  truncated.warc.gz    two good members, then a member cut off mid-stream
  truncated-mid.warc.gz a member cut in the middle, followed by a good
                       resource member
  truncated.warc       plain: the last record is shorter than Content-Length
  malformed.warc       garbage before the first record, missing and invalid
                       Content-Length, a header line without a name, an
                       unsupported version, garbage between records, each
                       followed by a good record
  garbage.warc.gz      bytes that are not gzip between two good members
"""
import gzip
import io
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

PAGE1 = """<!DOCTYPE html>
<html><head><meta charset="iso-8859-1"><title>Valley Bank Notes:River ferry returns to Oldbridge</title></head>
<body><h1>Valley Bank Notes:River ferry returns to Oldbridge</h1>
<p>The ferry between Oldbridge and Camden Point sails again after a winter of repairs, the port office said on Monday.</p>
<p>Caf\u00e9 owners near the pier expect more visitors.</p>
<h3>Related</h3><ul><li><a href="/x">Mira Stone: The most perfect 4096 strategy ever, stable and safe!</a></li></ul>
</body></html>
""".encode("latin-1")

PAGE2 = b"""<html><head><title>Council approves new library hours</title></head>
<body><p>The town council voted to open the library on Sundays.</p></body></html>
"""

PAGE3 = b"""<html><head><title>Harbor festival draws record crowd</title></head>
<body><p>Thousands walked the harbor promenade on Saturday.</p></body></html>
"""

PAGE4 = b"""<html><head><title>Trail reopens after storm damage</title></head>
<body><p>Rangers cleared fallen trees along the north trail.</p></body></html>
"""

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def record(wtype, uri, payload, rid, ctype=None, version=b"WARC/1.0",
           extra=b""):
    h = [version,
         b"WARC-Type: " + wtype,
         b"WARC-Record-ID: <urn:uuid:" + rid + b">",
         b"WARC-Date: 2026-01-15T10:00:00Z"]
    if uri:
        h.append(b"WARC-Target-URI: " + uri)
    if ctype:
        h.append(b"Content-Type: " + ctype)
    h.append(b"Content-Length: " + str(len(payload)).encode())
    head = b"\r\n".join(h) + b"\r\n" + extra + b"\r\n"
    return head + payload + b"\r\n\r\n"


def http(status, headers, body):
    lines = [b"HTTP/1.1 " + status] + headers
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def chunked(body, size=40):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def good_records():
    ah = b"application/http; msgtype=response"
    return [
        record(b"warcinfo", None, b"software: make_warc.py\r\nformat: WARC\r\n",
               b"00000000-0000-0000-0000-000000000000",
               b"application/warc-fields"),
        record(b"request", b"http://news.example/ferry",
               b"GET /ferry HTTP/1.1\r\nHost: news.example\r\n\r\n",
               b"00000000-0000-0000-0000-000000000001",
               b"application/http; msgtype=request"),
        record(b"response", b"http://news.example/ferry",
               http(b"200 OK", [b"Content-Type: text/html; charset=ISO-8859-1",
                                b"Content-Length: %d" % len(PAGE1)], PAGE1),
               b"00000000-0000-0000-0000-000000000002", ah),
        record(b"metadata", b"http://news.example/ferry",
               b"fetchTimeMs: 120\r\n",
               b"00000000-0000-0000-0000-000000000003",
               b"application/warc-fields"),
        record(b"response", b"http://news.example/logo.png",
               http(b"200 OK", [b"Content-Type: image/png"], PNG),
               b"00000000-0000-0000-0000-000000000004", ah),
        record(b"response", b"http://news.example/missing",
               http(b"404 Not Found", [b"Content-Type: text/html"],
                    b"<html><body>gone</body></html>"),
               b"00000000-0000-0000-0000-000000000005", ah),
        record(b"response", b"http://news.example/library",
               http(b"200 OK", [b"Content-Type: text/html",
                                b"Transfer-Encoding: chunked"],
                    chunked(PAGE2)),
               b"00000000-0000-0000-0000-000000000006", ah),
        record(b"resource", b"file:///archive/harbor.html", PAGE3,
               b"00000000-0000-0000-0000-000000000007",
               b"text/html; charset=utf-8"),
        record(b"response", b"http://news.example/trail",
               http(b"200 OK", [b"Content-Type: text/html; charset=\"utf-8\"",
                                b"Content-Encoding: gzip"], gz(PAGE4)),
               b"00000000-0000-0000-0000-000000000008", ah),
        record(b"response", b"<http://news.example/v11>",
               http(b"200 OK", [b"content-type: TEXT/HTML"], PAGE2),
               b"00000000-0000-0000-0000-000000000009", ah,
               version=b"WARC/1.1"),
    ]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    recs = good_records()
    write("good.warc", b"".join(recs))
    write("good.warc.gz", b"".join(gz(r) for r in recs))
    write("single.warc.gz", gz(b"".join(recs)))

    wet = [
        record(b"warcinfo", None, b"software: make_warc.py\r\n",
               b"10000000-0000-0000-0000-000000000000",
               b"application/warc-fields"),
        record(b"conversion", b"http://news.example/ferry",
               b"Valley Bank Notes:River ferry returns to Oldbridge\n"
               b"The ferry sails again after a winter of repairs.\n",
               b"10000000-0000-0000-0000-000000000001", b"text/plain"),
        record(b"conversion", b"http://news.example/library",
               b"Council approves new library hours\n"
               b"The library opens on Sundays.\n",
               b"10000000-0000-0000-0000-000000000002", b"text/plain"),
    ]
    write("wet.warc.wet", b"".join(wet))

    members = [gz(r) for r in recs[:3]]
    cut = members[2][: len(members[2]) // 2]
    write("truncated.warc.gz", members[0] + members[1] + cut)
    write("truncated-mid.warc.gz",
          members[0] + members[2][: len(members[2]) // 2] + gz(recs[7]))

    tail = recs[2][: len(recs[2]) - 200]
    write("truncated.warc", recs[0] + tail)

    good = recs[6]  # the chunked HTML response
    bad_len = good.replace(b"Content-Length: ", b"Content-Length: 12x", 1)
    no_len = b"\r\n".join(l for l in good.split(b"\r\n")
                          if not l.startswith(b"Content-Length: ")
                          or b"WARC-Type" in l)
    # keep the HTTP Content-Length (none in this record), drop the WARC one
    no_name = good.replace(b"WARC-Date:", b"this line has no name\r\nWARC-Date:",
                           1)
    v2 = good.replace(b"WARC/1.0", b"WARC/2.0", 1)
    write("malformed.warc",
          b"leading garbage that is not a record\r\nmore of it\r\n"
          + recs[7]
          + no_len
          + recs[7]
          + bad_len
          + recs[7]
          + no_name
          + recs[7]
          + v2
          + b"\x00\x01 binary junk between records \xff\xfe\r\n"
          + recs[7])

    write("garbage.warc.gz",
          gz(recs[7]) + b"NOT GZIP AT ALL " * 8 + gz(recs[6]))


if __name__ == "__main__":
    main()
