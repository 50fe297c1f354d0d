import type { INode } from 'n8n-workflow';

import { clip, operationError } from './errors';

/** The URL when the text is an absolute http(s) URL with a host; undefined otherwise. */
export function parseHttpUrl(text: string, base?: string): URL | undefined {
	let url: URL;
	try {
		url = new URL(text, base);
	} catch {
		return undefined;
	}
	return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? url : undefined;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

const isLoopbackHost = (hostname: string) => LOOPBACK_HOSTS.test(hostname);

export const CLEAR_TEXT_REFUSAL =
	'Refusing to send the API key over plain http:// to a host that is not on this machine';

/**
 * The one rule for the credential's Base URL, applied by the credential, the transport and the download:
 * trimmed, without trailing slashes, an absolute http(s) URL, and https unless the host is this machine
 * (the local simulator), so the key never travels in clear text.
 */
export function readBaseUrl(text: string): { baseUrl: string } | { problem: string } {
	const baseUrl = text.trim().replace(/\/+$/, '');
	const url = parseHttpUrl(baseUrl);
	if (!url) return { problem: 'The Base URL of the Vtrix API credential is not a valid http(s) URL' };
	if (!keyMayGoTo(url)) return { problem: CLEAR_TEXT_REFUSAL };
	return { baseUrl };
}

/** Whether the API key may be sent to this URL: https, or plain http to this machine. */
export const keyMayGoTo = (url: URL) => url.protocol === 'https:' || isLoopbackHost(url.hostname);

/** A URL parameter, trimmed; an error naming the parameter when it is not an absolute http(s) URL. */
export function checkHttpUrl(node: INode, value: string, label: string, itemIndex: number, description?: string): string {
	const url = value.trim();
	if (!parseHttpUrl(url)) {
		throw operationError(node, `${label} "${clip(url, 200)}" is not a valid http(s) URL`, { description, itemIndex });
	}
	return url;
}
