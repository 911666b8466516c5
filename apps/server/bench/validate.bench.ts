/**
 * `npm run bench:validate`: time to parse and fully validate a generated mesh of 2,000
 * services and 10,000 Istio resources, and time to re-validate one 500-line document against
 * that snapshot (what the console's editor does per keystroke). Prints figures; asserts nothing.
 */
import { analyzeManifests, DocumentValidator } from '@meshlens/mesh-core/validation';
import { generateMesh, largeVirtualService } from './generate-mesh.ts';

const shape = { namespaces: 20, servicesPerNamespace: 100 };
const fullRuns = 3;
const editRuns = 30;

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const mesh = generateMesh(shape);
const bytes = mesh.inputs.reduce((n, i) => n + i.text.length, 0);
console.log(
  `mesh: ${mesh.services} services, ${mesh.istioResources} Istio resources, ${mesh.inputs.length} files, ${(bytes / 1e6).toFixed(1)} MB of YAML`,
);

const fullTimes: number[] = [];
let result = analyzeManifests(mesh.inputs);
for (let i = 0; i < fullRuns; i++) {
  const start = process.hrtime.bigint();
  result = analyzeManifests(mesh.inputs);
  fullTimes.push(ms(start));
}
const errors = result.findings.filter((f) => f.severity === 'error');
console.log(
  `parse + full validation: median ${median(fullTimes).toFixed(0)} ms over ${fullRuns} runs (${fullTimes.map((t) => t.toFixed(0)).join(', ')}) — target < 2000 ms`,
);
console.log(
  `  ${result.resourceCount} resources read, ${result.findings.length} findings (${errors.length} errors)`,
);
for (const f of errors.slice(0, 3))
  console.log(`  e.g. ${f.code} ${f.object?.name ?? ''} ${f.path}: ${f.message}`);

const doc = largeVirtualService('team-7', 'svc-42', 500);
const validator = new DocumentValidator(result.snapshot);
const first = process.hrtime.bigint();
let editFindings = validator.validate({ file: 'editor.yaml', text: doc });
const firstMs = ms(first);
const editTimes: number[] = [];
for (let i = 0; i < editRuns; i++) {
  // Each keystroke changes the text; vary it so nothing can be cached by identity.
  const text = doc.replace('timeout: 1s', `timeout: ${(i % 8) + 1}s`);
  const start = process.hrtime.bigint();
  editFindings = validator.validate({ file: 'editor.yaml', text });
  editTimes.push(ms(start));
}
console.log(
  `re-validate one ${doc.split('\n').length - 1}-line document: median ${median(editTimes).toFixed(1)} ms, max ${Math.max(...editTimes).toFixed(1)} ms over ${editRuns} runs (first, building indexes: ${firstMs.toFixed(1)} ms) — target < 50 ms`,
);
console.log(`  ${editFindings.length} findings on the edited document`);
