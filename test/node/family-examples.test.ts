/** The shipped example of each new mode (examples/<mode>.json) is a version-2 workflow that sends the body its note describes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { createV2, exactly, recorder, type Recorder } from './family-helpers';

let rec: Recorder;
beforeAll(async () => {
	rec = await recorder();
});
afterAll(async () => await rec.server.close());

const SAMPLE = 'http://127.0.0.1:4010/images/sample.png';

function viduNode(file: string, name: string): { parameters: IDataObject; typeVersion: number } {
	const workflow = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8')) as { nodes: Array<IDataObject> };
	const node = workflow.nodes.find((entry) => entry.name === name);
	return node as unknown as { parameters: IDataObject; typeVersion: number };
}

/** The node's create, sent as Create (the example's Create and Wait would then wait for the task). */
async function bodyOf(file: string, name: string, json: IDataObject = {}) {
	const { parameters, typeVersion } = viduNode(file, name);
	expect(typeVersion).toBe(2);
	const { body, error } = await createV2(rec, { ...parameters, operation: 'create' }, [{ json }]);
	expect(error).toBeUndefined();
	return body;
}

describe('examples per mode', () => {
	it('first-last-frame-to-video.json', async () => {
		expect(await bodyOf('first-last-frame-to-video.json', 'Vidu First and Last Frame')).toBe(
			exactly({
				model: 'viduq2_pro_start_end2video',
				prompt: 'The camera slowly pushes in while soft light drifts across the scene',
				duration: 5,
				resolution: '720p',
				movement_amplitude: 'auto',
				images: [SAMPLE, SAMPLE],
			}),
		);
	});

	it('text-to-video.json', async () => {
		expect(await bodyOf('text-to-video.json', 'Vidu Text to Video')).toBe(
			exactly({
				model: 'viduq2_text2video',
				prompt: 'A red fox runs through fresh snow at dawn, the camera tracking beside it',
				duration: 5,
				resolution: '720p',
				aspect_ratio: '16:9',
				watermark: false,
			}),
		);
	});

	it('reference-to-video.json', async () => {
		expect(await bodyOf('reference-to-video.json', 'Vidu Reference to Video')).toBe(
			exactly({
				model: 'viduq2_reference2video',
				prompt: '@scene at dusk, lights coming on one by one',
				duration: 5,
				resolution: '720p',
				aspect_ratio: '16:9',
				audio: false,
				subjects: [{ id: 'scene', images: [SAMPLE] }],
			}),
		);
	});

	it('extend-video.json: the second node extends the first one’s video by its URL', async () => {
		expect(await bodyOf('extend-video.json', 'Vidu Extend', { videoUrl: 'https://cdn.example/v.mp4' })).toBe(
			exactly({
				model: 'viduq2_turbo_extend',
				video_url: 'https://cdn.example/v.mp4',
				prompt: 'The boat reaches a wide puddle and spins slowly',
				duration: 5,
				resolution: '720p',
				watermark: false,
			}),
		);
	});
});
