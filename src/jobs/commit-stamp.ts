/**
 * What a committed partition folder's _SUCCESS says about how it was made, so a rerun can tell
 * whether the folder is still what this run would write:
 *  - `analysis`: the analysis fingerprint of the config (fingerprint.ts);
 *  - `content`: the hash of the partition's input rows (partition-content-hash.ts);
 *  - `store`: the ingestHash of the store it was read from.
 * Same analysis and same store: skip without reading anything. Same analysis and same content
 * from a different store (inputs were added, e.g. a new day): the folder is still right, only its
 * stamp is renewed. Anything else: redo the partition.
 */
export interface CommitStamp {
  analysis: string;
  content: string;
  store: string;
}

export function formatStamp(stamp: CommitStamp): string {
  return `${JSON.stringify({ analysis: stamp.analysis, content: stamp.content, store: stamp.store })}\n`;
}

/** null for a missing, empty (written by another tool) or unreadable stamp: the folder is redone */
export function parseStamp(text: string | null): CommitStamp | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<CommitStamp>;
    if (typeof v.analysis === 'string' && typeof v.content === 'string' && typeof v.store === 'string') {
      return { analysis: v.analysis, content: v.content, store: v.store };
    }
  } catch {
    // not a stamp of ours
  }
  return null;
}
