"""spamscore: find spam injected into republished web pages (Python binding).

A thin binding over libspamscore (see filter/spamscore.h): it calls the
public C API through ctypes and adds what Python expects: exceptions,
iterators, a context manager, thread-local contexts.

    from spamscore import Scorer
    with Scorer() as sc:                 # the shipped rules and model
        r = sc.score(html)
        print(r.verdict, r.score, r.title)
        for f in r.flags:
            print(f.kind, f.where, f.text, f.reasons)

A Scorer is shared by threads: each thread scores with its own ss_ctx, and
the GIL is released while the C library scores, so score_many(jobs=N) uses
N cores.
"""
import collections
import concurrent.futures
import ctypes
import enum
import os
import threading
import weakref

from . import _lib

__all__ = ["Scorer", "Result", "Flag", "SpamscoreError", "Status",
           "__version__", "library_path", "models_dir"]

__version__ = "0.1.0"

#: the path of the libspamscore that was loaded (None: found by the loader)
library_path = _lib.path
models_dir = _lib.models_dir

_L = _lib.lib
_ERRLEN = 1024


class Status(enum.IntEnum):
    """ss_status of filter/spamscore.h (stable; new codes are appended)."""
    OK = 0
    NOMEM = 1
    IO = 2
    EMPTY = 3
    BINARY = 4
    CHARSET = 5
    PARSE = 6
    LIMIT = 7
    RULES = 8
    MODEL = 9
    VERSION = 10
    ARG = 11
    FORMAT = 12


class SpamscoreError(Exception):
    """A library call failed. ``status`` is the Status, ``message`` the
    library's own message (ss_ctx_error() or the loader's err buffer)."""

    def __init__(self, status, message):
        try:
            status = Status(status)
        except ValueError:
            pass
        self.status = status
        self.message = message
        super().__init__(message)


def _status_message(st):
    return _L.ss_strerror(st).decode()


def _raise(st, err=None):
    msg = err.value.decode("utf-8", "replace") if err is not None else ""
    raise SpamscoreError(st, msg or _status_message(st))


_VERDICTS = ("ham", "unsure", "spam")
_KINDS = tuple(_L.ss_flag_kind_name(i).decode() for i in range(8))
_WHERES = tuple(_L.ss_where_name(i).decode() for i in range(4))
_FORMATS = {"auto": 0, "html": 1, "text": 2}
_FORMAT_NAMES = ("auto", "html", "text")


def _s(p):
    return p.decode("utf-8", "replace") if p is not None else None


class Flag:
    """One finding: kind, where, text (exact, as in the page), score 0..1,
    reasons (rule names and decisive evidence), flag_only (reported and
    cut from the clean text, but not counted in the page score)."""
    __slots__ = ("kind", "where", "text", "score", "reasons", "flag_only")

    def __init__(self, kind, where, text, score, reasons, flag_only=False):
        self.kind, self.where, self.text = kind, where, text
        self.score, self.reasons = score, reasons
        self.flag_only = flag_only

    def to_dict(self):
        return {"kind": self.kind, "text": self.text, "where": self.where,
                "score": self.score, "reasons": list(self.reasons),
                "flag_only": self.flag_only}

    def __repr__(self):
        return "Flag(%r, %r, %r, %.4f, %r)" % (self.kind, self.where,
                                               self.text, self.score,
                                               self.reasons)


