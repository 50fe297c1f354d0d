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
import { triggerFields } from './description';
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
		description: 'Turn a still image into a video with Vidu Q2 Turbo (Vtrix API); start a workflow when a video is ready',
		// What n8n's trigger panel says; its own words ("go to Vidu and create an event") fit no callback.
		eventTriggerDescription: "Waiting for a task to end: run a Vidu node with this node's Test URL as its Callback URL",
		activationMessage: "Tasks created with this node's Production URL as their Callback URL now start this workflow when they end.",
		triggerPanel: {
			header: '',
			executionsHelp: {
				inactive:
					"The Vidu Trigger has a test URL and a production URL. <br /> <br /> <b>While you build the workflow</b>, click 'Execute step', then run a Vidu node whose Additional Options → Callback URL is the Test URL: when its task ends, the execution shows up in the editor.<br /> <br /> <b>To run the workflow automatically</b>, publish (activate) it and use the Production URL as the Callback URL. Those executions show up in the executions list, but not in the editor.",
				active:
					"The Vidu Trigger has a test URL and a production URL. <br /> <br /> <b>While you build the workflow</b>, click 'Execute step', then run a Vidu node whose Additional Options → Callback URL is the Test URL: when its task ends, the execution shows up in the editor.<br /> <br /> <b>The workflow runs automatically</b>: every task created with the Production URL as its Callback URL starts it when it ends. Those executions show up in the <a data-key=\"executions\">executions list</a>, but not in the editor.",
			},
			activationHint:
				"Once the workflow is built, publish (activate) it and put the Production URL into the Vidu node's Callback URL: every task then starts it when it ends.",
		},
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
