// Lighthouse (mobile preset, simulated throttling) on the pages a reader
// lands on: Performance must be 100 and the text-compression and unused-CSS
// audits must pass. Reports go to OUT as HTML and JSON.
//
// Each page is measured RUNS times (default 3) and judged on the run with
// the median Performance score, as Lighthouse advises for its variability
// (a busy CI machine inflates Total Blocking Time in single runs); the two
// audits must pass in every run.
//
// Usage: node .ci/lighthouse.mjs BASE_URL OUT_DIR
// CHROME_PATH defaults to /usr/bin/chromium. Exits 1 when a page falls short.
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: node .ci/lighthouse.mjs BASE_URL OUT_DIR');
  process.exit(2);
}
const pages = [
  ['home', '/'],
  ['article', '/articles/exercise-for-back-pain'],
  ['start', '/start'],
  ['exercise', '/exercises/cobra'],
];
const audits = ['uses-text-compression', 'unused-css-rules'];
fs.mkdirSync(out, { recursive: true });

async function run(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    return await lighthouse(url, { port: chrome.port, output: ['html', 'json'], logLevel: 'error' });
  } finally {
    await chrome.kill();
  }
}

// Wait up to 30 s for the server to answer /healthz.
for (let i = 0; ; i++) {
  try {
    if ((await fetch(new URL('/healthz', base))).ok) break;
  } catch {}
  if (i >= 300) {
    console.error(`${base}/healthz did not answer within 30 s`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}

const runs = Math.max(1, parseInt(process.env.RUNS || '3', 10));
const perfOf = (r) => r.lhr.categories.performance.score ?? 0;

let failed = false;
const rows = [];
for (const [name, p] of pages) {
  const url = new URL(p, base).href;
  const results = [];
  const problems = [];
  for (let i = 0; i < runs; i++) {
    let result = await run(url);
    // Under load Chromium sometimes misses the navigation start: one retry.
    if (result.lhr.runtimeError) {
      console.log(`${name}: ${result.lhr.runtimeError.code}; retrying once`);
      result = await run(url);
    }
    if (result.lhr.runtimeError) {
      problems.push(`runtime error ${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`);
      break;
    }
    for (const id of audits) {
      const a = result.lhr.audits[id];
      if (!a || a.score !== 1) problems.push(`run ${i + 1}: ${id} ${a ? `score ${a.score}: ${a.displayValue || ''}` : 'missing'}`);
    }
    results.push(result);
  }
  if (!results.length) {
    failed = true;
    console.log(`FAIL ${name} (${url}): ${problems.join('; ')}`);
    continue;
  }
  results.sort((a, b) => perfOf(a) - perfOf(b));
  const { lhr, report } = results[Math.floor((results.length - 1) / 2)];
  fs.writeFileSync(path.join(out, `${name}.report.html`), report[0]);
  fs.writeFileSync(path.join(out, `${name}.report.json`), report[1]);
  const perf = perfOf({ lhr });
  if (perf !== 1) problems.push(`median performance ${Math.round(perf * 100)}, want 100`);
  const m = (id) => lhr.audits[id]?.displayValue ?? '-';
  rows.push(`${name.padEnd(9)} perf ${String(Math.round(perf * 100)).padStart(3)} (runs: ${results.map((r) => Math.round(perfOf(r) * 100)).join(' ')})  FCP ${m('first-contentful-paint')}  LCP ${m('largest-contentful-paint')}  TBT ${m('total-blocking-time')}  CLS ${m('cumulative-layout-shift')}  ${audits.map((id) => `${id} ${lhr.audits[id]?.score}`).join('  ')}`);
  if (problems.length) {
    failed = true;
    console.log(`FAIL ${name} (${url}): ${problems.join('; ')}`);
  }
}
console.log(rows.join('\n'));
console.log(`reports: ${out}`);
process.exit(failed ? 1 : 0);
