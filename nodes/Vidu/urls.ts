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
