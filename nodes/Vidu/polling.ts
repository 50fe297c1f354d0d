import { itemIndexOf, type RoutedRequest, type ViduContext } from './context';
import { asNodeError, describeProviderCode, operationError } from './errors';
import { readTaskById } from './readTask';
import type { Task } from './task';
import { pause } from './transport';

const FIRST_POLL_MS = 1000;
const GROWTH = 1.5;
/** Status reads that still fail after their own retries, in a row, before the wait gives up. */
const MAX_FAILED_READS_IN_A_ROW = 3;

/**
 * Short pauses first, then longer ones while a task runs long; when the task reports progress the
 * pause aims at its expected end, so a long task costs a handful of reads, not hundreds.
 */
export function nextPollDelay(elapsedMs: number, polls: number, progress: number | undefined, maxMs: number) {
	let delay = FIRST_POLL_MS * GROWTH ** polls;
	if (progress !== undefined && progress > 0.02 && progress < 1) {
		delay = (elapsedMs * (1 - progress)) / progress + 250;
	}
	return Math.min(Math.max(delay, FIRST_POLL_MS), maxMs);
}

export interface WaitSettings {
	deadline: number;
	maxPollIntervalMs: number;
	timeLimitMinutes: number;
	routed?: RoutedRequest;
}

/** Polls until the task is completed or failed, or the time limit passes; every error names the task. */
export async function waitForTask(
	this: ViduContext,
	created: Task,
	settings: WaitSettings,
): Promise<Task> {
	const taskId = created.id as string;
	let task = created;
	let failedReads = 0;
	// Progress is paced from the first read that shows some: a task reports 0 while it is queued, so
	// pacing from the create puts the expected end far too late (a 3 s task read at 1 s, 17 % done
	// after a 0.6 s queue, looks like 5 s to go while 2 s are left).
	let firstProgress: { at: number; progress: number } | undefined;
	for (let polls = 0; task.state !== 'completed' && task.state !== 'failed'; polls++) {
		const left = settings.deadline - Date.now();
		if (left <= 0) throw timeLimitError.call(this, task, settings.timeLimitMinutes);
		if (!firstProgress && task.progress !== undefined && task.progress > 0 && task.progress < 1) {
			firstProgress = { at: Date.now(), progress: task.progress };
		}
		const progressSinceFirst =
			firstProgress && task.progress !== undefined
				? (task.progress - firstProgress.progress) / (1 - firstProgress.progress)
				: undefined;
		const elapsedSinceFirst = firstProgress ? Date.now() - firstProgress.at : 0;
		const delay = nextPollDelay(elapsedSinceFirst, polls, progressSinceFirst, settings.maxPollIntervalMs);
		await pause.call(this, Math.min(delay, left), taskId);
		try {
			task = await readTaskById.call(this, taskId, { deadline: settings.deadline, routed: settings.routed });
			failedReads = 0;
		} catch (error) {
			const status = Number((error as { httpCode?: string }).httpCode);
			const transient = !status || status === 429 || status >= 500;
			failedReads++;
			if (!transient || failedReads >= MAX_FAILED_READS_IN_A_ROW || Date.now() >= settings.deadline) {
				throw asNodeError(this.getNode(), error, itemIndexOf(this));
			}
		}
	}
	if (task.state === 'failed') throw taskFailedError.call(this, task);
	return task;
}

function taskFailedError(this: ViduContext, task: Task) {
	const code = task.error?.code;
	const words = describeProviderCode(code);
	const detail = task.error?.message ?? words ?? 'no reason given';
	return operationError(this.getNode(), `The video task failed: ${detail}`, {
		description: code ? `Provider code: ${code}${words ? ` (${words})` : ''}.` : undefined,
		taskId: task.id,
		itemIndex: itemIndexOf(this),
	});
}

function timeLimitError(this: ViduContext, task: Task, minutes: number) {
	const progress = task.progress !== undefined ? `, progress ${Math.round(task.progress * 100)}%` : '';
	return operationError(this.getNode(), `The task did not finish within the time limit of ${minutes} minutes`, {
		description: `It was last "${task.status || 'unknown'}"${progress}. The task keeps running: read it later with the Get Status operation and this task ID, or raise Wait Options > Time Limit.`,
		taskId: task.id,
		itemIndex: itemIndexOf(this),
	});
}
