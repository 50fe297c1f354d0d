/*
 * The shipped examples/*.json, run as shipped in a real n8n 1.x and 2.x: only the simulator URL
 * is replaced. The credential is imported under another id than the examples reference, as in a
 * user's n8n: n8n finds it by its name "Vtrix API".
 */
import type { Simulator } from '../../simulator';
import {
	closeLine,
	createRequestOf,
	describeRun,
	execute,
	importWorkflows,
	LINES,
	loadExample,
	openLine,
	perLine,
	pngDataUrl,
	readBinary,
	SAMPLE_MP4,
	startSim,
	valueOf,
	workflowId,
	type Line,
	type LineCtx,
	type PerLine,
	type RunResult,
} from './helpers';

interface LineRuns {
	ctx: LineCtx;
	imageToVideo: RunResult;
	createThenStatus: RunResult;
}

let sim: Simulator;
const ctxs: Partial<Record<Line, LineCtx>> = {};
let runs: PerLine<LineRuns>;

beforeAll(async () => {
	sim = await startSim();
	runs = await perLine(async (line) => {
		const ctx = await openLine(line, sim, { id: 'UsersOwnCred0001', name: 'Vtrix API' });
		ctxs[line] = ctx;
		const img = loadExample('image-to-video.json', sim.url, workflowId(line, 'ExImageToVideo'));
		const cts = loadExample('create-then-status.json', sim.url, workflowId(line, 'ExCreateStatus'));
		await importWorkflows(ctx, [img, cts]);
		const imageToVideo = await execute(ctx, img.id as string);
		const createThenStatus = await execute(ctx, cts.id as string);
		return { ctx, imageToVideo, createThenStatus };
	});
});

afterAll(async () => {
	for (const line of LINES) closeLine(ctxs[line]);
	if (sim) await sim.close();
});

describe.each(LINES)('n8n %s: shipped examples', (line) => {
	it('image-to-video.json: downloads the image, creates, waits and downloads the video', () => {
		const { ctx, imageToVideo: res } = valueOf(runs[line]);
		expect({ ok: res.ok, last: res.lastNodeExecuted }).toEqual({ ok: true, last: 'Vidu Create and Wait' });

		// The HTTP Request node's image arrived as binary.
		const image = res.nodeItems['Download Image'][0].binary?.data;
		expect(image?.mimeType).toBe('image/png');

		expect(res.lastNodeItems).toHaveLength(1);
		const [item] = res.lastNodeItems;
		const taskId = item.json.taskId as string;
		expect(taskId).toMatch(/^task_/);
		expect(item.json).toMatchObject({
			taskId,
			status: 'completed',
			videoUrl: `${sim.url}/files/${taskId}.mp4`,
			model: 'viduq2_turbo_img2video',
		});

		const video = item.binary?.data;
		expect(video).toMatchObject({ mimeType: 'video/mp4', fileName: `${taskId}.mp4` });
		expect(readBinary(ctx, video).equals(SAMPLE_MP4)).toBe(true);

		// Exactly what reached the API.
		const create = createRequestOf(sim, taskId);
		expect(create.authorization).toBe('Bearer sim-key');
		expect(create.body).toEqual({
			model: 'viduq2_turbo_img2video',
			images: [pngDataUrl()],
			prompt: 'The camera slowly pushes in while soft light drifts across the scene',
			duration: 5,
			resolution: '720p',
			movement_amplitude: 'auto',
			audio: false,
			watermark: false,
		});
		const downloads = sim.requests.filter((r) => r.method === 'GET' && r.path === `/files/${taskId}.mp4`);
		expect(downloads.map((r) => r.status)).toEqual([200]);
	});

	it('create-then-status.json: Get Status reads the task Create returned', () => {
		const { createThenStatus: res } = valueOf(runs[line]);
		if (!res.ok) throw new Error(describeRun(res));
		expect(res.lastNodeExecuted).toBe('Vidu Get Status');

		const created = res.nodeItems['Vidu Create'];
		expect(created).toHaveLength(1);
		const taskId = created[0].json.taskId as string;
		expect(taskId).toMatch(/^task_/);
		expect(created[0].json.status).toBe('pending');
		expect(created[0].binary).toBeUndefined();

		const status = res.nodeItems['Vidu Get Status'];
		expect(status).toHaveLength(1);
		expect(status[0].json.taskId).toBe(taskId);
		// The task takes 1 s and is read right after it was created: normally still running
		// (a heavily loaded machine might take longer between the two nodes).
		const state = status[0].json.status as string;
		expect(['pending', 'processing', 'completed']).toContain(state);
		if (state === 'completed') expect(status[0].json.videoUrl).toBe(`${sim.url}/files/${taskId}.mp4`);
		else expect(status[0].json.videoUrl ?? null).toBeNull();

		const reads = sim.requests.filter((r) => r.method === 'GET' && r.path === `/model/v1/generation/task/${taskId}`);
		expect(reads).toHaveLength(1);
		expect(reads[0].authorization).toBe('Bearer sim-key');
		expect(createRequestOf(sim, taskId).body.images[0].startsWith('data:image/png;base64,')).toBe(true);
	});
});
