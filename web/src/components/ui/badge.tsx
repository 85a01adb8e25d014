export function Badge({ tone, children }: { tone: string; children: React.ReactNode }) {
  return <span className={`badge badge-${tone.toLowerCase()}`}>{children}</span>;
}
