/**
 * Expands the configured input patterns of one kind (paths or globs with `*`, `?` and `**`) into a
 * sorted, de-duplicated list of files with their size and mtime (Node 20 has no fs.glob).
 * `*` and `?` never cross a `/` and, as in shells, do not match a leading dot; `**` matches any
 * number of folders, including none. A pattern that matches no file is errors.inputNotFound.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { InputKind } from '../config/types.js';
import { errors } from '../errors.js';

export interface InputFile {
  kind: InputKind;
  path: string;
  size: number;
  mtimeMs: number;
}

const GLOB_CHARS = /[*?]/;

export function expandInputs(kind: InputKind, patterns: readonly string[]): InputFile[] {
  const paths = new Set<string>();
  for (const pattern of patterns) {
    const matches = expandPattern(pattern);
    if (matches.length === 0) throw errors.inputNotFound(kind, pattern);
    for (const m of matches) paths.add(m);
  }
  return [...paths]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((path) => {
      const st = statSync(path);
      return { kind, path, size: st.size, mtimeMs: st.mtimeMs };
    });
}

function expandPattern(pattern: string): string[] {
  const abs = resolve(pattern);
  if (!GLOB_CHARS.test(abs)) return isFile(abs) ? [abs] : [];
  const parts = abs.split(sep);
  const firstGlob = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, firstGlob).join(sep) || sep;
  const out: string[] = [];
  walk(base, parts.slice(firstGlob), out);
  return out;
}

function walk(dir: string, rest: readonly string[], out: string[]): void {
  const [seg, ...tail] = rest;
  if (seg === '**') {
    if (tail.length > 0) walk(dir, tail, out);
    for (const sub of entries(dir)) {
      if (sub.isDirectory() && !sub.name.startsWith('.')) walk(join(dir, sub.name), rest, out);
      else if (tail.length === 0 && sub.isFile() && !sub.name.startsWith('.')) out.push(join(dir, sub.name));
    }
    return;
  }
  if (!GLOB_CHARS.test(seg)) {
    const path = join(dir, seg);
    if (tail.length === 0) {
      if (isFile(path)) out.push(path);
    } else walk(path, tail, out);
    return;
  }
  const re = segmentRegExp(seg);
  for (const e of entries(dir)) {
    if (!re.test(e.name)) continue;
    const path = join(dir, e.name);
    if (tail.length === 0) {
      if (isFile(path)) out.push(path);
    } else if (isDirectory(path)) walk(path, tail, out);
  }
}

function segmentRegExp(seg: string): RegExp {
  let src = seg.startsWith('.') ? '' : '(?!\\.)';
  for (const c of seg) {
    if (c === '*') src += '[^/]*';
    else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
