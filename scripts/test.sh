#!/usr/bin/env bash
# The test command (README's second command, and CI's): make sure Debian's chromium and CJK fonts are there for
# the browser tests, create the venv, install the locked test environment and greentrack, run pytest.
# pytest's exit code 5 (no tests collected) counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
# without CJK fonts the dashboard's Chinese renders as boxes in screenshots
compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null || need_packages+=(fonts-noto-cjk)
# the report tests: Word → PDF with LibreOffice, pdftotext reads the PDF back (the charts need the CJK fonts too)
command -v libreoffice >/dev/null || need_packages+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || need_packages+=(poppler-utils)
if [ "${#need_packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${need_packages[*]} (Debian packages) for the browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${need_packages[@]}" >/dev/null \
      || echo "test.sh: could not install ${need_packages[*]}; the browser tests will say why they cannot run" >&2
  else
    echo "test.sh: ${need_packages[*]} missing and not root — install them (apt-get install ${need_packages[*]})" \
         "or the browser tests are skipped (and fail under CI)" >&2
  fi
fi

# the locked environment (every package pinned with its hashes: docs/reliability.md), then greentrack itself
python3 -m venv .venv && .venv/bin/pip install -q -r requirements-test.lock \
  && .venv/bin/pip install -q --no-deps -e . || exit 1
# pytest-xdist, one worker per group of tests (tests/conftest.py: a module, or the non-browser web tests), one worker
# more than the cores: a tenth of the run waits (servers starting, clients thinking, PostgreSQL), and the extra
# worker fills it
workers=$(( $(nproc) + 1 ))
.venv/bin/pytest -q -n "$workers" --dist loadgroup --durations=25 "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "test.sh: pytest collected no tests — failing" >&2
  exit 1
fi
exit "$rc"
