import { taskPath } from './constants';
import { itemIndexOf, type RoutedRequest, type ViduContext } from './context';
import { clipAnswer, operationError } from './errors';
import { parseTask, type Task } from './task';
import { sendToApi } from './transport';

/** The Vidu Trigger reads and downloads through this module, with the code the Vidu node uses. */
export type { ViduContext } from './context';
export type { Task } from './task';
export { taskToJson } from './task';
export { downloadVideo } from './video';

/** What to put in Get Status's Task ID, for the errors about it. */
const TASK_ID_HINT = 'Give the taskId a Create operation returned, e.g. with an expression {{ $json.taskId }}.';

export interface ReadOptions {
	/** The request n8n's routing built for the item (Request Options included); a webhook has none. */
	routed?: RoutedRequest;
	/** Epoch ms after which no retry is started. */
	deadline?: number;
	/** Ms to wait for the answer, when there is no routed request to take the Timeout from. */
	timeout?: number;
}

/**
 * Reads a task by its ID, with the transport's retries, errors in words and the task normalised: what
 * Get Status does, what Create and Wait polls with, and what the Vidu Trigger re-reads a callback's task
 * with. `this` is an item's context or a webhook's.
 */
export async function readTaskById(this: ViduContext, taskId: string, options: ReadOptions = {}): Promise<Task> {
	const id = taskId.trim();
	if (!id || /^\.{1,2}$/.test(id)) {
		// "." and ".." would be resolved as path steps (even percent-encoded), reading another path.
		throw operationError(this.getNode(), id ? `"${id}" is not a valid task ID` : 'Task ID is empty', {
			description: TASK_ID_HINT,
			itemIndex: itemIndexOf(this),
		});
	}
	const response = await sendToApi.call(this, {
		method: 'GET',
		url: taskPath(id),
		kind: 'read',
		action: 'Reading the task',
		taskId: id,
		deadline: options.deadline,
		timeout: options.timeout,
		routed: options.routed,
	});
	const task = parseTask(response.body);
	if (!task) {
		throw operationError(this.getNode(), 'The Vtrix API answered the status read with something that is not a task', {
			description: `Answer: ${clipAnswer(response.body)}`,
			taskId: id,
			itemIndex: itemIndexOf(this),
		});
	}
	if (!task.id) task.id = id;
	return task;
}
