#!/usr/bin/env bash
# Vendor the dashboard's third-party browser assets into the package, so no page ever loads from a CDN.
# Reproducible: a pinned version fetched with `npm pack` (the npm registry by package name), checked
# against the registry's integrity hash, then only the minified build and the licence are kept.
set -euo pipefail

ECHARTS_VERSION="6.1.0"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/greentrack/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "echarts@${ECHARTS_VERSION}" >/dev/null
tarball="echarts-${ECHARTS_VERSION}.tgz"
expected="$(npm view "echarts@${ECHARTS_VERSION}" dist.integrity 2>/dev/null)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$expected" != "$actual" ]; then
  echo "vendor_assets: $tarball integrity $actual does not match the registry's $expected" >&2
  exit 1
fi
tar -xzf "$tarball"
mkdir -p "$DEST"
cp package/dist/echarts.min.js "$DEST/echarts.min.js"
cp package/LICENSE "$DEST/ECHARTS-LICENSE"
[ -f package/NOTICE ] && cp package/NOTICE "$DEST/ECHARTS-NOTICE"
echo "echarts ${ECHARTS_VERSION} $(sha256sum "$DEST/echarts.min.js" | cut -d' ' -f1)" > "$DEST/VERSIONS"
echo "vendored echarts ${ECHARTS_VERSION} into $DEST"
