/** A limit the node leaves to the API: the API's 400 is put into the chosen model's words. */
import { imagesItem, PNG } from './family-helpers';
import { runVidu, tinyServer } from './fixtures';

async function refusedWith(code: string, parameters: Record<string, unknown>) {
	const server = await tinyServer((_req, res) => {
		res.writeHead(400, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ code, error_message: 'invalid' }));
	});
	try {
		const result = await runVidu({ operation: 'create', ...parameters } as never, {
			baseUrl: server.url,
			items: [await imagesItem({ data: PNG })],
			typeVersion: 2,
		});
		return { error: result.error, requests: server.received.length };
	} finally {
		await server.close();
	}
}

describe("the API's 400 for a limit only third parties state", () => {
	it('a duration: names the model, what is known of it and where from; the create is not sent again', async () => {
		const { error, requests } = await refusedWith('008007004', { model: 'viduq3_turbo_img2video', duration: 40 });
		expect(error?.message).toBe(
			"The duration is invalid for viduq3_turbo_img2video (known: 1–16 s, default 5 (from a third party (T:novita), not the provider's docs: the API decides))",
		);
		expect(error?.description).toBe('Creating the task failed with HTTP 400. Provider code: 008007004. Provider message: invalid. Model: viduq3_turbo_img2video.');
		expect(requests).toBe(1);
	});

	it('a resolution', async () => {
		const { error } = await refusedWith('008007005', { model: 'viduq3_pro_img2video', resolution: '2K' });
		expect(error?.message).toBe(
			"The resolution is invalid for viduq3_pro_img2video (known: 720p, 1080p, 2K; default 720p (from a third party (T:comfy), not the provider's docs: the API decides))",
		);
	});

	it('another code keeps its words and gains the model', async () => {
		const { error } = await refusedWith('008007002', { videoMode: 'text', model: 'viduq3_pro_text2video', prompt: 'x' });
		expect(error?.message).toBe('A parameter is invalid');
		expect(error?.description).toMatch(/invalid\. Model: viduq3_pro_text2video\.$/);
	});
});
