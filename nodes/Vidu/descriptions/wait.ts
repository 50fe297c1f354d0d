import type { IDataObject, INodeProperties } from 'n8n-workflow';

const waitOptionsField: INodeProperties = {
	displayName: 'Wait Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['create', 'createAndWait'] } },
	options: [
		{
			displayName: 'Max Tasks in Flight',
			name: 'maxConcurrent',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 50,
			description:
				'How many input items may have a task submitted or running at once; the rest wait their turn. Lower it if your account hits rate limits.',
		},
		{
			displayName: 'Max Poll Interval (Seconds)',
			name: 'maxPollInterval',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: 15,
			displayOptions: { show: { '/operation': ['createAndWait'] } },
			description:
				'The longest pause between two status reads. Polling starts at 1 second and stretches while a task runs long, guided by its progress.',
		},
		{
			displayName: 'Time Limit (Minutes)',
			name: 'timeLimit',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: 2880 },
			default: 15,
			displayOptions: { show: { '/operation': ['createAndWait'] } },
			description:
				'How long to wait for a task before giving up. The task keeps running; the error carries its ID for Get Status.',
		},
	],
};

/** The Wait Options defaults as declared: n8n returns only the options a user added to the collection. */
export const waitOptionDefaults: IDataObject = Object.fromEntries(
	(waitOptionsField.options as INodeProperties[]).map((option) => [option.name, option.default]),
);

/** Read by runOperation: how Create and Wait waits, and what comes back as a file. */
export const waitFields: INodeProperties[] = [
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		displayOptions: { show: { operation: ['createAndWait', 'getStatus'] } },
		description:
			'Whether to put the video file into the output binary data once the task is completed (result URLs expire after a while)',
	},
	{
		displayName: 'Put Video in Field',
		name: 'binaryPropertyOutput',
		type: 'string',
		default: 'data',
		displayOptions: { show: { operation: ['createAndWait', 'getStatus'], downloadVideo: [true] } },
		description: 'The name of the output binary field for the video (video/mp4, named after the task ID)',
	},
	waitOptionsField,
];
