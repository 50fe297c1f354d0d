import type {
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { attachVideos } from './attachVideo';
import { triggerFields, triggerPanelTexts } from './description';
import { receiveCallback } from './receiveCallback';

export class ViduTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vidu Trigger',
		name: 'viduTrigger',
		icon: { light: 'file:../Vidu/vidu.svg', dark: 'file:../Vidu/vidu.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On task " + $parameter["events"].join(" or ")}}',
		// n8n's nodes panel shows a trigger's description for the Vidu entry it merges both nodes into:
		// it has to say what the package does, not only what the trigger does.
		description: 'Make videos with Vidu (image, first and last frame, text, reference, extend) through the Vtrix API; start a workflow when a video is ready',
		// What n8n's trigger panel says; its own words ("go to Vidu and create an event") fit no callback.
		...triggerPanelTexts,
		defaults: { name: 'Vidu Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vtrixApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
		properties: triggerFields,
	};

	/** Vidu has no API to register a callback: the URL travels with each task, so there is nothing to set up. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback.call(this);
	}

	/** Runs in the execution on what webhook() returned: the video download, once the call is answered. */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await attachVideos.call(this)];
	}
}
