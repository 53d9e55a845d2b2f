// node check.mjs MANIFEST.yaml: types the VirtualMachine manifest as KubeVirt's V1VirtualMachine (an object literal,
// so TypeScript's excess-property check catches a misspelled field) and runs tsc on it. Exit 0 when it type-checks.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = YAML.parse(readFileSync(process.argv[2], 'utf8'));
const work = mkdtempSync(join(here, '.check-'));
try {
  const source = join(work, 'vm.ts');
  writeFileSync(source,
    `import type { V1VirtualMachine } from '@kubevirt-ui/kubevirt-api/kubevirt/models/V1VirtualMachine';\n` +
    `export const vm: V1VirtualMachine = ${JSON.stringify(manifest, null, 2)};\n`);
  execFileSync(process.execPath, [join(here, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--skipLibCheck',
    '--target', 'es2020', '--module', 'esnext', '--moduleResolution', 'bundler', source], { stdio: 'inherit', cwd: here });
} catch {
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
