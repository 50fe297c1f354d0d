/*
 * Shared by the queue-mode tests and bench/queue.js: the cluster (scripts/queue/cluster.js), the
 * workflows the scenarios run, and readers of the simulator's log and n8n's stored executions.
 *
 * Env: VIDU_QUEUE_KEEP_LOGS=1 (keep the n8n logs and print where), VIDU_QUEUE_VERBOSE=1 (progress lines),
 * VIDU_QUEUE_TIMING=1 (also run the one timed check, scenario 1's wall ÷ T ≤ 1.5), VIDU_QUEUE_SKIP_BUILD=1
 * (pack the dist/ that is there).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { Simulator } from '../../simulator';

// Plain CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startCluster } = require('../../scripts/queue/cluster');

export const REPO_DIR = path.resolve(__dirname, '..', '..');
export const SIM_KEY = 'queue-sim-key';
export const SAMPLE_MP4 = fs.readFileSync(path.join(REPO_DIR, 'simulator', 'assets', 'sample.mp4'));
export const CREATE_PATH = '/model/v1/generation';
export const CREDENTIAL_NAME = 'Vtrix (queue)';

export interface ClusterProcess {
	name: string;
	command: string;
	url: string;
	pid: number;
	hostId: string;
	logFile: string;
	log(): string;
	tail(n?: number): string;
	kill(): void;
	isRunning(): boolean;
}

export interface Execution {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
	createdAt: string;
}

export interface Item {
	json: Record<string, any>;
	binary?: Record<string, { id?: string; data?: string; mimeType: string; fileName?: string; fileSize?: string }>;
}

export interface Cluster {
	main: ClusterProcess;
	webhook: ClusterProcess;
	extraWebhooks: Record<string, ClusterProcess>;
	workers: ClusterProcess[];
	logDir: string;
	pg: { query(sql: string): Promise<any[]> };
	api(method: string, route: string, body?: unknown): Promise<any>;
	stop(): Promise<void>;
	createCredential(cred: { name: string; type: string; data: Record<string, unknown> }): Promise<string>;
	createWorkflow(workflow: Workflow, opts?: { activate?: boolean }): Promise<{ id: string; versionId: string; active: boolean }>;
	webhookUrl(webhookPath: string): string;
	webhooksOf(workflowId: string): Promise<Array<{ webhookPath: string; method: string; node: string }>>;
	executions(workflowId: string): Promise<Execution[]>;
	openExecutions(): Promise<Array<{ id: string; workflowId: string; status: string }>>;
	runData(executionId: string): Promise<any>;
	binaryRows(executionId: string): Promise<Array<{ fileId: string; fileSize: string; mimeType: string; fileName: string; data: string }>>;
	startedBy(): Record<string, string[]>;
}

export interface Workflow {
	name: string;
	nodes: any[];
	connections: Record<string, any>;
	settings?: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function say(line: string): void {
	if (process.env.VIDU_QUEUE_VERBOSE) process.stderr.write(`[queue] ${line}\n`);
}

export function packedTgz(): string {
	const tgz = process.env.VIDU_QUEUE_TGZ;
	if (!tgz || !fs.existsSync(tgz)) throw new Error('VIDU_QUEUE_TGZ is not set: run these tests with `npm run test:queue`');
	return tgz;
}

/** Names in the packed package's `n8n.nodes` (e.g. to tell whether the Vidu Trigger is in this build). */
export function packedNodeFiles(): string[] {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
	return (pkg.n8n && pkg.n8n.nodes) || [];
}

export function hasTrigger(): boolean {
	return packedNodeFiles().some((f) => /ViduTrigger/.test(f));
}

/**
 * n8n's other expression engine, for comparison in the bench: n8n 2.41's default (`vm`) builds and
 * disposes an isolate for every webhook call that starts a node other than n8n's Webhook node, and for
 * every credential read in a webhook; `legacy` builds none.
 */
export const LEGACY_EXPRESSIONS_ENV = { N8N_EXPRESSION_ENGINE: 'legacy' };

