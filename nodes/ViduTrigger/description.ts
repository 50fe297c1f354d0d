import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

export type TriggerEvent = 'completed' | 'failed';

export const triggerFields: INodeProperties[] = [
	{
		displayName:
			"Paste this node's Production URL into the Vidu node's Additional Options → Callback URL, then publish (activate) this workflow. Each call is checked by reading the task with the credential: nothing in the call but the task ID is trusted.",
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

const TEST_MODE_HELP =
	"The Vidu Trigger has a test URL and a production URL. <br /> <br /> <b>While you build the workflow</b>, click 'Execute step', then run a Vidu node whose Additional Options → Callback URL is the Test URL: when its task ends, the execution shows up in the editor.<br /> <br /> ";

/** n8n's trigger panel and canvas texts, in the trigger's terms: a task's end calls the URL, nothing else does. */
export const triggerPanelTexts: Pick<INodeTypeDescription, 'eventTriggerDescription' | 'activationMessage' | 'triggerPanel'> = {
	eventTriggerDescription: "Waiting for a task to end: run a Vidu node with this node's Test URL as its Callback URL",
	activationMessage: "Tasks created with this node's Production URL as their Callback URL now start this workflow when they end.",
	triggerPanel: {
		header: '',
		executionsHelp: {
			inactive: `${TEST_MODE_HELP}<b>To run the workflow automatically</b>, publish (activate) it and use the Production URL as the Callback URL. Those executions show up in the executions list, but not in the editor.`,
			active: `${TEST_MODE_HELP}<b>The workflow runs automatically</b>: every task created with the Production URL as its Callback URL starts it when it ends. Those executions show up in the <a data-key="executions">executions list</a>, but not in the editor.`,
		},
		activationHint:
			"Once the workflow is built, publish (activate) it and put the Production URL into the Vidu node's Callback URL: every task then starts it when it ends.",
	},
};
