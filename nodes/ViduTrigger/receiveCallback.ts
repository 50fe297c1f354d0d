import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readTaskById, taskToJson, type Task } from '../Vidu/readTask';
import { readCallbackTaskId, type CallbackHttpRequest } from './callbackRequest';
import { hasStarted, isRepeatedDelivery, readOnce } from './deliveries';
import type { TriggerEvent } from './description';

/**
 * One read of the task, no retry: an API that refuses or fails is answered 503 at once, and one that hangs
 * within 4 s, before a provider that waits 5 s gives up. Not shorter: in a burst of callbacks the
 * processor's event loop runs seconds late, and a tighter timer would fire before an answer that has
 * already arrived, turning every slow success into a 503. A task no call got read is finished by the
 * recipe's sweep (README, batch by callback) or by the provider's next delivery.
 */
const READ_TIMEOUT_MS = 4000;

/** Nothing started: n8n sends no answer of its own and runs no workflow. */
const NOTHING_STARTED: IWebhookResponseData = { noWebhookResponse: true };

/**
 * One callback: its task ID → the task as the API has it (read with the credential, as Get Status does)
 * → an item when the task has ended with a picked event and has not started a workflow before. The
 * call is answered as soon as the task is read; the download is left to the execution, so the
 * provider's few seconds of waiting never include it.
 */
export async function receiveCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const reading = readCallbackTaskId(this.getRequestObject() as unknown as CallbackHttpRequest);
	if ('refusal' in reading) {
		answer(this, reading.refusal.status, { message: reading.refusal.message });
		return NOTHING_STARTED;
	}
	const { taskId } = reading;
	// A test call ("Listen for test event") always starts: it is one call, and it must not use up the task.
	const nodeKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	const isTest = this.getMode() === 'manual';
	const staticData = this.getWorkflowStaticData('node');
	// A task that started this workflow before is answered without reading it again: the provider's
	// retries of a call it got no answer to in time then cost no API call and no credential read.
	if (!isTest && hasStarted(nodeKey, staticData, taskId)) return alreadyStarted(this, taskId);

	let task: Task;
	try {
		const read = async () => await readTaskById.call(this, taskId, { deadline: Date.now(), timeout: READ_TIMEOUT_MS });
		task = isTest ? await read() : await readOnce(nodeKey, taskId, read);
	} catch (error) {
		return refuseUnread(this, taskId, error);
	}

	const events = this.getNodeParameter('events', []) as TriggerEvent[];
	if (task.state !== 'completed' && task.state !== 'failed') {
		answer(this, 200, { taskId, started: false, message: `Task ${taskId} is still ${task.status || 'running'}: nothing started` });
		return NOTHING_STARTED;
	}
	if (!events.includes(task.state)) {
		answer(this, 200, { taskId, started: false, message: `Task ${taskId} ${task.state}: this trigger does not start on that event` });
		return NOTHING_STARTED;
	}
	if (!isTest && isRepeatedDelivery(nodeKey, staticData, taskId)) return alreadyStarted(this, taskId);

	answer(this, 200, { taskId, started: true, message: `Task ${taskId} ${task.state}: workflow started` });
	// The video is downloaded by the node's execute() once the execution runs (see attachVideo.ts).
	return { noWebhookResponse: true, workflowData: [[{ json: taskToJson(task) }]] };
}

function alreadyStarted(context: IWebhookFunctions, taskId: string): IWebhookResponseData {
	answer(context, 200, { taskId, started: false, message: `Task ${taskId} already started this workflow: nothing started` });
	return NOTHING_STARTED;
}

/**
 * The task could not be read. An unknown ID (404) is no task of this credential's account: refused for
 * good. Anything else (the API unreachable, a rate limit, a refused key) may pass: 503 asks the
 * provider to deliver again later.
 */
function refuseUnread(context: IWebhookFunctions, taskId: string, error: unknown): IWebhookResponseData {
	const message = (error as Error).message;
	if ((error as { httpCode?: string }).httpCode === '404') {
		answer(context, 404, { taskId, started: false, message: `Task ${taskId} was not found with this trigger's credential: nothing started` });
	} else {
		context.logger.warn(`Vidu Trigger could not read the task of a callback: ${message}`, { taskId });
		answer(context, 503, { taskId, started: false, message: `Could not read the task: ${message}. Nothing started; deliver again later.` });
	}
	return NOTHING_STARTED;
}

function answer(context: IWebhookFunctions, status: number, body: IDataObject): void {
	context.getResponseObject().status(status).json(body);
}
