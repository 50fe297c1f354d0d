/*
 * Built workflows in a real n8n 1.x and 2.x against the simulator: ten items in one run, and a
 * failing task with and without Continue On Fail. Prompts carry the line name, so both lines can
 * share the simulator at the same time.
 */
import type { Simulator } from '../../simulator';
import {
	chain,
	closeLine,
	codeNode,
	createRequestOf,
	describeRun,
	downloadNode,
	execute,
	importWorkflows,
	LINES,
	manualTrigger,
	openLine,
	perLine,
	pngDataUrl,
	readBinary,
	SAMPLE_MP4,
	startSim,
	valueOf,
	viduNode,
	workflowId,
	type Line,
	type LineCtx,
	type PerLine,
	type RunResult,
	type Workflow,
} from './helpers';

const TEN = 10;

interface LineRuns {
	ctx: LineCtx;
	tenItems: RunResult;
	failStops: RunResult;
	failContinues: RunResult;
	statusLater: RunResult;
}

let sim: Simulator;
const ctxs: Partial<Record<Line, LineCtx>> = {};
let runs: PerLine<LineRuns>;

/** Prompts -> Download Image (once per item) -> Vidu; the prompt and payload come from the Prompts item. */
function promptsWorkflow(id: string, prompts: string[], vidu: Record<string, unknown>, viduExtra: Record<string, unknown> = {}): Workflow {
	const items = prompts.map((prompt, n) => ({ json: { n, prompt } }));
	return {
		id,
		name: id,
		nodes: [
			manualTrigger(),
			codeNode('Prompts', `return ${JSON.stringify(items)};`),
			downloadNode('Download Image', `${sim.url}/images/sample.png`),
			viduNode(
				'Vidu',
				{
					imageSource: 'binary',
					prompt: "={{ $('Prompts').item.json.prompt }}",
					additionalOptions: { payload: "={{ 'item-' + $('Prompts').item.json.n }}" },
					...vidu,
				},
				viduExtra,
			),
		],
		connections: chain('Manual', 'Prompts', 'Download Image', 'Vidu'),
	};
}

beforeAll(async () => {
	sim = await startSim();
	runs = await perLine(async (line) => {
		const ctx = await openLine(line, sim);
		ctxs[line] = ctx;
		// Earlier items take longer, so the tasks end in the reverse order of the input.
		const ten = Array.from({ length: TEN }, (_, n) => `${line} clip ${n} [sim:seconds=${((TEN - n) * 0.25).toFixed(2)}]`);
		const tenItems = promptsWorkflow(workflowId(line, 'TenItems'), ten, {
			operation: 'createAndWait',
			downloadVideo: true,
			waitOptions: { maxPollInterval: 1 },
		});
		const failStops = promptsWorkflow(workflowId(line, 'FailStops'), [`${line} fails, stops [sim:fail]`], {
			operation: 'createAndWait',
		});
		const failContinues = promptsWorkflow(
			workflowId(line, 'FailContinues'),
			[`${line} ok before`, `${line} fails, continues [sim:fail]`, `${line} ok after`],
			{ operation: 'createAndWait' },
			{ onError: 'continueRegularOutput' },
		);
		// Create, wait past the task's end (1 s), then Get Status with the video downloaded.
		const statusLater = promptsWorkflow(workflowId(line, 'StatusLater'), [`${line} status later`], { operation: 'create' });
		statusLater.nodes.push(
			{
				id: 'Wait-id',
				name: 'Wait',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [800, 0],
				parameters: { resume: 'timeInterval', amount: 2.5, unit: 'seconds' },
			},
			viduNode('Get Status', { operation: 'getStatus', taskId: '={{ $json.taskId }}', downloadVideo: true }, {}, 1000),
		);
		statusLater.connections = { ...statusLater.connections, ...chain('Vidu', 'Wait', 'Get Status') };
		await importWorkflows(ctx, [tenItems, failStops, failContinues, statusLater]);
		return {
			ctx,
			tenItems: await execute(ctx, tenItems.id as string),
			failStops: await execute(ctx, failStops.id as string),
			failContinues: await execute(ctx, failContinues.id as string),
			statusLater: await execute(ctx, statusLater.id as string),
		};
	});
});

afterAll(async () => {
	for (const line of LINES) closeLine(ctxs[line]);
	if (sim) await sim.close();
});

