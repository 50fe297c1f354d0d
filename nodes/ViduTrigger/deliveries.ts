import type { IDataObject } from 'n8n-workflow';

/** How many finished task IDs each trigger node remembers (the oldest are forgotten first). */
export const REMEMBERED_TASKS = 1000;

/**
 * The tasks this process has started a workflow for, per trigger node. n8n saves workflow static data
 * only when the webhook call is done (after the download) and from one request's copy of it, so two
 * deliveries of one task that arrive close together would both miss it there; this catches them
 * within one process.
 */
const startedHere = new Map<string, string[]>();

/** Appends `taskId` (moved to the end if known), keeping the most recent `limit` IDs. */
export function remember(list: readonly string[], taskId: string, limit = REMEMBERED_TASKS): string[] {
	return [...list.filter((id) => id !== taskId), taskId].slice(-limit);
}

function storedList(staticData: IDataObject): string[] {
	const value = staticData.deliveredTaskIds;
	return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** True when this task already started a workflow from this trigger node (nothing is recorded). */
export function hasStarted(nodeKey: string, staticData: IDataObject, taskId: string): boolean {
	return (startedHere.get(nodeKey) ?? []).includes(taskId) || storedList(staticData).includes(taskId);
}

/**
 * True when this task already started a workflow from this trigger node (then nothing is recorded);
 * otherwise records it and returns false. Synchronous, so two concurrent deliveries cannot both pass.
 */
export function isRepeatedDelivery(nodeKey: string, staticData: IDataObject, taskId: string): boolean {
	if (hasStarted(nodeKey, staticData, taskId)) return true;
	const here = startedHere.get(nodeKey) ?? [];
	const stored = storedList(staticData);
	startedHere.set(nodeKey, remember(here, taskId));
	staticData.deliveredTaskIds = remember(stored, taskId);
	return false;
}

/** Reads under way in this process, per trigger node and task. */
const readsUnderWay = new Map<string, Promise<unknown>>();

/**
 * One read of a task at a time per trigger node: a delivery that arrives while the same task is being
 * read (the provider retries a call it got no answer to in time) waits for that read instead of
 * sending another. In a burst of callbacks this keeps a slow answer from multiplying the work.
 */
export async function readOnce<T>(nodeKey: string, taskId: string, read: () => Promise<T>): Promise<T> {
	const key = `${nodeKey}\n${taskId}`;
	const underWay = readsUnderWay.get(key) as Promise<T> | undefined;
	if (underWay) return await underWay;
	const reading = read().finally(() => readsUnderWay.delete(key));
	readsUnderWay.set(key, reading);
	return await reading;
}
