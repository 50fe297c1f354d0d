import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { acquireSlot } from '../concurrency';
import { asThrownError, clipAnswer, operationError, taskIdOf } from '../errors';
import { waitOptionDefaults } from '../descriptions/wait';
import { CREATE_PATH } from '../constants';
import { waitForTask } from '../polling';
import { readTaskById } from '../readTask';
import { parseTask, taskToJson, type Task } from '../task';
import { sendToApi } from '../transport';
import { downloadVideo } from '../video';

/**
 * Runs one item's operation. n8n's routing calls it (as a `pagination` function) with the request it
 * built, because submitting with retries, holding a concurrency slot until the task ends, waiting and
 * downloading are more than one request and a postReceive could not release the slot on failure.
 */
export async function runOperation(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const operation = this.getNodeParameter('operation', 'createAndWait') as string;
	const itemIndex = this.getItemIndex();
	let taskId: string | undefined;
	try {
		if (operation === 'getStatus') return [await getStatus.call(this)];
		const waitOptions = { ...waitOptionDefaults, ...(this.getNodeParameter('waitOptions', {}) as IDataObject) };
		const release = await acquireSlot(
			`${this.getExecutionId()}:${this.getNode().name}`,
			Number(waitOptions.maxConcurrent),
		);
		try {
			const created = await createTask.call(this, requestData.options);
			taskId = created.id;
			if (operation === 'create') return [outputItem(this, created)];
			const timeLimitMinutes = Number(waitOptions.timeLimit);
			const finished = await waitForTask.call(this, created, {
				deadline: Date.now() + timeLimitMinutes * 60_000,
				maxPollIntervalMs: Number(waitOptions.maxPollInterval) * 1000,
				timeLimitMinutes,
			});
			return [await resultItem.call(this, finished)];
		} finally {
			release();
		}
	} catch (error) {
		if (!this.continueOnFail()) throw asThrownError(this.getNode(), error, itemIndex);
		// The item carries the error in its JSON, with the task id, so a paid task is never lost.
		const failure = error as { message?: string; description?: string };
		return [
			{
				json: {
					error: failure.message ?? String(error),
					description: failure.description ?? null,
					taskId: taskIdOf(error) ?? taskId ?? null,
				},
				pairedItem: { item: itemIndex },
			},
		];
	}
}

/** Sends the request the routing built (Operation's `routing.request`, body from the fields and preSend). */
async function createTask(
	this: IExecuteSingleFunctions,
	request: DeclarativeRestApiSettings.HttpRequestOptions,
): Promise<Task> {
	const response = await sendToApi.call(this, {
		method: request.method ?? 'POST',
		url: request.url ?? CREATE_PATH,
		body: request.body as IDataObject | Buffer,
		kind: 'create',
		action: 'Creating the task',
	});
	const task = parseTask(response.body);
	if (!task?.id) {
		throw operationError(this.getNode(), 'The Vtrix API accepted the request but answered without a task ID', {
			description: `The task may exist: look for it in your Vtrix dashboard. Answer: ${clipAnswer(response.body)}`,
			itemIndex: this.getItemIndex(),
		});
	}
	return task;
}

async function getStatus(this: IExecuteSingleFunctions): Promise<INodeExecutionData> {
	const task = await readTaskById.call(this, String(this.getNodeParameter('taskId', '')));
	return task.state === 'completed' ? await resultItem.call(this, task) : outputItem(this, task);
}

/** A completed task as an item: its video URL, and the file itself when asked. */
async function resultItem(this: IExecuteSingleFunctions, task: Task): Promise<INodeExecutionData> {
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
		item.binary = { [property]: await downloadVideo.call(this, task.videoUrl, task.id as string) };
	}
	return item;
}

function outputItem(context: IExecuteSingleFunctions, task: Task): INodeExecutionData {
	return { json: taskToJson(task), pairedItem: { item: context.getItemIndex() } };
}
