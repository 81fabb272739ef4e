// A client of the LoanJourney API written only against the types openapi-typescript generated from the served OpenAPI
// document (./schema.d.ts, written next to this file by the test) and openapi-fetch: tsc compiles it, node runs it
// against a real server. It starts a personal-loan journey with the typed per-workflow operation, reads it back, and
// starts one with a wrong field type; it prints one JSON line the test checks.
import { readFileSync } from 'node:fs';
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type StartInput = components['schemas']['FinboxPersonalLoanStartInput'];

const [baseUrl, apiKey, samplePath, customerId] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl, headers: { 'X-Api-Key': apiKey } });

const input: StartInput = { ...(JSON.parse(readFileSync(samplePath, 'utf8')) as StartInput), customerId };

const started = await client.POST('/api/workflows/finbox-personal-loan/instances', { body: input });
if (!started.data) {
  throw new Error(`start answered ${started.response.status}: ${JSON.stringify(started.error)}`);
}

const read = await client.GET('/api/instances/{id}', { params: { path: { id: started.data.id } } });
if (!read.data) {
  throw new Error(`read answered ${read.response.status}: ${JSON.stringify(read.error)}`);
}

// The compiler refuses a number for customerId, so this start has to say so; the server must refuse it too.
const wrong = await client.POST('/api/workflows/finbox-personal-loan/instances', {
  body: { ...input, customerId: 42 as unknown as string },
});
const problem: components['schemas']['ProblemDetails'] | undefined = wrong.error;

console.log(JSON.stringify({
  startStatus: started.response.status,
  id: started.data.id,
  read: { id: read.data.id, workflowId: read.data.workflowId, version: read.data.version, correlationId: read.data.correlationId, status: read.data.status },
  wrong: { status: wrong.response.status, contentType: wrong.response.headers.get('content-type'), errors: problem?.errors ?? null },
}));
