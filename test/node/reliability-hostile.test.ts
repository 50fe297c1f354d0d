/**
 * Hostile input is refused with a clear error before anything is sent (nothing paid); hostile output from
 * the API (not JSON, no video, unknown status, enormous messages) gives a clear error, never a crash or a
 * false success.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { makePng } from '../../simulator/png';
import { binaryItem } from '../helpers/n8nHarness';
import {
	CREATE_PATH,
	json,
	onlyTaskId,
	posts,
	reads,
	runViduV1,
	secretKey,
	TASK_PATH,
	withSim,
} from './fixtures';

const KEY = secretKey();
const run = (
	sim: { url: string },
	parameters: Record<string, unknown>,
	extra: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
) => runViduV1(parameters as never, { apiKey: KEY, baseUrl: sim.url, ...extra });

const PNG = makePng(64, 48);

describe('hostile input: a clear error, nothing sent', () => {
	const binaryCases: Array<[string, () => Promise<INodeExecutionData>, string]> = [
		[
			'a PNG cut inside its header',
			async () => await binaryItem(PNG.subarray(0, 20), 'image/png', 'cut.png'),
			'The image in binary field "data" is a corrupt or truncated image: Vidu accepts PNG, JPEG and WebP only',
		],
		[
			'a PNG whose header chunk is garbled',
			async () => {
				const bad = Buffer.from(PNG);
				bad.write('XXXX', 12, 'latin1');
				return await binaryItem(bad, 'image/png', 'garbled.png');
			},
			'The image in binary field "data" is a corrupt or truncated image: Vidu accepts PNG, JPEG and WebP only',
		],
		[
			'a GIF',
			async () =>
				await binaryItem(
					Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.alloc(20)]),
					'image/gif',
					'a.gif',
				),
			'The image in binary field "data" is a GIF image: Vidu accepts PNG, JPEG and WebP only',
		],
		[
			'an SVG',
			async () =>
				await binaryItem(
					Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48"><rect/></svg>'),
					'image/svg+xml',
					'a.svg',
				),
			'The image in binary field "data" is an SVG image: Vidu accepts PNG, JPEG and WebP only',
		],
		[
			'a text file declared image/png',
			async () => await binaryItem(Buffer.from('hello, I am not an image at all'), 'image/png', 'photo.png'),
			'The image in binary field "data" is not a PNG, JPEG or WebP image: Vidu accepts PNG, JPEG and WebP only',
		],
		[
			'a 1×1000 PNG (aspect ratio beyond 1:4)',
			async () => await binaryItem(makePng(1, 1000), 'image/png', 'thin.png'),
			'The image in binary field "data" is 1×1000: its aspect ratio must be between 1:4 and 4:1',
		],
		[
			'a zero-byte file',
			async () => await binaryItem(Buffer.alloc(0), 'image/png', 'empty.png'),
			'The image in binary field "data" is empty (0 bytes)',
		],
		[
			'an item without the binary field',
			async () => ({ json: { note: 'no binary' } }),
			'The input item has no binary field "data"',
		],
	];

	it.concurrent.each(binaryCases)('binary input: %s', async (_name, makeItem, message) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' }, { items: [await makeItem()] });

			expect(result.error?.message).toBe(message);
			expect(posts(sim)).toHaveLength(0);
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent('the binary field under another name: the error lists the fields the item has', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const item = await binaryItem(PNG, 'image/png', 'a.png', 'photo');
			const result = await run(sim, { operation: 'create', prompt: 'a fox' }, { items: [item] });

			expect(result.error?.message).toBe('The input item has no binary field "data"');
			expect(result.error?.description).toContain('Binary fields on this item: photo.');
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent.each([
		['text that is not base64', 'this is not base64!!', 'Image (Base64) is not valid base64'],
		['a data URL with no content type', `data:;base64,${PNG.toString('base64')}`, 'The Image (Base64) data URL has no image content type'],
		['a data URL without ;base64', `data:image/png,${PNG.toString('base64')}`, 'The Image (Base64) data URL is malformed'],
		[
			'a data URL that lies about its type (GIF bytes as image/png)',
			`data:image/png;base64,${Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1').toString('base64')}`,
			'The image in Image (Base64) is a GIF image: Vidu accepts PNG, JPEG and WebP only',
		],
	])('base64 input: %s', async (_name, imageBase64, message) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'create', imageSource: 'base64', imageBase64, prompt: 'a fox' });

			expect(result.error?.message).toBe(message);
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent.each([
		['file:///etc/passwd'],
		['ftp://example.com/a.png'],
		['javascript:alert(1)'],
		['not a url'],
	])('image URL %p: refused', async (imageUrl) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'create', imageSource: 'url', imageUrl, prompt: 'a fox' });

			expect(result.error?.message).toBe(`Image URL "${imageUrl}" is not a valid http(s) URL`);
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent.each([['={{ "5" }}'], ['5']])('duration %p (a string) is accepted and sent as the number 5', async (duration) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'create', prompt: 'a fox', duration });

			expect(result.error).toBeUndefined();
			expect(posts(sim)).toHaveLength(1);
			expect(posts(sim)[0].body.duration).toBe(5);
			expect(posts(sim)[0].status).toBe(200);
		});
	});

	it.concurrent.each([['five'], ['5.5'], ['0'], ['11']])('duration %p is refused', async (duration) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'create', prompt: 'a fox', duration: `={{ ${JSON.stringify(duration)} }}` });

			expect(result.error?.message).toBe(`Duration must be a whole number from 1 to 10, not "${duration}"`);
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent('a prompt of 2000 emoji (4000 UTF-16 units) counts as 2000 characters: accepted', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const prompt = '🦊'.repeat(2000);
			const result = await run(sim, { operation: 'create', prompt });

			expect(result.error).toBeUndefined();
			expect(posts(sim)[0].body.prompt).toBe(prompt);
			expect(posts(sim)[0].status).toBe(200);
		});
	});

	it.concurrent('a prompt of 2001 emoji: refused, nothing sent', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'create', prompt: '🦊'.repeat(2001) });

			expect(result.error?.message).toBe('Prompt is 2001 characters long: at most 2000 are allowed');
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent('several items, one hostile: only the good ones are sent (continue-on-fail)', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const items = [
				await binaryItem(PNG, 'image/png', 'ok.png'),
				await binaryItem(Buffer.from('GIF89a'), 'image/gif', 'bad.gif'),
				await binaryItem(PNG, 'image/png', 'ok2.png'),
			];
			const result = await run(sim, { operation: 'create', prompt: 'a fox' }, { items, continueOnFail: true });

			expect(posts(sim)).toHaveLength(2);
			expect(result.items).toHaveLength(3);
			expect(result.items.map((item) => Boolean(item.json.taskId))).toEqual([true, false, true]);
			expect(String(json(result, 1).error)).toContain('is a GIF image');
		});
	});
});

describe('hostile output from the API: a clear error, never a crash or a false success', () => {
	it.concurrent('create answered 200 with a body that is not JSON', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 200, body: '<html>gateway says hi</html>' });
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			expect(posts(sim)).toHaveLength(1);
			expect(reads(sim)).toHaveLength(0);
			expect(result.error?.message).toBe('The Vtrix API accepted the request but answered without a task ID');
			expect(result.error?.description).toContain('The task may exist');
			expect(result.error?.description).toContain('<html>gateway says hi</html>');
		});
	});

	it.concurrent('a status read answered 200 with a body that is not JSON (the wait treats it like any failed read)', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: TASK_PATH, status: 200, body: 'not json', times: -1 });
			const result = await run(sim, { operation: 'getStatus', taskId: 'task_1' });

			expect(result.error?.message).toBe(
				'The Vtrix API answered the status read with something that is not a task (task task_1)',
			);
			expect(result.error?.description).toContain('"not json"');
		});
	});

	it.concurrent('[sim:novideo]: completed without a video URL is an error with the task id, not a success', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox [sim:novideo]' });

			const taskId = onlyTaskId(sim);
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toBe(`The task completed but the API returned no video URL (task ${taskId})`);
			expect(result.error?.context?.taskId).toBe(taskId);
		});
	});

	it.concurrent('[sim:status=weird]: an unknown status is not success; the wait goes on to the time limit', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, {
				operation: 'createAndWait',
				prompt: 'a fox [sim:status=weird]',
				waitOptions: { timeLimit: 0.05 },
			});

			const taskId = onlyTaskId(sim);
			expect(result.items).toHaveLength(0);
			expect(reads(sim).length).toBeGreaterThanOrEqual(2);
			expect(result.error?.message).toBe(
				`The task did not finish within the time limit of 0.05 minutes (task ${taskId})`,
			);
			expect(result.error?.description).toContain('It was last "weird"');
		});
	});

	it.concurrent('a 400 whose message is 1 MB: the error is clipped (message and description well under 2000 characters)', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({
				method: 'POST',
				path: CREATE_PATH,
				status: 400,
				body: { error: { code: '008007002', message: 'x'.repeat(1024 * 1024) } },
			});
			const result = await run(sim, { operation: 'create', prompt: 'a fox' });

			expect(result.error?.message).toBe('A parameter is invalid');
			expect(result.error!.message.length).toBeLessThan(2000);
			expect(result.error!.description!.length).toBeLessThan(2000);
			expect(result.error?.description).toContain('Provider code: 008007002.');
			expect(result.error?.description).toContain('more characters)');
		});
	});

	it.concurrent('a 400 whose body is 1 MB of plain text: clipped too', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 400, body: 'y'.repeat(1024 * 1024) });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' }, { continueOnFail: true });

			expect(String(json(result).error)).toBe('The Vtrix API refused the request as invalid');
			expect(String(json(result).description).length).toBeLessThan(2000);
		});
	});

	it.concurrent('a failed task with a 1 MB error message: clipped, with the task id', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({
				method: 'GET',
				path: TASK_PATH,
				status: 200,
				body: { status: 'failed', error: { code: 8007095, error_message: 'z'.repeat(1024 * 1024) } },
				times: -1,
			});
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			const taskId = onlyTaskId(sim);
			expect(result.error!.message.length).toBeLessThan(2000);
			expect(result.error!.description!.length).toBeLessThan(2000);
			expect(result.error?.message).toMatch(new RegExp(`^The video task failed: z+… \\(\\d+ more characters\\) \\(task ${taskId}\\)$`));
		});
	});

	it.concurrent('a JSON answer that is an array or null where a task should be: a clear error', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 200, body: [] });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' });
			expect(result.error?.message).toBe('The Vtrix API accepted the request but answered without a task ID');

			sim.inject({ method: 'POST', path: CREATE_PATH, status: 200, body: 'null', headers: { 'Content-Type': 'application/json' } });
			const again = await run(sim, { operation: 'create', prompt: 'a fox' });
			expect(again.error?.message).toBe('The Vtrix API accepted the request but answered without a task ID');
		});
	});
});
