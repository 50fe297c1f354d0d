/** Version 2's form: for each catalogue model, only that model's fields, each once, with its allowed values. */
import type { INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { CUSTOM_MODEL, MODELS, MODES, modelsOf } from '../../nodes/Vidu/models/catalogue';
import type { ModelSpec } from '../../nodes/Vidu/models/types';
import { Vidu } from '../../nodes/Vidu/Vidu.node';

const { description } = new Vidu();
const V2 = { typeVersion: 2 } as INode;
const V1 = { typeVersion: 1 } as INode;

const INPUT_FIELDS: Record<string, string[]> = {
	image: ['imageSource', 'binaryPropertyName'],
	startEnd: ['imageSource', 'binaryPropertyName', 'lastFrameSource', 'lastFrameBinaryPropertyName'],
	text: [],
	reference: ['referenceImages'],
	extend: ['videoSource', 'videoUrl', 'endFrameSource'],
};

/** The form's sources at their defaults, as n8n fills them in. */
const SOURCES = { imageSource: 'binary', lastFrameSource: 'binary', videoSource: 'url', endFrameSource: 'none' };

function shown(values: Record<string, unknown>, node = V2): INodeProperties[] {
	const all = { ...SOURCES, ...values };
	return description.properties.filter((property) => NodeHelpers.displayParameter(all as never, property, node, description));
}

/** The create fields a model's catalogue entry says it takes, by parameter name. */
function expectedFields(model: ModelSpec): string[] {
	const fields = ['videoMode', 'model', ...INPUT_FIELDS[model.mode], 'prompt'];
	if (model.subjects && !model.subjects.only) fields.push('asSubjects');
	if (model.videos) fields.push('referenceVideos');
	// The form below has Audio on; a model that may also send a plain list needs Send as Subjects on too.
	if (model.subjects?.voice && model.subjects.only && model.audio) fields.push('subjectVoices');
	if (model.style) fields.push('style');
	if (model.duration) fields.push('duration');
	if (model.resolution) fields.push('resolution');
	if (model.aspectRatio) fields.push('aspectRatio');
	if (model.movement) fields.push('movementAmplitude');
	if (model.audio) fields.push('audio', ...(model.audio.voice ? ['voiceId'] : []));
	if (model.bgm) fields.push('bgm');
	if (model.isRec) fields.push('isRec');
	if (model.offPeak) fields.push('offPeak');
	if (model.watermark) fields.push('watermark', 'wmPosition', 'wmUrl');
	return fields.sort();
}

const OTHER_FIELDS = ['operation', 'downloadVideo', 'additionalOptions'];
const values = (property: INodeProperties | undefined) =>
	(property?.options as INodePropertyOptions[] | undefined)?.map((option) => option.value);

describe.each(MODELS.map((model) => [`${model.mode} ${model.id}`, model] as const))('the form of %s', (_name, model) => {
	const parameters = { operation: 'create', videoMode: model.mode, model: model.id, audio: true, watermark: true, duration: model.duration?.default };
	const fields = shown(parameters);
	const byName = (name: string) => fields.find((field) => field.name === name);

	it("shows that model's fields, each declared once", () => {
		const names = fields.map((field) => field.name).filter((name) => !OTHER_FIELDS.includes(name));
		expect(names.sort()).toEqual(expectedFields(model));
	});

	it('offers its allowed values and defaults', () => {
		const duration = model.duration;
		if (duration && 'values' in duration) expect(values(byName('duration'))).toEqual(duration.values);
		if (duration) expect(byName('duration')?.default).toBe(duration.default);
		if (duration && 'min' in duration && duration.source.startsWith('D-')) {
			expect(byName('duration')?.typeOptions).toMatchObject({ minValue: duration.min, maxValue: duration.max });
		}
		const resolution = model.resolution;
		if (resolution) {
			const at = resolution.byDuration?.[duration!.default] ?? resolution;
			expect(values(byName('resolution'))).toEqual(at.values);
			expect(byName('resolution')?.default).toBe(at.default);
		}
		if (model.aspectRatio) expect(values(byName('aspectRatio'))).toEqual(model.aspectRatio.values);
		if (model.style) expect(values(byName('style'))).toEqual(model.style.values);
		if (model.audio) expect(byName('audio')?.default).toBe(model.audio.default);
		expect(byName('prompt')?.required).toBe(model.prompt.required);
		expect(byName('model')?.default).toBe(modelsOf(model.mode)[0].id);
	});
});

describe('the form around the catalogue', () => {
	it("names the mode's parameter videoMode: n8n's nodes panel lists a parameter named mode as actions", () => {
		expect(description.properties.map((property) => property.name)).not.toContain('mode');
	});

	it('Vidu 2.0 offers 720p only at 8 seconds', () => {
		const fields = shown({ operation: 'create', videoMode: 'image', model: 'vidu20_img2video', duration: 8 });
		expect(values(fields.find((field) => field.name === 'resolution'))).toEqual(['720p']);
	});

	it.each(MODES)('mode %s offers its models and a Custom Model ID', (mode) => {
		const model = shown({ operation: 'create', videoMode: mode }).find((field) => field.name === 'model');
		expect(values(model)).toEqual([...modelsOf(mode).map((entry) => entry.id), CUSTOM_MODEL]);
		expect(shown({ operation: 'create', videoMode: mode, model: CUSTOM_MODEL }).map((field) => field.name)).toContain('customModelId');
	});

	const names = (values: Record<string, unknown>) => shown({ operation: 'create', videoMode: 'reference', ...values }).map((field) => field.name);

	it('Reference Videos show for Vidu Q2 Pro and Custom Model ID only', () => {
		const withVideos = modelsOf('reference').filter((model) => names({ model: model.id }).includes('referenceVideos'));
		expect(withVideos.map((model) => model.id)).toEqual(['viduq2_pro_reference']);
		expect(names({ model: CUSTOM_MODEL })).toContain('referenceVideos');
		const proReference = names({ model: 'viduq2_pro_reference', audio: true, watermark: true }).filter((name) => !OTHER_FIELDS.includes(name));
		expect(proReference).toEqual(['videoMode', 'model', 'referenceImages', 'referenceVideos', 'prompt', 'bgm']);
	});

	it('Subject Voices show with Audio on, for the subject models and a custom ID sent as subjects', () => {
		for (const model of ['viduq2_reference2video', 'viduq2_pro_fast_reference2video']) {
			expect(names({ model, audio: true })).toContain('subjectVoices');
			expect(names({ model, audio: false })).not.toContain('subjectVoices');
		}
		for (const model of ['viduq2_i2v_reference', 'viduq3_i2v_reference', 'viduq1_i2v_reference']) {
			expect(names({ model, audio: true })).not.toContain('subjectVoices');
		}
		expect(names({ model: CUSTOM_MODEL, audio: true, asSubjects: true })).toContain('subjectVoices');
		expect(names({ model: CUSTOM_MODEL, audio: true, asSubjects: false })).not.toContain('subjectVoices');
		expect(names({ model: CUSTOM_MODEL, audio: false, asSubjects: true })).not.toContain('subjectVoices');
	});

	it('a new workflow gets version 2, Image to Video with viduq2_turbo_img2video', () => {
		expect(description.defaultVersion).toBe(2);
		const mode = shown({ operation: 'createAndWait' }).find((field) => field.name === 'videoMode');
		expect(mode?.default).toBe('image');
		const model = shown({ operation: 'createAndWait', videoMode: mode?.default }).find((field) => field.name === 'model');
		expect(model?.default).toBe('viduq2_turbo_img2video');
	});

	it("version 1 shows today's form: no mode, no model", () => {
		const names = shown({ operation: 'create', audio: true, watermark: true }, V1).map((field) => field.name);
		expect(names).toEqual([
			'operation',
			'imageSource',
			'binaryPropertyName',
			'prompt',
			'duration',
			'resolution',
			'movementAmplitude',
			'audio',
			'voiceId',
			'watermark',
			'wmPosition',
			'wmUrl',
			'additionalOptions',
		]);
	});
});
