/**
 * The node's catalogue against the simulator's own table of the family (simulator/family.js, written from the
 * provider's docs, not from the catalogue): for every catalogue model, a version-2 Create with the form's
 * defaults, and with the longest duration and each resolution the form offers where the provider's docs state
 * them, is accepted and makes a task of that model. A catalogue entry the provider's docs contradict fails here instead of being restated.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MODELS } from '../../nodes/Vidu/models/catalogue';
import type { ModelSpec } from '../../nodes/Vidu/models/types';
import { startSimulator, type Simulator } from '../../simulator';
import { makePng } from '../../simulator/png';
import { filesItem, imagesItem, MP4 } from './family-helpers';
import { API_KEY, posts, runVidu } from './fixtures';

const PNG = makePng(160, 128);
let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds: 600 });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

/** What each mode needs besides its defaults: inputs the form has no default for. */
function inputsOf(model: ModelSpec): { parameters: IDataObject; items: Promise<INodeExecutionData[]> } {
	const base = { videoMode: model.mode, model: model.id };
	switch (model.mode) {
		case 'startEnd':
			return { parameters: { ...base, lastFrameBinaryPropertyName: 'last' }, items: imagesItem({ data: PNG, last: PNG }).then((i) => [i]) };
		case 'text':
			return { parameters: { ...base, prompt: 'a fox in the snow' }, items: imagesItem({}).then((i) => [i]) };
		case 'reference':
			return {
				parameters: { ...base, prompt: 'the @fox in the snow', referenceImages: { image: [{ source: 'binary', binaryPropertyName: 'a', subjectId: 'fox' }] } },
				items: filesItem({ a: [PNG, 'image/png'], clip: [MP4, 'video/mp4'] }).then((i) => [i]),
			};
		case 'extend':
			return { parameters: { ...base, videoUrl: `${sim.url}/files/source.mp4` }, items: imagesItem({}).then((i) => [i]) };
		default:
			return { parameters: base, items: imagesItem({ data: PNG }).then((i) => [i]) };
	}
}

async function create(model: ModelSpec, extra: IDataObject = {}) {
	const { parameters, items } = inputsOf(model);
	const result = await runVidu({ operation: 'create', ...parameters, ...extra }, { baseUrl: sim.url, items: await items, typeVersion: 2 });
	const sent = posts(sim).at(-1);
	return { error: result.error?.message, status: sent?.status, model: (sent?.body as IDataObject | undefined)?.model };
}

const fromDocs = (limit?: { source: string }) => !!limit && limit.source.startsWith('D-');

/**
 * The variations the form offers for a model: its defaults, and where the provider's docs state the limit
 * (what the node checks before sending), its longest duration and each of its resolutions. A limit known only
 * from the CLI or third parties is the API's to judge, for the node and the simulator alike.
 */
function variations(model: ModelSpec): Array<[string, IDataObject]> {
	const out: Array<[string, IDataObject]> = [['defaults', {}]];
	const duration = fromDocs(model.duration) ? model.duration : undefined;
	if (duration) {
		const longest = 'values' in duration ? Math.max(...duration.values) : duration.max;
		const resolutions = model.resolution?.byDuration?.[longest]?.values;
		out.push([`duration ${longest}`, { duration: longest, ...(resolutions ? { resolution: resolutions[0] } : {}) }]);
	}
	for (const resolution of fromDocs(model.resolution) ? model.resolution!.values : []) {
		const duration = Object.entries(model.resolution?.byDuration ?? {}).find(([, allowed]) => allowed.values.includes(resolution))?.[0];
		out.push([`resolution ${resolution}`, { resolution, ...(duration ? { duration: Number(duration) } : {}) }]);
	}
	if (fromDocs(model.videos)) {
		const most = model.videos!.imagesWithVideos;
		const images = { image: Array.from({ length: most }, (_, i) => ({ source: 'binary', binaryPropertyName: 'a', subjectId: `s${i}` })) };
		const videos = Array.from({ length: model.videos!.max }, () => ({ source: 'url', url: 'https://example.com/dance.mp4' }));
		out.push([`${most} images and ${model.videos!.max} videos by URL`, { referenceImages: images, referenceVideos: { video: videos } }]);
		out.push(['an inline MP4 video', { referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'clip' }] } }]);
	}
	if (fromDocs(model.images) && model.mode === 'reference' && !model.subjects?.only) {
		const images = { image: Array.from({ length: model.images!.max }, () => ({ source: 'binary', binaryPropertyName: 'a' })) };
		out.push([`${model.images!.max} images`, { referenceImages: images }]);
	}
	if (fromDocs(model.subjects) && model.subjects!.voice && model.audio) {
		out.push(['audio with a voice for its subject', { audio: true, subjectVoices: { voice: [{ subjectId: 'fox', voiceId: 'voice_fox' }] } }]);
	}
	return out;
}

describe.each(MODELS.map((model) => [`${model.mode} ${model.id}`, model] as const))('%s', (_name, model) => {
	it.each(variations(model))('%s: accepted by the simulator as a task of this model', async (_what, extra) => {
		expect(await create(model, extra)).toEqual({ error: undefined, status: 200, model: model.id });
	});
});
