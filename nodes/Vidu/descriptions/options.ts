import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { PAYLOAD_MAX_TEXT } from '../constants';
import { CREATES, toBody } from './shared';

/** Read by the item handler: how many of the node run's tasks may be in flight at once. */
const maxTasksInFlight: INodeProperties = {
	displayName: 'Max Tasks in Flight',
	name: 'maxTasksInFlight',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
	default: 50,
	description:
		'How many input items may have a task submitted or running at once; the rest wait their turn. When the API answers "too many requests" (429) the node halves this for the run and raises it again one task at a time.',
};

const seedOption: INodeProperties = {
	displayName: 'Seed',
	name: 'seed',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 0,
	description: 'Random seed for reproducible results; 0 picks a random seed',
	routing: toBody('seed'),
};

const payloadOption: INodeProperties = {
	displayName: 'Payload',
	name: 'payload',
	type: 'string',
	default: '',
	description: `Pass-through text kept with the task, at most ${PAYLOAD_MAX_TEXT} characters. Put your own correlation ID here to find a task again.`,
	routing: toBody('payload'),
};

const callbackUrlOption: INodeProperties = {
	displayName: 'Callback URL',
	name: 'callbackUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://n8n.example.com/webhook/…/callback',
	description:
		'An http(s) URL the provider POSTs the task to when it ends. To finish tasks without a waiting execution, see the recipes <a href="https://github.com/n8n-nodes-vidu/n8n-nodes-vidu#recipe-batch-by-callback">batch by callback</a> (a Vidu Trigger\'s URL) and <a href="https://github.com/n8n-nodes-vidu/n8n-nodes-vidu#recipe-one-item-wait">one item, no worker held</a> (a Wait node\'s resume URL).',
	routing: toBody('callback_url'),
};

export const additionalOptions: INodeProperties = {
	displayName: 'Additional Options',
	name: 'additionalOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: CREATES, '@version': [1] } },
	options: [
		{
			displayName: 'Background Music',
			name: 'bgm',
			type: 'boolean',
			default: false,
			description:
				'Whether to add background music picked from a preset library. It has no effect when the duration is 9 or 10 seconds.',
			routing: toBody('bgm'),
		},
		callbackUrlOption,
		maxTasksInFlight,
		{
			displayName: 'Off-Peak Mode',
			name: 'offPeak',
			type: 'boolean',
			default: false,
			description:
				'Whether to generate during off-peak hours for fewer points (done within 48 hours, refunded if not). The provider marks it temporarily unavailable, and it cannot be combined with audio.',
			routing: toBody('off_peak'),
		},
		payloadOption,
		seedOption,
		{
			displayName: 'Use Recommended Prompt',
			name: 'isRec',
			type: 'boolean',
			default: false,
			description:
				'Whether the provider writes the prompt itself. Your prompt is then ignored, and each task costs extra points.',
			routing: toBody('is_rec'),
		},
	],
};

/** Version 2: the options every model takes; the model's own switches are fields of their own. */
export const familyAdditionalOptions: INodeProperties = {
	displayName: 'Additional Options',
	name: 'additionalOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: CREATES, '@version': [2] } },
	options: [callbackUrlOption, maxTasksInFlight, payloadOption, seedOption],
};

export const waitOptions: INodeProperties = {
	displayName: 'Wait Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['createAndWait'] } },
	options: [
		{
			displayName: 'Max Poll Interval (Seconds)',
			name: 'maxPollInterval',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: 15,
			description:
				'The longest pause between two status reads. Polling starts at 1 second and stretches while a task runs long, guided by its progress.',
		},
		{
			displayName: 'Time Limit (Minutes)',
			name: 'timeLimit',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: 2880 },
			default: 15,
			description:
				'How long to wait for a task before giving up. The task keeps running; the error carries its ID for Get Status.',
		},
	],
};

/** A collection's options as declared: n8n returns only the options a user added, so these fill in the rest. */
const defaultsOf = (collection: INodeProperties): IDataObject =>
	Object.fromEntries((collection.options as INodeProperties[]).map((option) => [option.name, option.default]));

export const additionalOptionDefaults = defaultsOf(additionalOptions);
export const waitOptionDefaults = defaultsOf(waitOptions);
