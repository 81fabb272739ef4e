// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../src/api/client';
import type { InstanceFilters, InstanceSummary } from '../src/api/types';

// The fixture server must page like the real API (docs/api.md: `next`/`after`), or the Studio is developed against a
// list that behaves otherwise. These tests run it on a free port, with the simulation stopped (no journey moves).
const script = fileURLToPath(new URL('../dev/fixture-server.mjs', import.meta.url));
let server: ChildProcess | undefined;
let api: ApiClient;

beforeAll(async () => {
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: '0', API_KEY: 'test-key', TICK_MS: '86400000' }, stdio: ['ignore', 'pipe', 'inherit'] });
  server = child;
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`fixture server exited (${code}) before listening: ${out}`)));
  });
  api = new ApiClient({ baseUrl: base, fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, 'X-Api-Key': 'test-key' } }) });
});

afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) process.kill(server.pid);
});

async function walk(filters: InstanceFilters): Promise<{ ids: string[]; pages: number; lastNext: string | null }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await api.listInstances({ ...filters, ...(after ? { after } : {}) });
    pages++;
    ids.push(...page.items.map((i: InstanceSummary) => i.id));
    if (!page.next) return { ids, pages, lastNext: page.next };
    after = page.next;
  }
}

describe('fixture server paging', () => {
  it.each([
    { sort: 'createdAt', order: 'desc' },
    { sort: 'createdAt', order: 'asc' },
    { sort: 'updatedAt', order: 'desc' },
    { sort: 'updatedAt', order: 'asc' },
  ] as const)('follows next through the whole list, sorted by $sort $order, without duplicates or gaps', async (order) => {
    const all = await api.listInstances({ ...order, take: 500 });
    expect(all.total).toBeGreaterThan(7);
    expect(all.next).toBeNull();
    const walked = await walk({ ...order, take: 7 });
    expect(walked.ids).toEqual(all.items.map((i) => i.id));
    expect(walked.pages).toBe(Math.floor(all.total / 7) + 1);
  });

  it('answers the total of the whole list on every page, and next only for a full page', async () => {
    const first = await api.listInstances({ take: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.next).toEqual(expect.any(String));
    const second = await api.listInstances({ take: 5, after: first.next! });
    expect(second.total).toBe(first.total);
    const last = await api.listInstances({ take: 500, after: first.next! });
    expect(last.items).toHaveLength(first.total - 5);
    expect(last.next).toBeNull();
  });

  it('refuses a cursor of another sort and a token that is not a cursor, naming after', async () => {
    const { next } = await api.listInstances({ take: 3, sort: 'updatedAt' });
    for (const filters of [{ after: next!, sort: 'createdAt' }, { after: 'bm90IGEgY3Vyc29y' }] as InstanceFilters[]) {
      const error = await api.listInstances(filters).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      expect(Object.keys((error as ApiError).problem.errors ?? {})).toEqual(['after']);
    }
  });
});

describe('fixture server audit trail', () => {
  it('pages by before like the API: an action recorded meanwhile neither shifts nor repeats the next page', async () => {
    const live = (await api.listInstances({ status: ['Running', 'Waiting'], take: 500 })).items;
    expect(live.length).toBeGreaterThan(5);
    for (const i of live.slice(0, 5)) await api.cancel(i.id, `paging ${i.id}`);
    const all = await api.listAudit({ action: ['cancel'], take: 1000 });
    const first = await api.listAudit({ action: ['cancel'], take: 2 });
    expect(first.items.map((e) => e.seq)).toEqual(all.items.slice(0, 2).map((e) => e.seq));
    expect(first.next).toBe(first.items[1].seq);

    await api.cancel(live[5].id, 'recorded while paging');
    const second = await api.listAudit({ action: ['cancel'], take: 2, before: first.next! });
    expect(second.items.map((e) => e.seq)).toEqual(all.items.slice(2, 4).map((e) => e.seq));
    expect(second.total).toBe(all.total + 1);
    const last = await api.listAudit({ action: ['cancel'], take: 2, before: all.items[3].seq });
    expect(last.items.map((e) => e.seq)).toEqual(all.items.slice(4).map((e) => e.seq));
    expect(last.next).toBeNull();
  });
});