class Result:
    """What scoring one page found (plain Python values, no C memory)."""
    __slots__ = ("score", "verdict", "title", "flags", "text", "format",
                 "charset", "bayes_score", "heuristic_score", "limits",
                 "blocks", "url", "author", "date", "language", "site_name",
                 "canonical_url", "markdown", "terms", "floor")

    def __init__(self, r, url):
        self.score = r.score
        self.verdict = _VERDICTS[r.verdict]
        self.title = _s(r.title)
        self.format = _FORMAT_NAMES[r.format]
        self.charset = _s(r.charset)
        self.bayes_score = r.bayes_score
        self.heuristic_score = r.heuristic_score
        self.blocks = r.n_blocks
        self.url = url
        if r.clean_text:
            self.text = ctypes.string_at(r.clean_text, r.clean_len).decode(
                "utf-8", "replace")
        else:
            self.text = None
        flags = []
        for i in range(r.n_flags):
            f = r.flags[i]
            reasons = tuple(_s(f.reasons[k]) for k in range(f.n_reasons))
            flags.append(Flag(_KINDS[f.kind], _WHERES[f.where], _s(f.text),
                              f.score, reasons, bool(f.flag_only)))
        self.flags = flags
        self.limits = tuple(_s(r.limits[k]) for k in range(r.n_limits))
        # page metadata: None when the page does not declare it
        self.author = _s(r.author)
        self.date = _s(r.date)
        self.language = _s(r.language)
        self.site_name = _s(r.site_name)
        self.canonical_url = _s(r.canonical_url)
        if r.clean_markdown:
            self.markdown = ctypes.string_at(r.clean_markdown,
                                             r.markdown_len).decode(
                "utf-8", "replace")
        else:
            self.markdown = None
        # why the score: feature name -> (value, weight, text); the score
        # is the logistic of the sum of value * weight unless floor (a
        # finding's score) raised it; text is the phrase behind the value
        # (None for most terms)
        self.terms = {_s(r.terms[i].name): (r.terms[i].value,
                                            r.terms[i].weight,
                                            _s(r.terms[i].text))
                      for i in range(r.n_terms)}
        self.floor = r.floor

    @property
    def is_spam(self):
        return self.verdict == "spam"

    def to_dict(self):
        """The fields of the command's --json record that a page has (score
        and flag scores rounded to 4 decimals, as it prints them)."""
        d = {}
        if self.url is not None:
            d["url"] = self.url
        d["format"] = self.format
        d["score"] = round(self.score, 4)
        d["verdict"] = self.verdict
        d["title"] = self.title
        d["flags"] = [dict(f.to_dict(), score=round(f.score, 4))
                      for f in self.flags]
        if self.limits:
            d["limits"] = list(self.limits)
        for k in ("author", "date", "language", "site_name", "canonical_url"):
            if getattr(self, k) is not None:
                d[k] = getattr(self, k)
        if self.text is not None:
            d["text"] = self.text
        return d

    def __repr__(self):
        return "Result(verdict=%r, score=%.4f, title=%r, flags=%d)" % (
            self.verdict, self.score, self.title, len(self.flags))


# ss_config fields a Scorer accepts as keyword arguments; max_bytes is the
# command's name for max_page_bytes.
_LIMITS = {"max_bytes": "max_page_bytes", "max_page_bytes": "max_page_bytes",
           "max_depth": "max_depth", "max_blocks": "max_blocks",
           "max_block_bytes": "max_block_bytes",
           "max_token_bytes": "max_token_bytes", "max_tokens": "max_tokens",
           "arena_cap": "arena_cap", "pcre_match_limit": "pcre_match_limit",
           "pcre_depth_limit": "pcre_depth_limit",
           "spam_cutoff": "spam_cutoff", "ham_cutoff": "ham_cutoff",
           "max_seconds": "max_seconds"}


class _Core:
    """Owns the rules, model and ss_scorer; freed when the Scorer and every
    thread context that borrows it are gone (or on Scorer.close())."""

    def __init__(self):
        self.rules = self.model = self.scorer = None

    def free(self):
        if self.scorer:
            _L.ss_scorer_free(self.scorer)
        if self.model:
            _L.ss_model_free(self.model)
        if self.rules:
            _L.ss_rules_free(self.rules)
        self.rules = self.model = self.scorer = None

    def __del__(self):
        self.free()


