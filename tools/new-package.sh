#!/usr/bin/env bash
# Scaffolds packages/<dir> as an ESM TypeScript package wired into nx, jest, eslint and tsc.
# Usage: tools/new-package.sh <dir> "<description>" <layer-tag>
set -euo pipefail
dir=$1 desc=$2 layer=$3
root=$(cd "$(dirname "$0")/.." && pwd)
pkg="$root/packages/$dir"
[ -e "$pkg/package.json" ] && { echo "packages/$dir exists" >&2; exit 1; }
mkdir -p "$pkg/src"
sed -e "s|@alma/types|@alma/$dir|" -e "s|\"description\": \".*\"|\"description\": \"$desc\"|" \
    -e "s|layer:types|$layer|" "$root/packages/types/package.json" |
  node -e 'const p=JSON.parse(require("fs").readFileSync(0,"utf8")); delete p.dependencies; console.log(JSON.stringify(p,null,2))' > "$pkg/package.json"
cp "$root/packages/types/tsconfig.json" "$root/packages/types/tsconfig.lib.json" "$root/packages/types/jest.config.cjs" "$pkg/"
cp "$root/LICENSE" "$pkg/LICENSE"
echo "created packages/$dir"
