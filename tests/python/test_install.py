"""cmake --install into a DESTDIR: library with soname, header,
spamscore.pc, the command, rules and model, man page; a C program built
with pkg-config against it; the Python package installed by pip with no
network, using the installed library. And the man page keeps up with
--help."""
import os
import re
import shutil
import subprocess
import sys

import pytest


PROGRAM = r'''
#include <spamscore.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char path[4096], err[256] = "";
    ss_rules *rules = NULL; ss_model *model = NULL;
    ss_scorer *sc = NULL; ss_ctx *ctx = NULL;
    ss_config cfg;
    if (argc != 3) return 2;
    ss_config_default(&cfg);
    snprintf(path, sizeof path, "%s/default.rules", argv[1]);
    if (ss_rules_load(path, &rules, err, sizeof err) != SS_OK) { puts(err); return 1; }
    snprintf(path, sizeof path, "%s/default.model.gz", argv[1]);
    if (ss_model_open(path, &model, err, sizeof err) != SS_OK) { puts(err); return 1; }
    if (ss_scorer_create(&cfg, rules, model, &sc) != SS_OK) return 1;
    if (ss_ctx_create(sc, &ctx) != SS_OK) return 1;
    static char page[1 << 20];
    FILE *f = fopen(argv[2], "rb");
    if (!f) return 1;
    size_t n = fread(page, 1, sizeof page, f);
    fclose(f);
    const ss_result *r;
    ss_doc_opts o = {.want_clean = true};
    if (ss_ctx_score(ctx, page, n, &o, &r) != SS_OK) { puts(ss_ctx_error(ctx)); return 1; }
    printf("%s %.4f %s %s\n", ss_verdict_name(r->verdict), r->score,
           SS_VERSION_STRING, r->n_flags ? ss_flag_kind_name(r->flags[0].kind) : "-");
    ss_ctx_free(ctx); ss_scorer_free(sc); ss_model_free(model); ss_rules_free(rules);
    return 0;
}
'''


def help_text(binary):
    return subprocess.run([binary, "--help"], check=True, capture_output=True,
                          text=True).stdout


def man_text(source_dir):
    src = open(os.path.join(source_dir, "doc", "spamscore.1")).read()
    # roff to plain words: \- is a minus, \fB..\fR are font changes
    return re.sub(r"\\f[BIRP]", "", src).replace("\\-", "-")


def test_man_page_has_every_option_of_help(binary, source_dir):
    helptext, man = help_text(binary), man_text(source_dir)
    opts = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][a-zA-Z-]*)", helptext))
    assert {"--json", "--warc", "-j", "--max-line-bytes", "--no-calibrate"} <= opts
    missing = sorted(o for o in opts
                     if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(o), man))
    assert not missing, "in --help but not in doc/spamscore.1: %s" % missing
    for cmd in ("train", "model dump", "model merge", "eval"):
        assert "spamscore " + cmd in helptext and cmd in man
    version = subprocess.run([binary, "--version"], capture_output=True,
                             text=True).stdout.split()[-1]
    assert '"spamscore %s"' % version in man
    if shutil.which("groff"):
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z",
                            os.path.join(source_dir, "doc", "spamscore.1")],
                           capture_output=True, text=True)
        assert p.returncode == 0 and not p.stderr, p.stderr


def cache_var(build_dir, name, default):
    """A variable of the build's CMakeCache.txt (default when empty)."""
    cache = open(os.path.join(build_dir, "CMakeCache.txt")).read()
    m = re.search(r"^%s:[A-Z]+=(.*)$" % re.escape(name), cache, re.M)
    return m.group(1) if m and m.group(1) else default


@pytest.fixture(scope="module")
def libdir(build_dir):
    """The library folder under the prefix (lib, or lib/<multiarch> with
    -DCMAKE_INSTALL_PREFIX=/usr)."""
    return cache_var(build_dir, "CMAKE_INSTALL_LIBDIR", "lib")


