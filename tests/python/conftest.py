"""pytest set-up for the Python tests (run by ctest; see CMakeLists.txt).

ctest passes SPAMSCORE_BUILD_DIR (the build tree: libspamscore.so.0 and the
spamscore command) and SPAMSCORE_SOURCE_DIR. Run by hand from the checkout:
    SPAMSCORE_BUILD_DIR=build python3 -m pytest tests/python
The package is used in place from python/.
"""
import importlib
import os
import sys

import pytest

SOURCE = os.environ.get("SPAMSCORE_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.abspath(os.environ.get("SPAMSCORE_BUILD_DIR")
                        or os.path.join(SOURCE, "build"))
os.environ["SPAMSCORE_BUILD_DIR"] = BUILD
os.environ["SPAMSCORE_LIBRARY"] = os.path.join(BUILD, "libspamscore.so.0")
os.environ["SPAMSCORE_BIN"] = os.path.join(BUILD, "spamscore")
os.environ["SPAMSCORE_MODELS"] = os.path.join(SOURCE, "models")
# worker processes (dask) import the package in place too
os.environ["PYTHONPATH"] = os.pathsep.join(
    [os.path.join(SOURCE, "python")]
    + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
sys.path.insert(0, os.path.join(SOURCE, "python"))

PAGES = os.path.join(SOURCE, "tests", "data", "pages")


@pytest.fixture(scope="session")
def source_dir():
    return SOURCE


@pytest.fixture(scope="session")
def build_dir():
    return BUILD


@pytest.fixture(scope="session")
def binary():
    path = os.environ["SPAMSCORE_BIN"]
    assert os.access(path, os.X_OK), "no spamscore command at " + path
    return path


@pytest.fixture(scope="session")
def pages_dir():
    return PAGES


def page_files():
    """The test pages (HTML and text), sorted."""
    return sorted(os.path.join(PAGES, f) for f in os.listdir(PAGES)
                  if f.endswith((".html", ".txt")))


def require(module, package):
    """Import module or fail (not skip) naming the Debian package: .ci/run
    and the README's first command install them, so a missing one is a
    broken set-up, not a reason to pass."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        pytest.fail("cannot import %s (%s): apt-get install %s"
                    % (module, e, package), pytrace=False)
