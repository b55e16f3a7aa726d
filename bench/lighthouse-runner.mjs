// Run Lighthouse on several URLs, several times, in one Node process (saves Node start-up per run).
// Same as the CLI with --output=json --only-categories=... --chrome-flags=... : mobile defaults (simulated
// throttling), a fresh Chromium per run. Run it with Node 22 (bench/node_modules/node/bin/node): Lighthouse 13
// needs Node 22.19 or later.
// Usage: node bench/lighthouse-runner.mjs JOB.json   where JOB = {"urls": [...], "runs": 3, "outDir": "...",
//        "chromeFlags": [...], "categories": [...]}; writes outDir/<url index>-<run>.json and prints one line per run.
import fs from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

async function once(url, file) {
  const chrome = await chromeLauncher.launch({chromePath: process.env.CHROME_PATH, chromeFlags: job.chromeFlags});
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: job.categories, disableFullPageScreenshot: true,
    });
    fs.writeFileSync(file, result.report);
  } finally {
    await chrome.kill();
  }
}

for (let run = 0; run < job.runs; run++) {
  for (const [i, url] of job.urls.entries()) {  // round-robin, so machine noise spreads over every page
    const file = path.join(job.outDir, `${i}-${run}.json`);
    await once(url, file);
    console.log(JSON.stringify({url, run, file}));
  }
}
