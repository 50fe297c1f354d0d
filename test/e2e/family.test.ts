/*
 * The examples of the family's modes (version 2 of the node), imported and run in a real n8n 1.x and
 * 2.x against the simulator, which checks each body against its own table of the family (written from the
 * provider's docs, not from the node's catalogue): each creates its task, waits, and returns the video as a file.
 */
import type { Simulator } from '../../simulator';
import {
	closeLine,
	describeRun,
	execute,
	importWorkflows,
	LINES,
	loadExample,
	openLine,
	perLine,
	readBinary,
	SAMPLE_MP4,
	startSim,
	valueOf,
	workflowId,
	type Line,
	type LineCtx,
	type PerLine,
	type RunResult,
	type Workflow,
} from './helpers';

const EXAMPLES = [
	{ file: 'first-last-frame-to-video.json', name: 'FirstLast', last: 'Vidu First and Last Frame', models: ['viduq2_pro_start_end2video'] },
	{ file: 'text-to-video.json', name: 'Text', last: 'Vidu Text to Video', models: ['viduq2_text2video'] },
	{ file: 'reference-to-video.json', name: 'Reference', last: 'Vidu Reference to Video', models: ['viduq2_reference2video'] },
	{ file: 'extend-video.json', name: 'Extend', last: 'Vidu Extend', models: ['viduq2_text2video', 'viduq2_turbo_extend'] },
	// The reference example changed to Vidu Q2 Pro with a reference video, and to Vidu Q2 with a voice for its subject.
	{ file: 'reference-to-video.json', name: 'RefVideos', last: 'Vidu Reference to Video', models: ['viduq2_pro_reference'], edit: withReferenceVideo },
	{ file: 'reference-to-video.json', name: 'RefVoices', last: 'Vidu Reference to Video', models: ['viduq2_reference2video'], edit: withSubjectVoice },
];

function viduNode(workflow: Workflow) {
	return workflow.nodes.find((node: { type: string }) => node.type === 'n8n-nodes-vidu.vidu') as { parameters: Record<string, unknown> };
}

function withReferenceVideo(workflow: Workflow, simUrl: string): Workflow {
	const node = viduNode(workflow);
	const { duration: _duration, resolution: _resolution, aspectRatio: _aspectRatio, ...rest } = node.parameters;
	node.parameters = { ...rest, model: 'viduq2_pro_reference', prompt: 'the scene moves like the clip', referenceVideos: { video: [{ source: 'url', url: `${simUrl}/files/source.mp4` }] } };
	return { ...workflow, name: 'Vidu: reference videos' };
}

function withSubjectVoice(workflow: Workflow): Workflow {
	const node = viduNode(workflow);
	node.parameters = { ...node.parameters, audio: true, subjectVoices: { voice: [{ subjectId: 'scene', voiceId: 'voice_scene' }] } };
	return { ...workflow, name: 'Vidu: reference subject voice' };
}

let sim: Simulator;
const sent = (taskId: unknown) => sim.tasks.get(taskId as string)?.request as Record<string, unknown> | undefined;
const ctxs: Partial<Record<Line, LineCtx>> = {};
let runs: PerLine<{ ctx: LineCtx; results: RunResult[]; mismatched: RunResult }>;
/** A last frame twice as tall as wide, against the example's 320×240 first frame. */
const TALL_FRAME = '/images/noise.png?width=240&height=480';

beforeAll(async () => {
	sim = await startSim();
	runs = await perLine(async (line) => {
		const ctx = await openLine(line, sim);
		ctxs[line] = ctx;
		const workflows = EXAMPLES.map((example) => {
			const workflow = loadExample(example.file, sim.url, workflowId(line, `Fam${example.name}`));
			return example.edit ? example.edit(workflow, sim.url) : workflow;
		});
		await importWorkflows(ctx, workflows);
		const mismatch = loadExample('first-last-frame-to-video.json', sim.url, workflowId(line, 'FamMismatch'));
		mismatch.nodes.find((node) => node.name === 'Vidu First and Last Frame').parameters.lastFrameUrl = `${sim.url}${TALL_FRAME}`;
		await importWorkflows(ctx, [mismatch]);
		const results: RunResult[] = [];
		for (const workflow of workflows) results.push(await execute(ctx, workflow.id as string));
		return { ctx, results, mismatched: await execute(ctx, mismatch.id as string) };
	});
});

afterAll(async () => {
	for (const line of LINES) closeLine(ctxs[line]);
	if (sim) await sim.close();
});

describe.each(LINES)('n8n %s: the examples of each mode', (line) => {
	it.each(EXAMPLES.map((example, index) => [example.edit ? `${example.file} changed (${example.name})` : example.file, example, index] as const))('%s: creates, waits and returns the video', (_file, example, index) => {
		const { ctx, results } = valueOf(runs[line]);
		const res = results[index];
		if (!res.ok) throw new Error(describeRun(res));
		expect(res.lastNodeExecuted).toBe(example.last);
		const [item] = res.lastNodeItems;
		expect(item.json).toMatchObject({ status: 'completed', model: example.models[example.models.length - 1] });
		expect(readBinary(ctx, item.binary?.data).equals(SAMPLE_MP4)).toBe(true);
		const models = Object.values(res.nodeItems)
			.flat()
			.map((output) => sent(output.json.taskId)?.model)
			.filter(Boolean);
		expect(models).toEqual(example.models);
	});

	it('first and last frame URLs of different shapes: refused before any task is created', () => {
		const res = valueOf(runs[line]).mismatched;
		expect(res.ok).toBe(false);
		expect(res.error?.message).toBe('The first frame (320×240) and the last frame (240×480) differ too much in shape');
		const created = [...sim.tasks.values()].filter((task) => JSON.stringify(task.request).includes(TALL_FRAME));
		expect(created).toEqual([]);
	});

	it('extend-video.json: the extension continues the first task’s video by its URL', () => {
		const { results } = valueOf(runs[line]);
		const res = results[3];
		const first = res.nodeItems['Vidu Make a Video'][0].json;
		const extension = res.nodeItems['Vidu Extend'][0].json;
		expect(sent(extension.taskId)).toMatchObject({ model: 'viduq2_turbo_extend', video_url: first.videoUrl });
	});

	it('Vidu Q2 Pro sends its reference video after the images; Vidu Q2 a voice inside its subject', () => {
		const { results } = valueOf(runs[line]);
		const video = results[4].nodeItems['Vidu Reference to Video'][0].json;
		expect(sent(video.taskId)).toMatchObject({ model: 'viduq2_pro_reference', images: [expect.any(String)], videos: [`${sim.url}/files/source.mp4`] });
		const voice = results[5].nodeItems['Vidu Reference to Video'][0].json;
		expect(sent(voice.taskId)).toMatchObject({ audio: true, subjects: [{ id: 'scene', images: [expect.any(String)], voice_id: 'voice_scene' }] });
	});
});
