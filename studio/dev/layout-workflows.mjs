// (Re)writes the saved `layout` of the shipped workflows (workflows/**/*.json, samples/ excepted: those are start
// inputs) with the Studio's own ELK settings, so the Studio draws them without loading ELK (docs/studio.md, "Saved
// layouts of the shipped workflows"). Run it after editing a workflow's steps:
//
//   npm --prefix studio run layout:workflows            rewrite every file whose layout differs
//   npm --prefix studio run layout:workflows -- --check  change nothing; exit 1 naming the files that are out of date
//   npm --prefix studio run layout:workflows -- workflows/finbox-repayment.json   only these files
//
// The graph ELK is given is the one studio/src/lib/graph.ts builds (`elkGraph`: node size, options, step order, edges),
// loaded through Vite; ELK runs in Node (elkjs's bundled build, the same layout code as the browser's worker).
// Positions are rounded to whole numbers, as the designer saves them. Only the `layout` property of each file is
// replaced (or added after the last property): comments and formatting elsewhere stay as they are.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import ELK from 'elkjs/lib/elk.bundled.js';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode } from 'jsonc-parser';

const studio = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(studio, '..');
const workflows = path.join(repo, 'workflows');

/** Every definition file the server loads (DefinitionLoader: *.json under the directory, samples/ at its root excepted). */
async function definitionFiles() {
  const entries = await readdir(workflows, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .filter((f) => !path.relative(workflows, f).startsWith('samples' + path.sep))
    .sort();
}

/** The layout as the file shows it: one line per step, in the order of `steps`. */
function formatLayout(layout, indent) {
  const lines = Object.entries(layout).map(([id, p]) => `${indent}${indent}${JSON.stringify(id)}: { "x": ${p.x}, "y": ${p.y} }`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const named = args.filter((a) => a !== '--check').map((a) => path.resolve(process.env.INIT_CWD ?? process.cwd(), a));
  const files = named.length ? named : await definitionFiles();
  const { module: graph } = await runnerImport(path.join(studio, 'src', 'lib', 'graph.ts'), { root: studio, logLevel: 'error' });
  const elk = new ELK();
  const stale = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const errors = [];
    const def = parse(text, errors, { allowTrailingComma: true });
    if (errors.length || !def || !Array.isArray(def.steps)) {
      const reason = errors.length ? printParseErrorCode(errors[0].error) + ' at offset ' + errors[0].offset : 'no "steps" array';
      throw new Error(`${path.relative(repo, file)}: not a definition (${reason}).`);
    }
    // What the Studio is served (GET /api/workflows/{id}: WorkflowDefinitionView), as far as the layout reads it.
    const view = { id: def.id, startStep: def.start, steps: def.steps.map((s) => ({ id: s.id, next: s.next ?? {} })) };
    const result = await elk.layout(graph.elkGraph(view));
    const at = new Map((result.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
    const layout = Object.fromEntries(view.steps.map((s) => [s.id, at.get(s.id) ?? { x: 0, y: 0 }]));

    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const root = parseTree(text, [], { allowTrailingComma: true });
    const existing = findNodeAtLocation(root, ['layout']);
    const value = formatLayout(layout, indent);
    let updated;
    if (existing) {
      updated = text.slice(0, existing.offset) + value + text.slice(existing.offset + existing.length);
    } else {
      const last = root.children[root.children.length - 1];
      const end = last.offset + last.length;
      updated = text.slice(0, end) + `,\n${indent}"layout": ${value}` + text.slice(end);
    }

    const name = path.relative(repo, file);
    if (updated === text) {
      console.log(`${name}: layout up to date (${view.steps.length} steps)`);
    } else if (check) {
      stale.push(name);
      console.log(`${name}: layout out of date`);
    } else {
      await writeFile(file, updated);
      console.log(`${name}: layout written (${view.steps.length} steps)`);
    }
  }

  if (stale.length) {
    console.error(`Out of date: ${stale.join(', ')}. Run: npm --prefix studio run layout:workflows`);
    process.exitCode = 1;
  }
}

await main();
