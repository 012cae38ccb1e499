#!/usr/bin/env bash
# Re-vendor KaTeX into docs/assets/katex/ from the npm registry.
# Maintainers only: the normal build never needs npm, the files are committed.
#   usage: tools/vendor-katex.sh [VERSION]     (default: the version in docs/assets/katex/VERSION)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/docs/assets/katex"
version="${1:-$(cat "$dest/VERSION" 2>/dev/null || echo 0.16)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "katex@$version" >/dev/null && tar xzf katex-*.tgz )
pkg="$tmp/package"
real_version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$pkg/package.json")"
rm -rf "$dest/fonts" "$dest/contrib"
mkdir -p "$dest/fonts" "$dest/contrib"
cp "$pkg/dist/katex.min.js" "$dest/"
cp "$pkg/dist/contrib/auto-render.min.js" "$dest/contrib/"
cp "$pkg/dist/fonts/"*.woff2 "$dest/fonts/"
cp "$pkg/LICENSE" "$dest/LICENSE"
# Only the woff2 fonts are shipped: drop the .woff/.ttf fallbacks from the CSS so it
# references nothing that is not served (every browser KaTeX supports reads woff2).
python3 - "$pkg/dist/katex.min.css" "$dest/katex.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
assert not re.search(r"\.(?:woff|ttf)\)", css), "unexpected font reference left in katex.min.css"
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
echo "$real_version" > "$dest/VERSION"
echo "vendored KaTeX $real_version into $dest"
