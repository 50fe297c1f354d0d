import type {
	IAllExecuteFunctions,
	IBinaryData,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './constants';
import { cancelSignalOf, itemIndexOf, type RoutedRequest, type ViduContext } from './context';
import { clip, operationError } from './errors';
import { apiBaseUrl, cancelledError } from './transport';
import { parseHttpUrl } from './urls';

const DOWNLOAD_TIMEOUT_MS = 600_000;
const MAX_REDIRECTS = 5;

type BinarySource = Parameters<ViduContext['helpers']['prepareBinaryData']>[0];

/**
 * The result file, streamed into n8n's binary data (so a large video need not sit in memory). It goes
 * through the same proxy and certificate setting as the API calls (the item's Request Options); the
 * API key goes only to the API's own origin, never to a CDN.
 */
export async function downloadVideo(
	this: ViduContext,
	videoUrl: string,
	taskId: string,
	routed?: RoutedRequest,
): Promise<IBinaryData> {
	const node = this.getNode();
	const itemIndex = itemIndexOf(this);
	const target = parseHttpUrl(videoUrl);
	if (!target) {
		throw operationError(node, 'The task finished but its video URL is not an http(s) URL', {
			description: `Video URL: ${clip(videoUrl)}`,
			taskId,
			itemIndex,
		});
	}
	const apiOrigin = new URL(await apiBaseUrl.call(this, routed)).origin;
	const failed = (error: unknown) => {
		if (cancelSignalOf(this)?.aborted) return cancelledError.call(this, taskId);
		const status = (error as { response?: { status?: number } })?.response?.status;
		return operationError(node, 'The task finished but its video could not be downloaded', {
			description:
				`${status ? `HTTP ${status}. ` : ''}The video URL is in the task: run Get Status with Download Video on to try again ` +
				'(result URLs expire after a while).',
			taskId,
			itemIndex,
		});
	};
	const base: IHttpRequestOptions = {
		method: 'GET',
		url: '',
		encoding: 'stream',
		timeout: DOWNLOAD_TIMEOUT_MS,
		abortSignal: cancelSignalOf(this),
		...(routed?.proxy ? { proxy: routed.proxy } : {}),
		...(routed?.skipSslCertificateValidation ? { skipSslCertificateValidation: true } : {}),
	};
	let stream: BinarySource;
	try {
		stream = await openVideo.call(this, target, apiOrigin, base);
	} catch (error) {
		throw failed(error);
	}
	try {
		return await this.helpers.prepareBinaryData(stream, `${taskId}.mp4`, 'video/mp4');
	} catch (error) {
		// The connection was cut while the body streamed in: the raw error ("aborted") names no task.
		throw failed(error);
	}
}

/**
 * The response stream of the video. The key goes to the API's own origin only, and n8n would send it
 * along on a redirect even to another origin (its default): so redirects from the API origin are
 * followed here one hop at a time, and the key is left behind as soon as the origin changes.
 */
async function openVideo(
	this: ViduContext,
	start: URL,
	apiOrigin: string,
	base: IHttpRequestOptions,
): Promise<BinarySource> {
	let url = start;
	for (let hops = 0; url.origin === apiOrigin; hops++) {
		if (hops > MAX_REDIRECTS) throw new Error('Too many redirects');
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this as unknown as IAllExecuteFunctions,
			CREDENTIAL_TYPE,
			{ ...base, url: url.toString(), disableFollowRedirect: true, returnFullResponse: true, ignoreHttpStatusErrors: true },
		)) as IN8nHttpFullResponse;
		const status = response.statusCode;
		if (status >= 200 && status < 300) return response.body as BinarySource;
		(response.body as { destroy?: () => void } | undefined)?.destroy?.();
		const location = response.headers?.location;
		if (status < 300 || status >= 400 || typeof location !== 'string') {
			throw Object.assign(new Error(`HTTP ${status}`), { response: { status } });
		}
		const next = parseHttpUrl(location, url.toString());
		if (!next) throw new Error('Redirected to a URL that is not http(s)');
		url = next;
	}
	return (await this.helpers.httpRequest({ ...base, url: url.toString() })) as BinarySource;
}
