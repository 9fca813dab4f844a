// Lighthouse (mobile preset, simulated throttling) on the pages a reader
// lands on: Performance must be 100 and the text-compression and unused-CSS
// audits must pass. Reports go to OUT as HTML and JSON.
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

let failed = false;
const rows = [];
for (const [name, p] of pages) {
  const url = new URL(p, base).href;
  let result = await run(url);
  // Under load Chromium sometimes misses the navigation start: one retry.
  if (result.lhr.runtimeError) {
    console.log(`${name}: ${result.lhr.runtimeError.code}; retrying once`);
    result = await run(url);
  }
  const { lhr, report } = result;
  fs.writeFileSync(path.join(out, `${name}.report.html`), report[0]);
  fs.writeFileSync(path.join(out, `${name}.report.json`), report[1]);
  const problems = [];
  if (lhr.runtimeError) problems.push(`runtime error ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const perf = lhr.categories.performance.score;
  if (perf !== 1) problems.push(`performance ${Math.round((perf ?? 0) * 100)}, want 100`);
  for (const id of audits) {
    const a = lhr.audits[id];
    if (!a || a.score !== 1) problems.push(`${id} ${a ? `score ${a.score}: ${a.displayValue || ''}` : 'missing'}`);
  }
  const m = (id) => lhr.audits[id]?.displayValue ?? '-';
  rows.push(`${name.padEnd(9)} perf ${String(Math.round((perf ?? 0) * 100)).padStart(3)}  FCP ${m('first-contentful-paint')}  LCP ${m('largest-contentful-paint')}  TBT ${m('total-blocking-time')}  CLS ${m('cumulative-layout-shift')}  ${audits.map((id) => `${id} ${lhr.audits[id]?.score}`).join('  ')}`);
  if (problems.length) {
    failed = true;
    console.log(`FAIL ${name} (${url}): ${problems.join('; ')}`);
  }
}
console.log(rows.join('\n'));
console.log(`reports: ${out}`);
process.exit(failed ? 1 : 0);
