/**
 * Aho-Corasick: every word of a list found in one pass over a text, however many words there are.
 * Each trie node holds its children by code point, its `fail` node (the longest proper suffix of
 * its path that is also a path of the trie) and the words ending there (its own and, merged at
 * build, those of its fail chain), so the scan never walks back over the text.
 */
interface Node<T> {
  next: Map<number, Node<T>>;
  fail: Node<T> | null;
  out: Word<T>[];
}

interface Word<T> {
  /** Length in code points. */
  length: number;
  value: T;
}

export interface Automaton<T> {
  root: Node<T>;
  size: number;
}

export interface AutomatonMatch<T> {
  /** Index of the first and one past the last matched code point in the scanned sequence. */
  start: number;
  end: number;
  value: T;
}

const node = <T>(): Node<T> => ({ next: new Map(), fail: null, out: [] });

/** Builds the automaton of `entries` (keys are code point sequences; empty keys are skipped). */
export function buildAutomaton<T>(entries: readonly { key: readonly number[]; value: T }[]): Automaton<T> {
  const root = node<T>();
  let size = 0;
  for (const { key, value } of entries) {
    if (key.length === 0) continue;
    let at = root;
    for (const code of key) {
      let child = at.next.get(code);
      if (!child) at.next.set(code, (child = node<T>()));
      at = child;
    }
    at.out.push({ length: key.length, value });
    size++;
  }
  // Breadth first: a node's fail target is shallower, so it is complete when the node is reached.
  const queue: Node<T>[] = [];
  for (const child of root.next.values()) {
    child.fail = root;
    queue.push(child);
  }
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head];
    if (!parent) break;
    for (const [code, child] of parent.next) {
      let f = parent.fail;
      while (f && !f.next.has(code)) f = f.fail;
      child.fail = f?.next.get(code) ?? root;
      if (child.fail.out.length) child.out = child.out.concat(child.fail.out);
      queue.push(child);
    }
  }
  return { root, size };
}

/** Every occurrence of every word in `codes`, overlapping ones included, in order of their end. */
export function findAll<T>(automaton: Automaton<T>, codes: readonly number[]): AutomatonMatch<T>[] {
  const { root } = automaton;
  const found: AutomatonMatch<T>[] = [];
  let at = root;
  codes.forEach((code, i) => {
    let next = at.next.get(code);
    while (!next && at !== root) {
      at = at.fail ?? root;
      next = at.next.get(code);
    }
    at = next ?? root;
    for (const word of at.out) found.push({ start: i + 1 - word.length, end: i + 1, value: word.value });
  });
  return found;
}
