import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { RoutedRequest } from './context';
import { mayBeImageStart, readImageInfo, type ImageInfo } from './image';

/** Enough for a PNG or WebP header, and for a JPEG's frame header after its metadata segments (64 KB each at most). */
export const PROBE_MAX_BYTES = 512 * 1024;
export const PROBE_TIMEOUT_MS = 10_000;

type ResponseStream = AsyncIterable<Buffer> & { destroy?: () => void };

/**
 * The size of the image at `url`, read from the start of the file (a Range request, cut off after
 * PROBE_MAX_BYTES) through the item's proxy and certificate setting. Undefined when it cannot be read
 * from here: the URL is only for the provider to fetch, so a check that needs it is left to the API.
 */
export async function probeImageUrl(this: IExecuteSingleFunctions, url: string, routed?: RoutedRequest): Promise<ImageInfo | undefined> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		headers: { Range: `bytes=0-${PROBE_MAX_BYTES - 1}` },
		timeout: PROBE_TIMEOUT_MS,
		abortSignal: this.getExecutionCancelSignal?.(),
		...(routed?.proxy ? { proxy: routed.proxy } : {}),
		...(routed?.skipSslCertificateValidation ? { skipSslCertificateValidation: true } : {}),
	};
	let stream: ResponseStream;
	try {
		stream = (await this.helpers.httpRequest(options)) as ResponseStream;
	} catch {
		return undefined;
	}
	let head = Buffer.alloc(0);
	try {
		for await (const chunk of stream) {
			head = Buffer.concat([head, chunk]);
			if (!mayBeImageStart(head)) return undefined;
			const info = readImageInfo(head);
			if (info || head.length >= PROBE_MAX_BYTES) return info;
		}
		return undefined;
	} catch {
		return undefined;
	} finally {
		stream.destroy?.();
	}
}
