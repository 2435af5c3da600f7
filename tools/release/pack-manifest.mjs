#!/usr/bin/env node
// `prepack` / `postpack` of every public package (npm runs them around `npm pack` and `npm publish`, so also
// around `changeset publish`). In the repository, each exports entry has an `@alma/source` condition pointing at
// src/*.ts: typecheck and tsx resolve sibling packages to their sources with it, so no build is needed in
// development. src/ is not in the tarball, so the published manifest must not name it: prepack writes the
// package.json without that condition, and without the development scripts that run sources with it (bench,
// examples), keeping the original beside it; postpack puts the original back.
//
// Usage (from a package directory): node ../../tools/release/pack-manifest.mjs prepack|postpack
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const SOURCE_CONDITION = '@alma/source';
const MANIFEST = 'package.json';
const BACKUP = '.package.json.prepack';

/** The exports map without the source condition, nested conditions included. */
function stripSourceCondition(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, stripSourceCondition(inner)]),
  );
}

function prepack() {
  // A backup left by an interrupted pack is the real manifest: restore it before stripping again.
  if (existsSync(BACKUP)) renameSync(BACKUP, MANIFEST);
  const text = readFileSync(MANIFEST, 'utf8');
  const manifest = JSON.parse(text);
  const scripts = Object.fromEntries(Object.entries(manifest.scripts ?? {}).filter(([, command]) => !command.includes(SOURCE_CONDITION)));
  const published = { ...manifest, scripts, ...(manifest.exports === undefined ? {} : { exports: stripSourceCondition(manifest.exports) }) };
  writeFileSync(BACKUP, text);
  writeFileSync(MANIFEST, `${JSON.stringify(published, null, 2)}\n`);
}

function postpack() {
  if (existsSync(BACKUP)) renameSync(BACKUP, MANIFEST);
}

const [action] = process.argv.slice(2);
if (action === 'prepack') prepack();
else if (action === 'postpack') postpack();
else if (action !== undefined) {
  console.error(`pack-manifest: unknown action '${action}' (prepack or postpack)`);
  process.exitCode = 2;
}
