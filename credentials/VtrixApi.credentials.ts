import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { DEFAULT_BASE_URL, taskPath } from '../nodes/Vidu/constants';
import { CLEAR_TEXT_REFUSAL, keyMayGoTo, parseHttpUrl, readBaseUrl } from '../nodes/Vidu/urls';

export class VtrixApi implements ICredentialType {
	name = 'vtrixApi';

	displayName = 'Vtrix API';

	icon: Icon = { light: 'file:../nodes/Vidu/vidu.svg', dark: 'file:../nodes/Vidu/vidu.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-vidu/n8n-nodes-vidu#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Your Vtrix API key, sent as a Bearer token. Vtrix is the API gateway that serves Vidu: sign in at <a href="https://cloud.vtrix.ai" target="_blank">cloud.vtrix.ai</a> and open API Key Management to create one.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			required: true,
			description:
				'Where the Vtrix API is served. Change it only for a gateway, a proxy or the local simulator. Plain http:// is refused except for loopback hosts.',
		},
	];

	/** Bearer auth, under the Base URL rule (readBaseUrl): never over plain http:// except to this machine. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		let baseURL = requestOptions.baseURL;
		if (baseURL) {
			const base = readBaseUrl(baseURL);
			if ('problem' in base) throw new UserError(base.problem);
			baseURL = base.baseUrl;
		}
		const target = parseHttpUrl(requestOptions.url, baseURL || undefined);
		if (target && !keyMayGoTo(target)) throw new UserError(CLEAR_TEXT_REFUSAL);
		return {
			...requestOptions,
			...(baseURL ? { baseURL } : {}),
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey ?? '')}` },
		};
	}

	/**
	 * Reads a task that does not exist, at the path Get Status reads: no task is created and nothing is
	 * paid. The API refuses a bad key (401/403) before it looks for the task, so any other answer (such as
	 * 404) means the key works.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: taskPath('n8n-credential-check'),
			method: 'GET',
			ignoreHttpStatusErrors: { ignore: true, except: [401, 403] },
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'The API key is invalid' } },
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The API key was refused: no permission for this model, or no balance' },
			},
		],
	};
}
