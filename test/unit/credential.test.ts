import { VtrixApi } from '../../credentials/VtrixApi.credentials';

const credential = new VtrixApi();
const key = { apiKey: 'sk-unit-key', baseUrl: 'https://cloud.vtrix.ai' };

describe('the Vtrix API credential', () => {
	it('adds the Bearer header over https', async () => {
		const options = await credential.authenticate(key, { baseURL: 'https://cloud.vtrix.ai', url: '/model/v1/generation', headers: { Accept: 'application/json' } });
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer sk-unit-key' });
	});

	it('trims the Base URL and drops its trailing slashes, as the node does', async () => {
		const options = await credential.authenticate(key, { baseURL: '  https://cloud.vtrix.ai//  ', url: '/model/v1/generation' });
		expect(options.baseURL).toBe('https://cloud.vtrix.ai');
	});

	it.each(['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010'])('allows plain http to loopback %s', async (baseURL) => {
		const options = await credential.authenticate(key, { baseURL, url: '/model/v1/generation' });
		expect(options.headers?.Authorization).toBe('Bearer sk-unit-key');
	});

	it.each(['http://cloud.vtrix.ai', 'http://192.168.1.10:8080', 'http://127.0.0.1.example.com'])('refuses plain http to %s', async (baseURL) => {
		await expect(credential.authenticate(key, { baseURL, url: '/model/v1/generation' })).rejects.toThrow(
			'Refusing to send the API key over plain http://',
		);
	});

	it('refuses plain http to another machine in an absolute URL too (a redirect hop of the download)', async () => {
		await expect(credential.authenticate(key, { url: 'http://cdn.example/v.mp4' })).rejects.toThrow(
			'Refusing to send the API key over plain http://',
		);
	});

	it('refuses a Base URL that is not an http(s) URL', async () => {
		await expect(credential.authenticate(key, { baseURL: 'ftp://127.0.0.1', url: '/x' })).rejects.toThrow(
			'The Base URL of the Vtrix API credential is not a valid http(s) URL',
		);
	});
});
