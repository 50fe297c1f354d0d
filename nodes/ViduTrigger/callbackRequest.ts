import type { IDataObject } from 'n8n-workflow';

/**
 * A callback body is the task object; its largest part is the user's payload (at most 1,048,576
 * characters, up to 4 bytes each in UTF-8). Anything larger is not a Vidu callback.
 */
export const CALLBACK_MAX_BYTES = 8 * 1024 * 1024;
const TASK_ID_MAX_CHARS = 256;

/** What n8n hands a webhook: the parsed body, and (n8n sets it) the bytes as they arrived. */
export interface CallbackHttpRequest {
	body?: unknown;
	rawBody?: unknown;
	headers: Record<string, string | string[] | undefined>;
}

export type CallbackReading = { taskId: string } | { refusal: { status: number; message: string } };

const refuse = (status: number, message: string): CallbackReading => ({ refusal: { status, message } });

/** The task ID of a callback, the only thing in it that is used; a refusal (4xx) for anything else. */
export function readCallbackTaskId(request: CallbackHttpRequest): CallbackReading {
	const raw = Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
	const declared = Number(request.headers['content-length']);
	const size = raw?.length ?? (Number.isFinite(declared) ? declared : undefined);
	if (size !== undefined && size > CALLBACK_MAX_BYTES) return tooLarge(size);

	let body: unknown = request.body;
	let text: string | undefined;
	if (raw) text = raw.toString('utf8');
	else if (typeof body === 'string') text = body;
	if (text !== undefined) {
		if (text.trim() === '') return refuse(400, 'The callback body is empty: expected the task as JSON');
		try {
			body = JSON.parse(text.replace(/^\uFEFF/, ''));
		} catch {
			return refuse(400, 'The callback body is not JSON: expected the task as JSON, e.g. {"id": "task_abc001"}');
		}
	} else if (body !== undefined && Buffer.byteLength(JSON.stringify(body) ?? '') > CALLBACK_MAX_BYTES) {
		return tooLarge(Buffer.byteLength(JSON.stringify(body)));
	}
	if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length === 0) {
		return refuse(400, 'The callback body is not a task: expected a JSON object with the task ID in "id" or "task_id"');
	}
	const record = body as IDataObject;
	const value = record.id ?? record.task_id;
	const taskId = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!taskId) return refuse(400, 'The callback body has no task ID: expected it in "id" or "task_id"');
	// "." and ".." would be read as path steps; control characters and huge ids are no task's ID.
	if (taskId.length > TASK_ID_MAX_CHARS || /^\.{1,2}$/.test(taskId) || /\p{Cc}/u.test(taskId)) {
		return refuse(400, `The callback body's task ID is not a valid task ID: "${taskId.slice(0, 80)}"`);
	}
	return { taskId };
}

function tooLarge(bytes: number): CallbackReading {
	return refuse(
		413,
		`The callback body has ${bytes} bytes, more than the ${CALLBACK_MAX_BYTES / 1024 / 1024} MB a Vidu task can take`,
	);
}
