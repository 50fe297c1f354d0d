/*
 * The batch-by-callback recipe (examples/, with its Data Table ledger and sweep) in queue mode, against a
 * provider that delivers each callback once: many tasks that end together, recorded in the ledger as the
 * create workflow records them; then which of them reached the recipe's last node, how (callback or
 * sweep) and when. Used by test/queue/queue.test.ts (scenario 6) and bench/queue.js (part 3d).
 */
import * as fs from 'fs';
import * as path from 'path';

import type { Simulator } from '../../simulator';
import { CREDENTIAL_NAME, createTasksAtOnce, REPO_DIR, sleep, waitFor, type Cluster, type Workflow } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const taskLedger = require('../../scripts/n8n/taskLedger');

export const LAST_NODE = 'Upload the Video (replace me)';
const EXAMPLE_CREDENTIAL_ID = 'VtrixApiExample1';

export interface Ledger {
	projectId: string;
	tableId: string;
}

export interface Reached {
	/** Task id → the executions whose last node got it. */
	byTask: Map<string, string[]>;
	/** Execution id → mode ('webhook': a callback, 'trigger': the sweep) and when it stopped. */
	executions: Map<string, { mode: string; stoppedMs: number }>;
}

/** The shipped receive recipe for a cluster: its credential, the ledger, a sweep every `everySeconds` s. */
export function receiveRecipe(credentialId: string, ledger: Ledger, everySeconds: number, graceSeconds: number, webhookId: string): Workflow {
	const file = path.join(REPO_DIR, 'examples', 'batch-by-callback-receive.json');
	const text = fs.readFileSync(file, 'utf8').split(`"${EXAMPLE_CREDENTIAL_ID}"`).join(JSON.stringify(credentialId)).split('"Vtrix API"').join(JSON.stringify(CREDENTIAL_NAME));
	const { name, nodes, connections, settings } = JSON.parse(text);
	const swept = taskLedger.withFastSweep({ name: `${name} (${webhookId.slice(0, 8)})`, nodes, connections, settings }, everySeconds, graceSeconds, webhookId);
	return taskLedger.withLedger(swept, ledger.tableId);
}

export async function openLedger(cluster: Cluster): Promise<Ledger> {
	return await taskLedger.ensureLedger(cluster.api);
}

/** `n` tasks made at once, each calling `callbackUrl`, recorded in the ledger as the create workflow does. */
export async function createRecordedTasks(cluster: Cluster, sim: Simulator, ledger: Ledger, n: number, callbackUrl: string, prefix: string): Promise<string[]> {
	const taskIds = await createTasksAtOnce(sim, n, callbackUrl, prefix);
	await taskLedger.recordTasks(cluster.api, ledger, taskIds);
	return taskIds;
}

/** Which tasks reached the last node of `workflowId`, in which executions. */
export async function reachedLastNode(cluster: Cluster, workflowId: string, known: Reached = { byTask: new Map(), executions: new Map() }): Promise<Reached> {
	for (const e of await cluster.executions(workflowId)) {
		if (known.executions.has(e.id) || !['success', 'error', 'crashed'].includes(e.status)) continue;
		const data = await cluster.runData(e.id);
		const runs = data?.resultData?.runData?.[LAST_NODE] ?? [];
		for (const run of runs) {
			for (const item of run?.data?.main?.[0] ?? []) {
				const id = item.json.taskId as string;
				known.byTask.set(id, [...(known.byTask.get(id) ?? []), e.id]);
			}
		}
		known.executions.set(e.id, { mode: e.mode, stoppedMs: e.stoppedAt ? new Date(e.stoppedAt).getTime() : NaN });
	}
	return known;
}

/** Waits until every task in `taskIds` reached the last node (or `timeoutMs` passed); the last state either way. */
export async function waitUntilReached(cluster: Cluster, workflowId: string, taskIds: string[], timeoutMs: number): Promise<Reached> {
	const reached: Reached = { byTask: new Map(), executions: new Map() };
	await waitFor(
		`${taskIds.length} tasks at the recipe's last node`,
		async () => {
			await reachedLastNode(cluster, workflowId, reached);
			return taskIds.every((id) => reached.byTask.has(id)) || null;
		},
		timeoutMs,
		2000,
	).catch(() => undefined);
	await sleep(2000);
	return await reachedLastNode(cluster, workflowId, reached);
}

export interface BurstSummary {
	tasks: number;
	/** From the first task's end to the last's. */
	endSpreadMs: number;
	/** Tasks at the last node once / more than once / never. */
	once: number;
	twice: number;
	lost: number;
	byCallback: number;
	bySweep: number;
	/** Callbacks the receiver answered 2xx within the provider's wait. */
	answered: number;
	deliveries: number;
	/** From the first task's end to the end of the execution that processed the last task. */
	allDoneS: number | null;
}

export function summarize(sim: Simulator, taskIds: string[], reached: Reached): BurstSummary {
	const ends = taskIds.map((id) => sim.tasks.get(id)?.endedMs ?? NaN);
	const firstEnd = Math.min(...ends);
	const counts = taskIds.map((id) => reached.byTask.get(id)?.length ?? 0);
	const modes = taskIds.map((id) => reached.executions.get(reached.byTask.get(id)?.[0] ?? '')?.mode);
	const ids = new Set(taskIds);
	const calls = sim.callbacks.filter((c) => ids.has(c.taskId));
	const done = taskIds.map((id) => reached.executions.get(reached.byTask.get(id)?.[0] ?? '')?.stoppedMs ?? NaN);
	return {
		tasks: taskIds.length,
		endSpreadMs: Math.max(...ends) - firstEnd,
		once: counts.filter((c) => c === 1).length,
		twice: counts.filter((c) => c > 1).length,
		lost: counts.filter((c) => c === 0).length,
		byCallback: modes.filter((m) => m === 'webhook').length,
		bySweep: modes.filter((m) => m === 'trigger').length,
		answered: calls.filter((c) => c.status !== null && c.status >= 200 && c.status < 300).length,
		deliveries: calls.length,
		allDoneS: counts.every((c) => c > 0) ? (Math.max(...done) - firstEnd) / 1000 : null,
	};
}
