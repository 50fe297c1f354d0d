import type { INode } from 'n8n-workflow';

import { operationError } from './errors';

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

export const isLoopbackHost = (hostname: string) => LOOPBACK_HOSTS.test(hostname);

/** A URL parameter, trimmed; an error naming the parameter when it is not an absolute http(s) URL. */
export function checkHttpUrl(node: INode, value: string, label: string, itemIndex: number, description?: string): string {
	const url = value.trim();
	if (!parseHttpUrl(url)) {
		throw operationError(node, `${label} "${url.slice(0, 200)}" is not a valid http(s) URL`, { description, itemIndex });
	}
	return url;
}