/** The task the simulator created for an exact prompt. */
function taskIdForPrompt(prompt: string): string {
	const creates = sim.requests.filter((r) => r.method === 'POST' && r.body?.prompt === prompt && r.taskId);
	expect(creates).toHaveLength(1);
	return creates[0].taskId as string;
}

describe.each(LINES)('n8n %s: workflows', (line) => {
	it('ten input items: ten tasks, ten videos, in input order', () => {
		const { ctx, tenItems: res } = valueOf(runs[line]);
		if (!res.ok) throw new Error(describeRun(res));
		expect(res.nodeItems['Download Image']).toHaveLength(TEN);
		const out = res.nodeItems.Vidu;
		expect(out).toHaveLength(TEN);

		const taskIds = out.map((item) => item.json.taskId as string);
		expect(new Set(taskIds).size).toBe(TEN);
		out.forEach((item, n) => {
			const prompt = `${line} clip ${n} [sim:seconds=${((TEN - n) * 0.25).toFixed(2)}]`;
			expect(item.json).toMatchObject({ status: 'completed', metadata: { payload: `item-${n}` } });
			expect(item.json.taskId).toBe(taskIdForPrompt(prompt));
			expect(item.json.videoUrl).toBe(`${sim.url}/files/${item.json.taskId}.mp4`);
			expect(item.pairedItem).toEqual({ item: n });
			const video = item.binary?.data;
			expect(video).toMatchObject({ mimeType: 'video/mp4', fileName: `${item.json.taskId}.mp4` });
			expect(readBinary(ctx, video).equals(SAMPLE_MP4)).toBe(true);
			expect(createRequestOf(sim, item.json.taskId).body).toMatchObject({
				model: 'viduq2_turbo_img2video',
				images: [pngDataUrl()],
				prompt,
				payload: `item-${n}`,
				duration: 5,
				resolution: '720p',
			});
		});
		// They ran side by side: the last item (shortest) ended before the first (longest).
		const ends = taskIds.map((id) => sim.tasks.get(id)!.createdMs + sim.tasks.get(id)!.seconds * 1000);
		expect(ends[TEN - 1]).toBeLessThan(ends[0]);
	});

	it('Create, then Get Status once the task ended: completed, with the video file', () => {
		const { ctx, statusLater: res } = valueOf(runs[line]);
		if (!res.ok) throw new Error(describeRun(res));
		const taskId = taskIdForPrompt(`${line} status later`);
		expect(res.nodeItems.Vidu.map((i) => i.json.taskId)).toEqual([taskId]);
		const out = res.nodeItems['Get Status'];
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ taskId, status: 'completed', videoUrl: `${sim.url}/files/${taskId}.mp4` });
		expect(out[0].binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${taskId}.mp4` });
		expect(readBinary(ctx, out[0].binary?.data).equals(SAMPLE_MP4)).toBe(true);
		const reads = sim.requests.filter((r) => r.method === 'GET' && r.path === `/model/v1/generation/task/${taskId}`);
		expect(reads).toHaveLength(1);
	});

	it('a failed task without Continue On Fail: the execution fails and names the task', () => {
		const { failStops: res } = valueOf(runs[line]);
		const taskId = taskIdForPrompt(`${line} fails, stops [sim:fail]`);
		expect(res.ok).toBe(false);
		expect(res.status).toBe('error');
		expect(res.error).not.toBeNull();
		expect(res.error!.node).toBe('Vidu');
		expect(res.error!.message).toContain(taskId);
		expect(res.error!.description).toContain(taskId);
		expect(`${res.error!.message} ${res.error!.description}`).toMatch(/internal error|8007095/i);
	});

	it('a failed task with Continue On Fail: its item has error and taskId, the others their videos, in order', () => {
		const { failContinues: res } = valueOf(runs[line]);
		if (!res.ok) throw new Error(describeRun(res));
		const out = res.nodeItems.Vidu;
		expect(out).toHaveLength(3);
		const failedId = taskIdForPrompt(`${line} fails, continues [sim:fail]`);
		expect(out[0].json).toMatchObject({ status: 'completed', taskId: taskIdForPrompt(`${line} ok before`) });
		expect(out[2].json).toMatchObject({ status: 'completed', taskId: taskIdForPrompt(`${line} ok after`) });
		expect(out[1].json.taskId).toBe(failedId);
		expect(typeof out[1].json.error).toBe('string');
		expect(out[1].json.error).toContain(failedId);
		expect(out[1].json.description).toContain(failedId);
		expect(out[1].binary).toBeUndefined();
	});
});
