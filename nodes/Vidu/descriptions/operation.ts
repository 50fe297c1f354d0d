import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { CREATE_PATH } from '../constants';
import { runEachItem } from '../itemHandler';
import { forOperations } from './shared';

/** The request a create starts from; Get Status builds its path from the Task ID (see readTaskById). */
const createRequest = { request: { method: 'POST' as const, url: CREATE_PATH } };

export const operations: INodePropertyOptions[] = [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a video task',
		description: 'Submit an image-to-video task and return it at once (poll it later with Get Status)',
		routing: createRequest,
	},
	{
		name: 'Create and Wait',
		value: 'createAndWait',
		action: 'Create a video and wait for it',
		description: 'Submit a task, wait until it ends and return the video (optionally the file itself)',
		routing: createRequest,
	},
	{
		name: 'Get Status',
		value: 'getStatus',
		action: 'Get the status of a video task',
		description: 'Read a task by its ID (and download its video once completed)',
	},
];

export const operationFields: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'createAndWait',
		options: operations,
		routing: runEachItem,
	},
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. task_abc001',
		description: 'The ID a Create operation returned (field taskId)',
		displayOptions: forOperations('getStatus'),
	},
];
