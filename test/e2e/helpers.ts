/*
 * Shared by the e2e tests: the package installed in a real n8n (1.x and 2.x), workflows
 * imported and executed through n8n's CLI (scripts/n8n/runner.js), the simulator in-process.
 *
 * Each test file starts one simulator, prepares a user folder per n8n line, then runs its
 * workflows on both lines at the same time (different user folders: safe with the runner),
 * one after the other within a line. The tests then only look at the stored results.
 *
 * Env: VIDU_E2E_LINES=v1|v2|v1,v2 (default both), VIDU_E2E_SERIAL=1 (lines one after the
 * other), VIDU_E2E_KEEP=1 (keep the user folders and print where they are), VIDU_E2E_VERBOSE=1
 * (print each run's items and error).
 */
import * as fs from 'fs';
import * as path from 'path';

import { startSimulator, type Simulator } from '../../simulator';

// Plain CommonJS without types: the few functions used here are typed below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runner = require('../../scripts/n8n/runner');
// The examples, their credential and the simulator key, as npm run demo and npm start use them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require('../../scripts/demo');

export const REPO_DIR: string = demo.REPO_DIR;
/** The credential the shipped examples reference (by id and name). */
export const EXAMPLE_CREDENTIAL: { id: string; name: string } = { id: demo.CREDENTIAL.id, name: demo.CREDENTIAL.name };
export const SIM_KEY: string = demo.SIM_KEY;
export const SAMPLE_PNG = fs.readFileSync(path.join(REPO_DIR, 'simulator', 'assets', 'sample.png'));
export const SAMPLE_MP4 = fs.readFileSync(path.join(REPO_DIR, 'simulator', 'assets', 'sample.mp4'));
export const VIDU_TYPE = 'n8n-nodes-vidu.vidu';

export type Line = 'v1' | 'v2';

export const LINES: Line[] = (process.env.VIDU_E2E_LINES || 'v1,v2')
	.split(',')
	.map((s) => s.trim())
	.filter((s): s is Line => s === 'v1' || s === 'v2');

export interface Item {
	json: Record<string, any>;
	binary?: Record<string, BinaryEntry>;
	pairedItem?: unknown;
}

export interface BinaryEntry {
	data?: string;
	id?: string;
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	[k: string]: unknown;
}

export interface RunError {
	message: string;
	description?: string;
	name?: string;
	node?: string;
	context?: Record<string, any>;
	output?: string;
}

export interface RunResult {
	ok: boolean;
	status?: string;
	lastNodeExecuted?: string;
	lastNodeItems: Item[];
	nodeItems: Record<string, Item[]>;
	error: RunError | null;
	raw: { code: number | null; stdout: string; stderr: string; timedOut: boolean };
	/** Wall time of `n8n execute`, ms. */
	ms: number;
}

export interface Workflow {
	id?: string;
	name?: string;
	nodes: any[];
	connections: Record<string, any>;
	[k: string]: unknown;
}

export interface LineCtx {
	line: Line;
	userFolder: string;
	[k: string]: unknown;
}

/** The tarball packed once by globalSetup. */
export function packedTgz(): string {
	const tgz = process.env.VIDU_E2E_TGZ;
	if (!tgz || !fs.existsSync(tgz)) throw new Error('VIDU_E2E_TGZ is not set: run the e2e tests with `npm run test:e2e`');
	return tgz;
}

export async function startSim(): Promise<Simulator> {
	// keepBodies: the request log keeps the inline image, to compare it with the PNG sent.
	return startSimulator({ port: 0, apiKey: SIM_KEY, taskSeconds: 1, keepBodies: true });
}

/** A user folder for one line with the package installed and the `Vtrix API` credential pointing at the simulator. */
export async function openLine(line: Line, sim: Simulator, credential = EXAMPLE_CREDENTIAL): Promise<LineCtx> {
	const ctx = await runner.createUserFolder({ line, tgz: packedTgz() });
	await runner.importCredential(ctx, {
		...credential,
		type: 'vtrixApi',
		data: { apiKey: SIM_KEY, baseUrl: sim.url },
	});
	return ctx;
}

export function closeLine(ctx: LineCtx | undefined): void {
	if (!ctx) return;
	if (process.env.VIDU_E2E_KEEP) {
		process.stderr.write(`[e2e] kept ${ctx.line} user folder: ${ctx.userFolder}\n`);
		return;
	}
	runner.removeUserFolder(ctx);
}

