/**
 * Metrics benchmark (issue 6, "Performance"): 10,000 summarization pairs of ~100 tokens, ROUGE-L
 * with stemming plus corpus BLEU, under 2 s. In the same run, NLTK's corpus_bleu (Debian
 * python3-nltk) scores the same 13a tokens, for the speed ratio and as a cross-check of the value.
 * Run: `node test/bench/metrics.bench.ts` or `npm run bench -- metrics`. Not part of CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusBleu } from '../../src/lib/domain/metrics/corpus-bleu.ts';
import { meanRougeL } from '../../src/lib/domain/metrics/mean-rouge-l.ts';
import { tokenize13a } from '../../src/lib/domain/metrics/tokenize-13a.ts';
import { createRandom } from '../../src/lib/domain/random.ts';

const BUDGET_MS = 2000;
const PAIRS = 10_000;
const TOKENS = 100;

// Words from the committed Porter fixture: paper vocabulary, medical terms and inflected forms.
const fixture = JSON.parse(
	readFileSync(new URL('../fixtures/metrics/porter-stems.json', import.meta.url), 'utf8')
) as { pairs: [string, string][] };
const vocabulary = fixture.pairs.map(([word]) => word).filter((w) => /^[a-z]+$/.test(w));

function makePairs(): { prediction: string; reference: string }[] {
	const random = createRandom('metrics-bench');
	// Log-uniform ranks give a Zipf-like spread: frequent words repeat, the tail is long.
	const word = () => vocabulary[Math.floor(Math.exp(random.next() * Math.log(vocabulary.length)))];
	const pairs: { prediction: string; reference: string }[] = [];
	for (let i = 0; i < PAIRS; i++) {
		const reference: string[] = [];
		for (let t = 0; t < TOKENS; t++) {
			const w = word();
			reference.push(t % 12 === 0 ? w[0].toUpperCase() + w.slice(1) : w);
			if (t % 12 === 11) reference[reference.length - 1] += '.';
			else if (t % 7 === 3) reference[reference.length - 1] += ',';
		}
		const prediction: string[] = [];
		for (const w of reference) {
			const r = random.next();
			if (r < 0.1) continue; // dropped
			if (r < 0.25) prediction.push(word());
			else if (r < 0.32) prediction.push(w.replace(/[.,]$/, '') + 's');
			else prediction.push(w);
			if (random.next() < 0.08) prediction.push(word());
		}
		pairs.push({ prediction: prediction.join(' '), reference: reference.join(' ') });
	}
	return pairs;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[sorted.length >> 1];
}

const pairs = makePairs();
const hypotheses = pairs.map((p) => p.prediction);
const references = pairs.map((p) => p.reference);

const runs: { rouge: number; bleu: number; cpu: number }[] = [];
let rougeF1 = 0;
let bleu = 0;
for (let run = 0; run < 5; run++) {
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	rougeF1 = meanRougeL(pairs, { stem: true }).f1;
	const t1 = performance.now();
	bleu = corpusBleu(hypotheses, [references]).score;
	const t2 = performance.now();
	const cpu = process.cpuUsage(cpu0);
	runs.push({ rouge: t1 - t0, bleu: t2 - t1, cpu: (cpu.user + cpu.system) / 1000 });
}
const cold = runs[0].rouge + runs[0].bleu;
const warm = median(runs.slice(1).map((r) => r.rouge + r.bleu));
const ok = cold < BUDGET_MS;
console.log(
	`${PAIRS} pairs × ~${TOKENS} tokens: ROUGE-L (stem) ${runs[0].rouge.toFixed(0)} ms + BLEU ${runs[0].bleu.toFixed(0)} ms = ${cold.toFixed(0)} ms first run, ${warm.toFixed(0)} ms median of next 4 (budget ${BUDGET_MS} ms) ${ok ? 'ok' : 'OVER BUDGET'}`
);
// CPU time is less sensitive than wall time to other processes on a shared 2-core machine.
console.log(`  CPU time of the first run ${runs[0].cpu.toFixed(0)} ms`);
console.log(`  mean ROUGE-L F1 ${(100 * rougeF1).toFixed(2)}, corpus BLEU ${bleu.toFixed(4)}`);

// NLTK on the same 13a tokens. corpus_bleu alone is timed, inside Python.
const python = ['/usr/bin/python3', 'python3'].find(
	(exe) => spawnSync(exe, ['-c', 'import nltk'], { stdio: 'ignore' }).status === 0
);
if (!python) {
	console.log('  NLTK: skipped (no python3 with nltk; apt-get install python3-nltk)');
} else {
	const dir = mkdtempSync(join(tmpdir(), 'medpair-bench-'));
	const data = join(dir, 'tokens.json');
	writeFileSync(
		data,
		JSON.stringify({ hyps: hypotheses.map(tokenize13a), refs: references.map(tokenize13a) })
	);
	const script = `
import json, sys, time
from nltk.translate.bleu_score import corpus_bleu, SmoothingFunction
d = json.load(open(sys.argv[1]))
refs = [[r] for r in d['refs']]
t = time.perf_counter()
score = corpus_bleu(refs, d['hyps'], smoothing_function=SmoothingFunction().method3)
print(json.dumps({'seconds': time.perf_counter() - t, 'score': 100 * score}))
`;
	const out = spawnSync(python, ['-c', script, data], { encoding: 'utf8' });
	rmSync(dir, { recursive: true, force: true });
	if (out.status !== 0) throw new Error(`NLTK run failed: ${out.stderr}`);
	const nltk = JSON.parse(out.stdout) as { seconds: number; score: number };
	const nltkMs = 1000 * nltk.seconds;
	console.log(
		`  NLTK corpus_bleu (method3): ${nltkMs.toFixed(0)} ms, BLEU ${nltk.score.toFixed(4)} (|Δ| ${Math.abs(nltk.score - bleu).toExponential(1)}); ` +
			`NLTK / medpair BLEU = ${(nltkMs / runs[0].bleu).toFixed(1)}×, NLTK BLEU alone / medpair ROUGE-L + BLEU = ${(nltkMs / cold).toFixed(1)}×`
	);
	if (Math.abs(nltk.score - bleu) > 1e-9) {
		console.log('  BLEU DIFFERS FROM NLTK');
		process.exitCode = 1;
	}
}
if (!ok) process.exitCode = 1;
