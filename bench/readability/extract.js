#!/usr/bin/env node
/*
 * extract.js - run Mozilla Readability (jsdom 27) over a list of HTML files,
 * for bench/speed (throughput) and bench/quality (extraction beside
 * spamscore).
 *
 *   node extract.js [--out FILE.jsonl] [--list LISTFILE] [--charset CS]
 *                   [--budget SECONDS] [FILE...]
 *
 * Files ending in .gz are gunzipped. Each page is parsed from its bytes
 * (jsdom sniffs the charset as a browser would, unless --charset gives
 * it as if from an HTTP Content-Type header), then Readability.parse()
 * runs on the document. With --out, one JSON line per file is written:
 * {"input": path, "text": textContent, "ms": milliseconds} ("error"
 * instead of "text" on failure).
 * A summary line {"pages", "bytes", "seconds", "errors"} goes to stderr;
 * the time covers reading, parsing and extraction, not process start.
 * With --budget, no new page is started once SECONDS have passed; the
 * summary then counts the pages done (a prefix of the list).
 *
 * The packages come from bench/.cache/node (npm install --prefix
 * bench/.cache/node @mozilla/readability jsdom@27); NODE_PATH or the
 * --modules DIR option may point elsewhere.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function main(argv) {
    let out = null;
    let charset = null;
    let budget = 0;
    let modules = path.join(__dirname, '..', '.cache', 'node', 'node_modules');
    const files = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--out') {
            out = argv[++i];
        } else if (a === '--list') {
            const list = fs.readFileSync(argv[++i], 'utf8').split('\n');
            for (const f of list) if (f.trim()) files.push(f.trim());
        } else if (a === '--budget') {
            budget = Number(argv[++i]);
        } else if (a === '--charset') {
            charset = argv[++i];
        } else if (a === '--modules') {
            modules = argv[++i];
        } else {
            files.push(a);
        }
    }
    const { JSDOM, VirtualConsole } = require(path.join(modules, 'jsdom'));
    const { Readability } = require(path.join(modules, '@mozilla', 'readability'));
    const vc = new VirtualConsole(); /* silence page CSS/script noise */
    const fd = out ? fs.openSync(out, 'w') : null;
    let bytes = 0;
    let errors = 0;
    let done = 0;
    const t0 = process.hrtime.bigint();
    for (const f of files) {
        if (budget > 0 && Number(process.hrtime.bigint() - t0) / 1e9 >= budget)
            break;
        done++;
        let rec;
        const p0 = process.hrtime.bigint();
        try {
            let buf = fs.readFileSync(f);
            if (f.endsWith('.gz')) buf = zlib.gunzipSync(buf);
            bytes += buf.length;
            const opts = { virtualConsole: vc, url: 'http://localhost/' };
            if (charset) opts.contentType = 'text/html; charset=' + charset;
            const dom = new JSDOM(buf, opts);
            const art = new Readability(dom.window.document).parse();
            rec = { input: f, text: art && art.textContent ? art.textContent : '' };
            dom.window.close();
        } catch (e) {
            errors++;
            rec = { input: f, error: String(e && e.message ? e.message : e) };
        }
        rec.ms = Number(process.hrtime.bigint() - p0) / 1e6;
        if (fd !== null) fs.writeSync(fd, JSON.stringify(rec) + '\n');
    }
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    if (fd !== null) fs.closeSync(fd);
    process.stderr.write(JSON.stringify({ pages: done, bytes: bytes,
                                          seconds: secs, errors: errors }) + '\n');
}

main(process.argv.slice(2));
