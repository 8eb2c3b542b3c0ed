#!/usr/bin/env python3
"""Regenerate the tiny labeled corpora used by the trainer/corpus tests.

All names and texts are invented. Run from this directory:  python3 make.py
"""
import gzip, json, os

HEAD = ["Council approves budget for new river footbridge",
        "Storm knocks out power to thousands along the coast",
        "Museum reopens east wing after two-year renovation",
        "School board weighs later start times for teens",
        "Ferry operator adds evening crossings for summer",
        "Farmers report early harvest after mild spring",
        "Library launches evening reading club for adults",
        "Hospital opens new maternity ward on north campus"]
BODY = ["Officials said the work would begin in the autumn and take about a year.",
        "Residents packed the hall for a meeting that lasted past midnight.",
        "The project was paid for by a mix of state grants and local bonds.",
        "A spokesperson said more details would be published next week."]
RELATED = ["Cyclists welcome new lane on harbor road",
           "Bakery marks fifty years on the same corner",
           "Youth orchestra wins regional competition",
           "Town hall clock restored by volunteers",
           "Rail line closed for weekend track work",
           "Gardeners swap seeds at spring market"]
PROMO = ["Orla Penhallow: The most perfect 7420 strategy in history, stable and safe!",
         "Bram Kettering: The most reliable 3310 system ever, safe and stable profits!",
         "Ines Varrow: Perfect 5580 strategy, stable returns and safe income!",
         "Teodor Quill: The most stable 9910 strategy of the year, perfect and safe!",
         "Mara Ellcott: Safe 2260 trading strategy, the most stable in history!",
         "Dov Harlan: The perfect 6640 strategy, stable, safe and guaranteed!",
         "Lise Amberly: Most stable 1180 strategy, perfect safe returns!",
         "Piet Rowan: The safest 4470 strategy in history, stable and perfect!"]

def page(title, related, body):
    items = "\n".join('      <li><a href="/a/%d">%s</a></li>' % (i, t)
                      for i, t in enumerate(related))
    paras = "\n".join("    <p>%s</p>" % p for p in body)
    return """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%s</title></head>
<body>
<article class="story">
  <h1>%s</h1>
%s
</article>
<aside class="sidebar">
  <section class="widget related">
    <h3>Related</h3>
    <ul>
%s
    </ul>
  </section>
</aside>
</body></html>
""" % (title, title, paras, items)

os.makedirs("pages/pages", exist_ok=True)
labels = []
for i in range(8):
    rel = [RELATED[(i + k) % len(RELATED)] for k in range(4)]
    body = [BODY[(i + k) % len(BODY)] for k in range(3)]
    name = "pages/ham-%02d.html" % i
    open("pages/" + name, "w").write(page(HEAD[i], rel, body))
    labels.append({"file": name, "label": "ham", "layout": "news-cms", "spans": []})
for i in range(8):
    rel = [RELATED[(i + k + 2) % len(RELATED)] for k in range(3)]
    rel.insert(1 + i % 3, PROMO[i])
    body = [BODY[(i + k + 1) % len(BODY)] for k in range(3)]
    name = "pages/spam-%02d.html" % i
    open("pages/" + name, "w").write(page(HEAD[(i + 3) % 8], rel, body))
    labels.append({"file": name, "label": "spam", "layout": "news-cms",
                   "spans": [{"kind": "promo-headline", "text": PROMO[i]}]})
with open("pages/labels.jsonl", "w") as f:
    for l in labels:
        f.write(json.dumps(l) + "\n")

SPAM_A = ["WIN a free cruise now, text WIN to 80123 today",
          "Cheap pills online, no prescription, order now",
          "Claim your prize: reply YES to 80999 for cash",
          "Urgent! Your account won a bonus, call 0800 555 123",
          "Free ringtones every week, text TONE to 81122",
          "Hot singles near you, reply now for free chat"]
HAM_A = ["Are we still meeting for lunch tomorrow?",
         "I left the keys on the kitchen table",
         "Can you pick up milk on the way home",
         "The train is late again, see you at eight",
         "Happy birthday! Hope you have a lovely day",
         "Thanks for the notes from the lecture"]
SPAM_B = ["Congratulations, you won a free holiday, call now",
          "Lowest loan rates guaranteed, apply online today",
          "Your mobile number won cash, text CLAIM to 87001",
          "Exclusive offer: free entry to win a new phone"]
HAM_B = ["Running ten minutes late, start without me",
         "Did you see the match last night?",
         "Mum says dinner is at seven on Sunday",
         "Sorry, can't talk now, call you after work"]
def tsv(path, spam, ham):
    with open(path, "w") as f:
        for s, h in zip(spam, ham):
            f.write("spam\t%s\nham\t%s\n" % (s, h))
tsv("a.tsv", SPAM_A, HAM_A)
tsv("b.tsv", SPAM_B, HAM_B)

for d in ("dirs/spam/sub", "dirs/ham"):
    os.makedirs(d, exist_ok=True)
open("dirs/spam/b.txt", "w").write(SPAM_A[0] + "\n")
open("dirs/spam/sub/a.html", "w").write("<p>%s</p>\n" % SPAM_A[1])
open("dirs/ham/c.eml", "w").write(HAM_A[0] + "\n")
with gzip.GzipFile("dirs/ham/d.txt.gz", "wb", mtime=0) as g:
    g.write((HAM_A[1] + "\n").encode())
open("dirs/ham/.hidden", "w").write("not a document\n")

os.makedirs("bad", exist_ok=True)
open("bad/ok.txt", "w").write(HAM_A[2] + "\n")
with open("bad/labels.jsonl", "w") as f:
    f.write('{"file": "ok.txt", "label": "ham"}\n')
    f.write('{"file": "ok.txt", "label": \n')
    f.write('{"file": "/etc/passwd", "label": "ham"}\n')
    f.write('{"file": "../corpus-mini/a.tsv", "label": "ham"}\n')
    f.write('{"file": "ok.txt", "label": "maybe"}\n')
    f.write('{"file": "ok.txt", "label": "spam", "spans": [{"kind": "banner", "text": "x"}]}\n')
    f.write('{"file": "missing.txt", "label": "spam"}\n')
    f.write('\n')
    f.write('{"file": "ok.txt", "label": 1, "spans": [{"kind": "slogan", "text": "Bright View"}]}\n')
with open("bad.tsv", "w") as f:
    f.write("spam\tfree cash now\n1\tfree cash again\nmaybe\tnot a label\nno tab here\n0\tsee you soon\n")
