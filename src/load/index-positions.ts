// Where each node of a YAML document starts, kept after its Document is let go. At thousands of files,
// holding every Document slows each garbage collection more than parsing costs; parsing again to find a
// line (as plans once did for every changed guest) doubled the parsing. This index is the middle way: a
// few numbers per node, taken from the one parse, answering every `locate` without the Document.
import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";

/** A node's start offset (-1 when it has none, as for `key:` without a value) and its children. */
export interface NodeIndex {
  at: number;
  /** For a map entry: where its key starts. */
  keyAt: number;
  /** A map's keys, in order, as strings (undefined for a key that is not a scalar); absent for lists. */
  keys?: (string | undefined)[];
  /** A map's values or a list's items; absent for scalars and aliases. */
  items?: NodeIndex[];
}

export function indexPositions(doc: Document): NodeIndex {
  return indexNode(doc.contents as Node | null, -1);
}

function indexNode(node: unknown, keyAt: number): NodeIndex {
  const at = (node as Node | null)?.range?.[0] ?? -1;
  if (isMap(node)) {
    const keys: (string | undefined)[] = [];
    const items: NodeIndex[] = [];
    for (const pair of node.items) {
      keys.push(isScalar(pair.key) ? String(pair.key.value) : undefined);
      items.push(indexNode(pair.value, (pair.key as Node | null)?.range?.[0] ?? -1));
    }
    return { at, keyAt, keys, items };
  }
  if (isSeq(node)) return { at, keyAt, items: node.items.map((item) => indexNode(item, -1)) };
  return { at, keyAt };
}

/**
 * The offset where the node at `path` starts: its key when `key` is set, else its value; the nearest
 * ancestor's when the path leaves the document. The same answers as walking the Document itself.
 */
export function offsetAt(root: NodeIndex, path: readonly (string | number)[], key: boolean): number {
  let node: NodeIndex | undefined = root;
  let offset = root.at === -1 ? 0 : root.at;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (node.keys) {
      const found = node.keys.indexOf(String(seg));
      if (found === -1) break;
      const child: NodeIndex = node.items![found]!;
      if (i === path.length - 1 && key) return child.keyAt === -1 ? offset : child.keyAt;
      offset = child.at !== -1 ? child.at : child.keyAt !== -1 ? child.keyAt : offset;
      node = child;
    } else if (node.items) {
      node = node.items[Number(seg)];
      if (!node) break;
      if (node.at !== -1) offset = node.at;
    } else {
      break;
    }
  }
  return offset;
}
