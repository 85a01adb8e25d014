// Performance marks the end-to-end test reads (time to first render of a page's data).
const marked = new Set<string>();

/** Marks `name` once per page load (performance.getEntriesByName(name)). */
export function markOnce(name: string): void {
  if (marked.has(name) || typeof performance === 'undefined' || !performance.mark) return;
  marked.add(name);
  performance.mark(name);
}
