import type { IBinaryData, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { operationError } from './errors';
import { apiBaseUrl, CREDENTIAL_TYPE } from './transport';

const DOWNLOAD_TIMEOUT_MS = 600_000;

type BinarySource = Parameters<IExecuteSingleFunctions['helpers']['prepareBinaryData']>[0];

/**
 * The result file, streamed into n8n's binary data (so a large video need not sit in memory).
 * The API key goes only to the API's own host; result URLs on a CDN get no credentials.
 */
export async function downloadVideo(
	this: IExecuteSingleFunctions,
	videoUrl: string,
	taskId: string,
): Promise<IBinaryData> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	let target: URL | undefined;
	try {
		target = new URL(videoUrl);
	} catch {
		target = undefined;
	}
	if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
		throw operationError(node, 'The task finished but its video URL is not an http(s) URL', {
			description: `Video URL: ${videoUrl.slice(0, 300)}`,
			taskId,
			itemIndex,
		});
	}
	const apiOrigin = new URL(await apiBaseUrl.call(this)).origin;
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: target.toString(),
		encoding: 'stream',
		timeout: DOWNLOAD_TIMEOUT_MS,
		abortSignal: this.getExecutionCancelSignal(),
	};
	let stream: BinarySource;
	try {
		stream = (
			target.origin === apiOrigin
				? await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options)
				: await this.helpers.httpRequest(options)
		) as BinarySource;
	} catch (error) {
		const status = (error as { httpCode?: string; response?: { status?: number } })?.response?.status;
		throw operationError(node, 'The task finished but its video could not be downloaded', {
			description:
				`${status ? `HTTP ${status}. ` : ''}The video URL is in the task: run Get Status with Download Video on to try again ` +
				'(result URLs expire after a while).',
			taskId,
			itemIndex,
		});
	}
	return await this.helpers.prepareBinaryData(stream, `${taskId}.mp4`, 'video/mp4');
}
