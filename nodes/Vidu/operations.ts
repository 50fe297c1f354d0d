import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RoutedRequest } from './context';

import { buildCreateBody } from './createBody';
import { buildFamilyBody } from './familyBody';
import { inModelWords } from './familyErrors';
import type { ModelSpec } from './models/types';
import { additionalOptionDefaults, waitOptionDefaults } from './descriptions/options';
import { asNodeError, clipAnswer, operationError, withTaskId } from './errors';
import { waitForTask } from './polling';
import { downloadVideo, readTaskById } from './readTask';
import { parseTask, taskToJson, type Task } from './task';
import { tasksInFlightFor, type Slot, type TasksInFlight } from './tasksInFlight';
import { pause, retryDelayMs, sendToApi } from './transport';

/** Creates refused with 429 that go back to the gate before the item gives up. */
const MAX_RATE_LIMITED_CREATES = 10;

/** Get Status: the task as it stands, with its video once completed. */
export async function getStatus(this: IExecuteSingleFunctions, routed: RoutedRequest): Promise<INodeExecutionData> {
	const task = await readTaskById.call(this, String(this.getNodeParameter('taskId', '')), { routed });
	return task.state === 'completed' ? await resultItem.call(this, task, routed) : outputItem(this, task);
}

/** Create, or Create and Wait: the task holds a slot of the node run's gate until it ends (or is returned). */
export async function submitTask(
	this: IExecuteSingleFunctions,
	routed: RoutedRequest,
	wait: boolean,
): Promise<INodeExecutionData> {
	const options = { ...additionalOptionDefaults, ...(this.getNodeParameter('additionalOptions', {}) as IDataObject) };
	// Version 1 is the one model it shipped with; version 2 the family (Vidu.node.ts).
	const { body, model } =
		this.getNode().typeVersion >= 2
			? await buildFamilyBody.call(this, routed)
			: { body: await buildCreateBody.call(this, routed.body), model: undefined };
	const gate = tasksInFlightFor(this.getExecuteData(), Number(options.maxTasksInFlight), this.logger);
	const { task, slot } = await createTask.call(this, routed, body, gate, model);
	try {
		if (!wait) return outputItem(this, task);
		const settings = { ...waitOptionDefaults, ...(this.getNodeParameter('waitOptions', {}) as IDataObject) };
		const timeLimitMinutes = Number(settings.timeLimit);
		const finished = await waitForTask.call(this, task, {
			deadline: Date.now() + timeLimitMinutes * 60_000,
			maxPollIntervalMs: Number(settings.maxPollInterval) * 1000,
			timeLimitMinutes,
			routed,
		});
		return await resultItem.call(this, finished, routed);
	} catch (error) {
		// Whatever fails after the create names the task, so a paid task is never lost.
		throw withTaskId(asNodeError(this.getNode(), error, this.getItemIndex()), task.id);
	} finally {
		slot.release();
	}
}

/**
 * Sends the create the routing built, with the checked body. A 429 hands the slot back: the gate lowers
 * the limit and the item queues again after the Retry-After (the API took nothing, so nothing is paid twice).
 */
async function createTask(
	this: IExecuteSingleFunctions,
	routed: RoutedRequest,
	body: IDataObject | Buffer,
	gate: TasksInFlight,
	model: ModelSpec | undefined,
): Promise<{ task: Task; slot: Slot }> {
	for (let attempt = 1; ; attempt++) {
		const slot = await gate.acquire();
		try {
			const response = await sendToApi.call(this, { routed, body, kind: 'create', action: 'Creating the task' });
			gate.succeeded();
			const task = parseTask(response.body);
			if (!task?.id) {
				throw operationError(this.getNode(), 'The Vtrix API accepted the request but answered without a task ID', {
					description: `The task may exist: look for it in your Vtrix dashboard. Answer: ${clipAnswer(response.body)}`,
					itemIndex: this.getItemIndex(),
				});
			}
			// n8n's log then holds every paid task's id, even if this worker dies before the item is returned.
			this.logger.info(`Vidu: task ${task.id} created (item ${this.getItemIndex()}, execution ${this.getExecutionId()})`);
			return { task, slot };
		} catch (error) {
			const refusal = error as { httpCode?: string; context?: IDataObject };
			const rateLimited = refusal.httpCode === '429';
			// The cut comes before the slot is handed on, so the next item already meets the lower limit.
			if (rateLimited) gate.rateLimited(slot);
			slot.release();
			if (!rateLimited || attempt >= MAX_RATE_LIMITED_CREATES) {
				const nodeError = asNodeError(this.getNode(), error, this.getItemIndex());
				throw model ? inModelWords(nodeError, model) : nodeError;
			}
			await pause.call(this, retryDelayMs(attempt, refusal.context?.retryAfter));
		}
	}
}

/** A completed task as an item: its video URL, and the file itself when asked. */
async function resultItem(this: IExecuteSingleFunctions, task: Task, routed: RoutedRequest): Promise<INodeExecutionData> {
	if (!task.videoUrl) {
		throw operationError(this.getNode(), 'The task completed but the API returned no video URL', {
			description: `Answer: ${clipAnswer(task.raw)}`,
			taskId: task.id,
			itemIndex: this.getItemIndex(),
		});
	}
	const item = outputItem(this, task);
	if (this.getNodeParameter('downloadVideo', false) as boolean) {
		const property = String(this.getNodeParameter('binaryPropertyOutput', 'data')).trim() || 'data';
		item.binary = { [property]: await downloadVideo.call(this, task.videoUrl, task.id as string, routed) };
	}
	return item;
}

function outputItem(context: IExecuteSingleFunctions, task: Task): INodeExecutionData {
	return { json: taskToJson(task), pairedItem: { item: context.getItemIndex() } };
}
