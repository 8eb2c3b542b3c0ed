"""A minimal PEP 517 build backend for the pure-Python spamscore package.

pip installs ./python with build isolation; this backend needs nothing but
the standard library, so the install works with no network. It builds a
wheel (and an sdist) holding spamscore/*.py, with the metadata of
pyproject.toml's [project] table (name, version, summary, extras).
"""
import base64
import hashlib
import io
import os
import tarfile
import zipfile

try:
    import tomllib
except ImportError:  # Python < 3.11: the few keys we need, read by hand
    tomllib = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PKG = "spamscore"


def _project():
    path = os.path.join(ROOT, "pyproject.toml")
    if tomllib:
        with open(path, "rb") as f:
            return tomllib.load(f)["project"]
    proj, section = {}, None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line.strip("[]")
            elif section == "project" and "=" in line:
                k, v = (s.strip() for s in line.split("=", 1))
                if v.startswith('"'):
                    proj[k] = v.strip('"')
    return proj


def _metadata(proj):
    lines = ["Metadata-Version: 2.1", "Name: " + proj["name"],
             "Version: " + proj["version"],
             "Summary: " + proj.get("description", ""),
             "Requires-Python: " + proj.get("requires-python", ">=3")]
    for extra, reqs in sorted(proj.get("optional-dependencies", {}).items()):
        lines.append("Provides-Extra: " + extra)
        for r in reqs:
            lines.append('Requires-Dist: %s ; extra == "%s"' % (r, extra))
    return "\n".join(lines) + "\n"


def _sources():
    base = os.path.join(ROOT, PKG)
    for name in sorted(os.listdir(base)):
        if name.endswith(".py"):
            yield os.path.join(base, name), PKG + "/" + name


def _record_line(arc, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
    return "%s,sha256=%s,%d" % (arc, digest.rstrip(b"=").decode(), len(data))


def _wheel_name(proj):
    return "%s-%s-py3-none-any.whl" % (proj["name"], proj["version"])


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    proj = _project()
    dist = "%s-%s.dist-info" % (proj["name"], proj["version"])
    name = _wheel_name(proj)
    files = []
    for path, arc in _sources():
        with open(path, "rb") as f:
            files.append((arc, f.read()))
    files.append((dist + "/METADATA", _metadata(proj).encode()))
    files.append((dist + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: "
                  b"spamscore-backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    files.append((dist + "/top_level.txt", (PKG + "\n").encode()))
    record = [_record_line(a, d) for a, d in files] + [dist + "/RECORD,,"]
    files.append((dist + "/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for arc, data in files:
            zi = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    proj = _project()
    base = "%s-%s" % (proj["name"], proj["version"])
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as t:
        for rel in ["pyproject.toml", "_build/backend.py"] + \
                   [a for _, a in _sources()]:
            t.add(os.path.join(ROOT, rel), arcname=base + "/" + rel)
        info = tarfile.TarInfo(base + "/PKG-INFO")
        data = _metadata(proj).encode()
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return name