/**
 * Main + 2 workers (5 jobs each at most, so 10 executions at once need both) + webhook processor, all
 * on n8n's default settings unless `webhookEnv` says otherwise.
 */
export async function openCluster(
	tgz: string,
	{ workerConcurrency = 5, webhookEnv = {} as Record<string, string>, extraWebhooks = [] as Array<{ name: string; env?: Record<string, string> }> } = {},
): Promise<Cluster> {
	return startCluster({ tgz, workers: 2, workerConcurrency, webhookEnv, extraWebhooks, log: say });
}

/** Polls `check` every `everyMs` until it returns a truthy value; throws `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs: number, everyMs = 500): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value as NonNullable<T>;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(everyMs);
	}
}

/* Workflows. Every batch starts at a production Webhook (so the webhook processor puts the execution
 * on the queue and a worker runs it); the body's `items` become the items, one per task. */

export interface BatchItem {
	key: string;
	prompt: string;
}

function webhookNode(webhookPath: string): any {
	return {
		id: crypto.randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

function splitNode(): any {
	return {
		id: crypto.randomUUID(),
		name: 'Items',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} },
	};
}

export function viduNode(credentialId: string, parameters: Record<string, unknown>): any {
	return {
		id: crypto.randomUUID(),
		name: 'Vidu',
		type: 'n8n-nodes-vidu.vidu',
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: { vtrixApi: { id: credentialId, name: CREDENTIAL_NAME } },
	};
}

const straight = { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] }, Items: { main: [[{ node: 'Vidu', type: 'main', index: 0 }]] } };

/**
 * Webhook → items → Vidu. `vidu` are the Vidu node's parameters; the image is the simulator's sample
 * PNG by URL, the prompt and payload come from the item unless `vidu` says otherwise.
 */
export function batchWorkflow(name: string, webhookPath: string, credentialId: string, simUrl: string, vidu: Record<string, unknown>): Workflow {
	return {
		name,
		nodes: [
			webhookNode(webhookPath),
			splitNode(),
			viduNode(credentialId, {
				imageSource: 'url',
				imageUrl: `${simUrl}/images/sample.png`,
				prompt: '={{ $json.prompt }}',
				...vidu,
				additionalOptions: { payload: '={{ $json.key }}', ...((vidu.additionalOptions as object) || {}) },
			}),
		],
		connections: straight,
	};
}

/** Vidu Trigger alone (its executions are what the scenarios count). */
export function triggerWorkflow(name: string, credentialId: string, parameters: Record<string, unknown> = {}): Workflow {
	return {
		name,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Vidu Trigger',
				type: 'n8n-nodes-vidu.viduTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters,
				credentials: { vtrixApi: { id: credentialId, name: CREDENTIAL_NAME } },
			},
		],
		connections: {},
	};
}

