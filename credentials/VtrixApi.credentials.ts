import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { isLoopbackHost, parseHttpUrl } from '../nodes/Vidu/urls';

export class VtrixApi implements ICredentialType {
	name = 'vtrixApi';

	displayName = 'Vtrix API';

	icon: Icon = { light: 'file:vidu.svg', dark: 'file:vidu.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-vidu/n8n-nodes-vidu#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Vtrix API key, sent as a Bearer token',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://cloud.vtrix.ai',
			required: true,
			description:
				'Where the Vtrix API is served. Change it only for a gateway, a proxy or the local simulator. Plain http:// is refused except for loopback hosts.',
		},
	];

	/** Bearer auth, refused over plain http:// except to this machine (the local simulator). */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const target = parseHttpUrl(requestOptions.url, requestOptions.baseURL || undefined);
		if (target?.protocol === 'http:' && !isLoopbackHost(target.hostname)) {
			throw new UserError(
				'Refusing to send the API key over plain http:// to a host that is not on this machine: use an https:// Base URL',
			);
		}
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey ?? '')}` },
		};
	}

	/**
	 * Reads a task that does not exist: no task is created and nothing is paid. The API refuses a bad
	 * key (401/403) before it looks for the task, so any other answer (such as 404) means the key works.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/model/v1/generation/task/n8n-credential-check',
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