/** Import several workflows with one n8n command. */
export async function importWorkflows(ctx: LineCtx, workflows: Workflow[]): Promise<void> {
	await runner.importWorkflow(ctx, workflows);
}

/** `n8n execute` one workflow; logs one line (line, workflow, outcome, seconds) to stderr. */
export async function execute(ctx: LineCtx, workflowId: string): Promise<RunResult> {
	const t0 = Date.now();
	const res = await runner.executeWorkflow(ctx, workflowId);
	const ms = Date.now() - t0;
	const outcome = res.ok ? 'ok' : `failed: ${res.error ? res.error.message : '?'}`;
	process.stderr.write(`[e2e] n8n ${ctx.line} ${workflowId}: ${outcome} (${(ms / 1000).toFixed(1)} s)\n`);
	if (process.env.VIDU_E2E_VERBOSE) process.stderr.write(`${describeRun({ ...res, ms })}\n`);
	return { ...res, ms };
}

export function readBinary(ctx: LineCtx, entry: BinaryEntry | undefined): Buffer {
	return runner.readBinary(ctx, entry);
}

/** A shipped example as users import it, with only the simulator URL replaced (and an id added). */
export function loadExample(file: string, simUrl: string, id: string): Workflow {
	return demo.loadExample({ file, id }, simUrl) as Workflow;
}

/** A workflow id as n8n makes them (16 alphanumerics), readable in logs. */
export function workflowId(line: Line, name: string): string {
	return `${line}${name}`.replace(/[^A-Za-z0-9]/g, '').padEnd(16, '0').slice(0, 16);
}

/** Short result summary for failure messages. */
export function describeRun(res: RunResult | undefined): string {
	if (!res) return 'no result';
	const items = Object.fromEntries(
		Object.entries(res.nodeItems).map(([node, items]) => [node, items.map((i) => i.json)]),
	);
	return JSON.stringify({ ok: res.ok, status: res.status, error: res.error, items }, null, 2).slice(0, 6000);
}

export type PerLine<T> = Record<Line, { value?: T; error?: unknown }>;

/**
 * Runs `work(line)` for every line (in parallel unless VIDU_E2E_SERIAL=1) and keeps each
 * line's outcome, so one line failing does not hide the other's results.
 */
export async function perLine<T>(work: (line: Line) => Promise<T>): Promise<PerLine<T>> {
	const out = {} as PerLine<T>;
	const one = async (line: Line) => {
		try {
			out[line] = { value: await work(line) };
		} catch (error) {
			out[line] = { error };
		}
	};
	if (process.env.VIDU_E2E_SERIAL) {
		for (const line of LINES) await one(line);
	} else {
		await Promise.all(LINES.map(one));
	}
	return out;
}

/** The value of a perLine outcome, or the error it ended with. */
export function valueOf<T>(outcome: { value?: T; error?: unknown } | undefined): T {
	if (!outcome) throw new Error('this line did not run');
	if (outcome.error !== undefined) throw outcome.error;
	return outcome.value as T;
}

/** The create request the simulator logged for a task. */
export function createRequestOf(sim: Simulator, taskId: string) {
	const req = sim.requests.find((r) => r.method === 'POST' && r.path === '/model/v1/generation' && r.taskId === taskId);
	if (!req) throw new Error(`no create request logged for ${taskId}`);
	return req;
}

export function pngDataUrl(): string {
	return `data:image/png;base64,${SAMPLE_PNG.toString('base64')}`;
}

/* Building blocks for test workflows. */

export function manualTrigger(name = 'Manual'): any {
	return {
		id: `${name}-id`,
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export function codeNode(name: string, jsCode: string, x = 200): any {
	return { id: `${name}-id`, name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [x, 0], parameters: { jsCode } };
}

/** HTTP Request that downloads a URL into the binary field `data`, once per input item. */
export function downloadNode(name: string, url: string, x = 400): any {
	return {
		id: `${name}-id`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [x, 0],
		parameters: { url, options: { response: { response: { responseFormat: 'file' } } } },
	};
}

export function viduNode(name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}, x = 600): any {
	return {
		id: `${name}-id`,
		name,
		type: VIDU_TYPE,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { vtrixApi: { ...EXAMPLE_CREDENTIAL } },
		...extra,
	};
}

/** Connections of a straight chain a -> b -> c. */
export function chain(...names: string[]): Record<string, any> {
	const connections: Record<string, any> = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}
