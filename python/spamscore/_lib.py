"""Finding and declaring libspamscore (ctypes, no compiler step at import).

The library is looked up, first hit wins:

1. ``$SPAMSCORE_LIBRARY``: the path of ``libspamscore.so`` (or ``.so.0``);
2. the build tree, when this package is used in place from a source
   checkout: ``$SPAMSCORE_BUILD_DIR``, else ``<checkout>/build``;
3. beside an installed prefix: ``<sys.prefix>/lib``, ``/usr/local/lib``,
   ``/usr/lib`` (and their multiarch folders);
4. the dynamic loader's own search (``LD_LIBRARY_PATH``, ``ldconfig``).

The shipped rules and model are looked up the way the command does:
``$SPAMSCORE_MODELS``, else the source tree's ``models/``, else
``share/spamscore`` beside the library that was loaded.

ctypes calls through ``CDLL`` release the GIL for the duration of the C
call, so scoring on several threads runs in parallel.
"""
import ctypes
import os
import sys
import sysconfig

SONAME = "libspamscore.so.0"

_HERE = os.path.dirname(os.path.abspath(__file__))
# python/spamscore/ -> the checkout, when used in place
_CHECKOUT = os.path.dirname(os.path.dirname(_HERE))


def _in_checkout():
    return os.path.isfile(os.path.join(_CHECKOUT, "filter", "spamscore.h"))


def _prefix_lib_dirs():
    dirs = []
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    for prefix in (sys.prefix, sys.base_prefix, "/usr/local", "/usr"):
        for sub in ("lib", os.path.join("lib", multiarch) if multiarch else None,
                    "lib64"):
            if sub:
                d = os.path.join(prefix, sub)
                if d not in dirs:
                    dirs.append(d)
    return dirs


def _candidates():
    env = os.environ.get("SPAMSCORE_LIBRARY")
    if env:
        # An explicit choice: no silent fallback to another copy.
        return [env], True
    cands = []
    build = os.environ.get("SPAMSCORE_BUILD_DIR")
    if build:
        cands.append(os.path.join(build, SONAME))
    if _in_checkout():
        cands.append(os.path.join(_CHECKOUT, "build", SONAME))
    for d in _prefix_lib_dirs():
        cands.append(os.path.join(d, SONAME))
    return cands, False


def _load():
    cands, explicit = _candidates()
    tried = []
    for path in cands:
        if explicit or os.path.exists(path):
            try:
                return ctypes.CDLL(path), os.path.realpath(path)
            except OSError as e:
                if explicit:
                    raise ImportError("spamscore: cannot load $SPAMSCORE_LIBRARY "
                                      "%s: %s" % (path, e)) from e
                tried.append("%s (%s)" % (path, e))
        else:
            tried.append(path)
    try:
        return ctypes.CDLL(SONAME), None
    except OSError as e:
        tried.append("%s via the dynamic loader (%s)" % (SONAME, e))
    raise ImportError("spamscore: libspamscore not found; build it (cmake) or "
                      "install it (cmake --install), or set SPAMSCORE_LIBRARY. "
                      "Tried: " + "; ".join(tried))


class Config(ctypes.Structure):
    _fields_ = [
        ("max_page_bytes", ctypes.c_size_t),
        ("max_depth", ctypes.c_uint),
        ("max_blocks", ctypes.c_uint),
        ("max_block_bytes", ctypes.c_uint),
        ("max_token_bytes", ctypes.c_uint),
        ("max_tokens", ctypes.c_uint),
        ("arena_cap", ctypes.c_size_t),
        ("pcre_match_limit", ctypes.c_uint32),
        ("pcre_depth_limit", ctypes.c_uint32),
        ("spam_cutoff", ctypes.c_double),
        ("ham_cutoff", ctypes.c_double),
        ("max_seconds", ctypes.c_double),
    ]


class Flag(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_int),
        ("where", ctypes.c_int),
        ("text", ctypes.c_char_p),
        ("score", ctypes.c_double),
        ("reasons", ctypes.POINTER(ctypes.c_char_p)),
        ("n_reasons", ctypes.c_size_t),
        ("flag_only", ctypes.c_bool),
    ]


class ScoreTerm(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("value", ctypes.c_double),
        ("weight", ctypes.c_double),
        ("text", ctypes.c_char_p),
    ]


