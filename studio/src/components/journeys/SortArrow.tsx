

export function SortArrow({ dir }: { dir: string }) {
  return <span className="sort-arrow" aria-hidden="true">{dir === 'descending' ? '▼' : dir === 'ascending' ? '▲' : '↕'}</span>;
}
