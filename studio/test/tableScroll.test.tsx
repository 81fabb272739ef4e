import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TableScroll } from '../src/components/TableScroll';

describe('a table in a scroll box of its own', () => {
  it('is a named region the keyboard reaches, around the table', () => {
    render(<TableScroll label="Published versions" testId="version-table"><table><tbody><tr><td>v1</td></tr></tbody></table></TableScroll>);
    const box = screen.getByRole('region', { name: 'Published versions' });
    expect(box).toBe(screen.getByTestId('version-table'));
    expect(box.tabIndex).toBe(0);
    expect(box.className).toBe('table-scroll');
    expect(box.querySelector('table')).not.toBeNull();
  });
});