export function batchBody(prefix: string, n: number, promptExtra = ''): { items: BatchItem[] } {
	return { items: Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i}`, prompt: `${prefix} clip ${i}${promptExtra}` })) };
}

/* The simulator's log. */

export function createRequests(sim: Simulator) {
	return sim.requests.filter((r) => r.method === 'POST' && r.path === CREATE_PATH);
}

/** Tasks created (answered 200), as [payload, taskId]. */
export function createdTasks(sim: Simulator): Array<{ payload: string; taskId: string; at: number }> {
	return createRequests(sim)
		.filter((r) => r.status === 200 && r.taskId)
		.map((r) => ({ payload: r.body && r.body.payload, taskId: r.taskId as string, at: r.at }));
}

/**
 * Creates `n` tasks straight at the simulator, all at once, each with `callbackUrl`: tasks that end
 * within a few milliseconds of each other, the worst burst of callbacks a batch can cause.
 */
export async function createTasksAtOnce(sim: Simulator, n: number, callbackUrl: string, prefix: string): Promise<string[]> {
	const create = async (i: number) => {
		const response = await fetch(`${sim.url}${CREATE_PATH}`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${SIM_KEY}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ model: 'viduq2_turbo_img2video', images: [`${sim.url}/images/sample.png`], prompt: `${prefix} ${i}`, payload: `${prefix}-${i}`, callback_url: callbackUrl }),
		});
		if (response.status !== 200) throw new Error(`create ${i} answered ${response.status}: ${await response.text()}`);
		return ((await response.json()) as { id: string }).id;
	};
	return await Promise.all(Array.from({ length: n }, (_, i) => create(i)));
}

/** Payloads that got more than one task. */
export function createdTwice(sim: Simulator): string[] {
	const seen = new Map<string, number>();
	for (const t of createdTasks(sim)) seen.set(t.payload, (seen.get(t.payload) || 0) + 1);
	return [...seen].filter(([, n]) => n > 1).map(([p]) => p);
}

/** How the callbacks went: answered 2xx at the first try, only after retries, or never. */
export function callbackSummary(sim: Simulator): { tasks: number; firstTry: number; afterRetry: number; never: number; deliveries: number } {
	const byTask = new Map<string, Array<{ attempt: number; ok: boolean }>>();
	for (const c of sim.callbacks) {
		const list = byTask.get(c.taskId) || [];
		list.push({ attempt: c.attempt, ok: c.status !== null && c.status >= 200 && c.status < 300 });
		byTask.set(c.taskId, list);
	}
	const out = { tasks: byTask.size, firstTry: 0, afterRetry: 0, never: 0, deliveries: sim.callbacks.length };
	for (const list of byTask.values()) {
		if (list.some((d) => d.ok && d.attempt === 1)) out.firstTry++;
		else if (list.some((d) => d.ok)) out.afterRetry++;
		else out.never++;
	}
	return out;
}

/**
 * Waits until every one of `n` tasks has had a 2xx answer to its callback (no retry follows one), or
 * until the simulator has surely given up (5 attempts × 5 s + 4 × 3 s apart); the tests then assert.
 */
export async function settleCallbacks(sim: Simulator, n: number): Promise<void> {
	const answered = () => {
		const summary = callbackSummary(sim);
		return summary.firstTry + summary.afterRetry === n;
	};
	await waitFor(`${n} callbacks answered`, answered, 60000).catch(() => undefined);
}

/* n8n's stored executions. */

/** The items of a node's last run in a stored execution. */
export async function nodeItems(cluster: Cluster, executionId: string, node: string): Promise<Item[]> {
	const data = await cluster.runData(executionId);
	const runs = data && data.resultData && data.resultData.runData && data.resultData.runData[node];
	const last = runs && runs[runs.length - 1];
	return (last && last.data && last.data.main && last.data.main[0]) || [];
}

export async function executionError(cluster: Cluster, executionId: string): Promise<string | null> {
	const data = await cluster.runData(executionId);
	const err = data && data.resultData && data.resultData.error;
	return err ? `${err.message}${err.description ? ` (${err.description})` : ''}` : null;
}

/** Wall time of a stored execution in seconds (n8n's startedAt → stoppedAt). */
export function executionSeconds(execution: Execution): number {
	return (Date.parse(execution.stoppedAt as string) - Date.parse(execution.startedAt as string)) / 1000;
}

/** POST a JSON body to a production webhook; resolves with the HTTP status. */
export async function postJson(url: string, body: unknown): Promise<number> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const rest = require('../../scripts/n8n/rest');
	const res = await rest.request('POST', url, body, { timeoutMs: 60000 });
	if (res.status !== 200) throw new Error(`POST ${url} answered ${res.status}: ${res.text.slice(0, 300)}`);
	return res.status;
}

/** The executions of a workflow that are not among `before`, once `n` of them have finished. */
export async function waitForExecutions(cluster: Cluster, workflowId: string, before: Execution[], n: number, timeoutMs: number, everyMs = 1000): Promise<Execution[]> {
	const old = new Set(before.map((e) => e.id));
	return waitFor(
		`${n} finished execution(s) of workflow ${workflowId}`,
		async () => {
			const fresh = (await cluster.executions(workflowId)).filter((e) => !old.has(e.id));
			const done = fresh.filter((e) => e.stoppedAt && !['new', 'running', 'waiting'].includes(e.status));
			return done.length >= n ? done : null;
		},
		timeoutMs,
		everyMs,
	);
}
