#!/usr/bin/env bash
# Regenerates the migration of the schema changes not yet released, from src/db/schema.ts.
# Usage: scripts/db-generate.sh <name>   e.g. scripts/db-generate.sh customers
# While a release is unshipped its migration may be regenerated: this removes the named
# migration (and its snapshot) if present and lets drizzle-kit diff it again. A file lock keeps
# two people regenerating at once from interleaving.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?migration name}"
exec 9>/tmp/tierline-db-generate.lock
flock 9
node - "$name" <<'JS'
const fs = require('node:fs');
const name = process.argv[2];
const journalPath = 'migrations/meta/_journal.json';
const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
const entry = journal.entries.find((e) => e.tag.endsWith(`_${name}`));
if (entry) {
  if (entry.idx !== journal.entries.length - 1) throw new Error(`${entry.tag} is not the last migration`);
  fs.rmSync(`migrations/${entry.tag}.sql`, { force: true });
  fs.rmSync(`migrations/meta/${String(entry.idx).padStart(4, '0')}_snapshot.json`, { force: true });
  journal.entries.pop();
  fs.writeFileSync(journalPath, `${JSON.stringify(journal, null, 2)}\n`);
}
JS
npx drizzle-kit generate --name "$name"
