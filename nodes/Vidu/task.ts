import type { IDataObject } from 'n8n-workflow';

import { readProviderError, type ProviderError } from './errors';

export type TaskState = 'pending' | 'running' | 'completed' | 'failed';

/** The task object as the API answers it, read leniently (see docs/api-notes.md: id/task_id, video/video_url, error shapes). */
export interface Task {
	id?: string;
	status: string;
	state: TaskState;
	progress?: number;
	videoUrl?: string;
	cost?: string;
	error?: ProviderError;
	raw: IDataObject;
}

const RUNNING = new Set(['processing', 'in_progress', 'running', 'generating']);

export function parseTask(body: unknown): Task | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const raw = body as IDataObject;
	const idValue = raw.id ?? raw.task_id;
	const id = typeof idValue === 'string' || typeof idValue === 'number' ? String(idValue) : undefined;
	const status = typeof raw.status === 'string' ? raw.status.toLowerCase() : '';
	let state: TaskState = 'pending';
	if (status === 'completed' || status === 'succeeded' || status === 'success') state = 'completed';
	else if (status === 'failed' || status === 'failure' || status === 'error') state = 'failed';
	else if (RUNNING.has(status)) state = 'running';
	const usage = raw.usage as IDataObject | undefined;
	return {
		id,
		status,
		state,
		progress: typeof raw.progress === 'number' ? raw.progress : undefined,
		videoUrl: findVideoUrl(raw.output),
		cost: usage && usage.cost !== undefined ? String(usage.cost) : undefined,
		error: state === 'failed' ? readProviderError(raw.error) : undefined,
		raw,
	};
}

function findVideoUrl(output: unknown): string | undefined {
	if (!Array.isArray(output)) return undefined;
	for (const entry of output as IDataObject[]) {
		const content = entry?.content;
		if (!Array.isArray(content)) continue;
		for (const part of content as IDataObject[]) {
			const type = typeof part?.type === 'string' ? part.type : '';
			if (type.startsWith('video') && typeof part.url === 'string' && part.url) return part.url;
		}
	}
	return undefined;
}

/**
 * The output item's JSON: first the fields a workflow needs without digging (the editor's table and
 * JSON views show them first), then the whole task as the API answered it.
 */
export function taskToJson(task: Task): IDataObject {
	const json: IDataObject = {
		taskId: task.id ?? null,
		status: task.status,
		videoUrl: task.videoUrl ?? null,
		...(task.cost !== undefined ? { cost: task.cost } : {}),
		...task.raw,
	};
	json.status = task.status;
	return json;
}
