// Summarises a V8 .cpuprofile (node --cpu-prof): busy time by package and by function over the
// last N seconds (the steady load, not start-up). Usage: node bench/tools/cpuProfileSummary.cjs <file> [seconds]
const fs = require('fs');
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const secs = +(process.argv[3] || 6);
const nodes = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
let t = p.startTime;
const times = p.timeDeltas.map((d) => (t += d));
const cut = p.endTime - secs * 1e6 - 2e6;
const end = p.endTime - 2e6;
const self = new Map();
for (let i = 0; i < p.samples.length; i++) {
  if (times[i] < cut || times[i] > end) continue;
  self.set(p.samples[i], (self.get(p.samples[i]) || 0) + p.timeDeltas[i]);
}
const by = new Map(),
  pk = new Map();
let busy = 0;
for (const [id, v] of self) {
  const cf = nodes.get(id).callFrame;
  if (cf.functionName === '(idle)') continue;
  busy += v;
  const u = cf.url;
  const k = `${cf.functionName || 'anon'} ${u
    .replace(/.*node_modules\/\.pnpm\/([^/]+).*\/([^/]+)$/, '$1/$2')
    .replace(/.*\/work\/main\//, '')
    .slice(0, 90)}:${cf.lineNumber}`;
  by.set(k, (by.get(k) || 0) + v);
  let pkg = u.includes('node_modules/.pnpm/')
    ? u.replace(/.*node_modules\/\.pnpm\/([^/@]*@?[^/@]+).*/, '$1')
    : u.includes('/work/main/')
      ? u.replace(/.*\/work\/main\/([^/]+\/[^/]+\/[^/]+).*/, '$1')
      : u
        ? 'node-internal'
        : 'native:' + cf.functionName;
  pk.set(pkg, (pk.get(pkg) || 0) + v);
}
console.log('busy ms', (busy / 1000) | 0, 'of', secs * 1000);
[...pk]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 18)
  .forEach(([k, v]) => console.log(((v / 1000) | 0).toString().padStart(6), k));
console.log('---');
[...by]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 30)
  .forEach(([k, v]) => console.log(((v / 1000) | 0).toString().padStart(6), k));
