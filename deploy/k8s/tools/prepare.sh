#!/usr/bin/env bash
# Fetches what the manifest tests need into <dir>, once: kubectl (whose built-in kustomize renders the overlays) from
# Debian's kubernetes-client package, unpacked without installing it, and the schema check's npm packages as
# package-lock.json pins them. Prints nothing on success.
set -euo pipefail
dir=$1
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
if [ ! -x "$dir/kubectl/usr/bin/kubectl" ]; then
  cd "$dir"
  if ! apt-get download kubernetes-client >/dev/null 2>&1; then
    # a machine whose package lists were never fetched
    apt-get update -qq >/dev/null && apt-get download kubernetes-client >/dev/null 2>&1
  fi
  dpkg -x kubernetes-client_*.deb kubectl
  rm -f kubernetes-client_*.deb
fi
if [ ! -d "$dir/schema-check/node_modules" ]; then
  mkdir -p "$dir/schema-check"
  cp "$here/schema-check/package.json" "$here/schema-check/package-lock.json" "$here/schema-check/check.mjs" "$dir/schema-check/"
  cd "$dir/schema-check"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
