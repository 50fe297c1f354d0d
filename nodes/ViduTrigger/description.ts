import type { INodeProperties } from 'n8n-workflow';

export type TriggerEvent = 'completed' | 'failed';

export const triggerFields: INodeProperties[] = [
	{
		displayName:
			"Paste this node's Production URL into the Vidu node's Additional Options → Callback URL, then activate this workflow. Each call is checked by reading the task with the credential: nothing in the call but the task ID is trusted.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['completed', 'failed'],
		options: [
			{ name: 'Task Completed', value: 'completed', description: 'The video is ready' },
			{ name: 'Task Failed', value: 'failed', description: 'The task ended with an error (the item carries it)' },
		],
		description: 'Which finished tasks start the workflow',
	},
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		description:
			'Whether to put the video file of a completed task into the output binary data. The call is answered before the download starts, so the provider never waits for it.',
	},
	{
		displayName: 'Put Video in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		displayOptions: { show: { downloadVideo: [true] } },
		description: 'The name of the output binary field for the video (video/mp4, named after the task ID)',
	},
];
