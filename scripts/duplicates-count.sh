#!/usr/bin/env bash
# Counts the copy-paste pairs the issue 13 must-show speaks of: blocks of six or more lines
# repeated across subgraphs/ and packages/, outside SQL migrations, SDL stubs and drizzle column
# shapes. Method: copy the git-tracked files of subgraphs/ and packages/ (as they are in the
# working tree, untracked-but-not-ignored included) into a temporary folder, leaving out
#   - migrations (subgraphs/*/src/db/migrations/**, *.sql)
#   - SDL (*.graphql)
#   - drizzle column shapes (any src/db/*tables.ts / *Tables.ts, and the kit's events/tables.ts)
# and run the `duplicates` tool (6+ identical or same-shape lines) over that folder. Every pair
# it reports counts, boilerplate-marked ones too (they are the repeated lambdas this issue is
# about). The first line's pair count is the number; the rows are printed for review.
# Issue 13: 124 pairs before the kit helpers (41 not marked boilerplate), 74 after (27 not marked boilerplate).
#   usage: scripts/duplicates-count.sh [--rows]
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git ls-files --cached --others --exclude-standard subgraphs packages |
  grep -vE '(^|/)migrations/|\.sql$|\.graphql$|/db/[A-Za-z]*[tT]ables\.ts$|^packages/kit/src/events/tables\.ts$' |
  while read -r f; do
    [ -f "$f" ] || continue
    mkdir -p "$tmp/$(dirname "$f")"
    cp "$f" "$tmp/$f"
  done
out=$(cd "$tmp" && duplicates --repo . --min-lines 6 --most 200 --seconds 120)
count=$(printf '%s\n' "$out" | head -1 | grep -oE '^[0-9]+' || echo 0)
if [ "${1:-}" = "--rows" ]; then printf '%s\n' "$out"; fi
echo "duplicate pairs (subgraphs/ + packages/, no migrations/SDL/drizzle tables): $count"
