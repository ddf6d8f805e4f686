/**
 * The sensitive-word filter's speed (not a test): a 2,000-character review screened against a
 * list of 10,000 words. `npx tsx subgraphs/reviews/bench/filter.ts`; results in bench/README.md.
 */
import { performance } from 'node:perf_hooks';
import { Prng } from '@zhongtai/kit';
import { compileWords, screenText, type ListedWord } from '../src/domain/filter/screen.ts';

const prng = new Prng(17);
const random = () => prng.next();
const pick = (chars: string) => chars[Math.floor(random() * chars.length)]!;
const CJK =
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';

const words: ListedWord[] = [];
const classes = ['BLOCK', 'REVIEW', 'MASK'] as const;
for (let i = 0; i < 10_000; i++) {
  const latin = i % 4 === 0;
  const length = 2 + Math.floor(random() * 4);
  let word = '';
  for (let k = 0; k < length; k++) word += pick(latin ? LATIN : CJK);
  words.push({ word, wordClass: classes[i % 3]! });
}

let text = '';
while (text.length < 2_000) text += random() < 0.15 ? pick('，。！ ,.') : pick(random() < 0.8 ? CJK : LATIN);

const builtAt = performance.now();
const filter = compileWords(words);
const buildMs = performance.now() - builtAt;

for (let i = 0; i < 200; i++) screenText(filter, text); // warm-up: JIT
const runs = 2_000;
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  screenText(filter, text);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(runs - 1, Math.floor(q * runs))]!.toFixed(3);
const hits = screenText(filter, text).hits.length;
console.log(`words: ${words.length}, text: ${text.length} characters, hits: ${hits}`);
console.log(`build: ${buildMs.toFixed(1)} ms (once per version of the list)`);
console.log(`screen: median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms over ${runs} runs`);
