/** Line numbers of config keys, from the parsed YAML document, so every error can name its line. */
import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter } from 'yaml';

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * The 1-based line of the deepest part of `path` present in the document: the key's own line when
 * the key exists (not its value's, which for a block mapping starts below it), else its parent's.
 */
export function lineOfPath(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = isNode(node) && node.range ? node.range[0] : 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      if (isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && isNode(node.items[segment])) {
      const item = node.items[segment];
      if (isNode(item) && item.range) offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}