@pytest.fixture(scope="module")
def destdir(tmp_path_factory, build_dir):
    """DESTDIR=... cmake --install; returns DESTDIR + the configured prefix."""
    cmake = os.environ.get("SPAMSCORE_CMAKE") or shutil.which("cmake")
    prefix = cache_var(build_dir, "CMAKE_INSTALL_PREFIX", "/usr/local")
    dest = tmp_path_factory.mktemp("destdir")
    env = dict(os.environ, DESTDIR=str(dest))
    p = subprocess.run([cmake, "--install", build_dir], env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    return str(dest) + prefix


def test_install_puts_everything_in_place(destdir, libdir):
    files = [os.path.relpath(os.path.join(d, f), destdir)
             for d, _, fs in os.walk(destdir) for f in fs]
    for want in ("bin/spamscore", "include/spamscore.h",
                 libdir + "/pkgconfig/spamscore.pc", libdir + "/libspamscore.so",
                 libdir + "/libspamscore.so.0", libdir + "/libspamscore.so.0.1.0",
                 "share/spamscore/default.rules",
                 "share/spamscore/default.model.gz",
                 "share/man/man1/spamscore.1"):
        assert want in files, (want, sorted(files))
    lib = os.path.join(destdir, libdir)
    assert os.readlink(os.path.join(lib, "libspamscore.so.0")) == "libspamscore.so.0.1.0"
    dyn = subprocess.run(["readelf", "-d", os.path.join(lib, "libspamscore.so.0.1.0")],
                         capture_output=True, text=True).stdout
    assert "Library soname: [libspamscore.so.0]" in dyn
    # the public API is exported
    syms = subprocess.run(["nm", "-D", "--defined-only",
                           os.path.join(lib, "libspamscore.so.0.1.0")],
                          capture_output=True, text=True).stdout
    assert " T ss_ctx_score" in syms


def test_c_program_builds_with_pkg_config_and_runs(destdir, libdir, tmp_path,
                                                   pages_dir):
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(destdir, libdir, "pkgconfig"))
    env.pop("PKG_CONFIG_LIBDIR", None)
    pc = ["pkg-config", "--define-variable=prefix=" + destdir]
    assert subprocess.run(pc + ["--modversion", "spamscore"], env=env,
                          capture_output=True, text=True).stdout.strip() == "0.1.0"
    flags = subprocess.run(pc + ["--cflags", "--libs", "spamscore"], env=env,
                           check=True, capture_output=True, text=True).stdout.split()
    assert "-I" + os.path.join(destdir, "include") in flags
    models = subprocess.run(pc + ["--variable=modelsdir", "spamscore"], env=env,
                            check=True, capture_output=True, text=True).stdout.strip()
    assert models == os.path.join(destdir, "share", "spamscore")
    src = tmp_path / "prog.c"
    src.write_text(PROGRAM)
    exe = str(tmp_path / "prog")
    p = subprocess.run(["cc", "-std=c11", "-Wall", "-Werror", str(src), "-o", exe]
                       + flags, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    run_env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(destdir, libdir))
    out = subprocess.run(["ldd", exe], env=run_env, capture_output=True,
                         text=True).stdout
    assert os.path.join(destdir, libdir, "libspamscore.so.0") in out, out
    spam = subprocess.run([exe, models, os.path.join(pages_dir, "spam-page.html")],
                          env=run_env, capture_output=True, text=True)
    ham = subprocess.run([exe, models, os.path.join(pages_dir, "honest-musk.html")],
                         env=run_env, capture_output=True, text=True)
    assert spam.returncode == 0 and spam.stdout.split()[0] == "spam", spam.stdout
    assert ham.returncode == 0 and ham.stdout.split()[0] == "ham", ham.stdout
    assert spam.stdout.split()[2] == "0.1.0"


def test_installed_command_matches_the_build(destdir, binary, pages_dir):
    env = dict(os.environ, SPAMSCORE_MODELS=os.path.join(destdir, "share", "spamscore"))
    args = ["--json", "--clean", pages_dir]
    got = subprocess.run([os.path.join(destdir, "bin", "spamscore")] + args,
                         env=env, capture_output=True).stdout
    want = subprocess.run([binary] + args, capture_output=True).stdout
    assert got == want and got.count(b'"verdict": "spam"') >= 4


def test_pip_installs_the_package_offline(destdir, libdir, source_dir, tmp_path,
                                          pages_dir):
    venv = tmp_path / "venv"
    p = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages",
                        str(venv)], capture_output=True, text=True)
    assert p.returncode == 0, "python3 -m venv (python3-venv): " + p.stderr
    py = str(venv / "bin" / "python")
    p = subprocess.run([py, "-m", "pip", "install", "--no-index", "--no-cache-dir",
                        "--disable-pip-version-check", "-q",
                        os.path.join(source_dir, "python")],
                       capture_output=True, text=True, cwd=str(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr
    # the installed copy, the installed library; the shipped model found
    # beside it (share/spamscore), not through the source tree
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SPAMSCORE_") and k != "PYTHONPATH"}
    env["SPAMSCORE_LIBRARY"] = os.path.join(destdir, libdir, "libspamscore.so.0")
    code = ("import spamscore, sys; sc = spamscore.Scorer(); "
            "r = sc.score(open(sys.argv[1], 'rb').read()); "
            "print(spamscore.__file__, spamscore.models_dir(), sc.model_path, r.verdict)")
    p = subprocess.run([py, "-c", code, os.path.join(pages_dir, "spam-page.html")],
                       env=env, capture_output=True, text=True, cwd=str(tmp_path))
    assert p.returncode == 0, p.stderr
    where, models, model, verdict = p.stdout.split()
    assert where.startswith(str(venv))
    assert models == os.path.join(destdir, "share", "spamscore")
    assert model == os.path.join(models, "default.model.gz")
    assert verdict == "spam"
