import type { INodeProperties } from 'n8n-workflow';

const whenResult = ['createAndWait', 'getStatus'];

/** Read by the item handler: whether a completed task's video comes back as a file, and in which field. */
export const resultFields: INodeProperties[] = [
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: whenResult } },
		description:
			'Whether to put the video file into the output binary data once the task is completed (result URLs expire after a while)',
	},
	{
		displayName: 'Put Video in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		displayOptions: { show: { operation: whenResult, downloadVideo: [true] } },
		description: 'The name of the output binary field for the video (video/mp4, named after the task ID)',
	},
];
