// The race tests (describe titles ending in "(PostgreSQL)") run only when DATABASE_URL is set.
// On the PostgreSQL leg every one of them must have run and passed: a leg that lost its
// DATABASE_URL skips them all and would otherwise stay green. Usage: node .ci/check-races.mjs <vitest json>
import { readFileSync } from 'node:fs';

const TAG = '(PostgreSQL)';
const file = process.argv[2];
if (!file) {
  console.error('usage: node .ci/check-races.mjs <vitest-json-report>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const races = report.testResults.flatMap((f) => f.assertionResults.filter((a) => a.fullName.includes(TAG)).map((a) => ({ ...a, file: f.name })));
const notPassed = races.filter((a) => a.status !== 'passed');
const passed = races.length - notPassed.length;
for (const a of notPassed) console.error(`race test ${a.status}: ${a.fullName} (${a.file})`);
if (!races.length) console.error(`no race test (title with "${TAG}") in ${file}`);
if (notPassed.length || !races.length) {
  console.error(`FAIL: ${notPassed.length} of ${races.length} race tests did not pass on the PostgreSQL leg (is DATABASE_URL set?)`);
  process.exit(1);
}
console.log(`race tests on PostgreSQL: ${passed} passed`);
