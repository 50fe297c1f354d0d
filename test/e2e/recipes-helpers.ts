/*
 * For the recipes e2e: a real n8n server (`n8n start`) per line with the package, the example
 * credential and workflows imported, an owner logged in, and n8n's REST API to activate workflows,
 * run them and read their stored executions.
 */
import * as http from 'http';
import * as path from 'path';

import { EXAMPLE_CREDENTIAL, loadExample, packedTgz, SIM_KEY, type Item, type Line, type Workflow } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require('../../scripts/n8n/runner');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rest = require('../../scripts/n8n/rest');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const taskLedger = require('../../scripts/n8n/taskLedger');

/** Where the recipes expect n8n (its default address): replaced by the test server's. */
const EXAMPLE_N8N_URL = 'http://localhost:5678';
const OWNER = { email: 'owner@example.com', password: 'Recipes1234' };

export interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	workflowId: string;
	data: { resultData: { runData: Record<string, Array<{ data?: { main: Item[][] } }>>; error?: { message: string } } };
}

export interface ServerLine {
	line: Line;
	ctx: any;
	/** The server's base URL (its production webhooks live under `${url}/webhook/`). */
	url: string;
	stop(): Promise<void>;
	output(): string;
	/** Activates (publishes) a workflow and waits until its production webhook at `webhookUrl` is live. */
	activate(workflowId: string, webhookUrl: string): Promise<void>;
	/** Runs a workflow from its Manual Trigger, as *Execute workflow* does; returns the execution id. */
	run(workflowId: string, triggerName?: string): Promise<string>;
	/** Executions of a workflow (or of all), newest first, without run data. */
	executions(workflowId?: string): Promise<Array<Omit<Execution, 'data'>>>;
	execution(id: string): Promise<Execution>;
	readBinary(entry: unknown): Buffer;
	/** Creates the recipe's Data Table `vidu_tasks` (once) and points these workflows' Data Table nodes at it. */
	useLedger(workflowIds: string[]): Promise<void>;
	/** The ledger's rows. */
	ledgerRows(): Promise<LedgerRow[]>;
	/** Records task ids in the ledger, as the create workflow's Record the Task node does. */
	recordTasks(taskIds: string[]): Promise<void>;
}

export interface LedgerRow {
	id: number;
	taskId: string;
	claimedBy: string | null;
}

/** Whether an execution read back has ended, its data stored (scripts/n8n/rest.js). */
export const hasEnded: (execution: Execution) => boolean = rest.hasEnded;

/** The receive recipe with a fast sweep (see scripts/n8n/taskLedger.js). */
export const withFastSweep: (workflow: Workflow, everySeconds: number, graceSeconds: number, webhookId?: string) => Workflow = taskLedger.withFastSweep;

/** A recipe as shipped, with the simulator's and n8n's addresses replaced by the test's. */
export function loadRecipe(file: string, simUrl: string, n8nUrl: string, id: string): Workflow {
	const workflow = loadExample(file, simUrl, id);
	return JSON.parse(JSON.stringify(workflow).split(EXAMPLE_N8N_URL).join(n8nUrl)) as Workflow;
}

/**
 * n8n for one line: user folder with the package, the credential the examples use (pointing at the
 * simulator) and `workflows` imported, then `n8n start` on a free port, owner created and logged in.
 * Binary data on disk on both lines (1.x keeps it in memory by default: not for 200 MB videos).
 */
export async function startServerLine(
	line: Line,
	simUrl: string,
	workflows: (n8nUrl: string) => Workflow[],
): Promise<ServerLine> {
	const ctx = await runner.createUserFolder({ line, tgz: packedTgz(), binaryDataMode: 'filesystem' });
	const port: number = await runner.getFreePort();
	const url = `http://127.0.0.1:${port}`;
	await runner.importCredential(ctx, { ...EXAMPLE_CREDENTIAL, type: 'vtrixApi', data: { apiKey: SIM_KEY, baseUrl: simUrl } });
	await runner.importWorkflow(ctx, workflows(url));
	const server = await runner.startN8n(ctx, { port, env: { WEBHOOK_URL: `${url}/`, ...runner.RECIPE_ENV[line] } });
	try {
		const owner = await rest.ensureOwner(url, OWNER);
		if (owner !== 'created' && owner !== 'exists') throw new Error(`owner setup: ${owner}`);
		const cookie: string = await rest.login(url, OWNER);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const flatted = require(path.join(ctx.n8n.dir, 'node_modules', 'flatted'));
		const api = rest.sessionApi(url, cookie);
		let ledger: { projectId: string; tableId: string } | undefined;
		const ledgerOf = async () => (ledger ??= await taskLedger.ensureLedger(api));
		return {
			line,
			ctx,
			url,
			stop: async () => await server.stop(),
			output: () => server.output(),
			activate: async (workflowId, webhookUrl) => {
				await rest.activateWorkflow(url, cookie, workflowId);
				// A GET to a live POST webhook is refused as the wrong method, to an unknown one as "not registered".
				await waitFor(`${webhookUrl} to be registered`, async () => {
					const answer = await fetch(webhookUrl);
					return /is not registered\./.test(await answer.text()) ? undefined : true;
				});
			},
			run: async (workflowId, triggerName = 'Manual Trigger') => await rest.runWorkflow(url, cookie, workflowId, triggerName),
			executions: async (workflowId) => await rest.listExecutions(url, cookie, workflowId),
			execution: async (id) => await rest.getExecution(url, cookie, id, flatted.parse),
			readBinary: (entry) => runner.readBinary(ctx, entry),
			useLedger: async (workflowIds) => {
				const { tableId } = await ledgerOf();
				for (const id of workflowIds) await taskLedger.pointAtLedger(api, id, tableId);
			},
			ledgerRows: async () => await taskLedger.ledgerRows(api, await ledgerOf()),
			recordTasks: async (taskIds) => await taskLedger.recordTasks(api, await ledgerOf(), taskIds),
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/** Polls `probe` until it returns a value (not undefined); fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

/** Items of a node's first output in its last run. */
export function nodeItems(execution: Execution, node: string): Item[] {
	const runs = execution.data.resultData.runData[node] ?? [];
	return runs[runs.length - 1]?.data?.main?.[0] ?? [];
}

/** POST to a URL with exactly these bytes; the answer's status and JSON. */
export async function post(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: any }> {
	const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
	const text = await response.text();
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = { text };
	}
	return { status: response.status, json };
}

/**
 * POSTs a JSON body and hangs up `afterMs` after it is sent, without reading any answer: what a provider
 * does whose wait for the answer has run out. Resolves once the connection is closed.
 */
export async function postAndHangUp(url: string, body: string, afterMs: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const request = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
		request.on('response', () => reject(new Error(`${url} answered within ${afterMs} ms: nothing was hung up on`)));
		request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
		request.on('close', () => resolve());
		request.end(body, () => setTimeout(() => request.destroy(), afterMs));
	});
}
