#!/usr/bin/env bash
# Prints a PATH in which the named programs are not found, for proving that the tests pass on a
# machine without them (.ci/run hides LibreOffice this way). A folder of PATH that holds one of
# them is replaced by a shadow folder under SHADOW with links to everything else in it.
# Usage: PATH="$(bash scripts/path_without.sh SHADOW soffice libreoffice)"
set -euo pipefail
shadow="$1"; shift
out=()
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -d "$dir" ] || continue
  hit=0
  for name in "$@"; do [ -e "$dir/$name" ] && hit=1; done
  if [ "$hit" = 0 ]; then out+=("$dir"); continue; fi
  copy="$shadow/$(printf '%s' "$dir" | tr '/' '_')"
  mkdir -p "$copy"
  for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || continue
    base="${entry##*/}"
    skip=0
    for name in "$@"; do [ "$base" = "$name" ] && skip=1; done
    [ "$skip" = 1 ] || ln -sf "$entry" "$copy/$base"
  done
  out+=("$copy")
done
(IFS=:; printf '%s\n' "${out[*]}")
