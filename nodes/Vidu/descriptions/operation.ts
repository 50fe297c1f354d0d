import type { INodeProperties, INodePropertyRouting } from 'n8n-workflow';

import { prepareCreateBody } from '../hooks/createBody';
import { runOperation } from '../hooks/runOperation';
import { CREATE_PATH } from '../constants';
import { forOperations } from './shared';

/** Each operation hands its request to runOperation, the one place that sends, retries, waits and downloads. */
const handOver = { paginate: true };
const operations = { pagination: runOperation };
const submitTask: INodePropertyRouting = {
	request: { method: 'POST', url: CREATE_PATH },
	send: { ...handOver, preSend: [prepareCreateBody] },
	operations,
};

export const operationFields: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'createAndWait',
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a video task',
				description: 'Submit an image-to-video task and return it at once (poll it later with Get Status)',
				routing: submitTask,
			},
			{
				name: 'Create and Wait',
				value: 'createAndWait',
				action: 'Create a video and wait for it',
				description: 'Submit a task, wait until it ends and return the video (optionally the file itself)',
				routing: submitTask,
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a video task',
				description: 'Read a task by its ID (and download its video once completed)',
				routing: {
					request: { method: 'GET' },
					send: handOver,
					operations,
				},
			},
		],
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
