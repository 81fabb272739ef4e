import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityDescriptor } from '../src/api/types';
import { Palette } from '../src/designer/Palette';

// Session 46's designer walk: the palette put each of its ~38 buttons in the Tab order between the filter and the
// canvas. It is one Tab stop now (a toolbar with a roving tabindex); arrows, Home and End move inside it.
const act = (type: string, category: string) => ({ type, title: type, category, description: '', isWait: false, isOnceOnly: false, isTerminal: false, inputs: [], outputs: [], outcomes: [] }) as unknown as ActivityDescriptor;
const activities = [act('Core.Branch', 'Core'), act('Core.End', 'Core'), act('FinBox.CreateUser', 'FinBox'), act('FinBox.RunBre', 'FinBox')];

const items = () => screen.getAllByTestId('palette-item') as HTMLButtonElement[];
const stops = () => items().filter((b) => b.tabIndex === 0).map((b) => b.dataset.activity);

describe('the palette from the keyboard', () => {
  it('is one Tab stop, moved with the arrows, Home and End, across categories', () => {
    const onAdd = vi.fn();
    render(<Palette activities={activities} onAdd={onAdd} />);
    expect(screen.getByRole('toolbar', { name: 'Activities' })).toBeTruthy();
    expect(stops()).toEqual(['Core.Branch']);
    expect(items().filter((b) => b.tabIndex !== 0).every((b) => b.tabIndex === -1)).toBe(true);

    items()[0].focus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect((document.activeElement as HTMLElement).dataset.activity).toBe('FinBox.CreateUser');
    expect(stops()).toEqual(['FinBox.CreateUser']);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect((document.activeElement as HTMLElement).dataset.activity).toBe('FinBox.RunBre');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect((document.activeElement as HTMLElement).dataset.activity).toBe('FinBox.RunBre');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect((document.activeElement as HTMLElement).dataset.activity).toBe('FinBox.CreateUser');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect((document.activeElement as HTMLElement).dataset.activity).toBe('Core.Branch');
    expect(onAdd).not.toHaveBeenCalled();
  });

  it('keeps a Tab stop when the filter hides the current one', () => {
    render(<Palette activities={activities} onAdd={vi.fn()} />);
    items()[0].focus();
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    fireEvent.change(screen.getByTestId('palette-filter'), { target: { value: 'core' } });
    expect(stops()).toEqual(['Core.Branch']);
  });
});