class _Ctx:
    """One ss_ctx, kept in a threading.local: freed when its thread ends or
    the Scorer is closed. Holds the core so the scorer outlives it."""
    __slots__ = ("ptr", "core", "__weakref__")

    def __init__(self, core):
        self.core = core
        p = ctypes.c_void_p()
        st = _L.ss_ctx_create(core.scorer, ctypes.byref(p))
        if st != Status.OK:
            _raise(st)
        self.ptr = p

    def free(self):
        if self.ptr:
            _L.ss_ctx_free(self.ptr)
            self.ptr = None

    def __del__(self):
        self.free()


def _as_list(x):
    if x is None:
        return []
    if isinstance(x, (str, bytes, os.PathLike)):
        return [x]
    return list(x)


class Scorer:
    """Rules + model + limits bound together; score pages with it.

    model: None for the shipped default model (rules only, as the command
      does, when it is not installed), False for no model, or a path.
    rules: a path or a list of paths added on top of the shipped rules
      (same name overrides, "NAME off" disables), like --rules.
    default_rules: False to leave out the shipped rules (--no-default-rules).
    limits: max_bytes, max_depth, max_blocks, max_tokens, max_block_bytes,
      max_token_bytes, arena_cap, pcre_match_limit, pcre_depth_limit, and
      the cut-offs spam_cutoff, ham_cutoff (default: the model's).

    Loading problems raise SpamscoreError with the library's message.
    """

    def __init__(self, model=None, rules=None, *, default_rules=True,
                 **limits):
        self._core = core = _Core()
        self._local = threading.local()
        self._ctxs = weakref.WeakSet()
        self._lock = threading.Lock()
        self._closed = False
        cfg = _lib.Config()
        _L.ss_config_default(ctypes.byref(cfg))
        for k, v in limits.items():
            if k not in _LIMITS:
                raise TypeError("Scorer() got an unexpected keyword argument "
                                "%r" % k)
            if v is None:
                continue
            field = _LIMITS[k]
            if field.endswith("cutoff"):
                v = float(v)
                if not 0.0 <= v <= 1.0:
                    raise ValueError("%s must be from 0 to 1" % k)
            else:
                v = int(v)
                if v <= 0:
                    raise ValueError("%s must be positive" % k)
            setattr(cfg, field, v)
        if 0 <= cfg.spam_cutoff < cfg.ham_cutoff:
            raise ValueError("ham_cutoff is above spam_cutoff")
        mdir = _lib.models_dir()
        self.models_dir = mdir
        err = ctypes.create_string_buffer(_ERRLEN)
        paths = [os.fsencode(p) for p in _as_list(rules)]
        if default_rules:
            d = os.path.join(mdir, "default.rules")
            if os.path.exists(d):
                paths.insert(0, os.fsencode(d))
        r = ctypes.c_void_p()
        for i, p in enumerate(paths):
            if i == 0:
                st = _L.ss_rules_load(p, ctypes.byref(r), err, _ERRLEN)
                if st == Status.OK:
                    core.rules = r
            else:
                st = _L.ss_rules_add_file(core.rules, p, err, _ERRLEN)
            if st != Status.OK:
                core.free()
                _raise(st, err)
        mpath = None
        if model is None:
            for n in ("default.model.gz", "default.model"):
                if os.path.exists(os.path.join(mdir, n)):
                    mpath = os.path.join(mdir, n)
                    break
        elif model is not False:
            mpath = model
        self.model_path = mpath
        if mpath is not None:
            m = ctypes.c_void_p()
            st = _L.ss_model_open(os.fsencode(mpath), ctypes.byref(m), err,
                                  _ERRLEN)
            if st != Status.OK:
                core.free()
                _raise(st, err)
            core.model = m
        self._cfg = cfg
        s = ctypes.c_void_p()
        st = _L.ss_scorer_create(ctypes.byref(cfg), core.rules, core.model,
                                 ctypes.byref(s))
        if st != Status.OK:
            core.free()
            _raise(st)
        core.scorer = s

    @property
    def rules_count(self):
        """Number of active rules (0 without rules)."""
        return _L.ss_rules_count(self._core.rules) if self._core.rules else 0

    def _ctx(self):
        c = getattr(self._local, "ctx", None)
        if c is None or c.ptr is None:
            if self._closed:
                raise ValueError("the Scorer is closed")
            c = _Ctx(self._core)
            with self._lock:
                self._ctxs.add(c)
            self._local.ctx = c
        return c.ptr

    def score(self, html_or_text, format="auto", url=None, *, clean=True,
              charset=None, markdown=False):
        """Score one page (str, bytes, bytearray or memoryview).

        format: "auto" (sniffed), "html" or "text". url is only carried into
        the Result. clean=False skips the cleaned text (Result.text None);
        markdown=True also renders it as Markdown (Result.markdown).
        A str is read as the text it is (a <meta charset> in it is moot);
        bytes are decoded by the library (BOM, <meta charset>, then the
        charset hint, e.g. from an HTTP Content-Type, then sniffing).
        Raises SpamscoreError (status EMPTY, BINARY, LIMIT, ...) with the
        library's message when the page cannot be scored.
        """
        data = html_or_text
        if isinstance(data, str):
            # Already decoded: a UTF-8 byte-order mark makes the library
            # read UTF-8 whatever a <meta charset> in the page says.
            # (Not for "": that stays an empty input.)
            data = b"\xef\xbb\xbf" + data.encode("utf-8", "surrogatepass") \
                if data else b""
        elif isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        elif not isinstance(data, bytes):
            raise TypeError("score() needs str or bytes, not %s"
                            % type(data).__name__)
        try:
            fmt = _FORMATS[format]
        except KeyError:
            raise ValueError("format must be 'auto', 'html' or 'text'") from None
        opts = _lib.DocOpts(fmt, charset.encode() if charset else None, clean,
                            markdown)
        ctx = self._ctx()
        out = ctypes.POINTER(_lib.Result)()
        # CDLL releases the GIL for the duration of this call.
        st = _L.ss_ctx_score(ctx, data, len(data), ctypes.byref(opts),
                             ctypes.byref(out))
        if st != Status.OK:
            raise SpamscoreError(st, _s(_L.ss_ctx_error(ctx))
                                 or _status_message(st))
        return Result(out.contents, url)

    def score_many(self, items, jobs=1, *, format="auto", clean=True,
                   errors="raise"):
        """Score an iterable of pages on `jobs` threads; yields Results in
        input order. Items are str/bytes, or dicts shaped like the command's
        JSON Lines input ({"html": ...} or {"text": ...}, optional "url").
        At most 4 x jobs pages are in flight, so an endless iterable is fine.
        errors="raise" raises the first failure in order; errors="return"
        yields the SpamscoreError in the failed page's place.
        """
        if errors not in ("raise", "return"):
            raise ValueError("errors must be 'raise' or 'return'")
        jobs = int(jobs)
        if jobs < 1:
            raise ValueError("jobs must be at least 1")

        def one(item):
            fmt, url, data = format, None, item
            if isinstance(item, dict):
                url = item.get("url")
                if "html" in item:
                    data, fmt = item["html"], "html" if format == "auto" else format
                elif "text" in item:
                    data, fmt = item["text"], "text" if format == "auto" else format
                else:
                    raise ValueError("an item dict needs 'html' or 'text'")
            try:
                return self.score(data, fmt, url, clean=clean)
            except SpamscoreError as e:
                if errors == "return":
                    return e
                raise

        if jobs == 1:
            for item in items:
                yield one(item)
            return
        window = collections.deque()
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            try:
                for item in items:
                    window.append(ex.submit(one, item))
                    if len(window) >= 4 * jobs:
                        yield window.popleft().result()
                while window:
                    yield window.popleft().result()
            finally:
                for f in window:
                    f.cancel()

    def close(self):
        """Free the contexts, scorer, model and rules now. The Scorer must
        not be scoring on another thread at the time."""
        self._closed = True
        with self._lock:
            ctxs = list(self._ctxs)
        for c in ctxs:
            c.free()
        self._core.free()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