class Result(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_int),
        ("charset", ctypes.c_char_p),
        ("score", ctypes.c_double),
        ("verdict", ctypes.c_int),
        ("bayes_score", ctypes.c_double),
        ("heuristic_score", ctypes.c_double),
        ("title", ctypes.c_char_p),
        # not c_char_p: the text is taken with its length (string_at)
        ("clean_text", ctypes.c_void_p),
        ("clean_len", ctypes.c_size_t),
        ("flags", ctypes.POINTER(Flag)),
        ("n_flags", ctypes.c_size_t),
        ("limits", ctypes.POINTER(ctypes.c_char_p)),
        ("n_limits", ctypes.c_size_t),
        ("n_blocks", ctypes.c_size_t),
        ("author", ctypes.c_char_p),
        ("date", ctypes.c_char_p),
        ("language", ctypes.c_char_p),
        ("site_name", ctypes.c_char_p),
        ("canonical_url", ctypes.c_char_p),
        ("clean_markdown", ctypes.c_void_p),
        ("markdown_len", ctypes.c_size_t),
        ("terms", ctypes.POINTER(ScoreTerm)),
        ("n_terms", ctypes.c_size_t),
        ("floor", ctypes.c_double),
    ]


class DocOpts(ctypes.Structure):
    _fields_ = [
        ("format", ctypes.c_int),
        ("charset_hint", ctypes.c_char_p),
        ("want_clean", ctypes.c_bool),
        ("want_markdown", ctypes.c_bool),
    ]


def _declare(lib):
    P = ctypes.c_void_p
    PP = ctypes.POINTER(ctypes.c_void_p)
    S = ctypes.c_int  # ss_status
    sig = {
        "ss_strerror": (ctypes.c_char_p, [S]),
        "ss_config_default": (None, [ctypes.POINTER(Config)]),
        "ss_rules_load": (S, [ctypes.c_char_p, PP, ctypes.c_char_p, ctypes.c_size_t]),
        "ss_rules_add_file": (S, [P, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]),
        "ss_rules_count": (ctypes.c_size_t, [P]),
        "ss_rules_free": (None, [P]),
        "ss_model_open": (S, [ctypes.c_char_p, PP, ctypes.c_char_p, ctypes.c_size_t]),
        "ss_model_free": (None, [P]),
        "ss_scorer_create": (S, [ctypes.POINTER(Config), P, P, PP]),
        "ss_scorer_free": (None, [P]),
        "ss_ctx_create": (S, [P, PP]),
        "ss_ctx_free": (None, [P]),
        "ss_ctx_error": (ctypes.c_char_p, [P]),
        "ss_ctx_score": (S, [P, ctypes.c_char_p, ctypes.c_size_t,
                             ctypes.POINTER(DocOpts),
                             ctypes.POINTER(ctypes.POINTER(Result))]),
        "ss_verdict_name": (ctypes.c_char_p, [ctypes.c_int]),
        "ss_flag_kind_name": (ctypes.c_char_p, [ctypes.c_int]),
        "ss_where_name": (ctypes.c_char_p, [ctypes.c_int]),
        "ss_struct_size": (ctypes.c_size_t, [ctypes.c_char_p]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args


def _check_layout(lib):
    """The structs above must be the library's: a field the library has and
    this copy lacks would let the library write past a Python buffer."""
    for name, cls in (("ss_config", Config), ("ss_doc_opts", DocOpts),
                      ("ss_result", Result), ("ss_flag", Flag)):
        want = lib.ss_struct_size(name.encode())
        if want != ctypes.sizeof(cls):
            raise ImportError(
                "spamscore: %s is %d bytes in %s but %d in this binding: "
                "the package and the library are of different versions"
                % (name, want, path, ctypes.sizeof(cls)))


lib, path = _load()
_declare(lib)
_check_layout(lib)


def models_dir():
    """The folder the shipped default.rules / default.model.gz are read from."""
    env = os.environ.get("SPAMSCORE_MODELS")
    if env:
        return env
    names = ("default.rules", "default.model.gz", "default.model")
    cands = []
    if _in_checkout():
        cands.append(os.path.join(_CHECKOUT, "models"))
    if path:
        # <prefix>/lib[/multiarch]/libspamscore.so.0 -> <prefix>/share/spamscore
        d = os.path.dirname(path)
        for up in (1, 2):
            base = d
            for _ in range(up):
                base = os.path.dirname(base)
            cands.append(os.path.join(base, "share", "spamscore"))
    cands += [os.path.join(sys.prefix, "share", "spamscore"),
              os.path.join(sys.base_prefix, "share", "spamscore"),
              "/usr/local/share/spamscore", "/usr/share/spamscore"]
    for c in cands:
        if any(os.path.exists(os.path.join(c, n)) for n in names):
            return c
    return cands[-1]
